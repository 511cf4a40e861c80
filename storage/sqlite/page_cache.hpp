#pragma once
// SQLite's own page cache, with one of its costs taken away.
//
// At the end of every write transaction SQLite asks the page cache to drop
// the pages past the end of the database. Its cache skips that work when no
// page past the end has been cached since the last time, by remembering the
// largest page number it has held. But when an insert splits a B-tree page,
// SQLite renumbers the new pages through a spare number (that of the page
// holding the file locks, page 262,145 with 4 KiB pages), and the cache
// remembers that number too. Every commit after a split then walks the whole
// cache, page by page: with the writer's 32 MB cache, 7 % of its time.
//
// The cache installed here passes every call to SQLite's cache and keeps its
// own account of the largest page number that can still be cached, in which
// a page renumbered to the spare number counts only until it is renumbered
// again. When that account shows nothing past the end, the drop is not passed
// on: there is nothing for it to drop.
//
// Install before SQLite is initialised (sqlite3_config); the connection's
// configure_library() does.

#include <cstdint>

namespace stoop::storage {

void install_page_cache();

// Over the whole process, for tests: how many drops reached SQLite's cache,
// how many were not passed on, and how many pages were renumbered through
// the spare number.
struct PageCacheDrops {
  std::uint64_t passed = 0;
  std::uint64_t skipped = 0;
  std::uint64_t renumbered = 0;
};
PageCacheDrops page_cache_drops();

} // namespace stoop::storage
