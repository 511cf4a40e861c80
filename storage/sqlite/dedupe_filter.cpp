#include "storage/sqlite/dedupe_filter.hpp"

#include <algorithm>

namespace stoop::storage {

static_assert(sizeof(std::array<std::array<std::uint32_t, 8>, 8192>) == 256 * 1024);

// The keys are the first 8 bytes of a SHA-256: their bits are already
// uniform. The block is chosen by the top 13 bits; each word's bit by the low
// 32 bits times an odd constant of its own, whose top 5 bits are the bit's
// number (any odd constants do; these were drawn at random).
DedupeFilter::Block DedupeFilter::mask_of(std::uint64_t key) {
  static constexpr std::array<std::uint32_t, 8> salt{0xf949dbebU, 0xba771329U, 0x1a9e0f1dU, 0xbde6e7f3U,
                                                     0x9e394aefU, 0x3c7b17dbU, 0x499e9975U, 0x132a87adU};
  const auto low = static_cast<std::uint32_t>(key);
  Block mask{};
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = std::uint32_t{1} << ((low * salt[i]) >> 27);
  return mask;
}

DedupeFilter::Epoch& DedupeFilter::filter_of(std::int64_t epoch) {
  if (!epochs_.empty() && epochs_.back().first == epoch) return *epochs_.back().second; // nearly always
  auto at = std::lower_bound(epochs_.begin(), epochs_.end(), epoch,
                             [](const auto& entry, std::int64_t e) { return entry.first < e; });
  if (at == epochs_.end() || at->first != epoch) at = epochs_.emplace(at, epoch, std::make_unique<Epoch>());
  return *at->second;
}

void DedupeFilter::add(std::int64_t epoch, std::uint64_t key) {
  auto& block = filter_of(epoch).block[block_of(key)];
  const auto mask = mask_of(key);
  for (std::size_t i = 0; i < block.size(); ++i) block[i] |= mask[i];
}

void DedupeFilter::candidates(std::uint64_t key, std::vector<std::int64_t>& out) const {
  out.clear();
  const auto b = block_of(key);
  const auto mask = mask_of(key);
  for (const auto& [epoch, filter] : epochs_) {
    const auto& block = filter->block[b];
    bool all = true;
    for (std::size_t i = 0; i < block.size(); ++i) all = all && (block[i] & mask[i]) == mask[i];
    if (all) out.push_back(epoch);
  }
}

std::size_t DedupeFilter::bytes() const { return epochs_.size() * sizeof(Epoch); }

} // namespace stoop::storage
