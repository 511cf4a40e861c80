#include "storage/sqlite/log_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

namespace stoop::storage {
namespace {

constexpr int frame_header_bytes = 24;        // the WAL format's frame header
constexpr std::size_t gather_limit = 4 << 20; // a commit larger than this is written in parts
// SQLite's unix VFS writes at most 128 KiB - 1 bytes a call (it masks the
// length, and a longer write comes back short, as a full disk): larger
// gatherings go in parts of 124 KiB.
constexpr std::size_t largest_write = 124 << 10;

sqlite3_vfs* real_vfs = nullptr;
sqlite3_vfs gathering_vfs{};
std::atomic<std::uint64_t> writes{0};

// Our file: SQLite's own file object lives right after it, in the same block.
struct File {
  sqlite3_file base; // first: SQLite sees a File as a sqlite3_file
  sqlite3_io_methods methods{};
  sqlite3_file* real = nullptr;
  bool log = false;
  // Frames written but not yet passed on, and where they start in the file.
  std::string gathered;
  sqlite3_int64 gathered_at = 0;
  bool page_expected = false; // the last write was a frame header
  bool commit_frame = false;  // ...of the frame that marks a commit

  sqlite3_int64 gathered_end() const { return gathered_at + static_cast<sqlite3_int64>(gathered.size()); }
};

File* of(sqlite3_file* file) { return reinterpret_cast<File*>(file); }
sqlite3_file* real_of(sqlite3_file* file) { return of(file)->real; }

int write_out(File* f) {
  f->page_expected = false;
  f->commit_frame = false;
  int rc = SQLITE_OK;
  for (std::size_t done = 0; done < f->gathered.size() && rc == SQLITE_OK; done += largest_write) {
    auto part = std::min(largest_write, f->gathered.size() - done);
    rc = f->real->pMethods->xWrite(f->real, f->gathered.data() + done, static_cast<int>(part),
                                   f->gathered_at + static_cast<sqlite3_int64>(done));
    writes.fetch_add(1, std::memory_order_relaxed);
  }
  f->gathered.clear();
  return rc;
}

// Frame headers and the pages after them are gathered; a frame whose header
// gives the database size (bytes 4 to 7, zero in other frames) ends a commit,
// and its page sends the whole commit on its way.
int log_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File* f = of(file);
  const auto* bytes = static_cast<const unsigned char*>(data);
  bool contiguous = f->gathered.empty() || offset == f->gathered_end();
  if (amount == frame_header_bytes && !f->page_expected) {
    if (!contiguous) {
      if (int rc = write_out(f); rc != SQLITE_OK) return rc;
    }
    if (f->gathered.empty()) f->gathered_at = offset;
    f->gathered.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(amount));
    f->page_expected = true;
    f->commit_frame = (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
    return SQLITE_OK;
  }
  if (f->page_expected && contiguous && amount > frame_header_bytes) {
    f->gathered.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(amount));
    f->page_expected = false;
    if (f->commit_frame || f->gathered.size() >= gather_limit) return write_out(f);
    return SQLITE_OK;
  }
  // Not the frame pattern (the log's own header, for one): in order, at once.
  if (int rc = write_out(f); rc != SQLITE_OK) return rc;
  writes.fetch_add(1, std::memory_order_relaxed);
  return f->real->pMethods->xWrite(f->real, data, amount, offset);
}

int file_close(sqlite3_file* file) {
  File* f = of(file);
  int written = f->log ? write_out(f) : SQLITE_OK;
  int rc = f->real->pMethods->xClose(f->real);
  f->~File();
  return written != SQLITE_OK ? written : rc;
}

// Every other operation on a log first writes out what was gathered.
template <auto Method, class... Args>
int after_writing_out(sqlite3_file* file, Args... args) {
  File* f = of(file);
  if (f->log) {
    if (int rc = write_out(f); rc != SQLITE_OK) return rc;
  }
  return (f->real->pMethods->*Method)(f->real, args...);
}

int plain_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  return real_of(file)->pMethods->xWrite(real_of(file), data, amount, offset);
}
int file_read(sqlite3_file* file, void* data, int amount, sqlite3_int64 offset) {
  return after_writing_out<&sqlite3_io_methods::xRead>(file, data, amount, offset);
}
int file_truncate(sqlite3_file* file, sqlite3_int64 size) {
  return after_writing_out<&sqlite3_io_methods::xTruncate>(file, size);
}
int file_sync(sqlite3_file* file, int flags) { return after_writing_out<&sqlite3_io_methods::xSync>(file, flags); }
int file_size(sqlite3_file* file, sqlite3_int64* size) {
  return after_writing_out<&sqlite3_io_methods::xFileSize>(file, size);
}
int file_control(sqlite3_file* file, int op, void* argument) {
  return after_writing_out<&sqlite3_io_methods::xFileControl>(file, op, argument);
}
int file_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** page) {
  return after_writing_out<&sqlite3_io_methods::xFetch>(file, offset, amount, page);
}
int file_lock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xLock(real_of(file), level); }
int file_unlock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xUnlock(real_of(file), level); }
int check_reserved_lock(sqlite3_file* file, int* out) {
  return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}
