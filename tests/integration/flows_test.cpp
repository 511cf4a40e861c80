// The flow engine wired into the server: first contact through the welcome
// flow and the priorities poll over SMS, results and consents stored, a timeout
// fired by the scheduler, a restart in the middle, STOP in the middle, a request
// opened by the intake flow, and the flow checker on the command line.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <fstream>

#include "tests/support/fake_provider.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

// A person on SMS: says something and reads every reply that comes back.
class Person {
 public:
  Person(TestServer& server, FakeProvider& twilio, std::string number)
      : server_(server), twilio_(twilio), number_(std::move(number)) {}

  std::vector<std::string> says(const std::string& text) {
    static std::atomic<int> next_sid{0}; // unique across Person objects and restarts
    EXPECT_EQ(server_.sms(number_, text, "SM" + number_ + "-" + std::to_string(++next_sid)).status, 200);
    return replies();
  }
  // Replies that arrived since the last look, once they stop coming.
  std::vector<std::string> replies() {
    std::size_t before = seen_;
    for (int quiet = 0; quiet < 4;) {
      std::this_thread::sleep_for(50ms);
      auto now = twilio_.request_count();
      quiet = now == before ? quiet + 1 : 0;
      before = now;
    }
    std::vector<std::string> out;
    auto requests = twilio_.requests();
    for (std::size_t i = seen_; i < requests.size(); ++i) {
      if (requests[i].form_field("To") == number_) out.push_back(requests[i].form_field("Body"));
    }
    seen_ = requests.size();
    return out;
  }

 private:
  TestServer& server_;
  FakeProvider& twilio_;
  std::string number_;
  std::size_t seen_ = 0;
};

// What the scheduler sends when a wait times out: one message, the flow's
// "for now", once it comes.
void expect_the_timeout_message(Person& person) {
  std::vector<std::string> replies;
  for (int i = 0; i < 20 && replies.empty(); ++i) replies = person.replies();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].find("leave it here for now"), std::string::npos) << replies[0];
}

bool any_contains(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts) {
    if (t.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(FlowsOverSms, FirstContactRunsWelcomeConsentAndThePollInSpanish) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person maria(server, twilio, "+16175550123");

  EXPECT_TRUE(any_contains(maria.says("Hola"), "Elija su idioma"));
  auto replies = maria.says("2");
  EXPECT_TRUE(any_contains(replies, "Somos la Oficina"));
  EXPECT_TRUE(any_contains(replies, "guardar su número"));
  EXPECT_TRUE(any_contains(maria.says("sí"), "informes"));
  EXPECT_TRUE(any_contains(maria.says("SI"), "barrio"));
  EXPECT_TRUE(any_contains(maria.says("Roxbury"), "más de una opción"));
  EXPECT_TRUE(any_contains(maria.says("1, 3"), "futuros médicos"));
  EXPECT_TRUE(any_contains(maria.says("Que nos escuchen"), "RESULTADOS"));

  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM contacts WHERE language = 'es'"), 1);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM consents WHERE granted = 1"), 2);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM results WHERE name = 'neighbourhood' AND category = 'roxbury'"), 1);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM results WHERE name = 'priorities' AND in_reports = 1 "
                          "AND neighbourhood = 'roxbury' AND category IN ('access_to_care', 'housing')"),
            2);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM results WHERE name = 'doctors_learn' AND raw = 'Que nos escuchen'"), 1);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM contacts WHERE groups_json LIKE '%poll_participants%'"), 1);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM sessions"), 0); // the poll ended, and its last wait with it
  server.clock().advance(30LL * 24 * 3'600'000);
  EXPECT_TRUE(maria.replies().empty()); // nothing left to time out
}

