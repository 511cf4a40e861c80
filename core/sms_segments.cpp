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
int gsm_septets(char32_t cp) {
  if ((cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9')) return 1;
  if (std::find(std::begin(gsm_basic), std::end(gsm_basic), cp) != std::end(gsm_basic)) return 1;
  if (std::find(std::begin(gsm_extension), std::end(gsm_extension), cp) != std::end(gsm_extension)) return 2;
  return 0;
}

// Packs units greedily into segments of `capacity`, never splitting one character.
int pack(const std::vector<int>& weights, int capacity) {
  int segments = 1;
  int used = 0;
  for (int weight : weights) {
    if (used + weight > capacity) {
      ++segments;
      used = 0;
    }
    used += weight;
  }
  return segments;
}

} // namespace

SegmentInfo count_segments(std::string_view utf8) {
  auto code_points = decode_utf8(utf8);
  SegmentInfo info;
  if (code_points.empty()) return info;

  std::vector<int> weights;
  weights.reserve(code_points.size());
  bool gsm = true;
  for (char32_t cp : code_points) {
    int septets = gsm_septets(cp);
    if (septets == 0) {
      gsm = false;
      break;
    }
    weights.push_back(septets);
  }
  if (!gsm) {
    weights.clear();
    for (char32_t cp : code_points) weights.push_back(cp > 0xFFFF ? 2 : 1);
  }
  info.encoding = gsm ? SmsEncoding::gsm7 : SmsEncoding::ucs2;
  for (int w : weights) info.units += w;
  int single = gsm ? 160 : 70;
  int concatenated = gsm ? 153 : 67;
  info.segments = info.units <= single ? 1 : pack(weights, concatenated);
  return info;
}

std::vector<std::string> split_long_text(std::string_view utf8, std::size_t max_characters) {
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
