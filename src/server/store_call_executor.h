// The CallExecutor that makes a call and its CloudTrail record one store transaction: the handler
// runs in a nested savepoint (a failing handler rolls back only its own writes), then the record is
// appended to the hash-chained trail, then the batch commits; the caller hears back only once the
// record is durable. When the store cannot write, the call fails closed with ServiceUnavailable and
// nothing it did is kept.
// Thread-safety: Execute is called concurrently; completions run on the store's writer thread.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "server/pipeline.h"
#include "store/store.h"

namespace bulwark::server {

class StoreCallExecutor : public CallExecutor {
 public:
  // `log` hears, for operators, why a call was refused because its record could not be made durable
  // (the caller only hears ServiceUnavailable).
  using Log = std::function<void(std::string_view)>;
  explicit StoreCallExecutor(std::shared_ptr<store::Store> store, Log log = nullptr)
      : store_(std::move(store)), log_(std::move(log)) {}

  void Execute(const services::Operation* operation, const services::CallContext& context,
               trail::EventRecord record, std::optional<core::Error> failure, Done done) override;

 private:
  std::shared_ptr<store::Store> store_;
  Log log_;
};

}  // namespace bulwark::server
