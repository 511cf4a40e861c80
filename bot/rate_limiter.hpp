// Token buckets by key (a web chat visitor, an address, a signed-in user),
// thread-safe, for answering 429 to clients that send faster than allowed.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace stoop {

class RateLimiter {
 public:
  // Takes one token from key's bucket, which refills at per_minute and holds
  // at most per_minute tokens. False: over the rate.
  bool allow(const std::string& key, double per_minute);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace stoop
