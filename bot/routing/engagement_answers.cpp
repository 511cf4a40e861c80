// What students answer to engagement prompts: YES n, NO n, ANSWER text, and
// their sign-ups for MY.
#include <algorithm>

#include "bot/routing/engagement.hpp"
#include "routing/signups.hpp"
#include "routing/time_zone.hpp"

namespace stoop {
namespace {

bool upcoming(const storage::OpportunityRecord& o, std::int64_t now) {
  return o.status != "cancelled" && o.starts_at > now;
}

std::vector<routing::Signup> as_signups(const std::vector<storage::SignupRecord>& rows) {
  std::vector<routing::Signup> out;
  for (const auto& row : rows) {
    if (auto status = routing::signup_status_from(row.status)) out.push_back({row.user_id, *status, row.changed_at});
  }
  return out;
}

const char* reply_key(routing::SignupReply reply) {
  switch (reply) {
    case routing::SignupReply::confirmed: return "signup_confirmed";
    case routing::SignupReply::waitlisted: return "signup_waitlisted";
    case routing::SignupReply::already_confirmed: return "signup_already_confirmed";
    case routing::SignupReply::already_waitlisted: return "signup_waitlisted";
    case routing::SignupReply::cancelled: return "signup_cancelled";
    case routing::SignupReply::declined: return "signup_declined";
    case routing::SignupReply::closed: return "signup_closed";
  }
  return "signup_closed";
}

} // namespace

std::optional<std::string> Engagement::answer(storage::Store& store, const storage::UserRecord& user, bool yes,
                                              std::optional<std::int64_t> id, std::int64_t now) {
  if (!id) {
    // Without a number: the one upcoming opportunity it can be about.
    std::vector<std::int64_t> candidates;
    for (const auto& signup : store.engagement().signups_of(user.id)) {
      bool fits = yes ? signup.status == "prompted"
                      : (signup.status == "prompted" || signup.status == "confirmed" || signup.status == "waitlisted");
      auto opportunity = fits ? store.opportunities().get(signup.opportunity_id) : std::nullopt;
      if (opportunity && upcoming(*opportunity, now)) candidates.push_back(signup.opportunity_id);
    }
    if (candidates.empty()) return std::nullopt;
    if (candidates.size() > 1) return people_.text("which_number", {{"example", yes ? "YES 7" : "NO 7"}});
    id = candidates.front();
  }
  auto opportunity = store.opportunities().get(*id);
  if (!opportunity) return people_.text("opportunity_unknown", {{"id", std::to_string(*id)}});
  auto signups = as_signups(store.engagement().signups(*id));
  bool open = opportunity->status == "open" && opportunity->starts_at > now;
  auto outcome = yes ? routing::answer_yes(signups, user.id, opportunity->slots, open)
                     : routing::answer_no(signups, user.id, opportunity->slots, open);
  for (const auto& change : outcome.changes) {
    store.engagement().set_signup(*id, change.user_id, routing::to_string(change.status), now);
  }
  auto texts = values(*opportunity);
  for (auto promoted : outcome.promoted) {
    if (auto other = people_.user(store, promoted)) {
      people_.notify(store, *other, people_.text("signup_promoted", texts), OutboxKind::reply, now);
    }
  }
  texts["position"] = std::to_string(outcome.position);
  return people_.text(reply_key(outcome.reply), texts);
}

std::string Engagement::answer_prompt(storage::Store& store, const storage::UserRecord& user, const std::string& text,
                                      std::int64_t now) {
  auto prompt = store.engagement().latest_unanswered_prompt(user.id);
  if (!prompt) return people_.text("answer_nothing_asked");
  if (text.empty()) return people_.text("answer_empty");
  store.engagement().answer_prompt(prompt->id, text, now);
  return people_.text("answer_saved");
}

bool Engagement::awaits_answer(storage::Store& store, const storage::UserRecord& user) {
  return store.engagement().latest_unanswered_prompt(user.id).has_value();
}

std::vector<std::string> Engagement::describe_for(storage::Store& store, const storage::UserRecord& user,
                                                  std::int64_t now) {
  std::vector<std::string> lines;
  for (const auto& signup : store.engagement().signups_of(user.id)) {
    if (signup.status == "declined" || signup.status == "cancelled") continue;
    auto opportunity = store.opportunities().get(signup.opportunity_id);
    if (!opportunity || !upcoming(*opportunity, now)) continue;
    auto texts = values(*opportunity);
    texts["status"] = signup.status == "prompted" ? "YES " + texts["id"] + " or NO " + texts["id"] : signup.status;
    lines.push_back(people_.text("my_signup", texts));
  }
  return lines;
}

} // namespace stoop
