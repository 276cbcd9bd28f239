#include "server/store_call_executor.h"

#include "trail/trail_log.h"

namespace bulwark::server {

namespace {

// What one call's write function and completion share. The context is the pipeline's, borrowed: it
// outlives `done` (CallExecutor's contract), which the completion holds until after the write ran.
struct CallState {
  const services::Operation* operation;
  const services::CallContext* context;
  trail::EventRecord record;
  std::optional<core::Error> failure;
  std::optional<core::Result<services::OperationOutcome>> outcome;
  CallExecutor::Done done;
};

core::Status RunAndRecord(CallState& s, store::Transaction& txn) {
  if (s.failure) {
    s.outcome.emplace(*s.failure);
  } else {
    s.outcome.emplace(
        txn.Nested([&](store::Transaction& inner) { return s.operation->execute(*s.context, inner); }));
  }
  const core::Result<services::OperationOutcome>& outcome = *s.outcome;
  trail::EventRecord& r = s.record;
  if (outcome.ok()) {
    // Handlers set responseElements only where CloudTrail records them (mutations, and reads that
    // hand out something, such as AssumeRole's credentials); null otherwise.
    r.response_elements = outcome->response_elements;
  } else {
    r.error_code = outcome.error().code;
    r.error_message = outcome.error().message;
  }
  // A store failure inside the handler is the server's problem, not the caller's: fail the whole
  // call (and its record) closed rather than record a half-known outcome.
  if (!outcome.ok() &&
      (outcome.error().code == store::kErrorUnavailable || outcome.error().code == store::kErrorInternal)) {
    return outcome.status();
  }
  return trail::AppendEvent(txn, r, s.context->now).status();
}

}  // namespace

void StoreCallExecutor::Execute(const services::Operation* operation, const services::CallContext& context,
                                trail::EventRecord record, std::optional<core::Error> failure, Done done) {
  auto state = std::make_shared<CallState>(
      CallState{operation, &context, std::move(record), std::move(failure), std::nullopt, std::move(done)});
  CallState* raw = state.get();  // Alive until the completion below has run.
  store_->Submit(
      [raw](store::Transaction& txn) { return RunAndRecord(*raw, txn); },
      [state = std::move(state), log = log_](core::Status status) {
        if (!status.ok()) {
          if (log) {
            log("TRAIL WRITE FAILED: call " + state->record.request_id +
                " refused with ServiceUnavailable: " + status.error().message);
          }
          // Nothing was committed: neither the call's effects nor its record. Say so without
          // the store's internals (table names, SQL).
          state->done(core::Error{"ServiceUnavailable", "The service is unavailable. Please try again."});
          return;
        }
        // A committed mutation may have changed credentials; caches resolved before the
        // commit must not serve after this call is answered (access_key_cache.h).
        const bool mutated =
            state->outcome->ok() && state->operation != nullptr && !state->operation->read_only;
        if (mutated && state->context->credential_epoch != nullptr)
          state->context->credential_epoch->Advance();
        state->done(std::move(*state->outcome));
      });
}

}  // namespace bulwark::server
