// Texts that cross between a community member and a student. The bot is the
// only party that knows both addresses, and these helpers make sure no
// address crosses: relayed text is masked, and templates are filled only with
// values the caller chose (request number, topic, a first name), never an address.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stoop::routing {

// Replaces each "{name}" with its value; unknown names stay as written.
std::string fill_template(std::string_view text, const std::map<std::string, std::string>& values);

// Hides the given addresses wherever they appear in the text: phone numbers
// however they are written ("+1 (617) 555-0123", "617.555.0123"), chat ids
// and other handles as written. The mask is "[hidden]".
std::string mask_addresses(std::string_view text, const std::vector<std::string>& addresses);

inline constexpr std::string_view hidden_mask = "[hidden]";

// "#14: text" — what a student sees from the member of request 14.
std::string format_relay_to_student(std::int64_t request_id, std::string_view text);

// The first word of a name ("Ana Souza" → "Ana"), so the member knows who
// writes without learning more than the student chose to share with the office.
std::string first_name(std::string_view name);

} // namespace stoop::routing
