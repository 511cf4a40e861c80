// Messages from students and staff. A message that comes from a person's
// reach address (users.reach_channel/reach_address) never reaches the
// community flows: it is a command (ACCEPT 14, DONE 14, YES 7, CLEAR 3...),
// a relayed text for a member ("#14 ..."), or an answer to a prompt.
#pragma once

#include "bot/pipeline.hpp"
#include "bot/routing/crisis_desk.hpp"
#include "bot/routing/engagement.hpp"
#include "bot/routing/relay.hpp"
#include "bot/routing/request_router.hpp"
#include "routing/commands.hpp"

namespace stoop {

class CommandDesk {
 public:
  CommandDesk(const People& people, RequestRouter& requests, Relay& relay, Engagement& engagement,
              CrisisDesk& crisis);

  // True when the sender is a student or staff member: the message was theirs to handle.
  bool handle(InboundContext& context);

 private:
  std::string run(storage::Store& store, const storage::UserRecord& user, const routing::Command& command,
                  const std::string& message, std::int64_t now);
  std::string mine(storage::Store& store, const storage::UserRecord& user, std::int64_t now);
  std::string plain_text(storage::Store& store, const storage::UserRecord& user, const std::string& text,
                         std::int64_t now);

  const People& people_;
  RequestRouter& requests_;
  Relay& relay_;
  Engagement& engagement_;
  CrisisDesk& crisis_;
};

} // namespace stoop
