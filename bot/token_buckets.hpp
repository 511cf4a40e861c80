// Token buckets by key: each holds at most `per_minute` tokens (at least one)
// and refills at `per_minute` a minute. Not thread-safe; the owner locks.
//
// Buckets left alone long enough to be full again are forgotten, so the table
// holds about the keys seen in the last two minutes. Forgetting means a sweep
// over the whole table, so sweeps are spread out: the next comes only once the
// table has doubled from what the last one left (and never below `floor`),
// whatever the number of keys. Sweeping on every insertion past a fixed size
// would let anyone who can present that many keys at once (numbers, visitors)
// make each request scan them all.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace stoop {

template <typename Key>
class TokenBuckets {
 public:
  static constexpr std::int64_t forget_after_ms = 120'000; // a bucket is full again after a minute

  explicit TokenBuckets(std::size_t floor) : floor_(floor), sweep_at_(floor) {}

  // Takes one token from key's bucket at `now_ms`; false: over the rate.
  bool take(const Key& key, std::int64_t now_ms, double per_minute) {
    double capacity = std::max(1.0, per_minute);
    if (buckets_.size() >= sweep_at_) sweep(now_ms);
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, now_ms});
    auto& bucket = it->second;
    double elapsed_minutes = static_cast<double>(now_ms - bucket.updated_ms) / 60'000.0;
    bucket.tokens = std::min(capacity, bucket.tokens + elapsed_minutes * per_minute);
    bucket.updated_ms = now_ms;
    if (bucket.tokens < 1.0) return false;
    bucket.tokens -= 1.0;
    return true;
  }

  std::size_t size() const { return buckets_.size(); }
  std::size_t sweeps() const { return sweeps_; }

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;
  };

  void sweep(std::int64_t now_ms) {
    ++sweeps_;
    std::erase_if(buckets_, [&](const auto& entry) { return now_ms - entry.second.updated_ms > forget_after_ms; });
    sweep_at_ = std::max(floor_, 2 * buckets_.size());
  }

  std::size_t floor_;
  std::size_t sweep_at_;
  std::size_t sweeps_ = 0;
  std::unordered_map<Key, Bucket> buckets_;
};

} // namespace stoop
