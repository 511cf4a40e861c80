// Text tests shared by answer matching, switch cases and keywords. Everything
// compares folded text (core/text.hpp: case and accents ignored), so "SÍ",
// "si" and "Sí" are one answer. Internal to stoop_flows.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "flows/flow.hpp"

namespace stoop::flows::detail {

PreparedText prepare(std::string_view text);

// Whether `phrase` appears in `text` as a run of whole words. Chinese has no
// spaces between words, so a phrase with CJK characters matches as a substring.
bool contains_phrase(const PreparedText& text, const PreparedText& phrase);
bool equals_phrase(const PreparedText& text, const PreparedText& phrase);

// The token as a small positive whole number ("3"), if it is one.
std::optional<int> small_number(std::string_view token);

// The first number written in the text ("about 4.5" -> 4.5; "3,5" -> 3.5).
std::optional<double> first_number(std::string_view text);

// "4" for 4.0, "4.5" for 4.5: stable, locale-free.
std::string format_number(double value);

// Compiles a case's regex (ECMAScript, case-insensitive); nullptr and a message if invalid.
std::shared_ptr<const Pattern> compile_pattern(const std::string& source, std::string& error);

struct CaseInput {
  std::string_view raw;          // the value as given (for regex and has_text)
  const PreparedText& prepared;  // the same value, folded
  const std::set<std::string, std::less<>>& groups;
};

bool case_matches(const Case& test_case, const CaseInput& input);

// Cuts a text to at most max_bytes without splitting a UTF-8 sequence.
std::string shorten_utf8(std::string_view text, std::size_t max_bytes);

// Replaces invalid UTF-8 with U+FFFD so nothing downstream (JSON) trips on it.
std::string sanitize_utf8(std::string_view text);

} // namespace stoop::flows::detail
