// Sign-ups for an opportunity (design scenario 6): "YES 7" confirms while
// slots remain and waitlists after; "NO 7" cancels, and a cancelled
// confirmation promotes the first person on the waitlist. Pure: the caller
// passes every sign-up of the opportunity and stores the changes returned.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace stoop::routing {

enum class SignupStatus { prompted, confirmed, waitlisted, declined, cancelled };

std::string_view to_string(SignupStatus status);
std::optional<SignupStatus> signup_status_from(std::string_view text);

struct Signup {
  std::int64_t user_id = 0;
  SignupStatus status = SignupStatus::prompted;
  std::int64_t changed_at = 0; // the waitlist is first come, first served by this
};

struct SignupChange {
  std::int64_t user_id = 0;
  SignupStatus status = SignupStatus::prompted;
};

enum class SignupReply {
  confirmed,          // YES: you have a place
  waitlisted,         // YES: full; you are number `position` on the waitlist
  already_confirmed,  // YES again
  already_waitlisted, // YES again while waiting
  cancelled,          // NO after a place or a waitlist spot
  declined,           // NO to the prompt
  closed,             // the opportunity no longer takes answers
};

struct SignupOutcome {
  SignupReply reply = SignupReply::closed;
  int position = 0;                  // with waitlisted / already_waitlisted: 1 is next in line
  std::vector<SignupChange> changes; // the sender's and anyone promoted, in order
  std::vector<std::int64_t> promoted;
};

// `open`: the opportunity is open and has not started.
SignupOutcome answer_yes(const std::vector<Signup>& signups, std::int64_t user_id, int slots, bool open);
SignupOutcome answer_no(const std::vector<Signup>& signups, std::int64_t user_id, int slots, bool open);

// Waitlisted people promoted into free places (after slots were raised, say).
std::vector<std::int64_t> fill_free_places(const std::vector<Signup>& signups, int slots);

} // namespace stoop::routing
