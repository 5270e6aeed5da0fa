// What an asynchronous command came to, handed to its completion callback: the result, or the
// exception (usually an amtsweg::Error) that failed it.
#pragma once

#include <exception>
#include <optional>
#include <utility>

namespace amtsweg {

template <class T>
class Outcome {
 public:
  static Outcome of(T value) { return Outcome(std::move(value), nullptr); }
  // `error` must not be null.
  static Outcome failed(std::exception_ptr error) { return Outcome(std::nullopt, std::move(error)); }

  bool ok() const { return error_ == nullptr; }
  // The command's error; null when it succeeded.
  const std::exception_ptr& error() const { return error_; }
  // The result; rethrows the command's error when it failed.
  T& get() {
    if (error_) std::rethrow_exception(error_);
    return *value_;
  }

 private:
  Outcome(std::optional<T> value, std::exception_ptr error) : value_(std::move(value)), error_(std::move(error)) {}

  std::optional<T> value_;
  std::exception_ptr error_;
};

}  // namespace amtsweg
