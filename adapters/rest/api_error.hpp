// The API's one error shape, {"error": {"code", "message", "details"}}, and the one place where
// amtsweg::Error kinds and HTTP-only failures (401, 405, 413, 415, 429) become precise statuses.
#pragma once

#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>

#include "adapters/rest/http_message.hpp"
#include "engine/error.hpp"

namespace amtsweg::rest {

// A failure that only exists in HTTP (no token, wrong method, wrong media type, too large).
// Engine failures stay amtsweg::Error; handlers throw either, the router converts both.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, const std::string& message, boost::json::value details = nullptr)
      : std::runtime_error(message), status_(status), code_(std::move(code)), details_(std::move(details)) {}

  // Adds a header to the error response (e.g. Retry-After with 429).
  HttpError& with_header(const std::string& name, std::string value) {
    headers_[name] = std::move(value);
    return *this;
  }

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const boost::json::value& details() const { return details_; }
  const HeaderMap& headers() const { return headers_; }

 private:
  int status_;
  std::string code_;
  boost::json::value details_;
  HeaderMap headers_;
};

// InvalidArgument 400, NotFound 404, Conflict 409, TooLarge 413, UnsupportedType 415,
// RuleViolation/Invalid/ScriptFailure 422, Corruption 500, Io/StorageFull 503 (with Retry-After).
int http_status(ErrorKind kind);

Response error_response(int status, const std::string& code, const std::string& message,
                        const boost::json::value& details = nullptr);
Response error_response(const Error& error);
Response error_response(const HttpError& error);

}  // namespace amtsweg::rest
