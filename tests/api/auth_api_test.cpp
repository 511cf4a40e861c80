// Signing in and out over real HTTP: 401 without a session, the cookie's
// flags, CSRF, lock-out, expiry, rate limits, disabled accounts.
#include "tests/api/api_support.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;
using AuthApi = ApiTest;

TEST_F(AuthApi, EveryApiPathAnswers401WithoutASession) {
  for (const char* path :
       {"/api/session", "/api/conversations", "/api/conversations/1", "/api/contacts", "/api/contacts/1",
        "/api/requests", "/api/requests/1", "/api/opportunities", "/api/users", "/api/teams", "/api/reports/priorities",
        "/api/reports/overview", "/api/flows", "/api/audit", "/api/live", "/api/no-such-thing"}) {
    auto reply = http(server_.port(), "GET", path);
    EXPECT_EQ(reply.status, 401) << path;
    EXPECT_EQ(json_of(reply)["error"], "sign in first") << path;
    EXPECT_EQ(http(server_.port(), "GET", path, "", {{"cookie", "stoop_session=forged"}}).status, 401) << path;
  }
  auto reply = http(server_.port(), "POST", "/api/conversations/1/reply", R"({"text":"hi"})",
                    {{"content-type", "application/json"}});
  EXPECT_EQ(reply.status, 401);
}