// A step that changes none of the contact's fields leaves them as they were
// stored, to the byte; one that sets a field writes them all back, the others kept.
TEST(FlowsOverSms, FieldsAreWrittenBackOnlyWhenAStepChangesThem) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person ana(server, twilio, "+16175550125");
  EXPECT_TRUE(any_contains(ana.says("Hi"), "Choose your language"));
  {
    SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec(R"(UPDATE contacts SET fields = '{ "note" : "as written" }')");
  }
  const std::string as_written = R"(SELECT COUNT(*) FROM contacts WHERE fields = '{ "note" : "as written" }')";
  EXPECT_TRUE(any_contains(ana.says("1"), "May we keep your number"));
  EXPECT_TRUE(any_contains(ana.says("yes"), "reports"));
  auto neighbourhood_question = ana.says("yes");
  EXPECT_EQ(server.db_int(as_written), 1); // answers saved, consents recorded: no field changed
  EXPECT_GE(server.db_int("SELECT COUNT(*) FROM results"), 2);
  ana.says("Roxbury");
  EXPECT_EQ(server.db_int(as_written), 0);
  EXPECT_EQ(server.db_int(R"(SELECT COUNT(*) FROM contacts WHERE fields = '{"neighbourhood":"roxbury","note":"as written"}')"), 1);
}

TEST(FlowsOverSms, AnUnansweredQuestionTimesOutThroughTheScheduler) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person ana(server, twilio, "+16175550124");
  ana.says("Hi");
  EXPECT_TRUE(any_contains(ana.says("1"), "May we keep your number"));
  // The wait's deadline is the session's wake time, in its own row.
  const std::string waiting = "SELECT COUNT(*) FROM sessions WHERE wake_at = json_extract(state, '$.deadline_ms')";
  EXPECT_EQ(server.db_int(waiting), 1);

  server.clock().advance(2 * 24 * 3'600'000LL); // two days: not yet
  EXPECT_TRUE(ana.replies().empty());
  server.clock().advance(24 * 3'600'000LL + 60'000);
  expect_the_timeout_message(ana);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM sessions WHERE wake_at IS NOT NULL"), 0); // woken once
  server.clock().advance(7 * 24 * 3'600'000LL);
  EXPECT_TRUE(ana.replies().empty()); // nothing fires twice
}

// An answer moves the wait's deadline to the next question's. The session's
// wake time, set for the first question, is left where it was (moving it at
// every answer rewrote its index entry): at the first deadline the session
// wakes, finds its deadline later, says nothing and sleeps until then; at the
// second the wait times out.
TEST(FlowsOverSms, AnAnswerMovesTheDeadlineAndTheWakeFollowsIt) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person ana(server, twilio, "+16175550127");
  ana.says("Hi");
  ana.says("1");
  const std::string wake = "SELECT wake_at FROM sessions";
  const std::string deadline = "SELECT json_extract(state, '$.deadline_ms') FROM sessions";
  auto first_deadline = server.db_int(wake);
  ASSERT_EQ(server.db_int(deadline), first_deadline);
  server.clock().advance(3'600'000);
  EXPECT_TRUE(any_contains(ana.says("yes"), "community reports"));
  EXPECT_EQ(server.db_int(deadline), first_deadline + 3'600'000); // the next question's
  EXPECT_EQ(server.db_int(wake), first_deadline);                 // left as it was

  server.clock().set(first_deadline);
  for (int i = 0; i < 40 && server.db_int(wake) == first_deadline; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(server.db_int(wake), first_deadline + 3'600'000); // woken early: on to the deadline
  EXPECT_TRUE(ana.replies().empty());                         // without a word: the wait goes on

  server.clock().advance(3'600'000);
  expect_the_timeout_message(ana);
}

// A wait whose deadline passed while the server was down (the clock jumps far
// past it) times out once, at the next look.
TEST(FlowsOverSms, AWaitLongPastItsDeadlineTimesOutOnce) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person ana(server, twilio, "+16175550128");
  ana.says("Hi");
  ana.says("1");
  server.clock().advance(3'600'000);
  ana.says("yes");
  server.clock().advance(30LL * 24 * 3'600'000);
  expect_the_timeout_message(ana);
  server.clock().advance(30LL * 24 * 3'600'000);
  EXPECT_TRUE(ana.replies().empty());
}

