#include "server/store_call_executor.h"

#include <boost/asio/post.hpp>

#include "trail/trail_log.h"

namespace bulwark::server {

// What one call's write function and completion share. The context is the pipeline's, borrowed: it
// outlives `done` (CallExecutor's contract), which the completion holds until after the write ran.
struct CallState {
  const services::Operation* operation;
  const services::CallContext* context;
  trail::EventRecord record;
  std::optional<core::Error> failure;
  std::optional<core::Result<services::OperationOutcome>> outcome;  // Set already when run on a reader.
  CallExecutor::Done done;
  bool ran_on_writer = false;  // The handler ran in the write transaction (it may have written).
};

namespace {

bool IsStoreFailure(const core::Error& error) {
  return error.code == store::kErrorUnavailable || error.code == store::kErrorInternal;
}

core::Status RunAndRecord(CallState& s, store::Transaction& txn) {
  if (s.failure) {
    s.outcome.emplace(*s.failure);
  } else if (!s.outcome) {
    s.ran_on_writer = true;
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
  if (!outcome.ok() && IsStoreFailure(outcome.error())) return outcome.status();
  if (auto appended = trail::AppendEvent(txn, r, s.context->now); !appended.ok()) return appended.status();
  if (r.counterpart_account_id.empty()) return core::Status::Ok();
  // The resource owner's copy of a cross-account call (event_record.h).
  trail::EventRecord copy = r;
  copy.recipient_account_id = copy.counterpart_account_id;
  copy.event_id = copy.counterpart_event_id;
  return trail::AppendEvent(txn, copy, s.context->now).status();
}

// A read snapshot dressed as a transaction for handlers of read-only operations: reads go to the
// snapshot; any write is refused and remembered, and the call then runs again on the writer.
class SnapshotTransaction : public store::Transaction {
 public:
  explicit SnapshotTransaction(store::ReadView& view) : view_(view) {}
  bool wanted_write() const { return wanted_write_; }

 protected:
  core::Status DoQuery(std::string_view sql, std::span<const store::Value> params,
                       const RowCallback& on_row) override {
    return view_.Query(sql, params, on_row);
  }
  core::Result<std::int64_t> DoExecute(std::string_view, std::span<const store::Value>) override {
    return Refuse();
  }
  core::Status DoExecuteScript(std::string_view) override { return Refuse(); }
  core::Status DoNested(const std::function<core::Status(Transaction&)>& fn) override { return fn(*this); }

 private:
  core::Error Refuse() {
    wanted_write_ = true;
    return core::Error{std::string(store::kErrorInternal), std::string(store::kMessagePrefix) + "write on a read snapshot"};
  }
  store::ReadView& view_;
  bool wanted_write_ = false;
};

// For handlers declared not to use the store: every statement is refused and remembered.
class NoStoreTransaction : public store::Transaction {
 public:
  bool touched() const { return touched_; }

 protected:
  core::Status DoQuery(std::string_view, std::span<const store::Value>, const RowCallback&) override { return Refuse(); }
  core::Result<std::int64_t> DoExecute(std::string_view, std::span<const store::Value>) override { return Refuse(); }
  core::Status DoExecuteScript(std::string_view) override { return Refuse(); }
  core::Status DoNested(const std::function<core::Status(Transaction&)>& fn) override { return fn(*this); }

 private:
  core::Error Refuse() {
    touched_ = true;
    return core::Error{std::string(store::kErrorInternal), std::string(store::kMessagePrefix) + "no store for this call"};
  }
  bool touched_ = false;
};

}  // namespace

StoreCallExecutor::StoreCallExecutor(std::shared_ptr<store::Store> store, Log log, unsigned reader_threads)
    : store_(std::move(store)), log_(std::move(log)), readers_(reader_threads == 0 ? 1 : reader_threads) {}

StoreCallExecutor::~StoreCallExecutor() { Drain(); }

void StoreCallExecutor::Drain() { readers_.join(); }

void StoreCallExecutor::Execute(const services::Operation* operation, const services::CallContext& context,
                                trail::EventRecord record, std::optional<core::Error> failure, Done done) {
  auto state = std::make_shared<CallState>(
      CallState{operation, &context, std::move(record), std::move(failure), std::nullopt, std::move(done)});
  if (!state->failure && operation != nullptr && operation->read_only) {
    if (!operation->uses_store) {
      NoStoreTransaction none;
      state->outcome.emplace(operation->execute(context, none));
      if (!none.touched()) return Commit(std::move(state));
      state->outcome.reset();
    }
    if (operation->unbounded_read) {
      boost::asio::post(readers_, [this, state] { RunOnReader(state); });
    } else {
      RunOnReader(std::move(state));
    }
    return;
  }
  Commit(std::move(state));
}

void StoreCallExecutor::RunOnReader(std::shared_ptr<CallState> state) {
  bool needs_writer = false;
  core::Status read = store_->Read([&](store::ReadView& view) -> core::Status {
    SnapshotTransaction txn(view);
    state->outcome.emplace(state->operation->execute(*state->context, txn));
    needs_writer = txn.wanted_write();
    return core::Status::Ok();
  });
  if (!read.ok() || needs_writer || (!state->outcome->ok() && IsStoreFailure(state->outcome->error()))) {
    state->outcome.reset();  // The writer decides: it runs the handler in the call's transaction.
  }
  Commit(std::move(state));
}

void StoreCallExecutor::Commit(std::shared_ptr<CallState> state) {
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
        // commit must not serve after this call is answered (access_key_cache.h). A read-only
        // call that ran on the writer may have written too (KMS's automatic rotation).
        const bool mutated = state->outcome->ok() && state->operation != nullptr &&
                             (!state->operation->read_only || state->ran_on_writer);
        if (mutated && state->context->credential_epoch != nullptr)
          state->context->credential_epoch->Advance();
        state->done(std::move(*state->outcome));
      });
}

}  // namespace bulwark::server
