// Contacts, reports, flows and the audit log over real HTTP.
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

class RecordsApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ana_ = signed_in("ana@example.org", "staff");
  }
  // Poll answers as the priorities flow saves them.
  void answers(int people, const std::string& neighbourhood, const std::string& language,
               const std::vector<std::string>& categories, bool in_reports = true) {
    in_store([&](storage::Store& s) {
      for (int i = 0; i < people; ++i) {
        storage::ContactRecord contact;
        contact.uuid = "uuid-" + std::to_string(next_++);
        contact.created_at = 1;
        auto id = s.contacts().create(contact).id;
        for (const auto& category : categories) {
          storage::ResultRecord r;
          r.contact_id = id;
          r.flow = "priorities";
          r.name = "priorities";
          r.category = category;
          r.value = category;
          r.neighbourhood = neighbourhood;
          r.language = language;
          r.in_reports = in_reports;
          r.created_at = server_.clock().now_ms();
          s.results().add(r);
        }
      }
    });
  }
  Session ana_;
  int next_ = 0;
};

TEST_F(RecordsApi, ContactsListDetailAndErase) {
  ASSERT_EQ(server_.sms("+16175550123", "my name is Maria, I live at 12 Elm St", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  auto list = json_of(get(ana_, "/api/contacts?search=5550123"));
  ASSERT_EQ(list["contacts"].size(), 1u);
  EXPECT_EQ(list["contacts"][0]["channels"], nlohmann::json({"sms"}));
  EXPECT_EQ(json_of(get(ana_, "/api/contacts?opted_out=yes"))["contacts"].size(), 0u);
  EXPECT_EQ(get(ana_, "/api/contacts?opted_out=perhaps").status, 400);

  auto detail = get(ana_, "/api/contacts/" + std::to_string(contact));
  ASSERT_EQ(detail.status, 200);
  auto body = json_of(detail);
  EXPECT_EQ(body["identities"][0]["address"], "+16175550123");
  EXPECT_EQ(body["contact"]["opted_out"], false);
  EXPECT_GE(body["message_count"].get<int>(), 1);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.view' AND target_id = '" +
               std::to_string(contact) + "'"),
            1);
  EXPECT_EQ(get(ana_, "/api/contacts/9999").status, 404);

  auto path = "/api/contacts/" + std::to_string(contact) + "/erase";
  EXPECT_EQ(post(ana_, path, nlohmann::json::object()).status, 400);
  EXPECT_EQ(post(ana_, path, {{"reason", "x"}}).status, 400);
  std::this_thread::sleep_for(300ms); // let the welcome reply go out first
  auto erased = post(ana_, path, {{"reason", "asked by phone to delete everything"}});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM identities"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.erase' AND target_id = '" +
               std::to_string(contact) + "' AND details LIKE '%asked by phone%'"),
            1);
  EXPECT_EQ(post(ana_, path, {{"reason", "again"}}).status, 404);
  EXPECT_EQ(get(ana_, "/api/conversations/" + std::to_string(contact)).status, 404);
}

TEST_F(RecordsApi, MergingTwoContactsKeepsBothHistoriesAndTheStricterConsent) {
  ASSERT_EQ(server_.sms("+16175550123", "hello from my phone", "SM1").status, 200);
  ASSERT_EQ(server_.sms("+16175550777", "STOP", "SM2").status, 200);
  auto keep = contact_of("+16175550123");
  auto absorb = contact_of("+16175550777");
  ASSERT_NE(keep, absorb);
  auto path = "/api/contacts/" + std::to_string(keep) + "/merge";
  auto messages_before = db("SELECT COUNT(*) FROM messages");

  EXPECT_EQ(post(ana_, path, {{"reason", "same person"}}).status, 400);
  EXPECT_EQ(post(ana_, path, {{"absorb", keep}, {"reason", "same person"}}).status, 400);
  EXPECT_EQ(post(ana_, path, {{"absorb", "two"}, {"reason", "same person"}}).status, 400);
  EXPECT_EQ(post(ana_, path, {{"absorb", absorb}}).status, 400);
  EXPECT_EQ(post(ana_, path, {{"absorb", 99999}, {"reason", "same person"}}).status, 404);
  EXPECT_EQ(post(ana_, "/api/contacts/99999/merge", {{"absorb", absorb}, {"reason", "same person"}}).status, 404);
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts"), 2); // nothing changed by the refusals

  auto merged = post(ana_, path, {{"absorb", absorb}, {"reason", "same person, told us by phone"}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts"), 1);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages"), messages_before);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE contact_id = " + std::to_string(keep)), messages_before);
  auto body = json_of(get(ana_, "/api/contacts/" + std::to_string(keep)));
  EXPECT_EQ(body["identities"].size(), 2u);
  EXPECT_EQ(body["contact"]["opted_out"], true); // STOP on either number wins
  EXPECT_EQ(get(ana_, "/api/contacts/" + std::to_string(absorb)).status, 404);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.merge' AND target_id = '" +
               std::to_string(keep) + "' AND details LIKE '%told us by phone%'"),
            1);
}

