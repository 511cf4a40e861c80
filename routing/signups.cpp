#include "routing/signups.hpp"

#include <algorithm>
#include <tuple>

namespace stoop::routing {
namespace {

int count(const std::vector<Signup>& signups, SignupStatus status) {
  return static_cast<int>(std::count_if(signups.begin(), signups.end(),
                                        [&](const Signup& s) { return s.status == status; }));
}

const Signup* find(const std::vector<Signup>& signups, std::int64_t user_id) {
  for (const auto& s : signups) {
    if (s.user_id == user_id) return &s;
  }
  return nullptr;
}

// The waitlist in order: first waitlisted first.
std::vector<const Signup*> waitlist(const std::vector<Signup>& signups) {
  std::vector<const Signup*> out;
  for (const auto& s : signups) {
    if (s.status == SignupStatus::waitlisted) out.push_back(&s);
  }
  std::sort(out.begin(), out.end(), [](const Signup* a, const Signup* b) {
    return std::tie(a->changed_at, a->user_id) < std::tie(b->changed_at, b->user_id);
  });
  return out;
}

int waitlist_position(const std::vector<Signup>& signups, std::int64_t user_id) {
  auto list = waitlist(signups);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i]->user_id == user_id) return static_cast<int>(i) + 1;
  }
  return 0;
}

} // namespace

std::string_view to_string(SignupStatus status) {
  switch (status) {
    case SignupStatus::prompted: return "prompted";
    case SignupStatus::confirmed: return "confirmed";
    case SignupStatus::waitlisted: return "waitlisted";
    case SignupStatus::declined: return "declined";
    case SignupStatus::cancelled: return "cancelled";
  }
  return "prompted";
}

std::optional<SignupStatus> signup_status_from(std::string_view text) {
  for (auto status : {SignupStatus::prompted, SignupStatus::confirmed, SignupStatus::waitlisted,
                      SignupStatus::declined, SignupStatus::cancelled}) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
}

SignupOutcome answer_yes(const std::vector<Signup>& signups, std::int64_t user_id, int slots, bool open) {
  SignupOutcome outcome;
  const Signup* mine = find(signups, user_id);
  if (mine && mine->status == SignupStatus::confirmed) {
    outcome.reply = SignupReply::already_confirmed;
    return outcome;
  }
  if (mine && mine->status == SignupStatus::waitlisted) {
    outcome.reply = SignupReply::already_waitlisted;
    outcome.position = waitlist_position(signups, user_id);
    return outcome;
  }
  if (!open) return outcome; // closed
  // Someone already waiting keeps their turn: a free place goes to them first
  // (fill_free_places), so a newcomer takes a place only when nobody waits.
  if (count(signups, SignupStatus::confirmed) < slots && waitlist(signups).empty()) {
    outcome.reply = SignupReply::confirmed;
    outcome.changes.push_back({user_id, SignupStatus::confirmed});
  } else {
    outcome.reply = SignupReply::waitlisted;
    outcome.position = static_cast<int>(waitlist(signups).size()) + 1;
    outcome.changes.push_back({user_id, SignupStatus::waitlisted});
  }
  return outcome;
}

SignupOutcome answer_no(const std::vector<Signup>& signups, std::int64_t user_id, int slots, bool open) {
  SignupOutcome outcome;
  const Signup* mine = find(signups, user_id);
  if (mine && (mine->status == SignupStatus::confirmed || mine->status == SignupStatus::waitlisted)) {
    bool freed_a_place = mine->status == SignupStatus::confirmed;
    outcome.reply = SignupReply::cancelled;
    outcome.changes.push_back({user_id, SignupStatus::cancelled});
    if (freed_a_place && open) {
      auto after = signups;
      for (auto& s : after) {
        if (s.user_id == user_id) s.status = SignupStatus::cancelled;
      }
      for (auto promoted : fill_free_places(after, slots)) {
        outcome.changes.push_back({promoted, SignupStatus::confirmed});
        outcome.promoted.push_back(promoted);
      }
    }
    return outcome;
  }
  if (!open) return outcome; // closed
  outcome.reply = SignupReply::declined;
  outcome.changes.push_back({user_id, SignupStatus::declined});
  return outcome;
}

std::vector<std::int64_t> fill_free_places(const std::vector<Signup>& signups, int slots) {
  std::vector<std::int64_t> promoted;
  int free = slots - count(signups, SignupStatus::confirmed);
  for (const Signup* s : waitlist(signups)) {
    if (free <= 0) break;
    promoted.push_back(s->user_id);
    --free;
  }
  return promoted;
}

} // namespace stoop::routing
