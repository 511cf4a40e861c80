// Sign-in rules as pure functions: cookies, expiry, CSRF, Origin, shapes.
#include <gtest/gtest.h>

#include "bot/auth.hpp"

namespace stoop::auth {
namespace {

HttpRequest with_headers(std::vector<Header> headers) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/api/live";
  request.headers = std::move(headers);
  return request;
}

TEST(Auth, RolesRoundTrip) {
  for (auto role : {Role::admin, Role::staff, Role::student}) EXPECT_EQ(parse_role(to_string(role)), role);
  EXPECT_FALSE(parse_role("root"));
  EXPECT_FALSE(parse_role("Admin"));
}

TEST(Auth, SessionCookieIsHttpOnlyStrictAndSecureOnHttps) {
  auto cookie = session_cookie("abc", 3600, true);
  EXPECT_EQ(cookie, "stoop_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure");
  EXPECT_EQ(session_cookie("abc", 60, false).find("Secure"), std::string::npos);
  EXPECT_NE(cleared_session_cookie(false).find("Max-Age=0"), std::string::npos);
  EXPECT_TRUE(public_url_is_https("HTTPS://bot.example.org"));
  EXPECT_FALSE(public_url_is_https("http://127.0.0.1:8080"));
}

TEST(Auth, CookieValueFindsTheNamedCookie) {
  EXPECT_EQ(cookie_value("a=1; stoop_session=xyz ; b=2", "stoop_session"), "xyz");
  EXPECT_EQ(cookie_value("stoop_session_old=1", "stoop_session"), "");
  EXPECT_EQ(cookie_value("", "stoop_session"), "");
}

TEST(Auth, TokensAreRandomAndOnlyTheirHashIsKept) {
  auto a = new_session_token();
  auto b = new_session_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(hash_token(a), hash_token(a));
  EXPECT_NE(hash_token(a), a);
}

TEST(Auth, SessionsSlideButNeverOutliveTheirMaximum) {
  AuthConfig config;
  config.session_idle_minutes = 60;
  config.session_max_hours = 2;
  EXPECT_EQ(session_expiry(config, 0, 0), 3'600'000);
  EXPECT_EQ(session_expiry(config, 0, 3'000'000), 6'600'000);
  EXPECT_EQ(session_expiry(config, 0, 7'000'000), 7'200'000);
  storage::WebSessionRecord session;
  session.expires_at = 100;
  EXPECT_TRUE(session_is_live(session, 99));
  EXPECT_FALSE(session_is_live(session, 100));
}

TEST(Auth, CsrfNeedsTheSessionsToken) {
  storage::WebSessionRecord session;
  session.csrf_token = "token-1";
  EXPECT_TRUE(csrf_matches(with_headers({{"x-csrf-token", "token-1"}}), session));
  EXPECT_FALSE(csrf_matches(with_headers({{"x-csrf-token", "token-2"}}), session));
  EXPECT_FALSE(csrf_matches(with_headers({}), session));
  EXPECT_TRUE(is_state_changing("POST"));
  EXPECT_TRUE(is_state_changing("DELETE"));
  EXPECT_FALSE(is_state_changing("GET"));
}

TEST(Auth, OriginMustBeThePublicUrlOrTheHost) {
  const char* public_url = "https://bot.example.org";
  EXPECT_TRUE(origin_allowed(with_headers({{"origin", "https://bot.example.org"}}), public_url));
  EXPECT_TRUE(origin_allowed(with_headers({{"origin", "https://BOT.example.org:443"}}), public_url));
  EXPECT_TRUE(
      origin_allowed(with_headers({{"origin", "http://127.0.0.1:8080"}, {"host", "127.0.0.1:8080"}}), public_url));
  EXPECT_FALSE(
      origin_allowed(with_headers({{"origin", "https://evil.example"}, {"host", "127.0.0.1:8080"}}), public_url));
  EXPECT_FALSE(origin_allowed(with_headers({{"origin", "https://bot.example.org.evil.example"}}), public_url));
  EXPECT_FALSE(origin_allowed(with_headers({}), public_url));
  EXPECT_FALSE(origin_allowed(with_headers({{"origin", "null"}}), public_url));
}

TEST(Auth, SigninRefusals) {
  storage::UserRecord user;
  user.password_hash = "x";
  EXPECT_EQ(signin_refusal(user, 10), "");
  user.locked_until = 20;
  EXPECT_EQ(signin_refusal(user, 10), "locked");
  EXPECT_EQ(signin_refusal(user, 20), "");
  user.disabled = true;
  EXPECT_NE(signin_refusal(user, 30), "");
  user.disabled = false;
  user.password_hash.clear();
  EXPECT_NE(signin_refusal(user, 30), "");
}

TEST(Auth, EmailAndPasswordShapes) {
  EXPECT_EQ(check_email("ana@example.org"), "");
  for (const char* bad : {"", "ana", "@example.org", "ana@", "a@b@c", "ana @example.org", "<a@b.c>"}) {
    EXPECT_NE(check_email(bad), "") << bad;
  }
  AuthConfig config;
  config.min_password_length = 12;
  EXPECT_EQ(check_password("correct horse battery", config), "");
  EXPECT_NE(check_password("short", config), "");
  EXPECT_EQ(check_password("密码密码密码密码密码密码", config), ""); // twelve characters, thirty-six bytes
  EXPECT_NE(check_password("\xff\xfe not utf-8 at all", config), "");
}

} // namespace
} // namespace stoop::auth
