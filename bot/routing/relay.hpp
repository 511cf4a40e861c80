// The masked relay (design scenario 2). While a request is accepted, the
// member's messages go to its holder as "#14: ..." and the holder's
// "#14 ..." (or plain text, with one request held) goes to the member as
// "Ana (#14): ...", each on their own channel. Only the bot knows both
// addresses: neither is ever put in a relayed text, and an address typed into
// a message is masked. Every relayed text is a message row of the member's
// conversation (inbound as they wrote it, outbound as it reached them), so
// staff see the whole exchange.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bot/pipeline.hpp"
#include "bot/routing/people.hpp"

namespace stoop {

class Relay {
 public:
  Relay(const People& people, const Outbox& outbox);

  // A member's message while one of their requests is accepted: sent on to the
  // holder (with a note when it held crisis language). False when nothing was relayed.
  bool from_member(InboundContext& context, bool crisis_detected);
  // A holder's text for the member of request `id`. Returns the reply for the
  // holder, or "" when the text went through.
  std::string from_holder(storage::Store& store, const storage::UserRecord& user, std::int64_t id,
                          const std::string& text);

 private:
  std::vector<std::string> addresses_of(storage::Store& store, std::int64_t contact_id) const;

  const People& people_;
  const Outbox& outbox_;
};

} // namespace stoop
