// The allocator the process runs with. The server links tcmalloc when the
// build found it (bot/CMakeLists.txt); everything else uses glibc's malloc.
#pragma once

#include <cstddef>
#include <string>

namespace stoop {

// tcmalloc lets its per-thread caches of freed memory grow to 32 MB in all,
// and under steady load they creep toward it; the cap keeps the resident
// size flat (docs/performance.md, the sixteenth round).
inline constexpr std::size_t allocator_thread_cache_cap = 4u << 20;

// Applies the cap when tcmalloc is the allocator; nothing otherwise.
void tune_allocator();

// "tcmalloc, thread caches up to 4 MB" or "glibc".
std::string allocator_description();

} // namespace stoop
