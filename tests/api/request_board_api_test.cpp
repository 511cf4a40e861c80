// The request board follows routing: a request routing offers and a student
// accepts by text shows its status, holder and history over the API, and each
// change reaches open dashboards on the live socket. A student sees the
// requests offered to them and those they hold, and no other.
#include <algorithm>

#include "bot/routing/routing.hpp"
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* student_phone = "+16175550177";

class RequestBoardApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ana_ = signed_in("ana@example.org", "staff");
    auto bo = add_user("bo@example.org", "student");
    in_store([&](storage::Store& s) {
      auto user = s.users().get(bo);
      user->languages_json = R"(["es"])";
      user->reach_channel = "sms";
      user->reach_address = student_phone;
      s.users().update_profile(*user);
    });
  }

  // A request from a member, opened the way the intake flow opens one.
  std::int64_t open_request() {
    EXPECT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
    auto contact = contact_of("+16175550123");
    std::int64_t id = 0;
    in_store([&](storage::Store& s) {
      storage::RequestRecord r;
      r.contact_id = contact;
      r.topic = "find_care";
      r.language = "es";
      r.created_at = r.updated_at = server_.clock().now_ms();
      id = s.requests().create(r);
      server_.app().routing().request_opened(s, id);
    });
    return id;
  }

  static auto change_of(std::int64_t id, const std::string& change) {
    return [id, change](const nlohmann::json& f) {
      return f.value("type", "") == "request" && f.value("id", std::int64_t{0}) == id && f.value("change", "") == change;
    };
  }

  Session ana_;
};

TEST_F(RequestBoardApi, RoutingChangesShowOnTheBoardAndGoLive) {
  LiveClient live(server_.port(), ana_.cookie, public_url);
  ASSERT_TRUE(live.wait_for([](const auto& f) { return f.value("type", "") == "hello"; }, 2s));
  auto id = open_request();
  EXPECT_TRUE(live.wait_for(change_of(id, "request.offered"), 2s));
  auto offered = json_of(get(ana_, "/api/requests?status=offered"))["requests"];
  ASSERT_EQ(offered.size(), 1u);
  EXPECT_EQ(offered[0]["id"], id);

  // Offered to Bo: Bo sees it waiting for an answer; another student does not.
  auto bo = sign_in("bo@example.org");
  auto mine = json_of(get(bo, "/api/requests"))["requests"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["status"], "offered");
  EXPECT_FALSE(mine[0].contains("contact_id"));
  EXPECT_EQ(get(bo, "/api/requests/" + std::to_string(id)).status, 200);
  auto cy = signed_in("cy@example.org", "student");
  EXPECT_TRUE(json_of(get(cy, "/api/requests"))["requests"].empty());
  EXPECT_EQ(get(cy, "/api/requests/" + std::to_string(id)).status, 403);

  ASSERT_EQ(server_.sms(student_phone, "ACCEPT " + std::to_string(id), "SM2").status, 200);
  EXPECT_TRUE(live.wait_for(change_of(id, "request.accepted"), 2s));
  auto detail = get(ana_, "/api/requests/" + std::to_string(id));
  ASSERT_EQ(detail.status, 200) << detail.body;
  auto request = json_of(detail)["request"];
  EXPECT_EQ(request["status"], "accepted");
  EXPECT_EQ(request["assignee_name"], "bo");
  std::vector<std::string> actions;
  for (const auto& e : request["history"]) actions.push_back(e["action"].get<std::string>());
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions.back(), "accepted");
  EXPECT_NE(std::find(actions.begin(), actions.end(), "offered"), actions.end());
  EXPECT_EQ(request["history"].back()["actor"], "user:" + std::to_string(request["assignee_id"].get<std::int64_t>()));

  // The student sees the request they hold, without its history or the member.
  auto theirs = json_of(get(bo, "/api/requests/" + std::to_string(id)))["request"];
  EXPECT_EQ(theirs["status"], "accepted");
  EXPECT_FALSE(theirs.contains("history"));
  EXPECT_FALSE(theirs.contains("contact_id"));
}

TEST_F(RequestBoardApi, StaffOpenARequestThatRoutingTakes) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  nlohmann::json body{{"contact_id", contact}, {"topic", "find_care"}, {"language", "es"},
                      {"details", "Called the office: needs a clinic"}};
  auto sam = signed_in("sam@example.org", "student");
  EXPECT_EQ(post(sam, "/api/requests", body).status, 403);
  EXPECT_EQ(post(ana_, "/api/requests", {{"contact_id", contact}}).status, 400);
  EXPECT_EQ(post(ana_, "/api/requests", {{"contact_id", contact}, {"topic", "find_care"}, {"language", "xx"}}).status,
            400);
  EXPECT_EQ(post(ana_, "/api/requests", {{"contact_id", 999}, {"topic", "find_care"}}).status, 400);
  EXPECT_EQ(db("SELECT COUNT(*) FROM requests"), 0);

  auto created = post(ana_, "/api/requests", body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto request = json_of(created)["request"];
  EXPECT_EQ(request["status"], "offered"); // Bo speaks Spanish and is free
  EXPECT_EQ(db("SELECT COUNT(*) FROM request_offers WHERE outcome = 'pending' AND user_id = "
               "(SELECT id FROM users WHERE email = 'bo@example.org')"),
            1);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'request.create' AND actor_user_id = " +
               std::to_string(ana_.user_id)),
            1);

  ASSERT_EQ(server_.sms("+16175550123", "STOP", "SM2").status, 200);
  EXPECT_EQ(post(ana_, "/api/requests", body).status, 409);
  EXPECT_EQ(db("SELECT COUNT(*) FROM requests"), 1);
}

} // namespace
} // namespace stoop::testing
