#include "bot/routing/people.hpp"

#include <nlohmann/json.hpp>

#include "bot/channels.hpp"
#include "bot/identity_links.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"
#include "routing/relay_text.hpp"

namespace stoop {
namespace {

routing::Availability availability_of(const storage::UserRecord& user) {
  auto json = nlohmann::json::parse(user.availability_json, nullptr, false);
  if (json.is_discarded()) return {};
  auto parsed = routing::parse_availability(json, "/availability");
  if (!parsed) {
    // Stored by an older version or edited by hand: available, and say so.
    log_warn("routing", "user ", user.id, ": ignoring availability: ", parsed.error());
    return {};
  }
  return *parsed;
}

} // namespace

std::vector<std::string> json_strings(const std::string& json_array) {
  std::vector<std::string> out;
  auto json = nlohmann::json::parse(json_array, nullptr, false);
  if (!json.is_array()) return out;
  for (const auto& item : json) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

People::People(const Outbox& outbox, const ChannelSet& channels, const Catalogue& catalogue,
               routing::TimeZone office_zone)
    : outbox_(outbox), channels_(channels), catalogue_(catalogue), office_zone_(std::move(office_zone)) {}

std::optional<storage::UserRecord> People::user(storage::Store& store, std::int64_t id) const {
  return store.users().get(id);
}

std::optional<storage::UserRecord> People::user_at(storage::Store& store, std::string_view channel_id,
                                                   std::string_view address) const {
  auto id = store.request_work().user_at(channel_id, address);
  if (!id) return std::nullopt;
  auto found = store.users().get(*id);
  if (!found || found->disabled) return std::nullopt;
  return found;
}

routing::Person People::person_of(storage::Store& store, const storage::UserRecord& user) const {
  routing::Person p;
  p.id = user.id;
  p.role = user.role;
  p.languages = json_strings(user.languages_json);
  p.topics = json_strings(user.topics_json);
  p.neighbourhoods = json_strings(user.neighbourhoods_json);
  p.team_id = user.team_id;
  p.capacity = user.capacity;
  p.away = user.away;
  p.on_call = user.on_call;
  p.reachable = reachable(store, user);
  p.availability = availability_of(user);
  return p;
}

std::vector<routing::Person> People::roster(storage::Store& store) const {
  auto load = store.request_work().open_load();
  auto last = store.request_work().last_offered();
  std::vector<routing::Person> people;
  for (const auto& user : store.users().list()) {
    if (user.disabled) continue;
    auto person = person_of(store, user);
    if (auto it = load.find(user.id); it != load.end()) person.open_load = it->second;
    if (auto it = last.find(user.id); it != last.end()) person.last_offered_at = it->second;
    people.push_back(std::move(person));
  }
  return people;
}

bool People::reachable(storage::Store& store, const storage::UserRecord& user) const {
  if (user.disabled || user.reach_address.empty() || channels_.find(user.reach_channel) == nullptr) return false;
  auto identity = store.contacts().find_identity(user.reach_channel, user.reach_address);
  if (!identity) return true; // never texted yet
  auto contact = store.contacts().get(identity->contact_id);
  return contact && !contact->opted_out;
}

std::optional<storage::ContactRecord> People::contact_of(storage::Store& store, const storage::UserRecord& user,
                                                         std::int64_t now) const {
  if (user.reach_address.empty() || channels_.find(user.reach_channel) == nullptr) return std::nullopt;
  if (auto identity = store.contacts().find_identity(user.reach_channel, user.reach_address)) {
    return store.contacts().get(identity->contact_id);
  }
  // As the pipeline does: the same number on another phone channel is the same person.
  auto phone_key = phone_key_for(channels_.find(user.reach_channel)->type(), user.reach_address);
  if (auto same_number = store.contacts().find_by_phone_key(phone_key)) {
    store.contacts().add_identity(same_number->contact_id, user.reach_channel, user.reach_address, phone_key, now);
    return store.contacts().get(same_number->contact_id);
  }
  storage::ContactRecord contact;
  contact.uuid = random_hex(16);
  contact.name = user.name;
  contact.language = "";
  // Quiet hours for this person follow their own time zone.
  contact.fields_json = nlohmann::json{{"user_id", std::to_string(user.id)}, {"time_zone", zone_of(user).name()}}.dump();
  contact.groups_json = R"(["users"])";
  contact.created_at = now;
  contact = store.contacts().create(contact);
  store.contacts().add_identity(contact.id, user.reach_channel, user.reach_address, phone_key, now);
  return contact;
}

bool People::notify(storage::Store& store, const storage::UserRecord& user, const std::string& text,
                    OutboxKind kind, std::int64_t now, const std::string& author) const {
  if (user.disabled) return false;
  auto contact = contact_of(store, user, now);
  if (!contact || contact->opted_out) {
    log_info("routing", "cannot text user ", user.id, ": no reachable address");
    return false;
  }
  Outgoing outgoing;
  outgoing.text = text;
  outgoing.kind = kind;
  outgoing.author = author;
  return !outbox_.enqueue(store, *contact, user.reach_channel, user.reach_address, outgoing).empty();
}

std::vector<storage::UserRecord> People::on_call(storage::Store& store) const {
  std::vector<storage::UserRecord> on_call;
  std::vector<storage::UserRecord> all_staff;
  for (auto& user : store.users().list()) {
    if (user.disabled || (user.role != "staff" && user.role != "admin") || !reachable(store, user)) continue;
    if (user.on_call) on_call.push_back(user);
    all_staff.push_back(std::move(user));
  }
  return on_call.empty() ? all_staff : on_call;
}

std::string People::text(std::string_view key, const std::map<std::string, std::string>& values) const {
  // Students and staff work in the office's language.
  return routing::fill_template(catalogue_.text(key, ""), values);
}

routing::TimeZone People::zone_of(const storage::UserRecord& user) const {
  return availability_of(user).zone_or(office_zone_);
}

} // namespace stoop
