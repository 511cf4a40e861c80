// CPU time and memory of a process, from /proc (Linux).
#pragma once

#include <string>
#include <sys/types.h>

namespace stoop::bench {

struct ProcessSample {
  double cpu_seconds = 0; // user + system, all threads
  long rss_kb = 0;        // VmRSS
  long peak_rss_kb = 0;   // VmHWM
  bool ok = false;
};

ProcessSample sample_process(pid_t pid);
double own_cpu_seconds(); // this process, user + system

} // namespace stoop::bench
