// Text helpers shared by adapters, flows and the pipeline: ASCII case handling,
// UTF-8 walking, accent-insensitive matching, and URL/form encoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stoop {

bool equals_ignore_case(std::string_view a, std::string_view b);
std::string to_lower_ascii(std::string_view s);
std::string to_upper_ascii(std::string_view s);
std::string_view trim(std::string_view s);
bool starts_with_ignore_case(std::string_view s, std::string_view prefix);
// The value of a hex digit (0-9, a-f, A-F), or -1 for any other character.
int hex_value(char c);

// Splits on any run of the given separator characters; empty pieces are dropped.
std::vector<std::string_view> split_any(std::string_view s, std::string_view separators);

// UTF-8. decode_utf8 returns code points; invalid sequences become U+FFFD.
bool is_valid_utf8(std::string_view s);
std::vector<char32_t> decode_utf8(std::string_view s);
// The code point at s[i], moving i past it; decode_utf8 one at a time.
char32_t next_code_point_slow(std::string_view s, std::size_t& i);
inline char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto byte = static_cast<unsigned char>(s[i]);
  if (byte < 0x80) {
    ++i;
    return byte;
  }
  return next_code_point_slow(s, i);
}
void append_utf8(std::string& out, char32_t code_point);

// Lower-cases, strips accents from Latin letters (Spanish, Kreyòl, Kriolu,
// Vietnamese...), drops combining marks and folds full-width ASCII, so that
// "SÍ", "si" and "ｓｉ" compare equal. Other scripts (Chinese) pass through unchanged.
std::string fold_for_matching(std::string_view s);

// Words of a folded text: runs of letters and digits (any script; each CJK
// ideograph counts as part of the run it stands in).
std::vector<std::string> words_for_matching(std::string_view s);

// Appends `text` as a JSON string literal, quotes included, for the few hot
// paths that write JSON without building a document. Throws
// std::invalid_argument on invalid UTF-8, as nlohmann::json's dump does.
void append_json_string(std::string& out, std::string_view text);

// application/x-www-form-urlencoded. Returns false on a malformed escape.
bool form_decode(std::string_view body, std::vector<std::pair<std::string, std::string>>& out);
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);
std::string percent_encode(std::string_view in); // RFC 3986 unreserved set kept as is
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

// Escapes for embedding text in JSON strings, XML and HTML.
std::string xml_escape(std::string_view s);

} // namespace stoop
