#include "bot/allocator.hpp"

#include <dlfcn.h>

namespace stoop {
namespace {

// tcmalloc's C interface, looked up at run time: a binary without it (a test,
// a sanitizer build) has neither function.
using SetProperty = int (*)(const char*, std::size_t);
using GetProperty = int (*)(const char*, std::size_t*);
constexpr const char* cache_property = "tcmalloc.max_total_thread_cache_bytes";

template <class Function>
Function tcmalloc_function(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_DEFAULT, name));
}

} // namespace

void tune_allocator() {
  if (auto set = tcmalloc_function<SetProperty>("MallocExtension_SetNumericProperty")) {
    set(cache_property, allocator_thread_cache_cap);
  }
}

std::string allocator_description() {
  auto get = tcmalloc_function<GetProperty>("MallocExtension_GetNumericProperty");
  if (get == nullptr) return "glibc";
  std::size_t cap = 0;
  if (get(cache_property, &cap) == 0) return "tcmalloc";
  return "tcmalloc, thread caches up to " + std::to_string(cap >> 20) + " MB";
}

} // namespace stoop
