#include "bot/rate_limiter.hpp"

#include <chrono>

namespace stoop {

bool RateLimiter::allow(const std::string& key, double per_minute) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch());
  std::lock_guard lock(mutex_);
  return buckets_.take(key, now.count(), per_minute);
}

} // namespace stoop
