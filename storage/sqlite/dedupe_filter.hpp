// The inbound dedupe keys of every stored message, in memory, as one small
// Bloom filter per epoch of message ids (`id >> 18`, as the table
// inbound_keys is ordered; migration 0017).
//
// A key the filter has never been given is, for nearly every key, in no
// epoch's filter: the writer then knows a webhook is new without reading
// the table, whose pages for old epochs are no longer in its cache. A key it
// was given is always found in its epoch's filter (there are no false
// negatives), and the writer then looks in that epoch of the table and
// compares the exact pair there. Keys are never taken out: a key whose
// message is erased only costs that one look.
//
// Each epoch's filter is 8,192 blocks of 256 bits (256 KB): for each key, one
// bit in each of a block's eight 32-bit words (a split block Bloom filter:
// one cache line a look). With the 131,072 inbound messages of an epoch whose
// every message is answered, 16 bits a key, one absent key in about 800 finds
// its bits set; with 262,144 (nothing answered), one in 30; with 65,536, one
// in 30,000 (tests/storage/dedupe_filter_test.cpp measures the first).
// Memory: 256 KB an epoch that has keys, about 1 MB a million messages.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace stoop::storage {

class DedupeFilter {
 public:
  void add(std::int64_t epoch, std::uint64_t key);
  // The epochs, oldest first, whose filter may hold `key`, into `out`
  // (cleared first).
  void candidates(std::uint64_t key, std::vector<std::int64_t>& out) const;
  void clear() { epochs_.clear(); }
  std::size_t epochs() const { return epochs_.size(); } // epochs with a filter
  std::size_t bytes() const;                             // their memory

 private:
  static constexpr std::size_t blocks = 8192;
  using Block = std::array<std::uint32_t, 8>;
  struct Epoch {
    alignas(64) std::array<Block, blocks> block{}; // each block within one cache line
  };
  static std::size_t block_of(std::uint64_t key) { return static_cast<std::size_t>(key >> 51); } // 13 bits
  static Block mask_of(std::uint64_t key);
  Epoch& filter_of(std::int64_t epoch); // made when first needed

  // Only the epochs that have keys, oldest first: whatever the message ids,
  // one entry per epoch that holds any of them.
  std::vector<std::pair<std::int64_t, std::unique_ptr<Epoch>>> epochs_;
};

} // namespace stoop::storage
