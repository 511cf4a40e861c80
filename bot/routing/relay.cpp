#include "bot/routing/relay.hpp"

#include "routing/relay_text.hpp"

namespace stoop {

Relay::Relay(const People& people, const Outbox& outbox) : people_(people), outbox_(outbox) {}

std::vector<std::string> Relay::addresses_of(storage::Store& store, std::int64_t contact_id) const {
  std::vector<std::string> addresses;
  for (const auto& identity : store.contacts().identities(contact_id)) addresses.push_back(identity.address);
  return addresses;
}

bool Relay::from_member(InboundContext& context, bool crisis_detected) {
  auto& store = context.store;
  auto id = store.request_work().relayed_for_contact(context.contact.id);
  if (!id) return false;
  auto request = store.requests().get(*id);
  auto holder = request && request->assignee_id ? people_.user(store, *request->assignee_id) : std::nullopt;
  if (!holder) return false;
  auto hidden = addresses_of(store, context.contact.id);
  hidden.push_back(holder->reach_address);
  std::string text = routing::mask_addresses(context.message.text, hidden);
  if (!context.message.attachments.empty()) {
    // Media links can carry the sender's identity; staff see the attachment in the dashboard.
    text += (text.empty() ? "" : " ") + std::string("[attachment: staff can see it in the dashboard]");
  }
  people_.notify(store, *holder, routing::format_relay_to_student(*id, text), OutboxKind::relay, context.now, "relay");
  if (crisis_detected) {
    people_.notify(store, *holder, people_.text("relay_crisis_note", {{"id", std::to_string(*id)}}),
                   OutboxKind::relay, context.now);
  }
  return true;
}

std::string Relay::from_holder(storage::Store& store, const storage::UserRecord& user, std::int64_t id,
                               const std::string& text) {
  auto key = std::to_string(id);
  auto request = store.requests().get(id);
  if (!request || request->assignee_id != user.id) return people_.text("request_not_held", {{"id", key}});
  if (request->status != "accepted") return people_.text("relay_closed", {{"id", key}});
  if (text.empty()) return people_.text("relay_empty", {{"id", key}});
  auto member = request->contact_id ? store.contacts().get(*request->contact_id) : std::nullopt;
  if (!member || member->opted_out) return people_.text("relay_closed", {{"id", key}});
  auto hidden = addresses_of(store, member->id);
  hidden.push_back(user.reach_address);
  Outgoing outgoing;
  outgoing.text = routing::fill_template(
      people_.catalogue().text("relay_to_member", member->language),
      {{"name", routing::first_name(user.name)}, {"id", key}, {"text", routing::mask_addresses(text, hidden)}});
  outgoing.kind = OutboxKind::relay;
  outgoing.author = "relay:" + std::to_string(user.id);
  if (outbox_.enqueue_to_contact(store, *member, outgoing).empty()) {
    return people_.text("relay_closed", {{"id", key}});
  }
  return "";
}

} // namespace stoop
