#include "bench/tools/proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace stoop::bench {

ProcessSample sample_process(pid_t pid) {
  ProcessSample sample;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return sample;
  // The command name may hold spaces; the fields we want follow its closing parenthesis.
  auto close = line.rfind(')');
  if (close == std::string::npos) return sample;
  std::istringstream fields(line.substr(close + 2));
  std::string skip;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i < 14; ++i) fields >> skip; // fields 3..13
  fields >> utime >> stime;                     // fields 14 and 15
  sample.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));

  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) sample.rss_kb = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) sample.peak_rss_kb = std::stol(line.substr(6));
  }
  sample.ok = true;
  return sample;
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace stoop::bench
