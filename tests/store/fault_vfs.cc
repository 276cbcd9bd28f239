#include "store/fault_vfs.h"

#include <cstdint>
#include <cstdio>

namespace bulwark::store::testing {

namespace {

// The file SQLite sees; the default VFS's file lives right behind it in the same allocation.
struct FaultFile {
  sqlite3_file base;  // First: SQLite reads pMethods from here.
  FaultVfs* owner;
  sqlite3_file* real;
};

FaultFile* Wrapper(sqlite3_file* file) {
  return reinterpret_cast<FaultFile*>(file);
}
sqlite3_file* Real(sqlite3_file* file) {
  return Wrapper(file)->real;
}
FaultVfs* Owner(sqlite3_vfs* vfs) {
  return static_cast<FaultVfs*>(vfs->pAppData);
}
sqlite3_vfs* Base(sqlite3_vfs* vfs) {
  return Owner(vfs)->base();
}

}  // namespace

FaultVfs::FaultVfs() : base_(sqlite3_vfs_find(nullptr)) {
  char name[64];
  std::snprintf(name, sizeof(name), "bulwark-fault-%p", static_cast<void*>(this));
  name_ = name;

  methods_.iVersion = 3;
  methods_.xClose = [](sqlite3_file* f) {
    sqlite3_file* real = Real(f);
    return real->pMethods->xClose(real);
  };
  methods_.xRead = [](sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
    return Real(f)->pMethods->xRead(Real(f), out, amount, offset);
  };
  methods_.xWrite = [](sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    switch (Wrapper(f)->owner->fault()) {
      case Fault::kWriteFails: return SQLITE_IOERR_WRITE;
      case Fault::kDiskFull: return SQLITE_FULL;
      default: return Real(f)->pMethods->xWrite(Real(f), data, amount, offset);
    }
  };
  methods_.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
    if (Wrapper(f)->owner->fault() == Fault::kWriteFails) return SQLITE_IOERR_TRUNCATE;
    return Real(f)->pMethods->xTruncate(Real(f), size);
  };
  methods_.xSync = [](sqlite3_file* f, int flags) {
    if (Wrapper(f)->owner->fault() == Fault::kSyncFails) return SQLITE_IOERR_FSYNC;
    return Real(f)->pMethods->xSync(Real(f), flags);
  };
  methods_.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
    return Real(f)->pMethods->xFileSize(Real(f), size);
  };
  methods_.xLock = [](sqlite3_file* f, int lock) { return Real(f)->pMethods->xLock(Real(f), lock); };
  methods_.xUnlock = [](sqlite3_file* f, int lock) { return Real(f)->pMethods->xUnlock(Real(f), lock); };
  methods_.xCheckReservedLock = [](sqlite3_file* f, int* out) {
    return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
  };
  methods_.xFileControl = [](sqlite3_file* f, int op, void* arg) {
    return Real(f)->pMethods->xFileControl(Real(f), op, arg);
  };
  methods_.xSectorSize = [](sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); };
  methods_.xDeviceCharacteristics = [](sqlite3_file* f) {
    return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
  };
  methods_.xShmMap = [](sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
  };
  methods_.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
    return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
  };
  methods_.xShmBarrier = [](sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); };
  methods_.xShmUnmap = [](sqlite3_file* f, int remove) {
    return Real(f)->pMethods->xShmUnmap(Real(f), remove);
  };
  methods_.xFetch = [](sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return Real(f)->pMethods->xFetch(Real(f), offset, amount, out);
  };
  methods_.xUnfetch = [](sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return Real(f)->pMethods->xUnfetch(Real(f), offset, page);
  };

  vfs_.iVersion = 2;
  vfs_.szOsFile = static_cast<int>(sizeof(FaultFile)) + base_->szOsFile;
  vfs_.mxPathname = base_->mxPathname;
  vfs_.zName = name_.c_str();
  vfs_.pAppData = this;
  vfs_.xOpen = [](sqlite3_vfs* vfs, sqlite3_filename path, sqlite3_file* file, int flags, int* out_flags) {
    FaultFile* wrapper = Wrapper(file);
    wrapper->owner = nullptr;
    wrapper->base.pMethods = nullptr;
    wrapper->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + sizeof(FaultFile));
    int rc = Base(vfs)->xOpen(Base(vfs), path, wrapper->real, flags, out_flags);
    if (wrapper->real->pMethods == nullptr) return rc == SQLITE_OK ? SQLITE_CANTOPEN : rc;
    wrapper->owner = Owner(vfs);
    wrapper->base.pMethods = &Owner(vfs)->methods_;
    return rc;
  };
  vfs_.xDelete = [](sqlite3_vfs* vfs, const char* path, int sync_dir) {
    return Base(vfs)->xDelete(Base(vfs), path, sync_dir);
  };
  vfs_.xAccess = [](sqlite3_vfs* vfs, const char* path, int flags, int* out) {
    return Base(vfs)->xAccess(Base(vfs), path, flags, out);
  };
  vfs_.xFullPathname = [](sqlite3_vfs* vfs, const char* path, int size, char* out) {
    return Base(vfs)->xFullPathname(Base(vfs), path, size, out);
  };
  vfs_.xDlOpen = [](sqlite3_vfs* vfs, const char* path) { return Base(vfs)->xDlOpen(Base(vfs), path); };
  vfs_.xDlError = [](sqlite3_vfs* vfs, int size, char* out) { Base(vfs)->xDlError(Base(vfs), size, out); };
  vfs_.xDlSym = [](sqlite3_vfs* vfs, void* handle, const char* symbol) {
    return Base(vfs)->xDlSym(Base(vfs), handle, symbol);
  };
  vfs_.xDlClose = [](sqlite3_vfs* vfs, void* handle) { Base(vfs)->xDlClose(Base(vfs), handle); };
  vfs_.xRandomness = [](sqlite3_vfs* vfs, int size, char* out) {
    return Base(vfs)->xRandomness(Base(vfs), size, out);
  };
  vfs_.xSleep = [](sqlite3_vfs* vfs, int micros) { return Base(vfs)->xSleep(Base(vfs), micros); };
  vfs_.xCurrentTime = [](sqlite3_vfs* vfs, double* out) { return Base(vfs)->xCurrentTime(Base(vfs), out); };
  vfs_.xGetLastError = [](sqlite3_vfs* vfs, int size, char* out) {
    return Base(vfs)->xGetLastError(Base(vfs), size, out);
  };
  vfs_.xCurrentTimeInt64 = [](sqlite3_vfs* vfs, sqlite3_int64* out) {
    return Base(vfs)->xCurrentTimeInt64(Base(vfs), out);
  };
  sqlite3_vfs_register(&vfs_, 0);
}

FaultVfs::~FaultVfs() {
  sqlite3_vfs_unregister(&vfs_);
}

}  // namespace bulwark::store::testing
