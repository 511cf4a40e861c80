// Token buckets by key (a web chat visitor, an address, a signed-in user),
// thread-safe, for answering 429 to clients that send faster than allowed.
#pragma once

#include <mutex>
#include <string>

#include "bot/token_buckets.hpp"

namespace stoop {

class RateLimiter {
 public:
  // Takes one token from key's bucket, which refills at per_minute and holds
  // at most per_minute tokens. False: over the rate.
  bool allow(const std::string& key, double per_minute);

 private:
  std::mutex mutex_;
  TokenBuckets<std::string> buckets_{50'000};
};

} // namespace stoop
