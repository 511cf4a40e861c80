// What a message's words say, read before the message reaches the store's
// writer thread. None of it depends on anything stored, and the writer is the
// one thread every message waits for, so the I/O thread that parsed the
// webhook reads the text (Pipeline::read) and the writer only looks the
// answers up.
#pragma once

#include <cstdint>
#include <optional>

#include "bot/data_rights.hpp"
#include "flows/engine.hpp"
#include "routing/crisis.hpp"

namespace stoop {

struct MessageReading {
  RightsWord rights = RightsWord::none;
  // Filled by the responder (Responder::read) when it answers with routing.
  std::optional<routing::CrisisMatch> crisis;
  // Filled by the responder when it answers with flows.
  std::optional<flows::MessageText> flow_text;
  // The key the store finds the provider's id by (storage::inbound_dedupe_key).
  std::optional<std::int64_t> dedupe_key;
};

} // namespace stoop
