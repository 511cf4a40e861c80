// Writing a question's choices for channels whose buttons have limits. Every
// adapter falls back to the same numbered list when its buttons cannot carry
// the choices, so a person can always answer by typing the number.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/messages.hpp"

namespace stoop::adapters {

// text, then one line per choice: "1. label".
std::string with_numbered_choices(std::string_view text, const std::vector<Choice>& choices);

// character_count(with_numbered_choices("", choices)), without writing the list.
std::size_t numbered_choices_characters(const std::vector<Choice>& choices);

// Length in Unicode code points, which is what providers' "characters" limits count.
std::size_t character_count(std::string_view utf8);

// At most max_characters code points; a cut text ends with "…" so the cut shows.
std::string truncate_characters(std::string_view utf8, std::size_t max_characters);

// True when every choice id is 1..max_id_bytes bytes and every label is non-empty.
bool choices_fit_ids(const std::vector<Choice>& choices, std::size_t max_id_bytes);

// True when every label is at most max_characters code points.
bool labels_fit(const std::vector<Choice>& choices, std::size_t max_characters);

} // namespace stoop::adapters
