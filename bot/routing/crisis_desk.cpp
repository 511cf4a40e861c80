#include "bot/routing/crisis_desk.hpp"

#include <nlohmann/json.hpp>

#include "bot/message_reading.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "routing/relay_text.hpp"

namespace stoop {
namespace {

// The first characters of a message, on whole UTF-8 characters.
std::string excerpt(std::string_view text, std::size_t max_code_points) {
  std::string out;
  std::size_t count = 0;
  for (char32_t cp : decode_utf8(text)) {
    if (count++ == max_code_points) {
      out += "…";
      break;
    }
    append_utf8(out, cp == '\n' ? U' ' : cp);
  }
  return out;
}

} // namespace

CrisisDesk::CrisisDesk(routing::CrisisMatcher matcher, const People& people)
    : matcher_(std::move(matcher)), people_(people) {}

CrisisDesk::State CrisisDesk::check(InboundContext& context) {
  auto& store = context.store;
  const auto& match = context.reading.crisis;
  bool already_open = store.crisis_cases().open_for(context.contact.id).has_value();
  if (!match) return already_open ? State::paused : State::none;
  // Their own language when we know it, else the language they wrote in.
  const auto& language = context.contact.language.empty() ? match->language : context.contact.language;
  context.reply_text(people_.catalogue().text("crisis_safety", language), OutboxKind::reply);
  if (!already_open) open_case(context, *match);
  return State::detected;
}

void CrisisDesk::open_case(InboundContext& context, const routing::CrisisMatch& match) {
  auto& store = context.store;
  storage::CrisisCaseRecord crisis;
  crisis.contact_id = context.contact.id;
  crisis.message_id = context.message_id;
  crisis.language = match.language;
  crisis.category = match.category;
  crisis.phrase = match.phrase;
  crisis.flagged_at = context.now;
  auto case_id = store.crisis_cases().open(crisis);

  auto conversation = store.conversations().get_or_create(context.contact.id, context.now);
  conversation.urgent = true;
  conversation.updated_at = context.now;
  store.conversations().update(conversation);

  storage::AuditRecord entry;
  entry.at = context.now;
  entry.actor = "system";
  entry.action = "crisis.open";
  entry.target_type = "conversation";
  entry.target_id = std::to_string(context.contact.id);
  entry.details_json = nlohmann::json{{"case", case_id}, {"category", match.category}}.dump();
  store.audit().record(entry);

  // No flow carries on over a crisis (nor times out: the wait goes with the session).
  store.sessions().erase(context.contact.id);

  auto alert = people_.text("crisis_alert", {{"category", match.category},
                                             {"contact", std::to_string(context.contact.id)},
                                             {"case", std::to_string(case_id)},
                                             {"excerpt", excerpt(context.message.text, 160)}});
  int alerted = 0;
  for (const auto& staff : people_.on_call(store)) {
    alerted += people_.notify(store, staff, alert, OutboxKind::alert, context.now) ? 1 : 0;
  }
  // The log names the case, never what the person wrote.
  log_warn("crisis", "case ", case_id, " opened for contact ", context.contact.id, " (", match.category, "); ",
           alerted, " staff alerted");
}

bool clear_crisis_case(storage::Store& store, std::int64_t case_id, const std::string& by,
                       std::optional<std::int64_t> user_id, std::int64_t now) {
  auto crisis = store.crisis_cases().get(case_id);
  if (!crisis || !store.crisis_cases().clear(case_id, by, now)) return false;
  if (!store.crisis_cases().open_for(crisis->contact_id)) {
    auto conversation = store.conversations().get_or_create(crisis->contact_id, now);
    conversation.urgent = false;
    conversation.updated_at = now;
    store.conversations().update(conversation);
  }
  storage::AuditRecord entry;
  entry.at = now;
  entry.actor_user_id = user_id;
  entry.actor = by;
  entry.action = "crisis.clear";
  entry.target_type = "conversation";
  entry.target_id = std::to_string(crisis->contact_id);
  entry.details_json = nlohmann::json{{"case", case_id}}.dump();
  store.audit().record(entry);
  log_info("crisis", "case ", case_id, " cleared by ", by);
  return true;
}

std::string CrisisDesk::clear_by_text(storage::Store& store, const storage::UserRecord& user, std::int64_t case_id,
                                      std::int64_t now) {
  if (user.role != "staff" && user.role != "admin") return people_.text("staff_only");
  auto key = std::to_string(case_id);
  if (!clear_crisis_case(store, case_id, "user:" + std::to_string(user.id), user.id, now)) {
    return people_.text("crisis_not_found", {{"case", key}});
  }
  return people_.text("crisis_cleared", {{"case", key}});
}

} // namespace stoop
