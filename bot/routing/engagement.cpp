#include "bot/routing/engagement.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/log.hpp"
#include "routing/signups.hpp"
#include "routing/time_zone.hpp"

namespace stoop {
namespace {

bool overlaps(const std::vector<std::string>& wanted, const std::vector<std::string>& offered) {
  if (wanted.empty()) return true;
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return std::find(offered.begin(), offered.end(), w) != offered.end();
  });
}

std::string schedule_signature(const CohortPromptEntry& prompt) {
  return nlohmann::json{{"weekday", prompt.when.weekday ? *prompt.when.weekday : -1},
                        {"minute", prompt.when.minute_of_day}}.dump();
}

} // namespace

Engagement::Engagement(const RoutingConfig& config, const People& people, std::function<void()> timers_changed)
    : config_(config), people_(people), timers_changed_(std::move(timers_changed)) {}

std::map<std::string, std::string> Engagement::values(const storage::OpportunityRecord& o) const {
  return {{"id", std::to_string(o.id)},
          {"title", o.title},
          {"when", routing::format_day_time(o.starts_at, people_.office_zone())},
          {"location", o.location},
          {"description", o.description},
          {"slots", std::to_string(o.slots)}};
}

void Engagement::arm(storage::Store& store, const char* kind, std::int64_t id, std::int64_t due, std::int64_t now) {
  // A time already past is not armed: that reminder was sent, or it is too late to be useful.
  if (due <= now) return;
  store.timers().set(kind, std::to_string(id), due, "{}");
  if (timers_changed_) timers_changed_();
}

bool Engagement::suits(storage::Store& store, const storage::OpportunityRecord& o, const storage::UserRecord& user) {
  if (user.disabled || user.role != "student") return false;
  if (o.team_id && user.team_id != o.team_id) return false;
  if (!overlaps(json_strings(o.languages_json), json_strings(user.languages_json))) return false;
  if (!overlaps(json_strings(o.skills_json), store.engagement().skills_of(user.id))) return false;
  return people_.reachable(store, user);
}

std::vector<storage::UserRecord> Engagement::confirmed(storage::Store& store, std::int64_t opportunity_id) {
  std::vector<storage::UserRecord> out;
  for (const auto& signup : store.engagement().signups(opportunity_id)) {
    if (signup.status != "confirmed") continue;
    if (auto user = people_.user(store, signup.user_id)) out.push_back(std::move(*user));
  }
  return out;
}

void Engagement::on_opportunity(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) {
  auto opportunity = store.opportunities().get(std::stoll(timer.key));
  if (!opportunity) return;
  if (opportunity->status == "cancelled") return cancelled(store, *opportunity, now);
  if (opportunity->status == "open" && opportunity->starts_at > now) {
    // Created or changed: whoever suits it and has not heard of it yet is asked.
    // Those already asked are not asked twice.
    auto text = people_.text("opportunity_prompt", values(*opportunity));
    auto answered = store.engagement().signups(opportunity->id);
    for (const auto& user : store.users().list()) {
      bool asked = std::any_of(answered.begin(), answered.end(), [&](const auto& s) { return s.user_id == user.id; });
      if (asked || !suits(store, *opportunity, user)) continue;
      store.engagement().set_signup(opportunity->id, user.id, "prompted", now);
      people_.notify(store, user, text, OutboxKind::prompt, now);
    }
  }
  arm(store, reminder_timer, opportunity->id, opportunity->starts_at - config_.reminder_before_ms, now);
  auto end = opportunity->ends_at.value_or(opportunity->starts_at);
  arm(store, reflection_timer, opportunity->id, end + config_.reflection_after_ms, now);
}

void Engagement::cancelled(storage::Store& store, const storage::OpportunityRecord& opportunity, std::int64_t now) {
  store.timers().cancel(reminder_timer, std::to_string(opportunity.id));
  store.timers().cancel(reflection_timer, std::to_string(opportunity.id));
  for (const auto& signup : store.engagement().signups(opportunity.id)) {
    if (signup.status != "confirmed" && signup.status != "waitlisted") continue;
    store.engagement().set_signup(opportunity.id, signup.user_id, "cancelled", now);
    if (auto user = people_.user(store, signup.user_id)) {
      people_.notify(store, *user, people_.text("opportunity_cancelled", values(opportunity)), OutboxKind::prompt, now);
    }
  }
}

