// libFuzzer target for the form decoder and percent decoding: never crashes,
// and what decodes re-encodes to something that decodes to the same fields.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> fields;
  if (stoop::form_decode(input, fields)) {
    std::vector<std::pair<std::string, std::string>> again;
    if (!stoop::form_decode(stoop::form_encode(fields), again) || again != fields) __builtin_trap();
  }
  std::string out;
  stoop::percent_decode(input, out, true);
  stoop::is_valid_utf8(input);
  stoop::fold_for_matching(input);
  return 0;
}
