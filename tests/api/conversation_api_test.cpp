// Conversations over real HTTP: the inbox, the transcript, replying as staff
// through a fake Twilio, the bot pausing while a person has taken over, and
// every change answered, refused and audited.
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

class ConversationApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ana_ = signed_in("ana@example.org", "staff");
  }
  std::string path(std::int64_t contact, const std::string& action = "") {
    return "/api/conversations/" + std::to_string(contact) + (action.empty() ? "" : "/" + action);
  }
  std::int64_t audit_rows(const std::string& action, std::int64_t contact) {
    return db("SELECT COUNT(*) FROM audit_log WHERE action = '" + action +
              "' AND target_type = 'conversation' AND "
              "target_id = '" +
              std::to_string(contact) + "' AND actor_user_id = " + std::to_string(ana_.user_id));
  }
  // Lets queued sends go out; returns how many the fake Twilio has received.
  std::size_t settled() {
    std::this_thread::sleep_for(400ms);
    return twilio_.request_count();
  }
  Session ana_;
};

TEST_F(ConversationApi, AnSmsAppearsInTheInboxAndViewingItIsAudited) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola <b>vecinos</b>", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  auto inbox = get(ana_, "/api/conversations");
  ASSERT_EQ(inbox.status, 200);
  auto rows = json_of(inbox)["conversations"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["contact_id"], contact);
  EXPECT_EQ(rows[0]["status"], "open");
  EXPECT_EQ(rows[0]["bot_paused"], false);

  EXPECT_EQ(audit_rows("conversation.view", contact), 0);
  auto detail = get(ana_, path(contact));
  ASSERT_EQ(detail.status, 200);
  auto body = json_of(detail);
  EXPECT_EQ(body["messages"][0]["text"], "Hola <b>vecinos</b>"); // as written; the page shows it as text
  EXPECT_EQ(body["messages"][0]["direction"], "in");
  EXPECT_EQ(body["contact"]["identities"][0]["address"], "+16175550123");
  EXPECT_EQ(audit_rows("conversation.view", contact), 1);
  EXPECT_EQ(get(ana_, path(9999)).status, 404);
  EXPECT_EQ(get(ana_, "/api/conversations?status=closed").status, 400);
}

TEST_F(ConversationApi, ReplyingAsStaffSendsThroughTwilioAndPausesTheBotUntilHandedBack) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  ASSERT_TRUE(sends(1)); // the bot's welcome
  auto before = settled();
  auto contact = contact_of("+16175550123");

  auto reply = post(ana_, path(contact, "reply"), {{"text", "Hi Maria, this is Ana from the office."}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(json_of(reply)["conversation"]["bot_paused"], true);
  EXPECT_EQ(json_of(reply)["conversation"]["taken_over_by"], ana_.user_id);
  ASSERT_TRUE(sends(before + 1));
  auto sent = twilio_.requests().back();
  EXPECT_EQ(sent.form_field("To"), "+16175550123");
  EXPECT_EQ(sent.form_field("Body"), "Hi Maria, this is Ana from the office.");
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE author = 'staff:" + std::to_string(ana_.user_id) + "'"), 1);
  EXPECT_EQ(db("SELECT COUNT(*) FROM outbox WHERE kind = 'staff'"), 1);
  EXPECT_EQ(audit_rows("conversation.reply", contact), 1);

  // Taken over: the bot says nothing to ordinary messages...
  ASSERT_EQ(server_.sms("+16175550123", "Thank you! Where is the clinic?", "SM2").status, 200);
  EXPECT_EQ(settled(), before + 1);
  // ...but consent words still work.
  ASSERT_EQ(server_.sms("+16175550123", "HELP", "SM3").status, 200);
  ASSERT_TRUE(sends(before + 2));

  auto back = post(ana_, path(contact, "hand-back"));
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(json_of(back)["conversation"]["bot_paused"], false);
  EXPECT_EQ(audit_rows("conversation.hand_back", contact), 1);
  ASSERT_EQ(server_.sms("+16175550123", "English", "SM4").status, 200);
  EXPECT_TRUE(sends(before + 3)); // the bot answers again
}

TEST_F(ConversationApi, TakingOverWithoutReplyingAlsoPausesTheBot) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  ASSERT_TRUE(sends(1));
  auto before = settled();
  auto contact = contact_of("+16175550123");
  ASSERT_EQ(post(ana_, path(contact, "take-over")).status, 200);
  ASSERT_EQ(server_.sms("+16175550123", "English", "SM2").status, 200);
  EXPECT_EQ(settled(), before);
  EXPECT_EQ(db("SELECT taken_over_by FROM conversations WHERE contact_id = " + std::to_string(contact)), ana_.user_id);
}

