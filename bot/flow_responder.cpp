#include "bot/flow_responder.hpp"

#include <nlohmann/json.hpp>

#include "bot/channels.hpp"
#include "bot/message_reading.hpp"
#include "core/log.hpp"
#include "flows/session.hpp"

namespace stoop {
namespace {

using json = nlohmann::json;

json parse_object(const std::string& text, json fallback) {
  auto value = json::parse(text, nullptr, false);
  return value.is_discarded() || value.type() != fallback.type() ? fallback : value;
}

} // namespace

FlowResponder::FlowResponder(std::shared_ptr<const flows::Engine> engine, const ChannelSet& channels,
                             const Outbox& outbox, const Catalogue& catalogue)
    : engine_(std::move(engine)), channels_(channels), outbox_(outbox), catalogue_(catalogue) {}

flows::ContactView FlowResponder::view_of(const storage::ContactRecord& contact, const std::string& channel_id) const {
  flows::ContactView view;
  view.language = contact.language;
  // Most contacts have no fields and are in no group: no JSON to parse then.
  if (contact.fields_json != "{}" && !contact.fields_json.empty()) {
    const json fields = parse_object(contact.fields_json, json::object());
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      if (it->is_string()) view.fields.emplace(it.key(), it->get<std::string>());
    }
  }
  if (contact.groups_json != "[]" && !contact.groups_json.empty()) {
    const json groups = parse_object(contact.groups_json, json::array());
    for (const auto& group : groups) {
      if (group.is_string()) view.groups.insert(group.get<std::string>());
    }
  }
  const auto* adapter = channels_.find(channel_id);
  view.channel_has_buttons = adapter != nullptr && adapter->limits().max_buttons > 0;
  return view;
}

FlowResponder::Loaded FlowResponder::load_session(storage::Store& store, std::int64_t contact_id) const {
  auto stored = store.sessions().load(contact_id);
  if (!stored) return {};
  return {engine_->load_session(stored->state_json), stored->wake_at};
}

void FlowResponder::respond(InboundContext& context) {
  auto view = view_of(context.contact, context.identity.channel_id);
  flows::Step step;
  std::optional<std::int64_t> stored_wake;
  if (context.first_contact) {
    step = engine_->start("welcome", std::nullopt, view, context.now);
  } else {
    auto loaded = load_session(context.store, context.contact.id);
    stored_wake = loaded.wake_at;
    auto event = flows::Event::message(context.message.text, context.now, context.message.payload);
    if (context.reading.flow_text) event.read = &*context.reading.flow_text;
    step = engine_->handle(loaded.session, view, event);
  }
  for (const auto& problem : step.problems) log_warn("flows", "contact ", context.contact.id, ": ", problem);
  apply(context.store, context.contact, step, [&](const Outgoing& o) { context.reply(o); }, context.now,
        OutboxKind::reply, stored_wake);
}

void FlowResponder::read(const InboundMessage& message, MessageReading& reading) const {
  reading.flow_text = engine_->read_message(message.text);
}

void FlowResponder::on_opt_out(storage::Store& store, const storage::ContactRecord& contact) {
  store.sessions().erase(contact.id); // and with it the wait's wake time
}

void FlowResponder::on_wake(storage::Store& store, std::int64_t contact_id, std::int64_t now) {
  auto contact = store.contacts().get(contact_id);
  if (!contact || contact->opted_out) return;
  // Staff have taken the conversation over: no flow speaks over them.
  if (store.conversations().taken_over_by(contact_id)) return;
  auto [session, wake_at] = load_session(store, contact_id); // wake_at: none now, it was taken
  if (!session || !session->deadline_ms) return;             // the wait is over
  if (*session->deadline_ms > now) {
    // Woken before the deadline, which moved later after the wake time was
    // set (apply() leaves an earlier one): wake again at the deadline.
    store.sessions().set_wake(contact_id, session->deadline_ms);
    return;
  }
  auto identities = store.contacts().identities(contact_id);
  auto view = view_of(*contact, identities.empty() ? std::string() : identities.front().channel_id);
  auto step = engine_->handle(session, view, flows::Event::timeout(*session->deadline_ms, now));
  if (!step.handled) return; // the flow no longer has this wait
  // Nobody is waiting on the other end: these are prompts, not replies.
  apply(store, *contact, step, [&](const Outgoing& o) { outbox_.enqueue_to_contact(store, *contact, o); }, now,
        OutboxKind::prompt, wake_at);
  store.contacts().update(*contact);
}

void FlowResponder::start_flow(storage::Store& store, std::int64_t contact_id, std::string_view flow,
                               std::int64_t now, const std::map<std::string, std::string>& inputs) {
  auto contact = store.contacts().get(contact_id);
  if (!contact || contact->opted_out) return;
  auto identities = store.contacts().identities(contact_id);
  auto view = view_of(*contact, identities.empty() ? std::string() : identities.front().channel_id);
  auto loaded = load_session(store, contact_id);
  auto step = engine_->start(flow, loaded.session, view, now, inputs);
  apply(store, *contact, step, [&](const Outgoing& o) { outbox_.enqueue_to_contact(store, *contact, o); }, now,
        OutboxKind::prompt, loaded.wake_at);
  store.contacts().update(*contact);
}

