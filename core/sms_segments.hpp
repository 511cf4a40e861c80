// How an SMS body is billed and split. A text that fits the GSM-7 alphabet
// travels 160 characters to a segment (153 when concatenated, escapes counting
// twice and never split); anything else is UCS-2, 70 code units (67 when
// concatenated, surrogate pairs never split).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stoop {

enum class SmsEncoding { gsm7, ucs2 };

struct SegmentInfo {
  SmsEncoding encoding = SmsEncoding::gsm7;
  int units = 0;    // septets for GSM-7, UTF-16 code units for UCS-2
  int segments = 0; // 0 for an empty text
};

SegmentInfo count_segments(std::string_view utf8);

// Twilio refuses bodies over 1600 characters: longer texts become several
// messages, cut at the last space (or line break) that keeps each part in bounds.
std::vector<std::string> split_long_text(std::string_view utf8, std::size_t max_characters = 1600);

} // namespace stoop
