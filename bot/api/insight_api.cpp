// /api/reports, /api/flows and /api/audit: what staff read to see how the
// community is doing, whether the flows are sound and who did what.
#include "bot/api/areas.hpp"
#include "bot/api/filters.hpp"
#include "bot/api/input.hpp"
#include "bot/api/reports.hpp"
#include "bot/api/views.hpp"
#include "bot/blocking_worker.hpp"
#include "bot/store_thread.hpp"
#include "flows/loader.hpp"

namespace stoop::api {
namespace {

constexpr std::int64_t day_ms = 86'400'000;

struct PriorityQuery {
  std::string result = "priorities";
  storage::ReportDimension interval = storage::ReportDimension::month;
  storage::ReportRange range;
  bool csv = false;
};

Expected<PriorityQuery> priority_query(std::string_view query) {
  PriorityQuery q;
  auto result = query_text(query, "result", 64);
  if (!result.empty()) {
    for (char c : result) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return make_error("\"result\" must be a result name (a-z, 0-9, _)");
      }
    }
    q.result = result;
  }
  auto interval = query_word(query, "interval", {"month", "week"});
  if (!interval) return make_error(interval.error());
  if (*interval == "week") q.interval = storage::ReportDimension::week;
  auto from = query_date(query, "from");
  if (!from) return make_error(from.error());
  auto to = query_date(query, "to");
  if (!to) return make_error(to.error());
  if (*from) q.range.from = **from;
  if (*to) q.range.to = **to + day_ms; // the whole of the last day
  if (q.range.to <= q.range.from) return make_error("\"to\" is before \"from\"");
  auto format = query_word(query, "format", {"json", "csv"});
  if (!format) return make_error(format.error());
  q.csv = *format == "csv";
  return q;
}

std::vector<ReportSection> priority_sections(storage::Store& s, const PriorityQuery& q) {
  using D = storage::ReportDimension;
  std::vector<ReportSection> sections;
  for (auto [name, by] : {std::pair{"overall", D::all}, std::pair{"by_neighbourhood", D::neighbourhood},
                          std::pair{"by_language", D::language}, std::pair{"over_time", q.interval}}) {
    ReportSection section;
    section.name = name;
    section.counts = s.reports().result_counts(q.result, by, q.range);
    section.respondents = s.reports().respondents(q.result, by, q.range);
    sections.push_back(std::move(section));
  }
  return sections;
}

HttpResponse csv_download(std::string body, std::int64_t now) {
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/csv; charset=utf-8";
  response.body = std::move(body);
  response.headers.emplace_back("content-disposition",
                                "attachment; filename=\"stoop-priorities-" + iso_time(now).substr(0, 10) + ".csv\"");
  response.headers.emplace_back("cache-control", "no-store");
  return response;
}

struct OverviewData {
  std::vector<storage::DailyCount> daily;
  std::vector<storage::FailedSend> failures;
  ResponseTimes response_times;
};

nlohmann::json flow_json(const flows::Flow& flow) {
  auto triggers = nlohmann::json::array();
  for (const auto& t : flow.triggers) triggers.push_back({{"language", t.language}, {"keyword", t.keyword}});
  auto translations = nlohmann::json::array();
  for (const auto& t : flows::translation_counts(flow)) {
    translations.push_back(
        {{"language", t.language}, {"texts", t.texts}, {"translated", t.translated}, {"reviewed", t.reviewed}});
  }
  return {{"id", flow.id},
          {"name", flow.name},
          {"file", flow.file},
          {"default_language", flow.default_language},
          {"languages", flow.languages},
          {"triggers", triggers},
          {"catch_all", flow.catch_all},
          {"nodes", flow.nodes.size()},
          {"translations", translations}};
}

} // namespace

void InsightApi::add_routes(Router& r) {
  r.add("GET", "/api/reports/priorities", Permission::read_reports, [this](ApiCall& c) { return priorities(c); });
  r.add("GET", "/api/reports/overview", Permission::read_reports, [this](ApiCall& c) { return overview(c); });
  r.add("GET", "/api/flows", Permission::read_reports, [this](ApiCall& c) { return flows(c); });
  r.add("GET", "/api/audit", Permission::read_audit, [this](ApiCall& c) { return audit(c); });
}

