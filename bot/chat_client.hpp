// `stoop chat`: a community member's conversation in the terminal, through the
// running server's web chat channel (the same pipeline, flows and store as
// every other channel).
#pragma once

#include <iosfwd>
#include <string>

#include "bot/config.hpp"

namespace stoop {

// Returns the process exit code.
int run_chat(const Config& config, const std::string& as_name, std::istream& in, std::ostream& out,
             std::ostream& err);

} // namespace stoop
