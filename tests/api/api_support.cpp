#include "tests/api/api_support.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "bot/asio.hpp"
#include "bot/store_thread.hpp"
#include "core/crypto.hpp"

namespace stoop::testing {
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

nlohmann::json api_config(const std::string& dir, const std::string& twilio_base) {
  auto config = base_config(dir, twilio_base);
  config["auth"] = {{"pbkdf2_iterations", 1000}, {"max_failed_signins", 3}, {"lockout_minutes", 15}};
  config["server"]["dashboard_dir"] = std::string(STOOP_SOURCE_DIR) + "/dashboard";
  return config;
}

ApiTest::ApiTest(const nlohmann::json& overrides)
    : server_([&] {
        auto config = api_config(dir_.path(), twilio_.base_url());
        config.merge_patch(overrides);
        return config;
      }()) {}

std::int64_t ApiTest::add_user(const std::string& email, const std::string& role, std::optional<std::int64_t> team) {
  storage::UserRecord user;
  user.email = email;
  user.name = email.substr(0, email.find('@'));
  user.role = role;
  user.password_hash = hash_password(good_password, 1000);
  user.team_id = team;
  user.created_at = server_.clock().now_ms();
  std::int64_t id = 0;
  in_store([&](storage::Store& s) { id = s.users().create(user).id; });
  return id;
}

std::int64_t ApiTest::add_team(const std::string& name) {
  storage::TeamRecord team;
  team.name = name;
  team.created_at = 1;
  std::int64_t id = 0;
  in_store([&](storage::Store& s) { id = s.users().create_team(team).id; });
  return id;
}

Session ApiTest::sign_in(const std::string& email, const std::string& password) {
  auto reply =
      http(server_.port(), "POST", "/api/session", nlohmann::json{{"email", email}, {"password", password}}.dump(),
           {{"content-type", "application/json"}});
  EXPECT_EQ(reply.status, 200) << reply.body;
  Session session;
  auto cookie = reply.header("set-cookie");
  session.cookie = cookie.substr(0, cookie.find(';'));
  auto body = json_of(reply);
  session.csrf = body.value("csrf_token", "");
  if (body.contains("user")) session.user_id = body["user"].value("id", std::int64_t{0});
  return session;
}

Reply ApiTest::get(const Session& session, const std::string& path) {
  return http(server_.port(), "GET", path, "", {{"cookie", session.cookie}});
}

Reply ApiTest::call(const Session& session, const std::string& method, const std::string& path,
                    const nlohmann::json& body) {
  return http(server_.port(), method, path, body.dump(),
              {{"cookie", session.cookie}, {"x-csrf-token", session.csrf}, {"content-type", "application/json"}});
}

nlohmann::json ApiTest::json_of(const Reply& reply) {
  auto parsed = nlohmann::json::parse(reply.body, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json::object() : parsed;
}

void ApiTest::in_store(const std::function<void(storage::Store&)>& fn) {
  server_.app().store().write_now([&fn](storage::Store& s) { fn(s); });
}

std::int64_t ApiTest::contact_of(const std::string& phone) const {
  return server_.db_int("SELECT contact_id FROM identities WHERE address = '" + phone + "'");
}

struct LiveClient::Impl {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
};

LiveClient::LiveClient(std::uint16_t port, const std::string& cookie, const std::string& origin)
    : impl_(std::make_unique<Impl>()) {
  auto& ws = impl_->ws;
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws.set_option(websocket::stream_base::decorator([cookie, origin](websocket::request_type& request) {
    if (!cookie.empty()) request.set(beast::http::field::cookie, cookie);
    if (!origin.empty()) request.set(beast::http::field::origin, origin);
  }));
  ws.handshake("127.0.0.1:" + std::to_string(port), "/api/live"); // throws when refused
  reader_ = std::thread([this] {
    while (true) {
      beast::flat_buffer buffer;
      boost::system::error_code ec;
      impl_->ws.read(buffer, ec);
      std::lock_guard lock(mutex_);
      if (ec) {
        closed_ = true;
        changed_.notify_all();
        return;
      }
      frames_.push_back(nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false));
      changed_.notify_all();
    }
  });
}

LiveClient::~LiveClient() {
  boost::system::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
  if (reader_.joinable()) reader_.join();
}

bool LiveClient::wait_for(const std::function<bool(const nlohmann::json&)>& predicate,
                          std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    for (const auto& frame : frames_) {
      if (predicate(frame)) return true;
    }
    return false;
  });
}

bool LiveClient::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return closed_; });
}

std::vector<nlohmann::json> LiveClient::frames() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

bool LiveClient::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

} // namespace stoop::testing
