#include "store/store.h"

#include <condition_variable>
#include <mutex>
#include <string>

namespace bulwark::store {

core::Result<std::vector<Row>> ReadView::QueryAll(std::string_view sql, std::span<const Value> params) {
  std::vector<Row> rows;
  core::Status status = DoQuery(sql, params, [&rows](const Row& row) {
    rows.push_back(row);
    return true;
  });
  if (!status.ok()) return status.error();
  return rows;
}

core::Result<std::optional<Row>> ReadView::QueryOne(std::string_view sql, std::span<const Value> params) {
  std::optional<Row> first;
  core::Status status = DoQuery(sql, params, [&first](const Row& row) {
    first = row;
    return false;
  });
  if (!status.ok()) return status.error();
  return first;
}

core::Status Store::WriteAndWait(const WriteFn& fn) {
  if (OnWriterThread()) {
    return core::Error{std::string(kErrorInternal),
                       "store: a blocking Write was called on the writer thread (from a write function or "
                       "a completion); it would wait for itself. Use WriteAsync or Transaction::Nested"};
  }
  // Shared, so the completing thread never touches this frame after waking it.
  struct Rendezvous {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<core::Status> status;
  };
  auto rendezvous = std::make_shared<Rendezvous>();
  // `fn` outlives its use: this frame waits for the completion, which runs after fn.
  Submit([&fn](Transaction& txn) { return fn(txn); },
         [rendezvous](core::Status status) {
           std::lock_guard lock(rendezvous->mu);
           rendezvous->status.emplace(std::move(status));
           rendezvous->cv.notify_one();
         });
  std::unique_lock lock(rendezvous->mu);
  rendezvous->cv.wait(lock, [&] { return rendezvous->status.has_value(); });
  return std::move(*rendezvous->status);
}

}  // namespace bulwark::store
