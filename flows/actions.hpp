// What the engine asks the bot to do. Plain values: the bot applies them in
// one store transaction together with the new session (see docs/flows.md,
// "Integrating the engine").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/messages.hpp"

namespace stoop::flows {

struct SendMessage {
  std::string text;
  // Buttons where the channel has them; adapters without buttons write them as
  // a numbered list ("1. Roxbury"), and the engine matches a reply by that number.
  std::vector<Choice> choices;
  std::string language; // the language the text is in
};

struct SetField {
  std::string field;
  std::string value; // "" clears the field
};

struct SetLanguage {
  std::string language;
};

struct AddToGroup {
  std::string group;
};

struct RemoveFromGroup {
  std::string group;
};

// An answer saved as a named result. Reports aggregate by (flow, name, category).
struct SaveResult {
  std::string flow;
  std::string name;
  std::string value;                   // normalised: choice ids joined by ",", a number, "yes"/"no", or text
  std::vector<std::string> categories; // one per selected choice; the matched case; empty for plain text
  std::string raw;                     // exactly what the person sent (possibly shortened)
  std::string node;
};

struct RecordConsent {
  std::string purpose; // "service", "reports", ...
  bool granted = false;
};

// A request for help (or an offer) for the routing work to pick up.
struct OpenRequest {
  std::string flow;
  std::string kind; // "help", "educator_offer", ...
  std::string topic;
  std::string urgency;
  std::string details;
  std::string best_time;
  std::string language;
  std::string neighbourhood;
  std::map<std::string, std::string> extra;
};

// The session now waits for an answer until deadline_ms; the bot's scheduler
// must feed Event::timeout(deadline_ms, ...) then, even after a restart.
struct ScheduleTimeout {
  std::int64_t deadline_ms = 0;
};

// The wait with that deadline is over; a timeout for it would be ignored anyway.
struct CancelTimeout {
  std::int64_t deadline_ms = 0;
};

struct FlowStarted {
  std::string flow;
};

// completed: reached its end; interrupted: a keyword or start() replaced it;
// expired: no answer within the flow's expire_after; timed_out: a wait's timeout
// led straight to the end; retries_exhausted: too many invalid answers and no
// branch for it; error: the loop guard or a broken reference stopped it.
enum class EndReason { completed, interrupted, expired, timed_out, retries_exhausted, error };

struct FlowEnded {
  std::string flow;
  EndReason reason = EndReason::completed;
};

using Action = std::variant<SendMessage, SetField, SetLanguage, AddToGroup, RemoveFromGroup, SaveResult,
                            RecordConsent, OpenRequest, ScheduleTimeout, CancelTimeout, FlowStarted, FlowEnded>;

std::string_view to_string(EndReason reason);

// A one-line description ("save_result priorities/neighbourhood=roxbury") for
// tests and debugging. It carries field values and texts: not for production logs.
std::string describe(const Action& action);

} // namespace stoop::flows
