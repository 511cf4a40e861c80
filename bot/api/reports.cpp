#include "bot/api/reports.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace stoop::api {

std::string shown_count_text(std::int64_t count) {
  return count < suppression_threshold ? "fewer than " + std::to_string(suppression_threshold) : std::to_string(count);
}

nlohmann::json shown_count(std::int64_t count) {
  return {{"count", count < suppression_threshold ? nlohmann::json(nullptr) : nlohmann::json(count)},
          {"display", shown_count_text(count)}};
}

namespace {

// Categories by how often they were chosen overall, most first; ties by name.
std::vector<std::string> ranked_categories(const std::vector<ReportSection>& sections) {
  std::map<std::string, std::int64_t> totals;
  for (const auto& section : sections) {
    if (section.name != "overall") continue;
    for (const auto& row : section.counts) totals[row.category] += row.count;
  }
  if (totals.empty()) {
    for (const auto& section : sections) {
      for (const auto& row : section.counts) totals[row.category] += row.count;
    }
  }
  std::vector<std::pair<std::string, std::int64_t>> ordered(totals.begin(), totals.end());
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> out;
  for (auto& [category, count] : ordered) out.push_back(category);
  return out;
}

std::vector<std::string> groups_of(const ReportSection& section) {
  std::vector<std::string> groups;
  for (const auto* rows : {&section.respondents, &section.counts}) {
    for (const auto& row : *rows) {
      if (std::find(groups.begin(), groups.end(), row.group) == groups.end()) groups.push_back(row.group);
    }
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

std::int64_t respondents_in(const ReportSection& section, const std::string& group) {
  for (const auto& row : section.respondents) {
    if (row.group == group) return row.count;
  }
  return 0;
}

} // namespace

nlohmann::json priorities_report(const std::vector<ReportSection>& sections) {
  nlohmann::json out{{"threshold", suppression_threshold}, {"categories", ranked_categories(sections)}};
  for (const auto& section : sections) {
    auto groups = nlohmann::json::array();
    for (const auto& group : groups_of(section)) {
      auto counts = nlohmann::json::object();
      for (const auto& row : section.counts) {
        if (row.group == group) counts[row.category] = shown_count(row.count);
      }
      groups.push_back(
          {{"group", group}, {"respondents", shown_count(respondents_in(section, group))}, {"counts", counts}});
    }
    out[section.name] = groups;
  }
  return out;
}

std::string csv_field(std::string_view value) {
  std::string text(value);
  // A leading =, +, - or @ makes spreadsheets evaluate the cell; a quote mark keeps it text.
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) text = "'" + text;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string priorities_csv(const std::vector<ReportSection>& sections) {
  std::string csv = "section,group,category,count\r\n";
  auto line = [&csv](std::string_view section, std::string_view group, std::string_view category, std::int64_t count) {
    csv += csv_field(section) + "," + csv_field(group) + "," + csv_field(category) + "," +
           csv_field(shown_count_text(count)) + "\r\n";
  };
  for (const auto& section : sections) {
    for (const auto& group : groups_of(section)) {
      line(section.name, group, "(people who answered)", respondents_in(section, group));
      for (const auto& row : section.counts) {
        if (row.group == group) line(section.name, group, row.category, row.count);
      }
    }
  }
  return csv;
}

ResponseTimes first_response_times(const std::vector<storage::MessageEvent>& events) {
  ResponseTimes result;
  std::vector<std::int64_t> waits;
  std::optional<std::int64_t> contact;
  std::optional<std::int64_t> waiting_since;
  for (const auto& event : events) {
    if (contact != event.contact_id) {
      if (waiting_since) ++result.unanswered;
      contact = event.contact_id;
      waiting_since.reset();
    }
    if (event.inbound) {
      if (!waiting_since) waiting_since = event.at;
    } else if (event.by_staff && waiting_since) {
      waits.push_back(std::max<std::int64_t>(0, event.at - *waiting_since));
      waiting_since.reset();
    }
  }
  if (waiting_since) ++result.unanswered;
  result.answered = static_cast<std::int64_t>(waits.size());
  if (!waits.empty()) {
    std::sort(waits.begin(), waits.end());
    result.median_ms = waits[(waits.size() - 1) / 2];
    result.p90_ms = waits[std::min(waits.size() - 1, (waits.size() * 9 + 9) / 10 - 1)];
  }
  return result;
}

nlohmann::json daily_message_rows(const std::vector<storage::DailyCount>& counts) {
  std::map<std::pair<std::string, std::string>, nlohmann::json> rows;
  for (const auto& c : counts) {
    auto& row = rows[{c.day, c.channel_id}];
    if (row.is_null()) row = {{"day", c.day}, {"channel", c.channel_id}, {"in", 0}, {"out", 0}, {"failed", 0}};
    row[c.direction == "in" ? "in" : "out"] = row[c.direction == "in" ? "in" : "out"].get<std::int64_t>() + c.count;
    row["failed"] = row["failed"].get<std::int64_t>() + c.failed;
  }
  auto out = nlohmann::json::array();
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

} // namespace stoop::api
