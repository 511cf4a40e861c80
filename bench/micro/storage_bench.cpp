// The writer's look for a new message's dedupe key in memory, by how many
// epochs of 262,144 message ids the database holds (4 at 1,000,000 messages).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "storage/sqlite/dedupe_filter.hpp"

namespace stoop {
namespace {

// Uniform keys, as the first bytes of SHA-256 are.
std::uint64_t next_key(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void BM_DedupeFilterLook(benchmark::State& state) {
  storage::DedupeFilter filter;
  std::uint64_t keys = 1;
  for (std::int64_t epoch = 0; epoch < state.range(0); ++epoch) {
    for (int i = 0; i < 131'072; ++i) filter.add(epoch, next_key(keys)); // every message answered
  }
  std::vector<std::int64_t> epochs;
  std::size_t named = 0;
  for (auto _ : state) {
    filter.candidates(next_key(keys), epochs); // never given: a new message
    named += epochs.size();
  }
  state.counters["epochs named a look"] =
      benchmark::Counter(static_cast<double>(named) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_DedupeFilterLook)->Arg(4)->Arg(26)->Arg(70);

} // namespace
} // namespace stoop
