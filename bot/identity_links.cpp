#include "bot/identity_links.hpp"

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace stoop {

std::string phone_key_for(std::string_view channel_type, std::string_view address) {
  if (channel_type != "twilio" && channel_type != "whatsapp") return {};
  std::string digits;
  for (char c : address) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits.size() >= 8 && digits.size() <= 15 ? digits : std::string();
}

std::optional<LinkCommand> parse_link_command(std::string_view text) {
  auto t = trim(text);
  if (!starts_with_ignore_case(t, "link")) return std::nullopt;
  auto after = t.substr(4);
  if (!after.empty() && after[0] != ' ' && after[0] != '\t') return std::nullopt; // "linked", "links"
  auto rest = trim(after);
  LinkCommand command;
  for (char c : rest) {
    if (c >= '0' && c <= '9') {
      command.code += c;
    } else if (c != ' ' && c != '-') {
      return std::nullopt; // "linked in" and other sentences are not the command
    }
  }
  if (!command.code.empty() && command.code.size() != 6) return std::nullopt;
  return command;
}

std::string new_link_code() {
  return std::to_string(100000 + random_u64() % 900000);
}

} // namespace stoop
