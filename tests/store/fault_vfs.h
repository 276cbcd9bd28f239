// FaultVfs: a SQLite VFS that forwards to the default one and, once armed, fails every write or
// every fsync the way a dying disk would (LevelDB's fault_injection_test, for SQLite). A store opened
// with `SqliteStoreOptions::vfs = vfs.name()` then meets I/O errors on its real files.
// Registration with SQLite is process-wide, so each instance registers under its own name and
// unregisters on destruction; it must outlive every connection opened through it.
// Thread-safety: Arm() may be called while connections use the VFS.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <string>

namespace bulwark::store::testing {

class FaultVfs {
 public:
  enum class Fault {
    kNone,
    kSyncFails,   // xSync returns SQLITE_IOERR_FSYNC
    kWriteFails,  // xWrite returns SQLITE_IOERR_WRITE
    kDiskFull,    // xWrite returns SQLITE_FULL
  };

  FaultVfs();
  ~FaultVfs();
  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;

  const std::string& name() const { return name_; }
  void Arm(Fault fault) { fault_.store(fault); }
  Fault fault() const { return fault_.load(); }
  sqlite3_vfs* base() const { return base_; }

 private:
  sqlite3_vfs* base_;
  std::string name_;
  sqlite3_vfs vfs_{};
  sqlite3_io_methods methods_{};
  std::atomic<Fault> fault_{Fault::kNone};
};

}  // namespace bulwark::store::testing
