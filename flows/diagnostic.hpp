// What the loader and checker say about a flow file. The same values feed
// `stoop flows check` and the server's refusal to start, so staff see the same
// words in both places.
#pragma once

#include <string>
#include <vector>

namespace stoop::flows {

enum class Severity { error, warning };

struct Diagnostic {
  std::string file;
  std::string json_pointer; // RFC 6901; "" is the whole document
  std::string message;
  Severity severity = Severity::error;
};

// "FILE: JSON-POINTER: message", with "warning: " before the message of a warning.
std::string format_diagnostic(const Diagnostic& diagnostic);

bool has_errors(const std::vector<Diagnostic>& diagnostics);

// Appends one reference token to a JSON pointer, escaping "~" and "/".
std::string pointer_join(const std::string& pointer, const std::string& token);
std::string pointer_join(const std::string& pointer, std::size_t index);

} // namespace stoop::flows