TEST_F(RecordsApi, PrioritiesSuppressSmallCountsAndExportCsv) {
  answers(6, "roxbury", "es", {"housing", "food"});
  answers(2, "roxbury", "en", {"youth"});
  answers(3, "mission_hill", "en", {"housing"});
  answers(9, "jamaica_plain", "en", {"housing"}, false); // did not agree to reports: not counted

  auto reply = get(ana_, "/api/reports/priorities");
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto report = json_of(reply);
  EXPECT_EQ(report["categories"][0], "housing");
  EXPECT_EQ(report["overall"][0]["respondents"]["count"], 11);
  EXPECT_EQ(report["overall"][0]["counts"]["housing"]["count"], 9);
  EXPECT_TRUE(report["overall"][0]["counts"]["youth"]["count"].is_null());
  EXPECT_EQ(report["overall"][0]["counts"]["youth"]["display"], "fewer than 5");
  ASSERT_EQ(report["by_neighbourhood"].size(), 2u);
  EXPECT_EQ(report["by_neighbourhood"][0]["group"], "mission_hill");
  EXPECT_EQ(report["by_neighbourhood"][0]["respondents"]["display"], "fewer than 5");
  EXPECT_EQ(report["by_neighbourhood"][1]["counts"]["food"]["count"], 6);
  EXPECT_EQ(report["by_language"].size(), 2u);
  EXPECT_EQ(report["over_time"][0]["group"], "2026-01");
  EXPECT_EQ(reply.body.find("\"count\":2"), std::string::npos);
  EXPECT_EQ(reply.body.find("\"count\":3"), std::string::npos);

  auto weekly = json_of(get(ana_, "/api/reports/priorities?interval=week&from=2026-01-01&to=2026-01-01"));
  EXPECT_EQ(weekly["over_time"][0]["group"], "2025-12-29");
  EXPECT_EQ(json_of(get(ana_, "/api/reports/priorities?from=2026-02-01"))["overall"].size(), 0u);
  EXPECT_EQ(get(ana_, "/api/reports/priorities?interval=day").status, 400);
  EXPECT_EQ(get(ana_, "/api/reports/priorities?from=yesterday").status, 400);
  EXPECT_EQ(get(ana_, "/api/reports/priorities?from=2026-02-01&to=2026-01-01").status, 400);
  EXPECT_EQ(get(ana_, "/api/reports/priorities?result=DROP%20TABLE").status, 400);

  auto csv = get(ana_, "/api/reports/priorities?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.header("content-disposition").find("attachment; filename=\"stoop-priorities-"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("section,group,category,count\r\n", 0), 0u);
  EXPECT_NE(csv.body.find("by_neighbourhood,roxbury,food,6\r\n"), std::string::npos);
  EXPECT_NE(csv.body.find("by_neighbourhood,mission_hill,housing,fewer than 5\r\n"), std::string::npos);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'report.export'"), 1);
}

TEST_F(RecordsApi, OverviewCountsMessagesAndTheFirstHumanReply) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  server_.clock().advance(90'000);
  ASSERT_EQ(post(ana_, "/api/conversations/" + std::to_string(contact) + "/reply", {{"text", "Hi, Ana here"}}).status,
            201);
  ASSERT_TRUE(sends(2));
  auto reply = get(ana_, "/api/reports/overview?days=7");
  ASSERT_EQ(reply.status, 200);
  auto body = json_of(reply);
  EXPECT_EQ(body["totals"]["in"], 1);
  EXPECT_GE(body["totals"]["out"].get<int>(), 2);
  EXPECT_EQ(body["messages_per_day"][0]["channel"], "sms");
  EXPECT_EQ(body["first_response"]["answered"], 1);
  EXPECT_EQ(body["first_response"]["median_ms"], 90'000);
  EXPECT_EQ(get(ana_, "/api/reports/overview?days=0").status, 400);
}

TEST_F(RecordsApi, FlowsWithDiagnosticsAndTranslationCounts) {
  auto reply = get(ana_, "/api/flows");
  ASSERT_EQ(reply.status, 200);
  auto body = json_of(reply);
  EXPECT_TRUE(body["ok"].get<bool>());
  bool found = false;
  for (const auto& flow : body["flows"]) {
    if (flow["id"] != "language") continue;
    found = true;
    EXPECT_EQ(flow["languages"].size(), 6u);
    EXPECT_FALSE(flow["translations"].empty());
    EXPECT_TRUE(flow["translations"][0].contains("reviewed"));
  }
  EXPECT_TRUE(found);
}

TEST_F(RecordsApi, TheAuditLogIsReadableAndFiltered) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  get(ana_, "/api/conversations/" + std::to_string(contact));
  post(ana_, "/api/conversations/" + std::to_string(contact) + "/resolve");
  auto all = json_of(get(ana_, "/api/audit"));
  ASSERT_GE(all["entries"].size(), 3u);
  EXPECT_EQ(all["entries"][0]["action"], "conversation.resolve"); // newest first
  EXPECT_EQ(all["entries"][0]["actor_name"], "ana");
  auto views = json_of(get(ana_, "/api/audit?action=conversation.view"));
  EXPECT_EQ(views["entries"].size(), 1u);
  auto one = json_of(get(ana_, "/api/audit?target_type=conversation&target_id=" + std::to_string(contact)));
  EXPECT_EQ(one["entries"].size(), 2u);
  auto paged = json_of(get(ana_, "/api/audit?limit=1"));
  ASSERT_FALSE(paged["next"].is_null());
  auto older = json_of(get(ana_, "/api/audit?limit=1&before=" + std::to_string(paged["next"]["before"].get<int>())));
  EXPECT_EQ(older["entries"][0]["action"], "conversation.view");
  EXPECT_EQ(get(ana_, "/api/audit?limit=0").status, 400);
}

} // namespace
} // namespace stoop::testing
