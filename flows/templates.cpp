#include "flows/templates.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace stoop::flows::detail {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), is_name_char);
}

struct Expression {
  std::string_view root;  // "answer", "contact", "fields", "results"
  std::string_view name;  // the field, result or contact property
  std::string_view part;  // results only: "", "category" or "text"
};

std::optional<Expression> parse_expression(std::string_view text) {
  text = trim(text);
  auto pieces = split_any(text, ".");
  if (pieces.empty() || pieces.size() > 3 || text.front() == '.' || text.back() == '.' ||
      text.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  Expression expression{pieces[0], pieces.size() > 1 ? pieces[1] : "", pieces.size() > 2 ? pieces[2] : ""};
  if (expression.root == "answer") return pieces.size() == 1 ? std::optional(expression) : std::nullopt;
  if (expression.root == "contact") {
    bool known = expression.name == "language" || expression.name == "groups";
    return pieces.size() == 2 && known ? std::optional(expression) : std::nullopt;
  }
  if (expression.root == "fields") return pieces.size() == 2 && is_name(expression.name) ? std::optional(expression) : std::nullopt;
  if (expression.root == "results") {
    bool part_ok = expression.part.empty() || expression.part == "category" || expression.part == "text";
    return is_name(expression.name) && part_ok && pieces.size() >= 2 ? std::optional(expression) : std::nullopt;
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

} // namespace

bool is_valid_expression(std::string_view expression) { return parse_expression(expression).has_value(); }

std::optional<std::string> template_error(std::string_view text) {
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    auto close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) return "a \"{{\" with no \"}}\" after it";
    auto inner = text.substr(pos + 2, close - pos - 2);
    if (!is_valid_expression(inner)) {
      return "unknown placeholder \"{{" + std::string(inner) +
             "}}\" (use answer, contact.language, fields.NAME, results.NAME, results.NAME.category or "
             "results.NAME.text)";
    }
    pos = close + 2;
  }
  return std::nullopt;
}

std::string evaluate(std::string_view text, const TemplateScope& scope) {
  auto expression = parse_expression(text);
  if (!expression) return {};
  if (expression->root == "answer") return scope.session.input;
  if (expression->root == "contact") {
    if (expression->name == "language") return scope.contact.language;
    return join(std::vector<std::string>(scope.contact.groups.begin(), scope.contact.groups.end()));
  }
  if (expression->root == "fields") {
    auto it = scope.contact.fields.find(expression->name);
    return it == scope.contact.fields.end() ? std::string() : it->second;
  }
  auto it = scope.session.results.find(std::string(expression->name));
  if (it == scope.session.results.end()) return {};
  if (expression->part == "category") return join(it->second.categories);
  if (expression->part == "text") return it->second.raw;
  return it->second.value;
}

std::string render(std::string_view text, const TemplateScope& scope) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("{{", pos);
    auto close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out += text.substr(pos);
      return out;
    }
    out += text.substr(pos, open - pos);
    out += evaluate(text.substr(open + 2, close - open - 2), scope);
    pos = close + 2;
  }
}

} // namespace stoop::flows::detail
