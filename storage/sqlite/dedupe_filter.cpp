#include "storage/sqlite/dedupe_filter.hpp"

#include <stdexcept>

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

void DedupeFilter::add(std::int64_t epoch, std::uint64_t key) {
  if (epoch < 0) throw std::invalid_argument("dedupe filter: negative epoch");
  const auto e = static_cast<std::size_t>(epoch);
  if (e >= epochs_.size()) epochs_.resize(e + 1);
  if (!epochs_[e]) epochs_[e] = std::make_unique<Epoch>();
  auto& block = epochs_[e]->block[block_of(key)];
  const auto mask = mask_of(key);
  for (std::size_t i = 0; i < block.size(); ++i) block[i] |= mask[i];
}

void DedupeFilter::candidates(std::uint64_t key, std::vector<std::int64_t>& out) const {
  out.clear();
  const auto b = block_of(key);
  const auto mask = mask_of(key);
  for (std::size_t e = 0; e < epochs_.size(); ++e) {
    if (!epochs_[e]) continue;
    const auto& block = epochs_[e]->block[b];
    bool all = true;
    for (std::size_t i = 0; i < block.size(); ++i) all = all && (block[i] & mask[i]) == mask[i];
    if (all) out.push_back(static_cast<std::int64_t>(e));
  }
}

std::size_t DedupeFilter::epochs() const {
  std::size_t n = 0;
  for (const auto& e : epochs_) n += e ? 1 : 0;
  return n;
}

std::size_t DedupeFilter::bytes() const { return epochs() * sizeof(Epoch); }

} // namespace stoop::storage
