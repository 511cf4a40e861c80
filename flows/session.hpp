// Where a contact is in the flows, as a plain value the bot stores between
// messages (as the JSON string session_to_json makes). Engine::load_session turns
// it back into a Session, or into "no session" when it is corrupted or names a
// flow or node that no longer exists (a flow was edited): a stale session must
// never crash the engine or trap a person in a question that is gone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stoop::flows {

// One flow on the stack. For the top frame, `node` is the question being waited
// on; for a frame below, it is the start_flow node to carry on from, or the
// question that a language switch interrupted (asked again on return).
struct Frame {
  std::string flow;
  std::string node;

  bool operator==(const Frame&) const = default;
};

struct ResultValue {
  std::string value;
  std::vector<std::string> categories;
  std::string raw;
  std::string flow;

  bool operator==(const ResultValue&) const = default;
};

struct Session {
  std::vector<Frame> stack; // never empty in a valid session; back() is the active flow
  int retries = 0;          // invalid answers to the current question so far
  std::optional<std::int64_t> deadline_ms; // the current wait's timeout, if it has one
  std::int64_t waiting_since_ms = 0;       // when the current question was asked (for expiry)
  std::string input;                       // the last message the person sent ("answer")
  std::map<std::string, ResultValue> results; // by result name, for templates and switches

  bool operator==(const Session&) const = default;
};

std::string session_to_json(const Session& session);

// Only the JSON shape is checked here; Engine::load_session also checks the
// flows and nodes it names.
std::optional<Session> parse_session_json(std::string_view json);
// The same through a JSON document, which parse_session_json uses for any
// text that is not exactly what session_to_json writes (tests compare the two).
std::optional<Session> parse_session_json_document(std::string_view json);

} // namespace stoop::flows
