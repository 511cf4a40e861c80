#include "adapters/choices.hpp"

#include "core/text.hpp"

namespace stoop::adapters {

std::string with_numbered_choices(std::string_view text, const std::vector<Choice>& choices) {
  std::string out(text);
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (!out.empty()) out += '\n';
    out += std::to_string(i + 1) + ". " + choices[i].label;
  }
  return out;
}

std::size_t numbered_choices_characters(const std::vector<Choice>& choices) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    // "\n" before every line but the first, the number, ". " and the label.
    count += (i == 0 ? 0 : 1) + std::to_string(i + 1).size() + 2 + character_count(choices[i].label);
  }
  return count;
}

std::size_t character_count(std::string_view utf8) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < utf8.size(); ++count) next_code_point(utf8, i);
  return count;
}

std::string truncate_characters(std::string_view utf8, std::size_t max_characters) {
  auto code_points = decode_utf8(utf8);
  if (code_points.size() <= max_characters) return std::string(utf8);
  std::string out;
  if (max_characters == 0) return out;
  for (std::size_t i = 0; i + 1 < max_characters; ++i) append_utf8(out, code_points[i]);
  out += "\u2026";
  return out;
}

bool choices_fit_ids(const std::vector<Choice>& choices, std::size_t max_id_bytes) {
  for (const auto& choice : choices) {
    if (choice.id.empty() || choice.id.size() > max_id_bytes || choice.label.empty()) return false;
  }
  return true;
}

bool labels_fit(const std::vector<Choice>& choices, std::size_t max_characters) {
  for (const auto& choice : choices) {
    if (character_count(choice.label) > max_characters) return false;
  }
  return true;
}

} // namespace stoop::adapters
