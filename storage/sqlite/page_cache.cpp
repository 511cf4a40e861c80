#include "storage/sqlite/page_cache.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <new>

namespace stoop::storage {
namespace {

// SQLite's locking bytes start at 1 GiB (PENDING_BYTE); the page holding them
// is never part of a database, which is why SQLite borrows its number.
constexpr unsigned locking_byte = 0x40000000;

sqlite3_pcache_methods2 sqlite_cache{};
std::atomic<std::uint64_t> passed{0};
std::atomic<std::uint64_t> skipped{0};
std::atomic<std::uint64_t> renumbered{0};

// One connection's cache. SQLite calls it only for that connection, which
// Stoop uses from one thread at a time, so the account needs no lock.
struct Cache {
  sqlite3_pcache* inner = nullptr;
  unsigned spare_key = 0; // the page number SQLite renumbers through
  unsigned largest = 0;   // no cached page has a larger number, but those at spare_key
  unsigned at_spare = 0;  // pages renumbered to spare_key and not yet on
};

Cache* cache_of(sqlite3_pcache* p) { return reinterpret_cast<Cache*>(p); }

int init(void* arg) { return sqlite_cache.xInit(arg); }
void shutdown(void* arg) { sqlite_cache.xShutdown(arg); }

sqlite3_pcache* create(int page_size, int extra, int purgeable) {
  sqlite3_pcache* inner = sqlite_cache.xCreate(page_size, extra, purgeable);
  if (!inner) return nullptr;
  void* memory = sqlite3_malloc(sizeof(Cache));
  if (!memory) {
    sqlite_cache.xDestroy(inner);
    return nullptr;
  }
  auto* cache = new (memory) Cache{inner, locking_byte / static_cast<unsigned>(page_size) + 1, 0, 0};
  return reinterpret_cast<sqlite3_pcache*>(cache);
}

void cache_size(sqlite3_pcache* p, int pages) { sqlite_cache.xCachesize(cache_of(p)->inner, pages); }
int page_count(sqlite3_pcache* p) { return sqlite_cache.xPagecount(cache_of(p)->inner); }

sqlite3_pcache_page* fetch(sqlite3_pcache* p, unsigned key, int create_flag) {
  Cache& cache = *cache_of(p);
  sqlite3_pcache_page* page = sqlite_cache.xFetch(cache.inner, key, create_flag);
  if (page) cache.largest = std::max(cache.largest, key);
  return page;
}

void unpin(sqlite3_pcache* p, sqlite3_pcache_page* page, int discard) {
  sqlite_cache.xUnpin(cache_of(p)->inner, page, discard);
}

void rekey(sqlite3_pcache* p, sqlite3_pcache_page* page, unsigned old_key, unsigned new_key) {
  Cache& cache = *cache_of(p);
  sqlite_cache.xRekey(cache.inner, page, old_key, new_key);
  if (old_key == cache.spare_key && cache.at_spare > 0) --cache.at_spare;
  if (new_key == cache.spare_key) {
    ++cache.at_spare;
    renumbered.fetch_add(1, std::memory_order_relaxed);
  } else {
    cache.largest = std::max(cache.largest, new_key);
  }
}

// Drops every page numbered `limit` or more.
void truncate(sqlite3_pcache* p, unsigned limit) {
  Cache& cache = *cache_of(p);
  bool beyond = cache.largest >= limit || (cache.at_spare > 0 && cache.spare_key >= limit);
  if (!beyond) {
    skipped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  sqlite_cache.xTruncate(cache.inner, limit);
  passed.fetch_add(1, std::memory_order_relaxed);
  if (limit > 0) cache.largest = std::min(cache.largest, limit - 1);
  if (cache.spare_key >= limit) cache.at_spare = 0;
}

void destroy(sqlite3_pcache* p) {
  Cache* cache = cache_of(p);
  sqlite_cache.xDestroy(cache->inner);
  sqlite3_free(cache);
}

void shrink(sqlite3_pcache* p) { sqlite_cache.xShrink(cache_of(p)->inner); }

} // namespace

void install_page_cache() {
  if (sqlite_cache.xCreate) return;
  sqlite3_pcache_methods2 own{};
  if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &own) != SQLITE_OK || !own.xCreate) return;
  sqlite_cache = own;
  sqlite3_pcache_methods2 wrapped = own; // same version and argument
  wrapped.xInit = init;
  wrapped.xShutdown = shutdown;
  wrapped.xCreate = create;
  wrapped.xCachesize = cache_size;
  wrapped.xPagecount = page_count;
  wrapped.xFetch = fetch;
  wrapped.xUnpin = unpin;
  wrapped.xRekey = rekey;
  wrapped.xTruncate = truncate;
  wrapped.xDestroy = destroy;
  wrapped.xShrink = shrink;
  if (sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrapped) != SQLITE_OK) sqlite_cache = {};
}

PageCacheDrops page_cache_drops() {
  return {passed.load(std::memory_order_relaxed), skipped.load(std::memory_order_relaxed),
          renumbered.load(std::memory_order_relaxed)};
}

} // namespace stoop::storage
