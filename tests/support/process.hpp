// Runs the real `stoop` binary as a child process (for kill -9, CLI and
// `stoop chat` tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace stoop::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs to completion with stdin from `input`; kills it after the timeout.
RunResult run_stoop(const std::vector<std::string>& args, const std::string& input = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(20));

class Child {
 public:
  // Starts `stoop args...` with stdout and stderr going to log_file.
  Child(const std::vector<std::string>& args, const std::string& log_file);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void signal(int signal_number);
  int wait(); // exit code, or 128 + signal
  bool running();
  // Waits for a line of the log containing `text`; returns that line.
  std::string wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const;

 private:
  pid_t pid_ = -1;
  std::string log_file_;
  int status_ = -1;
};

// A port that was free a moment ago (for configs that must name one).
std::uint16_t free_port();

} // namespace stoop::testing
