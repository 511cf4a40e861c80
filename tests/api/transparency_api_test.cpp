// Results back to the community and data rights, end to end over SMS and the
// dashboard API: RESULTS with small counts suppressed, MYDATA, DELETE and
// what is left in the database afterwards, the retention job, the public
// data behind /community, actions and their steps, and a "you said, we did"
// broadcast that skips people who opted out and resumes after a restart.
#include <thread>

#include "bot/store_thread.hpp"
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

constexpr std::int64_t day_ms = 86'400'000;

class TransparencyTest : public ApiTest {
 protected:
  TransparencyTest() : ApiTest(json::object()) {}
  explicit TransparencyTest(const json& overrides) : ApiTest(overrides) {}

  // Sends an SMS and returns the texts that reach the person, once they stop coming.
  std::vector<std::string> says(const std::string& from, const std::string& text) {
    static std::atomic<int> next_sid{0};
    EXPECT_EQ(server_.sms(from, text, "SMtr" + std::to_string(++next_sid)).status, 200);
    return replies_to(from);
  }
  std::vector<std::string> replies_to(const std::string& number) {
    std::size_t before = twilio_.request_count();
    for (int quiet = 0; quiet < 4;) {
      std::this_thread::sleep_for(50ms);
      auto now = twilio_.request_count();
      quiet = now == before ? quiet + 1 : 0;
      before = now;
    }
    std::vector<std::string> out;
    auto requests = twilio_.requests();
    for (std::size_t i = seen_[number]; i < requests.size(); ++i) {
      if (requests[i].form_field("To") == number) out.push_back(requests[i].form_field("Body"));
    }
    seen_[number] = requests.size();
    return out;
  }
  static std::string joined(const std::vector<std::string>& texts) {
    std::string out;
    for (const auto& t : texts) out += t + "\n";
    return out;
  }

  // An answer to the priorities poll, as the flow saves it.
  void answer(std::optional<std::int64_t> contact_id, const std::string& neighbourhood, const std::string& category,
              bool in_reports = true, const std::string& raw = "") {
    in_store([&](storage::Store& s) {
      storage::ResultRecord r;
      r.contact_id = contact_id;
      r.flow = "priorities";
      r.name = "priorities";
      r.category = category;
      r.value = category;
      r.raw = raw;
      r.neighbourhood = neighbourhood;
      r.language = "en";
      r.in_reports = in_reports;
      r.created_at = server_.clock().now_ms();
      s.results().add(r);
    });
  }
  // A contact who is known only from the answers (no address).
  std::int64_t silent_contact(const std::string& uuid) {
    std::int64_t id = 0;
    in_store([&](storage::Store& s) {
      storage::ContactRecord c;
      c.uuid = uuid;
      c.created_at = 1;
      id = s.contacts().create(c).id;
    });
    return id;
  }
  void set_profile(std::int64_t contact_id, const std::string& language, const std::string& fields_json) {
    in_store([&](storage::Store& s) {
      auto c = *s.contacts().get(contact_id);
      c.language = language;
      c.fields_json = fields_json;
      s.contacts().update(c);
    });
  }

  std::map<std::string, std::size_t> seen_;
};

