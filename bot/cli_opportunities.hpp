// `stoop opportunities add|list`: staff post an opportunity (design scenario
// 6) from the command line, as the dashboard does; the running bot prompts the
// students it suits (docs/routing.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace stoop {

int run_opportunities_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace stoop
