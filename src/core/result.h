// Status and Result<T>: how Bulwark reports errors a client can cause.
//
// An Error carries an AWS error code (the wire name, e.g. "MalformedPolicyDocument") and a message.
// The mapping from code to HTTP status lives in one table (error_codes.h), not here. Exceptions
// never cross a library boundary; code that calls a throwing library converts at once.
// Thread-safety: value types, no shared state.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace bulwark::core {

struct Error {
  std::string code;     // AWS wire error code, e.g. "ValidationError".
  std::string message;  // Human-readable, safe to return to the caller (no secrets).
  // The modelled "Reason" member some JSON services' exceptions carry (Organizations'
  // ConstraintViolationException, InvalidInputException); empty for most errors.
  std::string reason = {};
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design.
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design.
  Result(Error error) : state_(std::move(error)) {}      // NOLINT: implicit by design.

  bool ok() const { return state_.index() == 0; }
  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  Status status() const { return ok() ? Status::Ok() : Status(error()); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace bulwark::core