TEST_F(TransparencyTest, ResultsGivesTheNeighbourhoodAndTheAreaWithSmallCountsSuppressed) {
  for (int i = 0; i < 6; ++i) answer(silent_contact("h" + std::to_string(i)), "roxbury", "housing");
  for (int i = 0; i < 2; ++i) answer(silent_contact("f" + std::to_string(i)), "roxbury", "food");
  for (int i = 0; i < 5; ++i) answer(silent_contact("m" + std::to_string(i)), "mission_hill", "mental_health");
  // Answers kept out of reports, or whose author refused reports later, never count.
  answer(silent_contact("no-reports"), "roxbury", "housing", false);
  auto revoked = silent_contact("revoked");
  answer(revoked, "roxbury", "housing");
  in_store([&](storage::Store& s) { s.consents().set(revoked, "reports", false, 5); });

  const std::string maria = "+16175550201";
  says(maria, "Hola");
  set_profile(contact_of(maria), "es", R"({"neighbourhood":"roxbury"})");
  auto text = joined(says(maria, "resultados"));
  EXPECT_NE(text.find("Roxbury / Nubian Square: Vivienda (6), Alimentación (menos de 5)"), std::string::npos) << text;
  EXPECT_NE(text.find("Todos nuestros barrios: Vivienda (6), Salud mental (5), Alimentación (menos de 5)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("(2)"), std::string::npos) << text;
  EXPECT_NE(text.find("https://bot.example.org/community"), std::string::npos) << text;

  // KẾT QUẢ, in another case and with its accents, is the same word.
  set_profile(contact_of(maria), "vi", "{}");
  text = joined(says(maria, "kết quả"));
  EXPECT_NE(text.find("Tất cả các khu phố: Nhà ở (6)"), std::string::npos) << text;
  EXPECT_EQ(text.find("Roxbury"), std::string::npos) << "no neighbourhood known: only the whole area";
}

TEST_F(TransparencyTest, ResultsWithTooFewAnswersSaysSo) {
  const std::string lee = "+16175550202";
  says(lee, "Hi");
  auto text = joined(says(lee, "RESULTS"));
  EXPECT_NE(text.find("Not enough people have answered yet"), std::string::npos) << text;
}

TEST_F(TransparencyTest, MyDataListsWhatIsKept) {
  const std::string ana = "+16175550203";
  says(ana, "Hello");
  auto id = contact_of(ana);
  set_profile(id, "en", R"({"neighbourhood":"mission_hill"})");
  std::int64_t request_id = 0;
  in_store([&](storage::Store& s) {
    s.consents().set(id, "service", true, 1);
    s.consents().set(id, "reports", false, 1);
    storage::RequestRecord r;
    r.contact_id = id;
    r.topic = "clinic";
    r.created_at = r.updated_at = 1;
    request_id = s.requests().create(r);
  });
  auto replies = says(ana, "mydata");
  ASSERT_FALSE(replies.empty());
  ASSERT_LE(replies.size(), 2u) << "one or two messages";
  auto text = joined(replies);
  EXPECT_NE(text.find("Details: neighbourhood: mission_hill"), std::string::npos) << text;
  EXPECT_NE(text.find("service: yes"), std::string::npos) << text;
  EXPECT_NE(text.find("reports: no"), std::string::npos) << text;
  EXPECT_NE(text.find("Channels: sms"), std::string::npos) << text;
  EXPECT_NE(text.find("#" + std::to_string(request_id) + " clinic (new)"), std::string::npos) << text;
  auto messages = db("SELECT COUNT(*) FROM messages WHERE contact_id = " + std::to_string(id) +
                     " AND id < (SELECT MAX(id) FROM messages WHERE direction = 'in')") +
                  1;
  EXPECT_NE(text.find("Messages: " + std::to_string(messages)), std::string::npos) << text;
}

TEST_F(TransparencyTest, DeleteAsksForConfirmationThenErasesEverythingButTheAnonymousAnswer) {
  const std::string kim = "+16175550204";
  says(kim, "Hello, my name is Kim Lee");
  auto id = contact_of(kim);
  set_profile(id, "en", R"({"neighbourhood":"roxbury","email":"kim@example.org"})");
  answer(id, "roxbury", "housing", true, "housing near Dudley");
  for (int i = 0; i < 4; ++i) answer(silent_contact("o" + std::to_string(i)), "roxbury", "housing");

  auto asked = joined(says(kim, "DELETE"));
  EXPECT_NE(asked.find("Text DELETE again within 15 minutes"), std::string::npos) << asked;
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts WHERE id = " + std::to_string(id)), 1) << "not before confirming";

  // A confirmation after the window only asks again.
  server_.clock().advance(16 * 60'000);
  asked = joined(says(kim, "delete"));
  EXPECT_NE(asked.find("Text DELETE again"), std::string::npos) << asked;
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts WHERE id = " + std::to_string(id)), 1);

  says(kim, "Delete.");
  auto who = std::to_string(id);
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts WHERE id = " + who), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE contact_id = " + who), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE body LIKE '%Kim%' OR body LIKE '%DELETE%' OR body LIKE '%elete%'"),
            0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM identities WHERE address = '" + kim + "' OR contact_id = " + who), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM outbox WHERE address = '" + kim + "' OR contact_id = " + who), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts WHERE fields LIKE '%kim@example.org%'"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM consents WHERE contact_id = " + who), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM sessions WHERE contact_id = " + who), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM erase_requests"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM results WHERE raw LIKE '%Dudley%'"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM results WHERE contact_id IS NULL AND category = 'housing'"), 1);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.erase' AND target_id = '" + who + "'"), 1);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE details LIKE '%" + kim + "%'"), 0);

  // Their answer still counts in the public aggregates: five people chose housing.
  auto data = json_of(http(server_.port(), "GET", "/community/data"));
  EXPECT_EQ(data["overall"]["counts"][0]["category"], "housing") << data.dump();
  EXPECT_EQ(data["overall"]["counts"][0]["count"]["count"], 5) << data.dump();
}

