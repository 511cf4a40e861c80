// The dashboard's reports as pure functions over the store's counts: the
// community priorities (with small counts suppressed), its CSV export, and
// the overview figures (messages per day, failures, time to first human reply).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/dashboard_records.hpp"

namespace stoop::api {

// Counts below this are shown as "fewer than 5", so no one can be singled out.
inline constexpr std::int64_t suppression_threshold = 5;

// {"count": 12, "display": "12"} or {"count": null, "display": "fewer than 5"}.
nlohmann::json shown_count(std::int64_t count);
std::string shown_count_text(std::int64_t count);

// One way of cutting the answers: counts per group and category, and how many
// people answered in each group.
struct ReportSection {
  std::string name; // "overall", "by_neighbourhood", "by_language", "over_time"
  std::vector<storage::CountRow> counts;
  std::vector<storage::CountRow> respondents;
};

// {"categories": [...most chosen first], "<section>": [{"group", "respondents", "counts": {category: shown}}]}
nlohmann::json priorities_report(const std::vector<ReportSection>& sections);
// section,group,category,count: one row per cell, suppressed cells as "fewer than 5".
std::string priorities_csv(const std::vector<ReportSection>& sections);
// A CSV field, quoted when needed and defused when a spreadsheet would read it as a formula.
std::string csv_field(std::string_view value);

struct ResponseTimes {
  std::int64_t answered = 0;   // waits that ended with a staff reply
  std::int64_t unanswered = 0; // waits still open at the end of the range
  std::int64_t median_ms = 0;
  std::int64_t p90_ms = 0;
};

// A wait starts at a person's first message after the last staff reply (or
// the start of the range) and ends at the next staff reply; bot replies do
// not end it. Events must be ordered by contact, then time.
ResponseTimes first_response_times(const std::vector<storage::MessageEvent>& events);

// Messages per day and channel, in and out and failed, one row per (day, channel).
nlohmann::json daily_message_rows(const std::vector<storage::DailyCount>& counts);

} // namespace stoop::api
