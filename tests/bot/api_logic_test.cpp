// The dashboard API's plain parts, without a server: input checks, filters,
// route matching, permissions and the report maths.
#include <gtest/gtest.h>

#include "bot/api/access.hpp"
#include "bot/api/filters.hpp"
#include "bot/api/input.hpp"
#include "bot/api/reports.hpp"
#include "bot/api/router.hpp"

namespace stoop::api {
namespace {

HttpRequest json_request(const std::string& body, const std::string& type = "application/json") {
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"content-type", type}};
  request.body = body;
  return request;
}

TEST(ApiInput, BodiesMustBeJsonObjects) {
  EXPECT_TRUE(parse_json_body(json_request(R"({"a":1})")));
  EXPECT_TRUE(parse_json_body(json_request(R"({})", "application/json; charset=utf-8")));
  EXPECT_FALSE(parse_json_body(json_request(R"({"a":1})", "text/plain")));
  EXPECT_FALSE(parse_json_body(json_request("[1]")));
  EXPECT_FALSE(parse_json_body(json_request("{")));
}

TEST(ApiInput, TextRules) {
  EXPECT_EQ(check_text("hello", {}), "");
  EXPECT_NE(check_text("   ", {}), "");
  EXPECT_NE(check_text("two\nlines", {}), "");
  EXPECT_EQ(check_text("two\nlines", TextRule{1, 200, true}), "");
  EXPECT_NE(check_text("bell\x07", TextRule{1, 200, true}), "");
  EXPECT_NE(check_text(std::string(201, 'a'), {}), "");
  EXPECT_EQ(check_text("ñññ", TextRule{1, 3, false}), ""); // characters, not bytes
  EXPECT_NE(check_text("\xc3", {}), "");
  EXPECT_EQ(check_text("", TextRule{0, 10, false}), "");
}

TEST(ApiInput, BodyReaderReportsTheFirstProblemAndUnknownFields) {
  auto body =
      nlohmann::json::parse(R"({"text":"  hi  ","n":5,"flag":true,"list":["a","a","b"],"team":null,"extra":1})");
  BodyReader reader(body);
  EXPECT_EQ(reader.text("text", {}), "hi");
  EXPECT_EQ(reader.integer("n", 1, 10), 5);
  EXPECT_EQ(reader.boolean("flag"), true);
  EXPECT_EQ(reader.text_list("list", {}, 5), (std::vector<std::string>{"a", "b"}));
  auto team = reader.nullable_id("team");
  EXPECT_TRUE(team.present);
  EXPECT_FALSE(team.value);
  EXPECT_FALSE(reader.nullable_id("absent").present);
  reader.finish();
  EXPECT_EQ(reader.error(), "unknown field \"extra\"");

  auto bad = nlohmann::json::parse(R"({"n":50,"text":3})");
  BodyReader strict(bad);
  EXPECT_FALSE(strict.integer("n", 1, 10));
  EXPECT_FALSE(strict.text("text", {}));
  EXPECT_EQ(strict.error(), "\"n\" must be between 1 and 10");
  auto empty = nlohmann::json::object();
  BodyReader missing(empty);
  EXPECT_FALSE(missing.text("text", {}, true));
  EXPECT_EQ(missing.error(), "\"text\" is required");
}

TEST(ApiInput, SecretsAreKeptExactly) {
  auto body = nlohmann::json::parse(R"({"password":"  spaces count  "})");
  BodyReader reader(body);
  EXPECT_EQ(reader.secret("password", 100), "  spaces count  ");
}

TEST(ApiInput, QueryParameters) {
  EXPECT_EQ(*query_integer("a=5", "a", 1, 10), 5);
  EXPECT_FALSE(*query_integer("", "a", 1, 10));
  EXPECT_FALSE(query_integer("a=50", "a", 1, 10));
  EXPECT_FALSE(query_integer("a=5x", "a", 1, 10));
  EXPECT_EQ(*query_word("s=open", "s", {"open", "all"}), "open");
  EXPECT_FALSE(query_word("s=nope", "s", {"open", "all"}));
  EXPECT_EQ(**query_date("d=2026-01-02", "d"), 1'767'312'000'000);
  EXPECT_FALSE(query_date("d=2026-13-02", "d"));
  EXPECT_FALSE(query_date("d=yesterday", "d"));
  EXPECT_EQ(query_text("q=%20hola%20", "q"), "hola");
  EXPECT_EQ(parse_id("12"), 12);
  EXPECT_FALSE(parse_id("0"));
  EXPECT_FALSE(parse_id("-1"));
  EXPECT_FALSE(parse_id("1e3"));
}

TEST(ApiInput, LabelsAreTrimmedDeduplicatedAndBounded) {
  std::vector<std::string> labels{" food ", "food", "housing"};
  EXPECT_EQ(normalise_labels(labels), "");
  EXPECT_EQ(labels, (std::vector<std::string>{"food", "housing"}));
  std::vector<std::string> bad{"ok", std::string(41, 'x')};
  EXPECT_NE(normalise_labels(bad), "");
}

TEST(ApiFilters, Conversations) {
  auto f = conversation_filter("assignee=me&urgent=1&label=food&search=clinic&team=3", 7);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, "open"); // the default
  EXPECT_EQ(f->assignee, storage::AssigneeFilter::user);
  EXPECT_EQ(f->assignee_id, 7);
  EXPECT_TRUE(f->urgent_only);
  EXPECT_EQ(f->label, "food");
  EXPECT_EQ(f->search, "clinic");
  EXPECT_EQ(f->team_id, 3);
  EXPECT_EQ(conversation_filter("status=all", 1)->status, "");
  EXPECT_EQ(conversation_filter("assignee=none", 1)->assignee, storage::AssigneeFilter::nobody);
  EXPECT_FALSE(conversation_filter("status=closed", 1));
  EXPECT_FALSE(conversation_filter("assignee=someone", 1));
  EXPECT_FALSE(conversation_filter("limit=1000", 1));
}