awaitable<HttpResponse> InsightApi::priorities(ApiCall& call) {
  auto query = priority_query(call.query());
  if (!query) co_return error_reply(400, query.error());
  if (!query->csv) {
    auto collect = [q = *query](storage::Store& s) { return priority_sections(s, q); };
    auto sections = co_await services_.store.read(std::move(collect));
    auto body = priorities_report(sections);
    body["result"] = query->result;
    body["interval"] = query->interval == storage::ReportDimension::week ? "week" : "month";
    co_return json_reply(200, body);
  }
  // A download leaves the dashboard, so it is recorded.
  auto actor = call.actor();
  auto export_job = [q = *query, actor](storage::Store& s) {
    actor.record(s, "report.export", "report", q.result);
    return priorities_csv(priority_sections(s, q));
  };
  auto csv = co_await services_.store.write(std::move(export_job));
  co_return csv_download(std::move(csv), call.now);
}

awaitable<HttpResponse> InsightApi::overview(ApiCall& call) {
  auto days = query_integer(call.query(), "days", 1, 366);
  if (!days) co_return error_reply(400, days.error());
  auto span = days->value_or(30);
  storage::ReportRange range{call.now - span * day_ms, call.now + 1};
  auto collect = [range](storage::Store& s) {
    OverviewData data;
    data.daily = s.reports().messages_per_day(range);
    data.failures = s.reports().recent_failures(range, 20);
    data.response_times = first_response_times(s.reports().message_events(range));
    return data;
  };
  auto data = co_await services_.store.read(std::move(collect));
  auto failures = nlohmann::json::array();
  for (const auto& f : data.failures) {
    failures.push_back({{"message_id", f.message_id},
                        {"contact_id", f.contact_id},
                        {"channel", f.channel_id},
                        {"error", f.error},
                        {"at", f.at}});
  }
  std::int64_t total_in = 0, total_out = 0, total_failed = 0;
  for (const auto& d : data.daily) {
    (d.direction == "in" ? total_in : total_out) += d.count;
    total_failed += d.failed;
  }
  const auto& rt = data.response_times;
  co_return json_reply(200, {{"days", span},
                             {"from", range.from},
                             {"to", call.now},
                             {"messages_per_day", daily_message_rows(data.daily)},
                             {"totals", {{"in", total_in}, {"out", total_out}, {"failed", total_failed}}},
                             {"recent_failures", failures},
                             {"first_response",
                              {{"answered", rt.answered},
                               {"unanswered", rt.unanswered},
                               {"median_ms", rt.median_ms},
                               {"p90_ms", rt.p90_ms}}}});
}

awaitable<HttpResponse> InsightApi::flows(ApiCall&) {
  auto load = [directory = services_.config.flows_dir] { return flows::load_flow_directory(directory); };
  auto loaded = co_await services_.worker.run(std::move(load));
  auto list = nlohmann::json::array();
  if (loaded.flows) {
    for (const auto& flow : loaded.flows->flows) list.push_back(flow_json(flow));
  }
  auto diagnostics = nlohmann::json::array();
  for (const auto& d : loaded.diagnostics) {
    diagnostics.push_back({{"file", d.file},
                           {"pointer", d.json_pointer},
                           {"message", d.message},
                           {"severity", d.severity == flows::Severity::error ? "error" : "warning"}});
  }
  co_return json_reply(
      200,
      {{"directory", services_.config.flows_dir}, {"ok", loaded.ok()}, {"flows", list}, {"diagnostics", diagnostics}});
}

awaitable<HttpResponse> InsightApi::audit(ApiCall& call) {
  auto filter = audit_filter(call.query());
  if (!filter) co_return error_reply(400, filter.error());
  auto fetch = [f = *filter](storage::Store& s) { return s.audit().list(f); };
  auto entries = co_await services_.store.read(std::move(fetch));
  auto rows = nlohmann::json::array();
  for (const auto& e : entries) rows.push_back(audit_json(e));
  nlohmann::json next = nullptr;
  if (entries.size() == static_cast<std::size_t>(filter->limit)) next = {{"before", entries.back().id}};
  co_return json_reply(200, {{"entries", rows}, {"next", next}});
}

} // namespace stoop::api
