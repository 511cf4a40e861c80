// An SMS for the storage tests' inbound messages.
#pragma once

#include <cstdint>
#include <string>

#include "storage/records.hpp"

namespace stoop::storage {

// An SMS from `contact_id` with the provider's id `provider_id`.
inline MessageRecord inbound_message(std::int64_t contact_id, const std::string& provider_id) {
  MessageRecord m;
  m.contact_id = contact_id;
  m.channel_id = "sms";
  m.provider_message_id = provider_id;
  m.body = "hi";
  m.status = "received";
  return m;
}

} // namespace stoop::storage
