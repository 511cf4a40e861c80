#include "bot/api/api_call.hpp"

#include <ctime>

#include "bot/live_hub.hpp"

namespace stoop::api {

void Actor::record(storage::Store& store, std::string_view action, std::string_view target_type,
                   std::string_view target_id, const nlohmann::json& details) const {
  storage::AuditRecord entry;
  entry.at = now;
  entry.actor_user_id = user_id;
  entry.actor = label;
  entry.action = action;
  entry.target_type = target_type;
  entry.target_id = target_id;
  entry.details_json = details.dump();
  entry.remote_address = remote_address;
  store.audit().record(entry);
}

Actor ApiCall::actor() const { return Actor{user.id, "user:" + std::to_string(user.id), request.remote_address, now}; }

HttpResponse json_reply(int status, const nlohmann::json& body) {
  HttpResponse response = HttpResponse::json(status, body.dump());
  response.headers.emplace_back("cache-control", "no-store");
  return response;
}

HttpResponse error_reply(int status, std::string_view message) {
  return json_reply(status, nlohmann::json{{"error", message}});
}

HttpResponse empty_reply() {
  HttpResponse response;
  response.status = 204;
  response.content_type.clear();
  response.headers.emplace_back("cache-control", "no-store");
  return response;
}

void publish_change(LiveHub& hub, std::string_view type, std::int64_t id, std::string_view change) {
  nlohmann::json event{{"type", type}, {"change", change}};
  event[std::string(type) == "conversation" ? "contact_id" : "id"] = id;
  hub.publish("dashboard", event.dump());
}

std::string iso_time(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

} // namespace stoop::api
