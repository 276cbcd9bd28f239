// The CallExecutor that makes a call and its CloudTrail record one store transaction: the handler
// runs in a nested savepoint (a failing handler rolls back only its own writes), then the record is
// appended to the hash-chained trail, then the batch commits; the caller hears back only once the
// record is durable. When the store cannot write, the call fails closed with ServiceUnavailable and
// nothing it did is kept.
//
// Read-only operations do not hold the store's single writer while they work: their handler runs
// against a snapshot of committed state, and only the append of their record goes to the writer.
// Unbounded reads (Operation::unbounded_read: a large simulation, a trail lookup) run on a pool of
// reader threads, so they delay no other caller; bounded ones run on the calling thread, which saves
// the hops (a fifth of an IAM Get's throughput on two cores). A read-only operation whose handler turns out to write (AssumeRole consuming an MFA
// code, for instance) is refused its write on the snapshot and runs again on the writer, so nothing
// is ever written outside the call's transaction. A read-only operation that declares it does not use
// the store (Operation::uses_store) runs where the call is, with no snapshot and no thread hop.
// Thread-safety: Execute is called concurrently; completions run on the store's writer thread.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <string_view>

#include "server/pipeline.h"
#include "store/store.h"

namespace bulwark::server {

struct CallState;

class StoreCallExecutor : public CallExecutor {
 public:
  // `log` hears, for operators, why a call was refused because its record could not be made durable
  // (the caller only hears ServiceUnavailable). `reader_threads` run read-only handlers.
  using Log = std::function<void(std::string_view)>;
  explicit StoreCallExecutor(std::shared_ptr<store::Store> store, Log log = nullptr, unsigned reader_threads = 4);
  ~StoreCallExecutor() override;

  void Execute(const services::Operation* operation, const services::CallContext& context,
               trail::EventRecord record, std::optional<core::Error> failure, Done done) override;

  // Waits until every read-only handler already started has handed its record to the store; calls
  // executed afterwards are not accepted. For shutdown, before the store's final barrier.
  void Drain();

 private:
  void RunOnReader(std::shared_ptr<CallState> state);
  void Commit(std::shared_ptr<CallState> state);

  std::shared_ptr<store::Store> store_;
  Log log_;
  boost::asio::thread_pool readers_;
};

}  // namespace bulwark::server
