#include "core/messages.hpp"

namespace stoop {

std::string_view to_string(MessageStatus status) {
  switch (status) {
    case MessageStatus::queued: return "queued";
    case MessageStatus::sending: return "sending";
    case MessageStatus::sent: return "sent";
    case MessageStatus::delivered: return "delivered";
    case MessageStatus::read: return "read";
    case MessageStatus::failed: return "failed";
    case MessageStatus::undelivered: return "undelivered";
  }
  return "queued";
}

std::optional<MessageStatus> parse_message_status(std::string_view text) {
  for (auto status : {MessageStatus::queued, MessageStatus::sending, MessageStatus::sent, MessageStatus::delivered,
                      MessageStatus::read, MessageStatus::failed, MessageStatus::undelivered}) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
}

int status_rank(MessageStatus status) {
  switch (status) {
    case MessageStatus::queued: return 0;
    case MessageStatus::sending: return 1;
    case MessageStatus::sent: return 2;
    case MessageStatus::failed:
    case MessageStatus::undelivered: return 3;
    case MessageStatus::delivered: return 4;
    case MessageStatus::read: return 5;
  }
  return 0;
}

} // namespace stoop
