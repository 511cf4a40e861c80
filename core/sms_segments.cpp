#include "core/sms_segments.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace stoop {
namespace {

// The GSM 03.38 default alphabet, as Unicode code points.
constexpr char32_t gsm_basic[] = {
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å', U'å',
    U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', U'Æ', U'æ', U'ß', U'É', U' ',
    U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/', U':',
    U';', U'<', U'=', U'>', U'?', U'¡', U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'ä', U'ö', U'ñ', U'ü',
    U'à'};
// Characters reached through the escape to the extension table: two septets each.
constexpr char32_t gsm_extension[] = {U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€', U'\f'};

// Septets a code point takes in GSM-7, or 0 when it is not in the alphabet.
constexpr int gsm_septets(char32_t cp) {
  if ((cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9')) return 1;
  if (std::find(std::begin(gsm_basic), std::end(gsm_basic), cp) != std::end(gsm_basic)) return 1;
  if (std::find(std::begin(gsm_extension), std::end(gsm_extension), cp) != std::end(gsm_extension)) return 2;
  return 0;
}

// The same for every ASCII character, worked out once: most texts are ASCII.
struct AsciiSeptets {
  int septets[128] = {};
  constexpr AsciiSeptets() {
    for (char32_t c = 0; c < 128; ++c) septets[c] = gsm_septets(c);
  }
};
constexpr AsciiSeptets ascii_septets;

int septets_of(char32_t cp) { return cp < 128 ? ascii_septets.septets[cp] : gsm_septets(cp); }

// The septets of the character at i, moving i past it: ASCII straight from
// the table, without decoding.
int next_septets(std::string_view utf8, std::size_t& i) {
  auto byte = static_cast<unsigned char>(utf8[i]);
  if (byte < 0x80) {
    ++i;
    return ascii_septets.septets[byte];
  }
  return septets_of(next_code_point(utf8, i));
}

int utf16_units(char32_t cp) { return cp > 0xFFFF ? 2 : 1; }

// Packs the characters greedily into segments of `capacity` units, never
// splitting one character.
template <class Units>
int pack(std::string_view utf8, int capacity, Units units_of) {
  int segments = 1;
  int used = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    int weight = units_of(next_code_point(utf8, i));
    if (used + weight > capacity) {
      ++segments;
      used = 0;
    }
    used += weight;
  }
  return segments;
}

} // namespace

// Two passes over the text at most, without decoding it into a copy: this
// runs for every reply the bot queues.
SegmentInfo count_segments(std::string_view utf8) {
  SegmentInfo info;
  if (utf8.empty()) return info;

  bool gsm = true;
  for (std::size_t i = 0; i < utf8.size();) {
    int septets = next_septets(utf8, i);
    if (septets == 0) {
      gsm = false;
      break;
    }
    info.units += septets;
  }
  if (!gsm) {
    info.units = 0;
    for (std::size_t i = 0; i < utf8.size();) info.units += utf16_units(next_code_point(utf8, i));
  }
  info.encoding = gsm ? SmsEncoding::gsm7 : SmsEncoding::ucs2;
  int single = gsm ? 160 : 70;
  int concatenated = gsm ? 153 : 67;
  if (info.units <= single) {
    info.segments = 1;
  } else {
    info.segments = gsm ? pack(utf8, concatenated, septets_of) : pack(utf8, concatenated, utf16_units);
  }
  return info;
}

std::vector<std::string> split_long_text(std::string_view utf8, std::size_t max_characters) {
  // Never more characters than bytes: a text this short is one part as it is.
  if (utf8.size() <= max_characters && is_valid_utf8(utf8)) {
    auto part = trim(utf8);
    if (part.empty()) return {};
    return {std::string(part)};
  }
  auto code_points = decode_utf8(utf8);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < code_points.size()) {
    size_t end = std::min(code_points.size(), start + max_characters);
    size_t next = end;
    if (end < code_points.size()) {
      // Cut after the last whitespace inside the window, if there is one.
      for (size_t i = end; i > start; --i) {
        char32_t cp = code_points[i - 1];
        if (cp == U' ' || cp == U'\n' || cp == U'\t') {
          end = i - 1;
          next = i;
          break;
        }
      }
    }
    std::string part;
    for (size_t i = start; i < end; ++i) append_utf8(part, code_points[i]);
    if (!trim(part).empty()) parts.emplace_back(trim(part));
    start = next;
  }
  return parts;
}

} // namespace stoop
