// `stoop users add|list|password`: dashboard accounts from the command line,
// straight on the store (safe while the server runs: SQLite allows one writer
// at a time and both sides wait their turn). Passwords come on stdin, never
// as arguments, so they stay out of shell history and process lists.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace stoop {

// args is the whole command line ("stoop", "users", ...). Returns the exit code.
int run_users_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace stoop
