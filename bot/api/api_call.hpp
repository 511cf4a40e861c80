// What every dashboard API handler gets: the services it may use, the signed-in
// caller, the ids from the path, and helpers to answer in JSON and to write
// audit rows inside the store job of the change they record.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/api/access.hpp"
#include "bot/asio.hpp"
#include "bot/auth.hpp"
#include "bot/config.hpp"
#include "core/clock.hpp"
#include "core/http_types.hpp"
#include "storage/store.hpp"

namespace stoop {
class BlockingWorker;
class LiveHub;
class Outbox;
class StoreThread;
} // namespace stoop

namespace stoop::api {

struct ApiServices {
  const Config& config;
  StoreThread& store;
  LiveHub& hub;
  BlockingWorker& worker;
  const Outbox& outbox;
  const Clock& clock;
  // Routing takes a request staff opened (offer, queue or escalate), inside
  // the store job that created it.
  std::function<void(storage::Store&, std::int64_t request_id)> open_request;
};

// Who did something and when: a plain value, so store jobs copy it.
struct Actor {
  std::optional<std::int64_t> user_id;
  std::string label; // "user:7", "cli", "system"
  std::string remote_address;
  std::int64_t now = 0;

  // Writes one audit row in the caller's transaction. Details name ids and
  // settings, never message text or addresses.
  void record(storage::Store& store, std::string_view action, std::string_view target_type, std::string_view target_id,
              const nlohmann::json& details = nlohmann::json::object()) const;
};

struct ApiCall {
  const HttpRequest& request;
  storage::UserRecord user;
  auth::Role role = auth::Role::student;
  storage::WebSessionRecord session;
  std::vector<std::int64_t> ids; // the {id} parts of the path, in order
  std::int64_t now = 0;

  Actor actor() const;
  std::string_view query() const { return request.query(); }
  std::int64_t id(std::size_t index = 0) const { return ids.at(index); }
};

using Handler = std::function<awaitable<HttpResponse>(ApiCall&)>;

HttpResponse json_reply(int status, const nlohmann::json& body);
HttpResponse error_reply(int status, std::string_view message);
// 204 No Content.
HttpResponse empty_reply();

// Tells open dashboards that something changed (ids only: each page fetches
// what it is allowed to see). Call after the change has committed.
void publish_change(LiveHub& hub, std::string_view type, std::int64_t id, std::string_view change);

// Milliseconds as an ISO 8601 UTC time, "2026-01-31T09:05:00Z".
std::string iso_time(std::int64_t ms);

} // namespace stoop::api
