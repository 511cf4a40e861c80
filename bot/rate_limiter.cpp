#include "bot/rate_limiter.hpp"

#include <algorithm>

namespace stoop {

bool RateLimiter::allow(const std::string& key, double per_minute) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 50'000) {
    std::erase_if(buckets_, [&](const auto& entry) { return now - entry.second.updated > std::chrono::minutes(2); });
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{per_minute, now});
  auto& bucket = it->second;
  double elapsed_minutes = std::chrono::duration<double>(now - bucket.updated).count() / 60.0;
  bucket.tokens = std::min(per_minute, bucket.tokens + elapsed_minutes * per_minute);
  bucket.updated = now;
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

} // namespace stoop
