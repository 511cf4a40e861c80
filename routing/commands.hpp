// What a student's or staff member's text means. They run requests and
// sign-ups by short commands, typed on any phone, so the parser forgives:
// any case, spaces or none between word and number ("accept14", "ACCEPT #14"),
// a trailing full stop, a colon after "#14". Anything that is not a command is
// plain text (relayed, or an answer to a prompt).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stoop::routing {

enum class CommandKind {
  accept,   // ACCEPT n   take the request offered
  pass,     // PASS n     let the next person have it
  done,     // DONE n     the request is resolved; the member is asked for feedback
  mine,     // MY         my open requests and sign-ups
  away,     // AWAY       no new offers until BACK
  back,     // BACK
  relay,    // #n text    to the member of request n
  yes,      // YES n      sign up for opportunity n
  no,       // NO n       cancel (or decline) opportunity n
  clear,    // CLEAR n    staff: crisis case n is handled; the member's flows resume
  answer,   // ANSWER text  the answer to the latest prompt question
  commands, // COMMANDS, MENU, ?   the list of commands
  text,     // anything else
};

struct Command {
  CommandKind kind = CommandKind::text;
  std::optional<std::int64_t> number; // n, when given
  std::string text;                   // relay and answer: the message; text: the whole message
};

Command parse_command(std::string_view message);

std::string_view to_string(CommandKind kind);

} // namespace stoop::routing
