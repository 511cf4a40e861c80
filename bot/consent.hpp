// The consent words, which win over everything else a person can send.
// Pure: a function of the text and of whether the sender has opted out.
#pragma once

#include <string_view>

namespace stoop {

enum class ConsentWord {
  none,    // an ordinary message
  opt_out, // STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT
  opt_in,  // START, UNSTOP; YES only from someone who has opted out
  help,    // HELP, INFO: answered even to someone opted out
};

// The whole message must be the word: case is ignored and surrounding
// spaces and a trailing full stop or exclamation mark are allowed.
ConsentWord classify_consent(std::string_view text, bool sender_opted_out);

} // namespace stoop
