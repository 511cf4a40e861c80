// Signing in and out, the current session, and changing one's own password.
#include "bot/api/dashboard_api.hpp"
#include "bot/api/input.hpp"
#include "bot/api/views.hpp"
#include "bot/blocking_worker.hpp"
#include "bot/rate_limiter.hpp"
#include "bot/store_thread.hpp"
#include "core/crypto.hpp"

namespace stoop::api {
namespace {

constexpr const char* wrong_credentials = "wrong email or password";
constexpr const char* locked_message =
    "too many failed sign-ins: this account is locked for a while; try again later "
    "or ask an admin to reset the password";

Actor anonymous(const std::string& remote_address, std::int64_t now) {
  return Actor{std::nullopt, "anonymous", remote_address, now};
}

} // namespace

void DashboardApi::add_session_routes() {
  router_.add("GET", "/api/session", Permission::signed_in, [this](ApiCall& c) { return current_session(c); });
  router_.add("DELETE", "/api/session", Permission::signed_in, [this](ApiCall& c) { return sign_out(c); });
  router_.add("PUT", "/api/session/password", Permission::signed_in, [this](ApiCall& c) { return change_password(c); });
  router_.add("GET", "/api/live", Permission::signed_in, [this](ApiCall& c) { return live_without_upgrade(c); });
}

nlohmann::json DashboardApi::session_body(const storage::UserRecord& user, const std::string& csrf_token) const {
  auto channels = nlohmann::json::array();
  for (const auto& channel : services_.config.channels)
    channels.push_back({{"id", channel.id}, {"type", channel.type}});
  return {{"user", user_json(user, true, services_.clock.now_ms())},
          {"csrf_token", csrf_token},
          {"channels", channels},
          {"languages", services_.config.languages}};
}

awaitable<void> DashboardApi::pretend_to_check(std::string password) {
  int iterations = services_.config.auth.pbkdf2_iterations;
  auto check = [this, password = std::move(password), iterations] {
    if (dummy_hash_.empty()) dummy_hash_ = hash_password("not a real password", iterations);
    return verify_password(password, dummy_hash_);
  };
  co_await services_.worker.run(std::move(check));
}

awaitable<HttpResponse> DashboardApi::sign_in(const HttpRequest& request) {
  if (!rates_.allow("signin:" + request.remote_address, services_.config.rate_limits.signin_per_minute)) {
    HttpResponse limited = error_reply(429, "too many sign-in attempts; wait a minute");
    limited.headers.emplace_back("retry-after", "60");
    co_return limited;
  }
  if (!has_json_content_type(request)) co_return error_reply(415, "send the body as application/json");
  auto body = parse_json_body(request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto email = reader.text("email", TextRule{1, 254, false}, true);
  auto password = reader.secret("password", 1024, true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());

  auto find = [email = *email](storage::Store& s) { return s.users().find_by_email(email); };
  auto user = co_await services_.store.read(std::move(find));
  auto now = services_.clock.now_ms();
  if (!user) {
    co_await pretend_to_check(*password);
    co_return error_reply(401, wrong_credentials);
  }
  auto refusal = auth::signin_refusal(*user, now);
  if (refusal == "locked") co_return error_reply(403, locked_message);
  if (!refusal.empty()) {
    co_await pretend_to_check(*password);
    co_return error_reply(401, wrong_credentials);
  }
  auto check = [password = *password, stored = user->password_hash] { return verify_password(password, stored); };
  bool good = co_await services_.worker.run(std::move(check));
  if (!good) co_return co_await refuse_sign_in(user->id, request.remote_address);

  auto token = auth::new_session_token();
  storage::WebSessionRecord session{auth::hash_token(token),
                                    user->id,
                                    random_hex(32),
                                    now,
                                    now,
                                    auth::session_expiry(services_.config.auth, now, now)};
  Actor actor{user->id, "user:" + std::to_string(user->id), request.remote_address, now};
  auto start = [session, actor](storage::Store& s) {
    s.users().clear_failed_signins(session.user_id);
    s.web_sessions().erase_expired(actor.now);
    s.web_sessions().create(session);
    actor.record(s, "session.sign_in", "user", std::to_string(session.user_id));
  };
  co_await services_.store.write(std::move(start));
  auto response = json_reply(200, session_body(*user, session.csrf_token));
  std::int64_t max_age = std::int64_t{services_.config.auth.session_max_hours} * 3600;
  response.headers.emplace_back(
      "set-cookie",
      auth::session_cookie(token, max_age, auth::public_url_is_https(services_.config.server.public_url)));
  co_return response;
}

awaitable<HttpResponse> DashboardApi::refuse_sign_in(std::int64_t user_id, std::string remote_address) {
  int max_failures = services_.config.auth.max_failed_signins;
  std::int64_t lock_ms = std::int64_t{services_.config.auth.lockout_minutes} * 60'000;
  auto actor = anonymous(remote_address, services_.clock.now_ms());
  auto count = [user_id, max_failures, lock_ms, actor](storage::Store& s) {
    int failures = s.users().record_failed_signin(user_id, max_failures, actor.now, lock_ms);
    bool locked = failures >= max_failures;
    actor.record(s, locked ? "session.locked" : "session.sign_in_failed", "user", std::to_string(user_id),
                 {{"failures", failures}});
    return locked;
  };
  bool locked = co_await services_.store.write(std::move(count));
  co_return locked ? error_reply(403, locked_message) : error_reply(401, wrong_credentials);
}

awaitable<HttpResponse> DashboardApi::current_session(ApiCall& call) {
  co_return json_reply(200, session_body(call.user, call.session.csrf_token));
}

awaitable<HttpResponse> DashboardApi::sign_out(ApiCall& call) {
  auto hash = call.session.token_hash;
  auto actor = call.actor();
  auto end = [hash, actor](storage::Store& s) {
    s.web_sessions().erase(hash);
    actor.record(s, "session.sign_out", "user", std::to_string(*actor.user_id));
  };
  co_await services_.store.write(std::move(end));
  close_live(hash, 0);
  auto response = empty_reply();
  response.headers.emplace_back(
      "set-cookie", auth::cleared_session_cookie(auth::public_url_is_https(services_.config.server.public_url)));
  co_return response;
}

awaitable<HttpResponse> DashboardApi::change_password(ApiCall& call) {
  auto body = parse_json_body(call.request);
  if (!body) co_return error_reply(400, body.error());
  BodyReader reader(*body);
  auto current = reader.secret("current_password", 1024, true);
  auto replacement = reader.secret("new_password", 1024, true);
  reader.finish();
  if (!reader.ok()) co_return error_reply(400, reader.error());
  if (auto problem = auth::check_password(*replacement, services_.config.auth); !problem.empty()) {
    co_return error_reply(400, "\"new_password\" " + problem);
  }
  int iterations = services_.config.auth.pbkdf2_iterations;
  auto rehash = [current = *current, replacement = *replacement, stored = call.user.password_hash, iterations] {
    return verify_password(current, stored) ? hash_password(replacement, iterations) : std::string();
  };
  auto hash = co_await services_.worker.run(std::move(rehash));
  if (hash.empty()) co_return error_reply(403, "the current password is wrong");
  auto session = call.session;
  auto actor = call.actor();
  // Other browsers signed in as this user are signed out; this one stays.
  auto save = [hash, session, actor](storage::Store& s) {
    s.users().set_password_hash(session.user_id, hash);
    s.web_sessions().erase_for_user(session.user_id);
    s.web_sessions().create(session);
    actor.record(s, "user.password_changed", "user", std::to_string(session.user_id));
  };
  co_await services_.store.write(std::move(save));
  co_return empty_reply();
}

} // namespace stoop::api
