#include "bot/data_rights.hpp"

#include <array>
#include <string>

#include "core/text.hpp"

namespace stoop {
namespace {

// Folded forms (lower case, no accents): KẾT QUẢ is "ket qua".
constexpr std::array<std::string_view, 7> results_words{"results", "resultados", "rezilta", "rizultadu",
                                                        "结果",    "結果",       "ket qua"};

} // namespace

RightsWord classify_rights_word(std::string_view text) {
  auto word = trim(text);
  if (word.empty() || word.size() > 24) return RightsWord::none;
  auto folded = fold_for_matching(word);
  while (!folded.empty() && (folded.back() == '.' || folded.back() == '!')) folded.pop_back();
  auto clean = std::string(trim(folded));
  for (auto candidate : results_words) {
    if (clean == candidate) return RightsWord::results;
  }
  if (clean == "mydata" || clean == "my data") return RightsWord::my_data;
  if (clean == "delete") return RightsWord::erase;
  return RightsWord::none;
}

} // namespace stoop
