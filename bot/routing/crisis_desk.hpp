// The crisis path (design scenario 3). A community member's message with
// crisis language gets the safety message at once (911, 988, in their
// language), opens a crisis case, flags their conversation urgent, alerts
// on-call staff by text and ends whatever flow was running. Until staff clear
// the case (CLEAR n by text, or the dashboard), no flow answers that person:
// their messages are stored for staff, and a new crisis phrase gets the
// safety message again. The bot gives no medical advice on this path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bot/pipeline.hpp"
#include "bot/routing/people.hpp"
#include "routing/crisis.hpp"

namespace stoop {

class CrisisDesk {
 public:
  enum class State { none, detected, paused };

  CrisisDesk(routing::CrisisMatcher matcher, const People& people);

  // The crisis phrase in a text, if any; on any thread.
  std::optional<routing::CrisisMatch> read(std::string_view text) const { return matcher_.match(text); }
  // Looks at a community member's message (its reading's crisis match); sends
  // and records what a match calls for.
  State check(InboundContext& context);
  // CLEAR n from a staff member's phone; returns the reply.
  std::string clear_by_text(storage::Store& store, const storage::UserRecord& user, std::int64_t case_id,
                            std::int64_t now);

 private:
  void open_case(InboundContext& context, const routing::CrisisMatch& match);

  routing::CrisisMatcher matcher_;
  const People& people_;
};

// Closes an open case: the member's flows may run again, and the urgent flag
// goes once no other case is open for them. `by` is "user:7". Audited. False
// when there is no such open case. (Text command and dashboard API alike.)
bool clear_crisis_case(storage::Store& store, std::int64_t case_id, const std::string& by,
                       std::optional<std::int64_t> user_id, std::int64_t now);

} // namespace stoop
