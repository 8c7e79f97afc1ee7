#pragma once
// Expected outcomes (a rejected input, a conflict) cross module boundaries as values, not
// exceptions.

#include <string>
#include <utility>
#include <variant>

namespace sporazum::core {

/// A stable, machine-readable error: `code` is part of the protocol, `message` is for people.
struct Error {
  std::string code;
  std::string message;
  std::string field;  ///< offending field, empty when none

  friend bool operator==(const Error&, const Error&) = default;
};

/// Either a value or an Error.
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  Result(Error error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(data_); }
  const T& value() const { return std::get<T>(data_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

inline Error makeError(std::string code, std::string message, std::string field = {}) {
  return Error{std::move(code), std::move(message), std::move(field)};
}

}  // namespace sporazum::core
