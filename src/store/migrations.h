// Versioned schema migrations.
//
// Each component (a service or layer: "iam", "kms", "trail", ...) owns an ordered list of
// migrations, versions 1, 2, 3, ... Components are independent, so two services adding a migration at
// the same time never collide on a version number (a single global counter would). A migration is
// never edited or removed once released; a change is a new migration.
//
// The table schema_migrations(component, version, name, applied_at) records what a database holds.
// Opening a store applies, in list order, every migration the database lacks, each in its own write
// (its own transaction at open: nothing else is queued then), and refuses to open (kErrorInternal)
// when the database
//   - holds a version of a component newer than this binary knows (written by a newer Bulwark),
//   - holds a component this binary does not know at all (same reason),
//   - records a different name for a version (the histories diverged),
//   - lacks a version although a later one of the same component is applied (out-of-order history).
// Migration SQL uses the portable subset described in store.h.
// Thread-safety: functions over a Store, which is thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::store {

struct Migration {
  std::string component;     // "iam"
  std::int64_t version = 0;  // 1, 2, ... strictly increasing within the component
  std::string name;          // "create users", for people reading schema_migrations
  std::string sql;           // one or more `;`-separated statements, no parameters
};

struct AppliedMigration {
  std::string component;
  std::int64_t version = 0;
  std::string name;
};

// Checks the list itself: non-empty component and name, versions >= 1 and strictly increasing within
// each component (in list order). Errors: kErrorInternal.
core::Status ValidateMigrations(std::span<const Migration> migrations);

// Applies what is missing; returns how many migrations were applied. Errors: kErrorInternal for an
// invalid list, a refused database (see above) or a failing migration (named in the message; the
// migrations before it stay applied); kErrorUnavailable when the store cannot write.
core::Result<int> ApplyMigrations(Store& store, std::span<const Migration> migrations);

// What schema_migrations records, ordered by component and version.
core::Result<std::vector<AppliedMigration>> ListAppliedMigrations(ReadView& view);

}  // namespace bulwark::store
