// `stoop users set`: what routing needs to know about a student or staff
// member (languages, topics, team, capacity, hours, on-call, the channel and
// address the bot texts them on), straight on the store like `stoop users add`.
// No password is needed for text use.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace stoop {

int run_users_set(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace stoop
