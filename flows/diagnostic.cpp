#include "flows/diagnostic.hpp"

#include <algorithm>

namespace stoop::flows {

std::string format_diagnostic(const Diagnostic& diagnostic) {
  std::string line = diagnostic.file + ": " + diagnostic.json_pointer + ": ";
  if (diagnostic.severity == Severity::warning) line += "warning: ";
  return line + diagnostic.message;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string pointer_join(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_join(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

} // namespace stoop::flows