TEST_F(AuthApi, SignInSetsAStrictHttpOnlySecureCookieAndIsAudited) {
  auto id = add_user("ana@example.org", "staff");
  auto reply = http(server_.port(), "POST", "/api/session",
                    nlohmann::json{{"email", "ANA@example.org"}, {"password", good_password}}.dump(),
                    {{"content-type", "application/json"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto cookie = reply.header("set-cookie");
  EXPECT_EQ(cookie.rfind("stoop_session=", 0), 0u);
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Secure"), std::string::npos); // the test public_url is https
  auto body = json_of(reply);
  EXPECT_EQ(body["user"]["id"], id);
  EXPECT_EQ(body["user"]["role"], "staff");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_FALSE(body["user"].contains("password_hash"));

  Session session{cookie.substr(0, cookie.find(';')), body["csrf_token"], id};
  auto me = get(session, "/api/session");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(json_of(me)["csrf_token"], session.csrf);
  EXPECT_EQ(db("SELECT COUNT(*) FROM audit_log WHERE action = 'session.sign_in' AND target_id = '" +
               std::to_string(id) + "'"),
            1);
  // The token itself is never stored.
  auto token = session.cookie.substr(std::string("stoop_session=").size());
  EXPECT_EQ(db("SELECT COUNT(*) FROM web_sessions WHERE token_hash = '" + token + "'"), 0);
}

TEST_F(AuthApi, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  add_user("ana@example.org", "staff");
  auto wrong = http(server_.port(), "POST", "/api/session",
                    nlohmann::json{{"email", "ana@example.org"}, {"password", "not the password"}}.dump(),
                    {{"content-type", "application/json"}});
  auto unknown = http(server_.port(), "POST", "/api/session",
                      nlohmann::json{{"email", "nobody@example.org"}, {"password", "not the password"}}.dump(),
                      {{"content-type", "application/json"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.header("set-cookie").empty());
  EXPECT_EQ(http(server_.port(), "POST", "/api/session", "{", {{"content-type", "application/json"}}).status, 400);
  EXPECT_EQ(http(server_.port(), "POST", "/api/session", "email=a", {{"content-type", "text/plain"}}).status, 415);
  EXPECT_EQ(http(server_.port(), "POST", "/api/session", R"({"email":"a@b.c"})", {{"content-type", "application/json"}})
                .status,
            400);
}

TEST_F(AuthApi, RepeatedFailuresLockTheAccountForAWhile) {
  auto id = add_user("ana@example.org", "staff");
  auto attempt = [this](const std::string& password) {
    return http(server_.port(), "POST", "/api/session",
                nlohmann::json{{"email", "ana@example.org"}, {"password", password}}.dump(),
                {{"content-type", "application/json"}});
  };
  EXPECT_EQ(attempt("wrong one").status, 401);
  EXPECT_EQ(attempt("wrong two").status, 401);
  auto third = attempt("wrong three");
  EXPECT_EQ(third.status, 403);
  EXPECT_NE(json_of(third)["error"].get<std::string>().find("locked"), std::string::npos);
  // Locked: even the right password is refused, without being checked.
  EXPECT_EQ(attempt(good_password).status, 403);
  EXPECT_EQ(
      db("SELECT COUNT(*) FROM audit_log WHERE action = 'session.locked' AND target_id = '" + std::to_string(id) + "'"),
      1);
  server_.clock().advance(16 * 60'000);
  EXPECT_EQ(attempt(good_password).status, 200);
  EXPECT_EQ(db("SELECT failed_signins FROM users WHERE id = " + std::to_string(id)), 0);
}

TEST_F(AuthApi, StateChangesNeedTheCsrfTokenAndJson) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM1").status, 200);
  auto contact = contact_of("+16175550123");
  auto ana = signed_in("ana@example.org", "staff");
  auto path = "/api/conversations/" + std::to_string(contact) + "/reply";
  auto body = nlohmann::json{{"text", "Hi from Ana"}}.dump();
  auto no_token =
      http(server_.port(), "POST", path, body, {{"cookie", ana.cookie}, {"content-type", "application/json"}});
  EXPECT_EQ(no_token.status, 403);
  auto wrong = (ana.csrf[0] == '0' ? "1" : "0") + ana.csrf.substr(1);
  auto wrong_token = http(server_.port(), "POST", path, body,
                          {{"cookie", ana.cookie}, {"x-csrf-token", wrong}, {"content-type", "application/json"}});
  EXPECT_EQ(wrong_token.status, 403);
  auto form =
      http(server_.port(), "POST", path, "text=hi",
           {{"cookie", ana.cookie}, {"x-csrf-token", ana.csrf}, {"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE author LIKE 'staff:%'"), 0);
  EXPECT_EQ(post(ana, path, {{"text", "Hi from Ana"}}).status, 201);
  EXPECT_EQ(db("SELECT COUNT(*) FROM messages WHERE author LIKE 'staff:%'"), 1);
}

TEST_F(AuthApi, SignOutEndsTheSession) {
  auto ana = signed_in("ana@example.org", "staff");
  auto no_token = http(server_.port(), "DELETE", "/api/session", "", {{"cookie", ana.cookie}});
  EXPECT_EQ(no_token.status, 403);
  auto out = http(server_.port(), "DELETE", "/api/session", "", {{"cookie", ana.cookie}, {"x-csrf-token", ana.csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(get(ana, "/api/session").status, 401);
  EXPECT_EQ(db("SELECT COUNT(*) FROM web_sessions"), 0);
}

TEST_F(AuthApi, IdleSessionsExpire) {
  auto ana = signed_in("ana@example.org", "staff");
  server_.clock().advance(11 * 3'600'000);
  EXPECT_EQ(get(ana, "/api/session").status, 200); // used: the idle timer starts again
  server_.clock().advance(11 * 3'600'000);
  EXPECT_EQ(get(ana, "/api/session").status, 200);
  server_.clock().advance(13 * 3'600'000);
  EXPECT_EQ(get(ana, "/api/session").status, 401);
}

TEST_F(AuthApi, DisablingAUserEndsTheirSessions) {
  auto admin = signed_in("ada@example.org", "admin");
  auto ana = signed_in("ana@example.org", "staff");
  auto reply = call(admin, "PATCH", "/api/users/" + std::to_string(ana.user_id), {{"disabled", true}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(get(ana, "/api/session").status, 401);
  auto again = http(server_.port(), "POST", "/api/session",
                    nlohmann::json{{"email", "ana@example.org"}, {"password", good_password}}.dump(),
                    {{"content-type", "application/json"}});
  EXPECT_EQ(again.status, 401);
}

TEST_F(AuthApi, ChangingOnesPasswordKeepsThisSessionOnly) {
  add_user("ana@example.org", "staff");
  auto here = sign_in("ana@example.org");
  auto elsewhere = sign_in("ana@example.org");
  EXPECT_EQ(call(here, "PUT", "/api/session/password",
                 {{"current_password", "not it at all"}, {"new_password", "a brand new passphrase"}})
                .status,
            403);
  EXPECT_EQ(call(here, "PUT", "/api/session/password", {{"current_password", good_password}, {"new_password", "short"}})
                .status,
            400);
  EXPECT_EQ(call(here, "PUT", "/api/session/password",
                 {{"current_password", good_password}, {"new_password", "a brand new passphrase"}})
                .status,
            204);
  EXPECT_EQ(get(here, "/api/session").status, 200);
  EXPECT_EQ(get(elsewhere, "/api/session").status, 401);
  sign_in("ana@example.org", "a brand new passphrase");
}

class RateLimitedApi : public ApiTest {
 protected:
  RateLimitedApi() : ApiTest({{"rate_limits", {{"api_per_minute", 5}, {"signin_per_minute", 3}}}}) {}
};

TEST_F(RateLimitedApi, OverTheRateIs429) {
  auto ana = signed_in("ana@example.org", "staff");
  int limited = 0;
  for (int i = 0; i < 8; ++i) limited += get(ana, "/api/session").status == 429;
  EXPECT_GE(limited, 3);
  int refused = 0;
  for (int i = 0; i < 4; ++i) {
    refused += http(server_.port(), "POST", "/api/session", R"({"email":"x@y.z","password":"p"})",
                    {{"content-type", "application/json"}})
                   .status == 429;
  }
  EXPECT_GE(refused, 1);
  int anonymous = 0;
  for (int i = 0; i < 8; ++i) anonymous += http(server_.port(), "GET", "/api/conversations").status == 429;
  EXPECT_GE(anonymous, 3);
}

} // namespace
} // namespace stoop::testing
