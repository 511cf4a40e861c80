#include "core/sms_segments.hpp"

#include <algorithm>
#include <array>

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

// The characters of the two tables above ASCII, sorted, each with its
// septets: looked up by binary search (Spanish, Portuguese and Kriolu
// replies have a few in every text).
struct Wide {
  char32_t cp;
  int septets;
};
template <std::size_t N>
constexpr auto wide_characters() {
  std::array<Wide, N> out{};
  std::size_t n = 0;
  for (char32_t cp : gsm_basic)
    if (cp >= 128) out[n++] = {cp, 1};
  for (char32_t cp : gsm_extension)
    if (cp >= 128) out[n++] = {cp, 2};
  std::sort(out.begin(), out.end(), [](Wide a, Wide b) { return a.cp < b.cp; });
  return out;
}
constexpr std::size_t wide_count() {
  std::size_t n = 0;
  for (char32_t cp : gsm_basic) n += cp >= 128;
  for (char32_t cp : gsm_extension) n += cp >= 128;
  return n;
}
constexpr auto gsm_wide = wide_characters<wide_count()>();

// Septets a code point takes in GSM-7, or 0 when it is not in the alphabet.
constexpr int gsm_septets(char32_t cp) {
  if (cp < 128) {
    if ((cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9')) return 1;
    if (std::find(std::begin(gsm_basic), std::end(gsm_basic), cp) != std::end(gsm_basic)) return 1;
    if (std::find(std::begin(gsm_extension), std::end(gsm_extension), cp) != std::end(gsm_extension)) return 2;
    return 0;
  }
  auto it = std::lower_bound(gsm_wide.begin(), gsm_wide.end(), cp, [](Wide w, char32_t c) { return w.cp < c; });
  return it != gsm_wide.end() && it->cp == cp ? it->septets : 0;
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

// One pass over the text, without decoding it into a copy: this runs for
// every reply the bot queues. It counts both encodings' units at once; when
// every character weighs one unit, greedy packing is plain division, and
// only a text with a two-unit character (an escape, an emoji) is packed one
// character at a time.
SegmentInfo count_segments(std::string_view utf8) {
  SegmentInfo info;
  if (utf8.empty()) return info;

  int septets = 0;
  int utf16 = 0;
  bool gsm = true;
  bool double_septet = false;
  bool double_unit = false;
  for (std::size_t i = 0; i < utf8.size();) {
    auto byte = static_cast<unsigned char>(utf8[i]);
    int weight;
    if (byte < 0x80) {
      ++i;
      ++utf16;
      weight = ascii_septets.septets[byte];
    } else {
      char32_t cp = next_code_point(utf8, i);
      utf16 += utf16_units(cp);
      double_unit |= cp > 0xFFFF;
      weight = gsm ? gsm_septets(cp) : 0;
    }
    gsm &= weight != 0;
    septets += weight;
    double_septet |= weight == 2;
  }
  info.encoding = gsm ? SmsEncoding::gsm7 : SmsEncoding::ucs2;
  info.units = gsm ? septets : utf16;
  int single = gsm ? 160 : 70;
  int concatenated = gsm ? 153 : 67;
  if (info.units <= single) {
    info.segments = 1;
  } else if (gsm ? !double_septet : !double_unit) {
    info.segments = (info.units + concatenated - 1) / concatenated;
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