TEST_F(TransparencyTest, StaffEraseRecordsTheReasonAndRefusesBadInput) {
  auto staff = signed_in("ana@example.org", "staff");
  const std::string lee = "+16175550205";
  says(lee, "Hello");
  auto id = std::to_string(contact_of(lee));
  EXPECT_EQ(post(staff, "/api/contacts/" + id + "/erase", {{"reason", "x"}}).status, 400);
  EXPECT_EQ(post(staff, "/api/contacts/" + id + "/erase", {{"reason", "asked in person"}, {"extra", 1}}).status, 400);
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts WHERE id = " + id), 1) << "a refused request changes nothing";
  EXPECT_EQ(post(staff, "/api/contacts/" + id + "/erase", {{"reason", "asked in person"}}).status, 200);
  EXPECT_EQ(db("SELECT COUNT(*) FROM contacts WHERE id = " + id), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'contact.erase' AND target_id = '" + id +
               "' AND details LIKE '%asked in person%'"),
            1);
}

TEST_F(TransparencyTest, PublicDataNeedsNoSignInAndShowsNoSmallCountOrFreeText) {
  for (int i = 0; i < 5; ++i) answer(silent_contact("p" + std::to_string(i)), "jamaica_plain", "youth", true, "my son");
  answer(silent_contact("q"), "jamaica_plain", "food");
  answer(silent_contact("r"), "Somewhere Street 12", "food"); // not a neighbourhood of the poll: never listed
  auto reply = http(server_.port(), "GET", "/community/data");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body.find("my son"), std::string::npos);
  EXPECT_EQ(reply.body.find("Somewhere"), std::string::npos);
  auto data = json_of(reply);
  ASSERT_EQ(data["by_neighbourhood"].size(), 1u) << data.dump();
  const auto& jp = data["by_neighbourhood"][0];
  EXPECT_EQ(jp["neighbourhood"], "jamaica_plain");
  EXPECT_EQ(jp["respondents"]["count"], 6);
  EXPECT_EQ(jp["counts"][0]["count"]["count"], 5);
  EXPECT_TRUE(jp["counts"][1]["count"]["count"].is_null());
  EXPECT_EQ(jp["counts"][1]["count"]["display"], "fewer than 5");
  EXPECT_EQ(data["labels"]["categories"]["youth"]["es"], "Jóvenes") << data["labels"].dump();
  EXPECT_EQ(http(server_.port(), "POST", "/community/data", "{}").status, 405);
  auto page = http(server_.port(), "GET", "/community");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("/js/community.js"), std::string::npos);
}

