#include "server/store_call_executor.h"

#include "trail/trail_log.h"

namespace bulwark::server {

void StoreCallExecutor::Execute(const services::Operation* operation, const services::CallContext& context,
                                trail::EventRecord record, std::optional<core::Error> failure, Done done) {
  // Everything the write function needs is copied in: it runs later, on the writer thread.
  auto outcome = std::make_shared<std::optional<core::Result<services::OperationOutcome>>>();
  auto shared_record = std::make_shared<trail::EventRecord>(std::move(record));
  const int64_t now = context.now;
  store_->Submit(
      [operation, context, failure, outcome, shared_record, now](store::Transaction& txn) -> core::Status {
        if (failure) {
          outcome->emplace(*failure);
        } else {
          outcome->emplace(txn.Nested([&](store::Transaction& inner) { return operation->execute(context, inner); }));
        }
        trail::EventRecord& r = *shared_record;
        if ((*outcome)->ok()) {
          if (!operation->read_only) r.response_elements = (**outcome)->response_elements;
        } else {
          r.error_code = (*outcome)->error().code;
          r.error_message = (*outcome)->error().message;
        }
        // A store failure inside the handler is the server's problem, not the caller's: fail the
        // whole call (and its record) closed rather than record a half-known outcome.
        if (!(*outcome)->ok() && ((*outcome)->error().code == store::kErrorUnavailable ||
                                  (*outcome)->error().code == store::kErrorInternal)) {
          return (*outcome)->status();
        }
        auto appended = trail::AppendEvent(txn, r, now);
        return appended.status();
      },
      [outcome, done](core::Status status) {
        if (!status.ok()) {
          // Nothing was committed: neither the call's effects nor its record. Say so without the
          // store's internals (table names, SQL).
          done(core::Error{"ServiceUnavailable", "The service is unavailable. Please try again."});
          return;
        }
        done(std::move(**outcome));
      });
}

}  // namespace bulwark::server