TEST(FlowsOverSms, ARestartInTheMiddleCarriesOn) {
  TempDir dir;
  FakeProvider twilio;
  auto config = base_config(dir.path(), twilio.base_url());
  auto clock = std::make_shared<ManualClock>();
  {
    TestServer server(config, clock);
    server.start();
    Person kim(server, twilio, "+16175550125");
    kim.says("Hello");
    EXPECT_TRUE(any_contains(kim.says("1"), "May we keep your number"));
    server.stop();
  }
  TestServer again(config, clock);
  again.start();
  Person kim(again, twilio, "+16175550125");
  kim.replies(); // what was sent before the restart
  EXPECT_TRUE(any_contains(kim.says("yes"), "community reports"));
}

TEST(FlowsOverSms, StopInTheMiddleEndsTheFlowAndItsTimer) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person lee(server, twilio, "+16175550126");
  lee.says("Hi");
  lee.says("1");
  ASSERT_EQ(server.db_int("SELECT COUNT(*) FROM sessions"), 1);
  auto replies = lee.says("STOP");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].find("unsubscribed"), std::string::npos);
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM sessions"), 0); // and its wait with it
  server.clock().advance(10 * 24 * 3'600'000LL);
  EXPECT_TRUE(lee.says("yes please").empty()); // opted out: silence, whatever they send
}

TEST(FlowsOverSms, TheIntakeFlowOpensANumberedRequest) {
  TempDir dir;
  FakeProvider twilio;
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  Person maria(server, twilio, "+16175550127");
  maria.says("Hola");
  maria.says("2");
  maria.says("si");
  maria.says("si");
  maria.says("1");
  maria.says("1");
  maria.says("nada");
  // Now the request intake, by its keyword; every question answered.
  std::vector<std::string> replies = maria.says("SOLICITUD");
  for (int i = 0; i < 8 && !any_contains(replies, "#"); ++i) replies = maria.says("1");
  EXPECT_TRUE(any_contains(replies, "Su solicitud es la #1")) << (replies.empty() ? "" : replies.back());
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM requests WHERE kind = 'help' AND topic <> ''"), 1);
  // Routing takes it from there; with nobody to offer it to, on-call staff are its last resort.
  EXPECT_EQ(server.db_int("SELECT COUNT(*) FROM requests WHERE status = 'escalated'"), 1);
}

TEST(FlowsCheck, ValidFlowsPassAndErrorsNameFileAndPointer) {
  std::vector<std::string> args{"flows", "check"};
  for (const auto& entry : std::filesystem::directory_iterator(std::string(STOOP_SOURCE_DIR) + "/config/flows")) {
    args.push_back(entry.path().string());
  }
  auto ok = run_stoop(args);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;

  TempDir dir;
  std::ofstream(dir.file("bad.json")) << R"({"id": "bad", "default_language": "en", "languages": ["en"],
    "nodes": [{"id": "a", "type": "send", "text": {"en": "hi"}, "next": "nowhere"}]})";
  auto bad = run_stoop({"flows", "check", dir.file("bad.json")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(dir.file("bad.json") + ": /nodes/0/next: "), std::string::npos) << bad.err;
  EXPECT_EQ(run_stoop({"flows", "check"}).exit_code, 2);
}

TEST(FlowsCheck, TheServerRefusesToStartOnAnInvalidFlow) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("flows"));
  std::ofstream(dir.file("flows/bad.json")) << R"({"id": "bad", "nodes": []})";
  auto config = base_config(dir.path());
  config["flows_dir"] = dir.file("flows");
  std::ofstream(dir.file("config.json")) << config.dump();
  auto result = run_stoop({"serve", "--config", dir.file("config.json")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("invalid flows, not starting: " + dir.file("flows/bad.json")), std::string::npos)
      << result.err;
}

} // namespace
} // namespace stoop::testing
