// A VFS that is SQLite's own, except for how a write-ahead log is written.
//
// SQLite writes each frame of the log in two calls, its 24-byte header and
// then its page, so a commit of 40 pages made 80 write calls, most of them
// touching a page of the file's cache twice or three times. Through this VFS
// a log's frames are gathered in memory and the whole commit reaches the file
// in one call, made when SQLite writes the page of the frame that marks the
// commit: before SQLite publishes the commit to other connections, and inside
// that write, so that a failure still fails the commit. Whatever else is done
// with a log file (read, sync, truncate, size, close, a write that does not
// follow the frame pattern) first writes out what was gathered, so nothing
// reads or syncs the file without it.
#pragma once

#include <cstdint>

namespace stoop::storage {

// Registers the VFS on first use; its name for sqlite3_open_v2. That
// initialises SQLite: configure the library (sqlite3_config) before.
const char* log_gathering_vfs();

// Write calls made to log files through the VFS since the process started.
std::uint64_t log_file_writes();

} // namespace stoop::storage
