#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace stoop {
namespace {

struct FoldEntry {
  char32_t code_point;
  char base;
};

constexpr FoldEntry fold_table[] = {
#include "core/fold_table.inc"
};

// Eight bytes at a time, for the long plain runs of message text (see
// "Bit Twiddling Hacks": a byte below n, for n up to 128, exists exactly when
// the expression is non-zero).
constexpr std::uint64_t every_byte(unsigned char value) { return 0x0101010101010101ULL * value; }

std::uint64_t load8(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

bool has_byte_below(std::uint64_t word, unsigned char n) {
  return ((word - every_byte(n)) & ~word & every_byte(0x80)) != 0;
}

bool has_byte(std::uint64_t word, unsigned char value) { return has_byte_below(word ^ every_byte(value), 1); }

// Where the first byte at or after `from` that JSON must escape is, or the size.
std::size_t json_plain_run_end(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i + 8 <= text.size()) {
    auto word = load8(text.data() + i);
    if (has_byte_below(word, 0x20) || has_byte(word, '"') || has_byte(word, '\\')) break;
    i += 8;
  }
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == '"' || byte == '\\') break;
    ++i;
  }
  return i;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_combining_mark(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF);
}

bool is_word_code_point(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  // Outside ASCII: treat everything but punctuation, symbols and spaces we know of as letters.
  if (cp >= 0x2000 && cp <= 0x206F) return false; // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false; // CJK punctuation
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false; // full-width punctuation
  if (cp >= 0xFF1A && cp <= 0xFF20) return false;
  if (cp == 0xA0 || cp == 0xA1 || cp == 0xBF || cp == 0xAB || cp == 0xBB) return false;
  return true;
}

} // namespace

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool starts_with_ignore_case(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && equals_ignore_case(s.substr(0, prefix.size()), prefix);
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string to_upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n\f\v";
  auto begin = s.find_first_not_of(space);
  if (begin == std::string_view::npos) return {};
  auto end = s.find_last_not_of(space);
  return s.substr(begin, end - begin + 1);
}

std::vector<std::string_view> split_any(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> pieces;
  size_t pos = 0;
  while (pos < s.size()) {
    auto start = s.find_first_not_of(separators, pos);
    if (start == std::string_view::npos) break;
    auto end = s.find_first_of(separators, start);
    if (end == std::string_view::npos) end = s.size();
    pieces.push_back(s.substr(start, end - start));
    pos = end;
  }
  return pieces;
}

namespace {

// The code point starting at s[i] and its length in bytes; 0 when the bytes
// there are not valid UTF-8 (overlong forms, surrogates and values past
// U+10FFFF included).
std::size_t decode_one(std::string_view s, std::size_t i, char32_t& cp) {
  auto byte = static_cast<unsigned char>(s[i]);
  std::size_t extra = 0;
  if (byte < 0x80) {
    cp = byte;
    return 1;
  }
  if ((byte & 0xE0) == 0xC0) {
    cp = byte & 0x1F;
    extra = 1;
  } else if ((byte & 0xF0) == 0xE0) {
    cp = byte & 0x0F;
    extra = 2;
  } else if ((byte & 0xF8) == 0xF0) {
    cp = byte & 0x07;
    extra = 3;
  } else {
    return 0;
  }
  if (i + extra >= s.size()) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return extra + 1;
}

} // namespace

char32_t next_code_point_slow(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  std::size_t length = decode_one(s, i, cp);
  i += length == 0 ? 1 : length;
  return length == 0 ? 0xFFFD : cp;
}

std::vector<char32_t> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) out.push_back(next_code_point(s, i));
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size() && (load8(s.data() + i) & every_byte(0x80)) == 0) {
      i += 8; // eight ASCII bytes
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t length = decode_one(s, i, cp);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string fold_for_matching(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : decode_utf8(s)) {
    if (cp < 0x80) {
      out += ascii_lower(static_cast<char>(cp));
      continue;
    }
    if (is_combining_mark(cp)) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) { // full-width ASCII
      out += ascii_lower(static_cast<char>(cp - 0xFF01 + 0x21));
      continue;
    }
    if (cp == 0x3000 || cp == 0xA0) {
      out += ' ';
      continue;
    }
    auto it = std::lower_bound(std::begin(fold_table), std::end(fold_table), cp,
                               [](const FoldEntry& e, char32_t value) { return e.code_point < value; });
    if (it != std::end(fold_table) && it->code_point == cp) {
      out += it->base;
      continue;
    }
    append_utf8(out, cp);
  }
  return out;
}

std::vector<std::string> words_for_matching(std::string_view s) {
  std::vector<std::string> words;
  std::string current;
  for (char32_t cp : decode_utf8(fold_for_matching(s))) {
    if (is_word_code_point(cp)) {
      append_utf8(current, cp);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

void append_json_string(std::string& out, std::string_view text) {
  if (!is_valid_utf8(text)) throw std::invalid_argument("text for JSON is not valid UTF-8");
  static constexpr char hex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy the run that needs no escape in one go.
    std::size_t plain = json_plain_run_end(text, i);
    out.append(text.substr(i, plain - i));
    if (plain == text.size()) break;
    char c = text[plain];
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    i = plain + 1;
  }
  out += '"';
}

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    // Copy the plain run up to the next escape in one go.
    std::size_t special = i;
    while (special < in.size() && in[special] != '%' && !(plus_is_space && in[special] == '+')) ++special;
    out.append(in.substr(i, special - i));
    if (special == in.size()) break;
    if (in[special] == '+') {
      out += ' ';
      i = special + 1;
      continue;
    }
    if (special + 2 >= in.size()) return false;
    int hi = hex_value(in[special + 1]);
    int lo = hex_value(in[special + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i = special + 3;
  }
  return true;
}

bool form_decode(std::string_view body, std::vector<std::pair<std::string, std::string>>& out) {
  out.clear();
  out.reserve(static_cast<std::size_t>(std::count(body.begin(), body.end(), '&')) + 1);
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    auto pair = body.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue; // "a=1&&b=2": empty pairs are skipped
    auto eq = pair.find('=');
    auto& [name, value] = out.emplace_back();
    if (!percent_decode(pair.substr(0, eq), name, true)) return false;
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true)) return false;
  }
  return true;
}

std::string percent_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3);
  for (char c : in) {
    auto u = static_cast<unsigned char>(c);
    bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                      u == '-' || u == '_' || u == '.' || u == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0x0F];
    }
  }
  return out;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

} // namespace stoop