TEST(ApiFilters, RequestsAuditContacts) {
  EXPECT_EQ(request_filter("assignee=me", 4)->assignee_id, 4);
  EXPECT_FALSE(request_filter("assignee=none", 4));
  EXPECT_EQ(audit_filter("action=conversation.&actor=2")->actor_user_id, 2);
  EXPECT_EQ(contact_filter("opted_out=yes")->opted_out, true);
  EXPECT_FALSE(contact_filter("opted_out=maybe"));
}

TEST(ApiRouter, MatchesPatternsAndTellsMethodNotAllowed) {
  Router router;
  router.add("GET", "/api/conversations", Permission::read_conversations, {});
  router.add("POST", "/api/conversations/{id}/reply", Permission::change_conversations, {});
  auto match = router.match("POST", "/api/conversations/42/reply");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.ids, std::vector<std::int64_t>{42});
  EXPECT_TRUE(router.match("HEAD", "/api/conversations").route);
  EXPECT_TRUE(router.match("DELETE", "/api/conversations").method_not_allowed);
  EXPECT_FALSE(router.match("POST", "/api/conversations/abc/reply").route);
  EXPECT_FALSE(router.match("POST", "/api/conversations/abc/reply").method_not_allowed);
  EXPECT_FALSE(router.match("GET", "/api/nothing").route);
}

TEST(ApiAccess, RolesAndOwnRequests) {
  using auth::Role;
  EXPECT_TRUE(allows(Role::admin, Permission::manage_people));
  EXPECT_FALSE(allows(Role::staff, Permission::manage_people));
  EXPECT_TRUE(allows(Role::staff, Permission::read_audit));
  EXPECT_TRUE(allows(Role::student, Permission::signed_in));
  for (auto p : {Permission::read_conversations, Permission::read_contacts, Permission::read_reports,
                 Permission::read_audit, Permission::read_people, Permission::manage_opportunities}) {
    EXPECT_FALSE(allows(Role::student, p));
  }
  storage::RequestRecord request;
  request.assignee_id = 5;
  EXPECT_TRUE(may_view_request(Role::student, 5, request));
  EXPECT_FALSE(may_view_request(Role::student, 6, request));
  EXPECT_TRUE(may_view_request(Role::staff, 6, request));
  request.assignee_id.reset();
  EXPECT_FALSE(may_view_request(Role::student, 5, request));
}

TEST(ApiReports, SmallCountsAreSuppressed) {
  EXPECT_EQ(shown_count(4)["display"], "fewer than 5");
  EXPECT_TRUE(shown_count(4)["count"].is_null());
  EXPECT_EQ(shown_count(5)["count"], 5);
  EXPECT_EQ(shown_count(0)["display"], "fewer than 5");

  std::vector<ReportSection> sections{
      {"overall", {{"", "food", 12}, {"", "youth", 3}}, {{"", "", 15}}},
      {"by_neighbourhood",
       {{"roxbury", "food", 9}, {"roxbury", "youth", 3}, {"mission_hill", "food", 3}},
       {{"roxbury", "", 11}, {"mission_hill", "", 4}}},
  };
  auto report = priorities_report(sections);
  EXPECT_EQ(report["categories"], nlohmann::json({"food", "youth"}));
  EXPECT_EQ(report["overall"][0]["respondents"]["count"], 15);
  const auto& groups = report["by_neighbourhood"];
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["group"], "mission_hill");
  EXPECT_EQ(groups[0]["respondents"]["display"], "fewer than 5");
  EXPECT_EQ(groups[1]["counts"]["food"]["count"], 9);
  EXPECT_TRUE(groups[1]["counts"]["youth"]["count"].is_null());

  auto csv = priorities_csv(sections);
  EXPECT_EQ(csv.rfind("section,group,category,count\r\n", 0), 0u);
  EXPECT_NE(csv.find("by_neighbourhood,roxbury,food,9\r\n"), std::string::npos);
  EXPECT_NE(csv.find("by_neighbourhood,roxbury,youth,fewer than 5\r\n"), std::string::npos);
  EXPECT_EQ(csv.find(",3\r\n"), std::string::npos);
}

TEST(ApiReports, CsvFieldsAreQuotedAndDefused) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("-1"), "'-1");
}

TEST(ApiReports, FirstHumanResponseIgnoresTheBot) {
  using storage::MessageEvent;
  std::vector<MessageEvent> events{
      {1, true, false, 1000},  {1, false, false, 1001}, // the bot answers: still waiting for a person
      {1, true, false, 2000},  {1, false, true, 61000}, // staff answer a minute after the first message
      {1, true, false, 70000}, {1, false, true, 80000}, // a new wait: 10 s
      {2, true, false, 5000},                           // nobody answered yet
  };
  auto times = first_response_times(events);
  EXPECT_EQ(times.answered, 2);
  EXPECT_EQ(times.unanswered, 1);
  EXPECT_EQ(times.median_ms, 10000);
  EXPECT_EQ(times.p90_ms, 60000);
}

TEST(ApiReports, DailyRowsJoinDirections) {
  std::vector<storage::DailyCount> counts{
      {"2026-01-01", "sms", "in", 3, 0}, {"2026-01-01", "sms", "out", 4, 1}, {"2026-01-01", "web", "in", 1, 0}};
  auto rows = daily_message_rows(counts);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["channel"], "sms");
  EXPECT_EQ(rows[0]["in"], 3);
  EXPECT_EQ(rows[0]["out"], 4);
  EXPECT_EQ(rows[0]["failed"], 1);
}

} // namespace
} // namespace stoop::api
