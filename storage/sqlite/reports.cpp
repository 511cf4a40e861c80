#include "storage/sqlite/dashboard_repositories.hpp"

namespace stoop::storage {

std::string results_group_expression(ReportDimension by, std::string_view alias) {
  std::string column_prefix(alias);
  if (!column_prefix.empty()) column_prefix += '.';
  switch (by) {
    case ReportDimension::all:
      return "''";
    case ReportDimension::neighbourhood:
      return column_prefix + "neighbourhood";
    case ReportDimension::language:
      return column_prefix + "language";
    case ReportDimension::month:
      return "strftime('%Y-%m', " + column_prefix + "created_at / 1000, 'unixepoch')";
    case ReportDimension::week:
      return "date(" + column_prefix + "created_at / 1000, 'unixepoch', 'weekday 0', '-6 days')";
  }
  return "''";
}

namespace {

// A person counts once per group; an erased person's rows (no contact any
// more) are told apart by the moment they answered.
constexpr const char* person_key = "COALESCE(CAST(contact_id AS TEXT), 'erased:' || created_at)";

std::vector<CountRow> read_counts(Query& q) {
  std::vector<CountRow> out;
  while (q.step()) out.push_back(CountRow{q.text(0), q.text(1), q.int64(2)});
  return out;
}

} // namespace

std::vector<CountRow> SqliteReports::result_counts(std::string_view name, ReportDimension by,
                                                   const ReportRange& range) {
  std::string sql = std::string("SELECT ") + results_group_expression(by, "") + ", category, COUNT(DISTINCT " +
                    person_key +
                    ") FROM results WHERE name = ? AND in_reports = 1 AND created_at >= ? AND created_at < ? "
                    "GROUP BY 1, 2 ORDER BY 1, 2";
  auto q = db_.query(sql);
  q.bind(name, range.from, range.to);
  return read_counts(q);
}

std::vector<CountRow> SqliteReports::respondents(std::string_view name, ReportDimension by, const ReportRange& range) {
  std::string sql = std::string("SELECT ") + results_group_expression(by, "") + ", '', COUNT(DISTINCT " + person_key +
                    ") FROM results WHERE name = ? AND in_reports = 1 AND created_at >= ? AND created_at < ? "
                    "GROUP BY 1 ORDER BY 1";
  auto q = db_.query(sql);
  q.bind(name, range.from, range.to);
  return read_counts(q);
}

std::vector<DailyCount> SqliteReports::messages_per_day(const ReportRange& range) {
  auto q = db_.query(
      "SELECT date(created_at / 1000, 'unixepoch'), channel_id, direction, COUNT(*), "
      "SUM(status IN ('failed', 'undelivered')) FROM messages WHERE created_at >= ? AND created_at < ? "
      "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  q.bind(range.from, range.to);
  std::vector<DailyCount> out;
  while (q.step()) out.push_back(DailyCount{q.text(0), q.text(1), q.text(2), q.int64(3), q.int64(4)});
  return out;
}

std::vector<FailedSend> SqliteReports::recent_failures(const ReportRange& range, int limit) {
  auto q = db_.query(
      "SELECT id, contact_id, channel_id, error, updated_at FROM messages WHERE direction = 'out' "
      "AND status IN ('failed', 'undelivered') AND created_at >= ? AND created_at < ? "
      "ORDER BY id DESC LIMIT ?");
  q.bind(range.from, range.to, limit);
  std::vector<FailedSend> out;
  while (q.step()) out.push_back(FailedSend{q.int64(0), q.int64(1), q.text(2), q.text(3), q.int64(4)});
  return out;
}

std::vector<MessageEvent> SqliteReports::message_events(const ReportRange& range) {
  auto q = db_.query(
      "SELECT contact_id, direction = 'in', author LIKE 'staff:%', created_at FROM messages "
      "WHERE created_at >= ? AND created_at < ? ORDER BY contact_id, id");
  q.bind(range.from, range.to);
  std::vector<MessageEvent> out;
  while (q.step()) out.push_back(MessageEvent{q.int64(0), q.integer(1) != 0, q.integer(2) != 0, q.int64(3)});
  return out;
}

} // namespace stoop::storage
