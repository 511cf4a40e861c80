#include "routing/relay_text.hpp"

#include <cstdint>

#include "core/text.hpp"

namespace stoop::routing {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string digits_of(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_digit(c)) out += c;
  }
  return out;
}

// Phone-like runs: digits with the separators people type between them.
bool is_phone_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+'; }

// Masks runs of digits (with separators) whose digits end with the last
// `significant` digits of `digits`: "6175550123" matches "+16175550123" and
// "(617) 555-0123" alike.
std::string mask_phone(const std::string& text, const std::string& digits) {
  const std::size_t significant = std::min<std::size_t>(digits.size(), 10);
  const std::string tail = digits.substr(digits.size() - significant);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i]) && text[i] != '+' && text[i] != '(') {
      out += text[i++];
      continue;
    }
    // Extend the run as far as phone characters go, then trim separators at its end.
    std::size_t end = i;
    while (end < text.size() && (is_digit(text[end]) || is_phone_separator(text[end]))) ++end;
    while (end > i && !is_digit(text[end - 1])) --end;
    std::string run_digits = digits_of(std::string_view(text).substr(i, end - i));
    bool preceded_by_digit = i > 0 && is_digit(text[i - 1]);
    if (end > i && !preceded_by_digit && run_digits.size() >= significant && run_digits.size() <= digits.size() + 1 &&
        run_digits.compare(run_digits.size() - significant, significant, tail) == 0) {
      out += hidden_mask;
      i = end;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string mask_literal(std::string text, std::string_view address) {
  if (address.empty()) return text;
  auto folded_text = to_lower_ascii(text);
  auto folded_address = to_lower_ascii(address);
  std::string out;
  std::size_t from = 0;
  for (auto at = folded_text.find(folded_address); at != std::string::npos;
       at = folded_text.find(folded_address, from)) {
    out.append(text, from, at - from);
    out += hidden_mask;
    from = at + address.size();
  }
  out.append(text, from);
  return out;
}

} // namespace

std::string fill_template(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find('{', i);
    if (open == std::string_view::npos) break;
    auto close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    auto it = values.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it != values.end()) out += it->second;
    else out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(i));
  return out;
}

std::string mask_addresses(std::string_view text, const std::vector<std::string>& addresses) {
  std::string out(text);
  for (const auto& address : addresses) {
    auto digits = digits_of(address);
    // Short codes and ids would mask ordinary numbers ("room 12"); they are not secret anyway.
    if (digits.size() >= 7) out = mask_phone(out, digits);
    if (address.size() >= 5) out = mask_literal(out, address);
  }
  return out;
}

std::string format_relay_to_student(std::int64_t request_id, std::string_view text) {
  return "#" + std::to_string(request_id) + ": " + std::string(text);
}

std::string first_name(std::string_view name) {
  auto trimmed = trim(name);
  auto space = trimmed.find(' ');
  return std::string(space == std::string_view::npos ? trimmed : trimmed.substr(0, space));
}

} // namespace stoop::routing
