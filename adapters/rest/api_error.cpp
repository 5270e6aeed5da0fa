// Turns failures into the API's JSON error responses (see api_error.hpp). Internal failures keep
// their code but not their message, so store paths and SQL never reach a client.
#include "adapters/rest/api_error.hpp"
#include "engine/model/json_text.hpp"

#include <boost/json/object.hpp>

namespace amtsweg::rest {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidArgument:
      return 400;
    case ErrorKind::NotFound:
      return 404;
    case ErrorKind::Conflict:
      return 409;
    case ErrorKind::RuleViolation:
    case ErrorKind::Invalid:
    case ErrorKind::ScriptFailure:
      return 422;
    case ErrorKind::UnsupportedType:
      return 415;
    case ErrorKind::TooLarge:
      return 413;
    case ErrorKind::Io:
    case ErrorKind::StorageFull:
      return 503;  // the server is fine; its storage is not, for now
    case ErrorKind::Corruption:
      return 500;
  }
  return 500;
}

namespace {

// The store failed (disk full, I/O error): say so plainly, without paths or SQL, and when to retry.
Response storage_unavailable_response(ErrorKind kind) {
  const bool full = kind == ErrorKind::StorageFull;
  Response response = error_response(
      503, std::string(to_string(kind)),
      full ? "the database has no room left (disk full or size limit reached); nothing was changed, try again later"
           : "the database cannot be read or written right now; try again later");
  response.headers["Retry-After"] = "5";
  return response;
}

}  // namespace

Response error_response(int status, const std::string& code, const std::string& message,
                        const boost::json::value& details) {
  boost::json::object error{{"code", code}, {"message", message}, {"details", details}};
  Response response;
  response.status = status;
  response.body = json_text(boost::json::object{{"error", std::move(error)}});
  return response;
}

Response error_response(const Error& error) {
  const int status = http_status(error.kind());
  const std::string code(to_string(error.kind()));
  if (status == 503) return storage_unavailable_response(error.kind());
  if (status >= 500) return error_response(status, code, "internal error; the server log has the details");
  return error_response(status, code, error.what(), error.details());
}

Response error_response(const HttpError& error) {
  Response response = error_response(error.status(), error.code(), error.what(), error.details());
  response.headers = error.headers();
  if (error.status() == 401) response.headers["WWW-Authenticate"] = "Bearer";
  return response;
}

}  // namespace amtsweg::rest
