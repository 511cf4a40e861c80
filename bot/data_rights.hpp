// The words a person texts to see results and to exercise their data rights.
// Pure, like the consent words: the whole message must be the word (case and
// accents ignored, a trailing full stop or exclamation mark allowed).
#pragma once

#include <string_view>

namespace stoop {

enum class RightsWord {
  none,
  results, // RESULTS, RESULTADOS, REZILTA, RIZULTADU, 结果, KẾT QUẢ
  my_data, // MYDATA (also "MY DATA"): what the office keeps
  erase,   // DELETE: asks for a confirmation, then erases
};

RightsWord classify_rights_word(std::string_view text);

} // namespace stoop
