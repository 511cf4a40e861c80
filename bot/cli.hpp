// The `stoop` command line: subcommands, flags, one-line errors, exit codes
// (0 done, 1 failed, 2 bad usage or bad config).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace stoop {

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace stoop
