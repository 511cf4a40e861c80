// Texts the engine needs when a flow does not give its own: the "sorry, I did
// not understand" family, and the yes/no answers. All six languages; like the
// default flows' translations, the non-English ones are not yet reviewed by
// community members. Internal to stoop_flows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stoop::flows::detail {

enum class BuiltinText {
  invalid_choice,
  invalid_multiple,
  invalid_yes_no,
  invalid_number,
  invalid_number_range, // has {min} and {max}
  invalid_text,
  retries_exhausted,
  yes,
  no,
};

// The text in `language`, or in English when the language is not one of the six.
std::string builtin_text(BuiltinText text, std::string_view language);

// The built-in languages, so a yes/no label can be filled in for each.
const std::vector<std::string_view>& builtin_languages();

// Words that mean yes or no, in all six languages (matched folded, any language).
const std::vector<std::string_view>& yes_words();
const std::vector<std::string_view>& no_words();

} // namespace stoop::flows::detail