int sector_size(sqlite3_file* file) { return real_of(file)->pMethods->xSectorSize(real_of(file)); }
int device_characteristics(sqlite3_file* file) {
  return real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
}
int shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real_of(file)->pMethods->xShmMap(real_of(file), region, size, extend, out);
}
int shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return real_of(file)->pMethods->xShmLock(real_of(file), offset, n, flags);
}
void shm_barrier(sqlite3_file* file) { real_of(file)->pMethods->xShmBarrier(real_of(file)); }
int shm_unmap(sqlite3_file* file, int delete_flag) {
  return real_of(file)->pMethods->xShmUnmap(real_of(file), delete_flag);
}
int file_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return real_of(file)->pMethods->xUnfetch(real_of(file), offset, page);
}

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = new (file) File();
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(File));
  f->real->pMethods = nullptr;
  int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) {
    f->~File();
    file->pMethods = nullptr;
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  const sqlite3_io_methods& real = *f->real->pMethods;
  f->log = (flags & SQLITE_OPEN_WAL) != 0;
  // The same version as SQLite's own file: SQLite asks it what the file can do.
  f->methods.iVersion = real.iVersion;
  f->methods.xClose = file_close;
  f->methods.xRead = file_read;
  f->methods.xWrite = f->log ? log_write : plain_write;
  f->methods.xTruncate = file_truncate;
  f->methods.xSync = file_sync;
  f->methods.xFileSize = file_size;
  f->methods.xLock = file_lock;
  f->methods.xUnlock = file_unlock;
  f->methods.xCheckReservedLock = check_reserved_lock;
  f->methods.xFileControl = file_control;
  f->methods.xSectorSize = sector_size;
  f->methods.xDeviceCharacteristics = device_characteristics;
  if (real.iVersion >= 2) {
    f->methods.xShmMap = real.xShmMap ? shm_map : nullptr;
    f->methods.xShmLock = real.xShmLock ? shm_lock : nullptr;
    f->methods.xShmBarrier = real.xShmBarrier ? shm_barrier : nullptr;
    f->methods.xShmUnmap = real.xShmUnmap ? shm_unmap : nullptr;
  }
  if (real.iVersion >= 3) {
    f->methods.xFetch = real.xFetch ? file_fetch : nullptr;
    f->methods.xUnfetch = real.xUnfetch ? file_unfetch : nullptr;
  }
  f->base.pMethods = &f->methods;
  return SQLITE_OK;
}

// The rest is SQLite's own, called with its own VFS.
int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) { return real_vfs->xDelete(real_vfs, name, sync_dir); }
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return real_vfs->xAccess(real_vfs, name, flags, out);
}
int full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void dl_error(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }
void (*dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int randomness(sqlite3_vfs*, int size, char* out) { return real_vfs->xRandomness(real_vfs, size, out); }
int vfs_sleep(sqlite3_vfs*, int microseconds) { return real_vfs->xSleep(real_vfs, microseconds); }
int current_time(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }
int last_error(sqlite3_vfs*, int size, char* out) { return real_vfs->xGetLastError(real_vfs, size, out); }
int current_time_ms(sqlite3_vfs*, sqlite3_int64* out) { return real_vfs->xCurrentTimeInt64(real_vfs, out); }

} // namespace

const char* log_gathering_vfs() {
  static std::once_flag once;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    if (real_vfs == nullptr || real_vfs->iVersion < 2) throw std::runtime_error("SQLite has no usable default VFS");
    gathering_vfs.iVersion = 2;
    gathering_vfs.szOsFile = static_cast<int>(sizeof(File)) + real_vfs->szOsFile;
    gathering_vfs.mxPathname = real_vfs->mxPathname;
    gathering_vfs.zName = "stoop-log";
    gathering_vfs.xOpen = vfs_open;
    gathering_vfs.xDelete = vfs_delete;
    gathering_vfs.xAccess = vfs_access;
    gathering_vfs.xFullPathname = full_pathname;
    gathering_vfs.xDlOpen = dl_open;
    gathering_vfs.xDlError = dl_error;
    gathering_vfs.xDlSym = dl_sym;
    gathering_vfs.xDlClose = dl_close;
    gathering_vfs.xRandomness = randomness;
    gathering_vfs.xSleep = vfs_sleep;
    gathering_vfs.xCurrentTime = current_time;
    gathering_vfs.xGetLastError = last_error;
    gathering_vfs.xCurrentTimeInt64 = current_time_ms;
    if (int rc = sqlite3_vfs_register(&gathering_vfs, 0); rc != SQLITE_OK) {
      throw std::runtime_error(std::string("cannot register the log VFS: ") + sqlite3_errstr(rc));
    }
  });
  return gathering_vfs.zName;
}

std::uint64_t log_file_writes() { return writes.load(std::memory_order_relaxed); }

} // namespace stoop::storage