void FlowResponder::apply(storage::Store& store, storage::ContactRecord& contact, const flows::Step& step,
                          const Sender& send, std::int64_t now, OutboxKind kind,
                          std::optional<std::int64_t> stored_wake) {
  // The contact's fields and groups are parsed when an action first needs
  // them, and written back only when an action changed them: most steps
  // touch neither, and parsing and writing both for every message showed in
  // the profile.
  std::optional<json> parsed_fields;
  std::optional<json> parsed_groups;
  bool fields_changed = false;
  bool groups_changed = false;
  auto fields = [&]() -> json& {
    if (!parsed_fields) parsed_fields = parse_object(contact.fields_json, json::object());
    return *parsed_fields;
  };
  auto groups = [&]() -> json& {
    if (!parsed_groups) parsed_groups = parse_object(contact.groups_json, json::array());
    return *parsed_groups;
  };
  for (const auto& action : step.actions) {
    std::visit(
        [&](const auto& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, flows::SendMessage>) {
            Outgoing outgoing;
            outgoing.text = a.text;
            outgoing.choices = a.choices;
            outgoing.kind = kind;
            send(outgoing);
          } else if constexpr (std::is_same_v<A, flows::SetField>) {
            if (a.value.empty()) fields().erase(a.field);
            else fields()[a.field] = a.value;
            fields_changed = true;
          } else if constexpr (std::is_same_v<A, flows::SetLanguage>) {
            contact.language = a.language;
          } else if constexpr (std::is_same_v<A, flows::AddToGroup>) {
            auto& list = groups();
            if (std::find(list.begin(), list.end(), a.group) == list.end()) {
              list.push_back(a.group);
              groups_changed = true;
            }
          } else if constexpr (std::is_same_v<A, flows::RemoveFromGroup>) {
            auto& list = groups();
            auto kept = std::remove(list.begin(), list.end(), a.group);
            groups_changed = groups_changed || kept != list.end();
            list.erase(kept, list.end());
          } else if constexpr (std::is_same_v<A, flows::SaveResult>) {
            storage::ResultRecord result;
            result.contact_id = contact.id;
            result.flow = a.flow;
            result.name = a.name;
            result.value = a.value;
            result.raw = a.raw;
            result.neighbourhood = fields().value("neighbourhood", "");
            result.language = contact.language;
            result.in_reports = store.consents().get(contact.id, "reports").value_or(false);
            result.created_at = now;
            if (a.categories.empty()) {
              store.results().add(result);
            } else {
              for (const auto& category : a.categories) {
                result.category = category;
                store.results().add(result);
              }
            }
          } else if constexpr (std::is_same_v<A, flows::RecordConsent>) {
            store.consents().set(contact.id, a.purpose, a.granted, now);
          } else if constexpr (std::is_same_v<A, flows::OpenRequest>) {
            storage::RequestRecord request;
            request.contact_id = contact.id;
            request.kind = a.kind.empty() ? "help" : a.kind;
            request.topic = a.topic;
            request.urgency = a.urgency;
            request.details = a.details;
            request.best_time = a.best_time;
            request.language = a.language.empty() ? contact.language : a.language;
            request.neighbourhood = a.neighbourhood.empty() ? fields().value("neighbourhood", "") : a.neighbourhood;
            request.created_at = now;
            request.updated_at = now;
            auto id = store.requests().create(request);
            Outgoing confirmation;
            confirmation.text = replace_placeholder(catalogue_.text("request_opened", contact.language), "{id}",
                                                    std::to_string(id));
            confirmation.kind = kind;
            send(confirmation);
            if (on_request_opened_) on_request_opened_(store, id);
          } else if constexpr (std::is_same_v<A, flows::ScheduleTimeout> || std::is_same_v<A, flows::CancelTimeout>) {
            // The session's wake time follows its deadline below. The
            // scheduler looks at least every quarter second: no need to wake
            // it for a deadline minutes or days away.
          } else if constexpr (std::is_same_v<A, flows::FlowStarted>) {
            log_debug("flows", "contact ", contact.id, " started ", a.flow);
          } else if constexpr (std::is_same_v<A, flows::FlowEnded>) {
            log_debug("flows", "contact ", contact.id, " ended ", a.flow, " (", flows::to_string(a.reason), ")");
          }
        },
        action);
  }
  if (fields_changed) contact.fields_json = parsed_fields->dump();
  if (groups_changed) contact.groups_json = parsed_groups->dump();
  if (step.session) {
    store.sessions().save(contact.id, flows::session_to_json(*step.session), now);
    // The wake time is moved only when the wait needs it earlier than the
    // stored one. A wake that comes before the deadline finds it later and
    // moves on to it, and one whose wait is over finds nothing (on_wake()).
    // Someone answering question after question pushes the deadline later
    // every time, and a wake time left alone is an index entry left alone.
    const auto& deadline = step.session->deadline_ms;
    if (deadline && (!stored_wake || *stored_wake > *deadline)) store.sessions().set_wake(contact.id, deadline);
  } else {
    store.sessions().erase(contact.id);
  }
}

} // namespace stoop
