// The `stoop` binary. Everything it does lives in the bot library.
#include <iostream>
#include <string>
#include <vector>

#include "bot/allocator.hpp"
#include "bot/cli.hpp"

int main(int argc, char** argv) {
  stoop::tune_allocator();
  std::vector<std::string> args(argv, argv + argc);
  return stoop::run_cli(args, std::cin, std::cout, std::cerr);
}