TEST_F(ConversationApi, AssignLabelNoteUrgentResolveAndReopen) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  auto team = add_team("Health navigation");
  auto student = add_user("sam@example.org", "student");

  auto assigned = post(ana_, path(contact, "assign"), {{"assignee_id", ana_.user_id}, {"team_id", team}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(json_of(assigned)["conversation"]["assignee_id"], ana_.user_id);
  EXPECT_EQ(json_of(assigned)["conversation"]["team_id"], team);
  EXPECT_EQ(post(ana_, path(contact, "assign"), {{"assignee_id", student}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "assign"), {{"assignee_id", 9999}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "assign"), {{"team_id", 9999}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "assign"), nlohmann::json::object()).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "assign"), {{"assignee_id", "me"}}).status, 400);

  auto labelled = call(ana_, "PUT", path(contact, "labels"), {{"labels", {"food", " housing ", "food"}}});
  ASSERT_EQ(labelled.status, 200);
  EXPECT_EQ(json_of(labelled)["conversation"]["labels"], nlohmann::json({"food", "housing"}));
  EXPECT_EQ(call(ana_, "PUT", path(contact, "labels"), {{"labels", {std::string(41, 'x')}}}).status, 400);
  EXPECT_EQ(call(ana_, "PUT", path(contact, "labels"), {{"labels", "food"}}).status, 400);

  EXPECT_EQ(post(ana_, path(contact, "notes"), {{"text", "Called the clinic; waiting to hear back."}}).status, 200);
  EXPECT_EQ(post(ana_, path(contact, "notes"), {{"text", "   "}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "urgent"), {{"urgent", true}}).status, 200);
  EXPECT_EQ(post(ana_, path(contact, "urgent"), {{"urgent", "yes"}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "take-over")).status, 200);

  auto resolved = post(ana_, path(contact, "resolve"));
  ASSERT_EQ(resolved.status, 200);
  EXPECT_EQ(json_of(resolved)["conversation"]["status"], "resolved");
  EXPECT_EQ(json_of(resolved)["conversation"]["bot_paused"], false); // resolving hands back
  EXPECT_EQ(post(ana_, path(contact, "reopen")).status, 200);

  auto filtered = json_of(get(ana_, "/api/conversations?assignee=me&label=food&urgent=1"));
  EXPECT_EQ(filtered["conversations"].size(), 1u);
  EXPECT_EQ(filtered["labels"], nlohmann::json({"food", "housing"}));
  EXPECT_EQ(json_of(get(ana_, "/api/conversations?assignee=none"))["conversations"].size(), 0u);
  EXPECT_EQ(json_of(get(ana_, "/api/conversations?team=" + std::to_string(team)))["conversations"].size(), 1u);
  EXPECT_EQ(json_of(get(ana_, "/api/conversations?search=hola"))["conversations"].size(), 1u);
  EXPECT_EQ(json_of(get(ana_, "/api/conversations?channel=web"))["conversations"].size(), 0u);

  auto detail = json_of(get(ana_, path(contact)));
  EXPECT_EQ(detail["notes"][0]["text"], "Called the clinic; waiting to hear back.");
  EXPECT_EQ(detail["notes"][0]["author_name"], "ana");
  for (const char* action : {"conversation.assign", "conversation.labels", "conversation.note", "conversation.urgent",
                             "conversation.take_over", "conversation.resolve", "conversation.reopen"}) {
    EXPECT_EQ(audit_rows(action, contact), 1) << action;
  }
  // Refused changes changed nothing and wrote no audit row.
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'conversation.assign'"), 1);
  for (const char* action : {"resolve", "reopen", "take-over", "hand-back"}) {
    EXPECT_EQ(post(ana_, path(9999, action)).status, 404) << action;
  }
  EXPECT_EQ(post(ana_, path(contact, "no-such-action")).status, 404);
  EXPECT_EQ(get(ana_, path(contact, "reply")).status, 405);
}

TEST_F(ConversationApi, ReplyingIsRefusedToSomeoneWhoOptedOut) {
  ASSERT_EQ(server_.sms("+16175550123", "STOP", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  auto reply = post(ana_, path(contact, "reply"), {{"text", "Are you sure?"}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE author LIKE 'staff:%'"), 0);
  EXPECT_EQ(post(ana_, path(contact, "reply"), {{"text", ""}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "reply"), {{"text", std::string(1601, 'a')}}).status, 400);
  EXPECT_EQ(post(ana_, path(contact, "reply"), {{"text", "hi"}, {"extra", 1}}).status, 400);
}

TEST_F(ConversationApi, TheLiveSocketTellsOfNewMessagesAndChanges) {
  EXPECT_THROW(LiveClient(server_.port(), "", public_url), std::exception);                      // no session
  EXPECT_THROW(LiveClient(server_.port(), ana_.cookie, "https://evil.example"), std::exception); // wrong origin
  EXPECT_THROW(LiveClient(server_.port(), ana_.cookie, ""), std::exception);                     // no origin
  LiveClient live(server_.port(), ana_.cookie, public_url);
  ASSERT_TRUE(live.wait_for([](const auto& f) { return f.value("type", "") == "hello"; }, 2s));
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  EXPECT_TRUE(live.wait_for(
      [&](const auto& f) {
        return f.value("type", "") == "message" && f.value("contact_id", std::int64_t{0}) == contact;
      },
      2s));
  ASSERT_EQ(post(ana_, path(contact, "resolve")).status, 200);
  EXPECT_TRUE(live.wait_for(
      [&](const auto& f) {
        return f.value("type", "") == "conversation" && f.value("change", "") == "conversation.resolve";
      },
      2s));

  // A student's socket hears nothing about conversations.
  auto sam = signed_in("sam@example.org", "student");
  LiveClient student(server_.port(), sam.cookie, public_url);
  ASSERT_TRUE(student.wait_for([](const auto& f) { return f.value("type", "") == "hello"; }, 2s));
  ASSERT_EQ(server_.sms("+16175550123", "again", "SM2").status, 200);
  EXPECT_TRUE(live.wait_for([](const auto& f) { return f.value("type", "") == "message"; }, 2s));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(student.frames().size(), 1u);

  // Signing out closes the socket of that session.
  ASSERT_EQ(
      http(server_.port(), "DELETE", "/api/session", "", {{"cookie", ana_.cookie}, {"x-csrf-token", ana_.csrf}}).status,
      204);
  EXPECT_TRUE(live.wait_closed(2s));
}

} // namespace
} // namespace stoop::testing