void Engagement::on_reminder(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) {
  auto opportunity = store.opportunities().get(std::stoll(timer.key));
  if (!opportunity || opportunity->status == "cancelled" || opportunity->starts_at <= now) return;
  auto text = people_.text("opportunity_reminder", values(*opportunity));
  for (const auto& user : confirmed(store, opportunity->id)) people_.notify(store, user, text, OutboxKind::prompt, now);
}

void Engagement::on_reflection(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) {
  auto opportunity = store.opportunities().get(std::stoll(timer.key));
  if (!opportunity || opportunity->status == "cancelled") return;
  auto text = people_.text("opportunity_reflection", values(*opportunity));
  for (const auto& user : confirmed(store, opportunity->id)) {
    storage::PromptRecord prompt;
    prompt.user_id = user.id;
    prompt.kind = "reflection";
    prompt.ref = "opportunity:" + timer.key;
    prompt.occurrence = opportunity->starts_at;
    prompt.question = text;
    prompt.sent_at = now;
    if (store.engagement().add_prompt(prompt)) people_.notify(store, user, text, OutboxKind::prompt, now);
  }
}

std::int64_t Engagement::next_occurrence(const CohortPromptEntry& prompt, std::int64_t after) const {
  return prompt.when.next_after(after, people_.office_zone());
}

void Engagement::schedule_cohorts(storage::Store& store, std::int64_t now) {
  for (const auto& prompt : config_.prompts) {
    auto signature = schedule_signature(prompt);
    auto existing = store.timers().find(cohort_timer, prompt.id);
    if (existing && nlohmann::json::parse(existing->payload_json, nullptr, false).value("schedule", "") == signature) {
      continue;
    }
    store.timers().set(cohort_timer, prompt.id, next_occurrence(prompt, now),
                       nlohmann::json{{"schedule", signature}}.dump());
  }
  if (timers_changed_) timers_changed_();
}

void Engagement::on_cohort(storage::Store& store, const storage::TimerRecord& timer, std::int64_t now) {
  auto it = std::find_if(config_.prompts.begin(), config_.prompts.end(),
                         [&](const CohortPromptEntry& p) { return p.id == timer.key; });
  if (it == config_.prompts.end()) {
    log_info("engagement", "cohort prompt ", timer.key, " is no longer configured; dropped");
    return;
  }
  const auto& prompt = *it;
  std::optional<std::int64_t> team_id;
  if (!prompt.team.empty()) {
    auto team = store.users().find_team(prompt.team);
    if (!team) return log_warn("engagement", "cohort prompt ", prompt.id, ": no team ", prompt.team);
    team_id = team->id;
  }
  for (const auto& user : store.users().list()) {
    if (user.disabled || user.role != prompt.role || (team_id && user.team_id != team_id)) continue;
    if (!people_.reachable(store, user)) continue;
    auto languages = json_strings(user.languages_json);
    auto text = prompt.text.at(prompt.default_language); // the config guarantees it
    for (const auto& language : languages) {
      if (auto found = prompt.text.find(language); found != prompt.text.end()) {
        text = found->second;
        break;
      }
    }
    storage::PromptRecord record;
    record.user_id = user.id;
    record.kind = "cohort";
    record.ref = prompt.id;
    record.occurrence = timer.due_at; // the same occurrence never asks anyone twice
    record.question = text + " " + people_.text("prompt_reply_hint");
    record.sent_at = now;
    if (store.engagement().add_prompt(record)) people_.notify(store, user, record.question, OutboxKind::prompt, now);
  }
  store.timers().set(cohort_timer, prompt.id, next_occurrence(prompt, now),
                     nlohmann::json{{"schedule", schedule_signature(prompt)}}.dump());
  if (timers_changed_) timers_changed_();
}

} // namespace stoop