TEST_F(TransparencyTest, ActionsMoveForwardWithPublicNotesAndBadInputChangesNothing) {
  auto staff = signed_in("ana@example.org", "staff");
  auto student = signed_in("sam@example.org", "student");
  json title{{"en", "Rents are rising in Roxbury"}, {"es", "Los alquileres suben en Roxbury"}};
  EXPECT_EQ(post(student, "/api/actions", {{"category", "housing"}, {"title", title}}).status, 403);
  EXPECT_EQ(post(staff, "/api/actions", {{"category", "pizza"}, {"title", title}}).status, 400);
  EXPECT_EQ(post(staff, "/api/actions", {{"category", "housing"}, {"title", {{"es", "solo"}}}}).status, 400);
  EXPECT_EQ(post(staff, "/api/actions", {{"category", "housing"}, {"title", {{"en", "x"}, {"fr", "y"}}}}).status, 400);
  EXPECT_EQ(post(staff, "/api/actions", {{"category", "housing"}, {"neighbourhood", "paris"}, {"title", title}}).status,
            400);
  EXPECT_EQ(db("SELECT COUNT(*) FROM actions"), 0);

  auto created = post(staff, "/api/actions", {{"category", "housing"}, {"neighbourhood", "roxbury"}, {"title", title}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = std::to_string(json_of(created)["action"]["id"].get<std::int64_t>());
  auto acting = post(staff, "/api/actions/" + id + "/steps",
                     {{"stage", "acting"}, {"note", {{"en", "Tenant clinic with Roxbury partners every Tuesday"}}}});
  ASSERT_EQ(acting.status, 201) << acting.body;
  EXPECT_EQ(post(staff, "/api/actions/" + id + "/steps", {{"stage", "discussed"}, {"note", {{"en", "back"}}}}).status,
            409);
  EXPECT_EQ(post(staff, "/api/actions/" + id + "/steps", {{"stage", "finished"}, {"note", {{"en", "?"}}}}).status, 400);
  EXPECT_EQ(post(staff, "/api/actions/999/steps", {{"stage", "done"}, {"note", {{"en", "?"}}}}).status, 404);
  EXPECT_EQ(db("SELECT COUNT(*) FROM action_steps"), 2);

  auto data = json_of(http(server_.port(), "GET", "/community/data"));
  ASSERT_EQ(data["actions"].size(), 1u);
  EXPECT_EQ(data["actions"][0]["stage"], "acting");
  EXPECT_EQ(data["actions"][0]["steps"][1]["note"]["en"], "Tenant clinic with Roxbury partners every Tuesday");
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action IN ('action.create', 'action.step')"), 2);
}

TEST_F(TransparencyTest, QuotesAreOnlyPublishedWhenApprovedAsAnonymised) {
  auto staff = signed_in("ana@example.org", "staff");
  EXPECT_EQ(
      post(staff, "/api/quotes", {{"text", "We need more clinics."}, {"language", "en"}, {"anonymised", false}}).status,
      400);
  EXPECT_EQ(
      post(staff, "/api/quotes", {{"text", "We need more clinics."}, {"language", "xx"}, {"anonymised", true}}).status,
      400);
  EXPECT_EQ(db("SELECT COUNT(*) FROM public_quotes"), 0);
  auto added =
      post(staff, "/api/quotes", {{"text", "We need more clinics."}, {"language", "en"}, {"anonymised", true}});
  ASSERT_EQ(added.status, 201) << added.body;
  auto data = json_of(http(server_.port(), "GET", "/community/data"));
  ASSERT_EQ(data["quotes"].size(), 1u);
  EXPECT_EQ(data["quotes"][0]["text"], "We need more clinics.");
}

class RetentionTest : public TransparencyTest {
 protected:
  RetentionTest() : TransparencyTest(json{{"retention", {{"message_days", 30}, {"check_minutes", 60}}}}) {}
};

TEST_F(RetentionTest, MessageBodiesOlderThanTheLimitAreEmptiedAndAnswersKeptAnonymised) {
  const std::string ray = "+16175550206";
  says(ray, "my private story about my landlord");
  auto id = contact_of(ray);
  answer(id, "roxbury", "housing", true, "landlord trouble");
  server_.clock().advance(20 * day_ms);
  says(ray, "a newer message");
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE body LIKE '%landlord%'"), 1) << "not yet 30 days old";

  server_.clock().advance(11 * day_ms); // the first message is now 31 days old
  EXPECT_TRUE(eventually([&] { return db("SELECT COUNT(*) FROM messages WHERE body LIKE '%landlord%'") == 0; }));
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE body = 'a newer message'"), 1) << "only old bodies go";
  EXPECT_GT(db("SELECT COUNT(*) FROM messages WHERE contact_id = " + std::to_string(id) + " AND body = ''"), 0)
      << "the rows stay (counts, delivery history)";
  EXPECT_EQ(db("SELECT COUNT(*) FROM results WHERE raw LIKE '%landlord%'"), 0);
  EXPECT_EQ(db("SELECT COUNT(*) FROM results WHERE category = 'housing'"), 1);
}

class BroadcastTest : public TransparencyTest {
 protected:
  // One recipient per batch, an hour apart: the test decides when each goes.
  // The last batch falls at 21:00 in Boston, so quiet hours (tested below)
  // are off here.
  BroadcastTest() : TransparencyTest(overrides()) {}
  static json overrides() {
    return json{{"transparency", {{"broadcast_batch", 1}, {"broadcast_pause_ms", 3'600'000}}},
                {"routing", {{"quiet_hours", false}}}};
  }
};

TEST_F(BroadcastTest, SkipsPeopleWhoOptedOutAndResumesAfterARestart) {
  auto staff = signed_in("ana@example.org", "staff");
  const std::vector<std::string> people{"+16175550211", "+16175550212", "+16175550213"};
  for (const auto& number : people) {
    says(number, "Hi");
    answer(contact_of(number), "roxbury", "housing");
  }
  says(people[1], "STOP");
  const std::string bystander = "+16175550219"; // never answered the poll
  says(bystander, "Hello");

  auto created = post(staff, "/api/actions", {{"category", "housing"}, {"title", {{"en", "Housing"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto action = json_of(created)["action"];
  auto action_id = std::to_string(action["id"].get<std::int64_t>());
  auto step = post(staff, "/api/actions/" + action_id + "/steps",
                   {{"stage", "acting"}, {"note", {{"en", "You said housing: we now run a tenant clinic."}}}});
  ASSERT_EQ(step.status, 201);
  auto step_id = std::to_string(json_of(step)["step_id"].get<std::int64_t>());
  auto path = "/api/actions/" + action_id + "/steps/" + step_id + "/broadcast";
  EXPECT_EQ(post(staff, path, {{"text", {{"fr", "non"}}}}).status, 400);
  EXPECT_EQ(db("SELECT COUNT(*) FROM broadcasts"), 0);
  auto started = post(staff, path);
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(post(staff, path).status, 409) << "a step is broadcast once";
  auto broadcast_id = std::to_string(json_of(started)["broadcast"]["id"].get<std::int64_t>());
  EXPECT_EQ(json_of(started)["broadcast"]["progress"]["total"], 3);

  // The first batch goes at once; the next waits an hour.
  EXPECT_TRUE(
      eventually([&] { return db("SELECT COUNT(*) FROM broadcast_recipients WHERE state <> 'pending'") == 1; }));
  auto first = replies_to(people[0]);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0], "You said housing: we now run a tenant clinic.");

  // Restart before the rest has gone.
  auto resume_at = server_.clock().now_ms() + 3'600'000 + 1000;
  server_.stop();
  auto config = api_config(dir_.path(), twilio_.base_url());
  config.merge_patch(overrides());
  TestServer again(config, std::make_shared<ManualClock>(resume_at));
  again.start();
  ASSERT_TRUE(eventually([&] {
    return again.db_int("SELECT COUNT(*) FROM broadcasts WHERE state = 'running'") == 1 &&
           again.db_int("SELECT COUNT(*) FROM broadcast_recipients WHERE state <> 'pending'") == 2;
  }));
  again.clock().advance(3'600'000 + 1000);
  ASSERT_TRUE(eventually([&] { return again.db_int("SELECT COUNT(*) FROM broadcasts WHERE state = 'done'") == 1; }));
  EXPECT_TRUE(eventually([&] {
    return again.db_int(
               "SELECT COUNT(*) FROM messages m JOIN broadcast_recipients b ON b.message_id = m.id "
               "WHERE m.status IN ('sent', 'delivered')") == 2;
  }));
  EXPECT_EQ(again.db_int("SELECT COUNT(*) FROM broadcast_recipients WHERE state = 'opted_out'"), 1);
  EXPECT_EQ(replies_to(people[2]).size(), 1u);
  EXPECT_TRUE(replies_to(people[1]).empty()) << "nobody who said STOP gets a broadcast";
  EXPECT_TRUE(replies_to(bystander).empty()) << "only the poll's participants";
  EXPECT_TRUE(replies_to(people[0]).empty()) << "nobody gets it twice";
  EXPECT_EQ(again.db_int("SELECT COUNT(*) FROM outbox WHERE kind = 'broadcast'"), 2);
  (void)broadcast_id;
}

class QuietHoursTest : public TransparencyTest {
 protected:
  // ManualClock starts at 2026-01-01 00:00 UTC: 19:00 the evening before in
  // Boston, the office's time zone, which routing's quiet hours follow.
  QuietHoursTest() : TransparencyTest(json{{"routing", {{"quiet_hours", {{"start", "18:00"}, {"end", "09:00"}}}}}}) {}
};

TEST_F(QuietHoursTest, ABroadcastInsideQuietHoursWaitsForTheMorning) {
  auto staff = signed_in("ana@example.org", "staff");
  const std::string pat = "+16175550221";
  says(pat, "Hi");
  answer(contact_of(pat), "roxbury", "food");
  auto created = post(staff, "/api/actions", {{"category", "food"}, {"title", {{"en", "Food"}}}});
  auto action_id = std::to_string(json_of(created)["action"]["id"].get<std::int64_t>());
  auto step_id = std::to_string(json_of(created)["action"]["steps"][0]["id"].get<std::int64_t>());
  ASSERT_EQ(post(staff, "/api/actions/" + action_id + "/steps/" + step_id + "/broadcast").status, 201);
  ASSERT_TRUE(eventually([&] { return db("SELECT COUNT(*) FROM broadcasts WHERE state = 'done'") == 1; }));
  auto morning = server_.clock().now_ms() + 14 * 3'600'000LL; // 09:00 in Boston
  EXPECT_EQ(db("SELECT next_attempt_at FROM outbox WHERE kind = 'broadcast'"), morning);
  EXPECT_TRUE(replies_to(pat).empty());
  server_.clock().set(morning + 1000);
  EXPECT_TRUE(eventually([&] { return twilio_.request_count() > 0 && !replies_to(pat).empty(); }));
}

class RepresentativenessTest : public TransparencyTest {
 protected:
  RepresentativenessTest()
      : TransparencyTest(json{{"transparency",
                               {{"flag_below", 0.8},
                                {"baselines",
                                 {{"neighbourhood", {{"roxbury", 0.5}, {"mission_hill", 0.2}, {"jamaica_plain", 0.3}}},
                                  {"language", {{"en", 0.6}, {"es", 0.4}}}}}}}}) {}
};

TEST_F(RepresentativenessTest, FlagsGroupsBelowTheirShareOfTheArea) {
  auto staff = signed_in("ana@example.org", "staff");
  for (int i = 0; i < 8; ++i) answer(silent_contact("r" + std::to_string(i)), "roxbury", "housing");
  for (int i = 0; i < 2; ++i) answer(silent_contact("m" + std::to_string(i)), "mission_hill", "food");
  auto reply = get(staff, "/api/reports/representativeness");
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto data = json_of(reply);
  const auto& hoods = data["dimensions"][0];
  ASSERT_EQ(hoods["dimension"], "neighbourhood");
  std::map<std::string, json> by_group;
  for (const auto& g : hoods["groups"]) by_group[g["group"].get<std::string>()] = g;
  EXPECT_FALSE(by_group["roxbury"]["under_represented"].get<bool>()) << hoods.dump();
  EXPECT_FALSE(by_group["mission_hill"]["under_represented"].get<bool>()) << "20% of answers, 20% of the area";
  EXPECT_TRUE(by_group["jamaica_plain"]["under_represented"].get<bool>()) << "nobody answered";
  const auto& languages = data["dimensions"][1];
  for (const auto& g : languages["groups"]) {
    if (g["group"] == "es") {
      EXPECT_TRUE(g["under_represented"].get<bool>());
      EXPECT_TRUE(g["share"].is_number()) << "no answer in Spanish: 0, nothing to hide";
    }
  }
  auto student = signed_in("sam@example.org", "student");
  EXPECT_EQ(get(student, "/api/reports/representativeness").status, 403);
}

} // namespace
} // namespace stoop::testing
