// One person, many channels. Pure helpers: the key that makes the same phone
// number on SMS and WhatsApp one contact, and the LINK command with which a
// person joins any other channel to their contact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stoop {

// The number's digits on phone-number channels (Twilio SMS, WhatsApp), so
// "+1 617-555-0123" and WhatsApp's "16175550123" match; "" for other channels
// or for something too short to be a phone number.
std::string phone_key_for(std::string_view channel_type, std::string_view address);

struct LinkCommand {
  std::string code; // empty: the person asks for a code
};

// "LINK" asks for a code; "LINK 482 193" uses one. English in every language,
// like STOP. nullopt: not a LINK command.
std::optional<LinkCommand> parse_link_command(std::string_view text);

// Six random digits.
std::string new_link_code();

inline constexpr std::int64_t link_code_lifetime_ms = 30 * 60 * 1000;

} // namespace stoop
