// Maps method + path patterns ("/api/v1/cases/{id}") to handlers. handle() is a pure function
// from Request to Response that never touches a socket (handle_async() the same with a callback);
// it is where every failure becomes JSON.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/rest/http_message.hpp"

namespace amtsweg::rest {

// Values of a pattern's {placeholders}, by name, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

using Handler = std::function<Response(const Request&, const PathParams&)>;
// Hands a request's response on; called exactly once, from any thread.
using Respond = std::function<void(Response)>;
// A handler that answers later, through `respond` (for engine commands that complete when their
// group commit does, without a thread waiting for it). It may throw before it hands the work on;
// what it throws is answered as a Handler's exceptions are. `request` lives until it responded.
using AsyncHandler = std::function<void(const Request&, const PathParams&, Respond respond)>;

class Router {
 public:
  // Registers `handler` for `method` on `pattern`: literal segments and whole-segment
  // placeholders such as "{id}". Register every route before handling requests (handle() reads
  // the table without a lock, from several I/O threads).
  void add(std::string method, std::string_view pattern, Handler handler);
  void add(std::string method, std::string_view pattern, AsyncHandler handler);

  // 404 when no pattern matches the path, 405 (with Allow) when one matches but not the method,
  // else the handler's response. HttpError, amtsweg::Error and any other exception become the
  // JSON error response (500 for the unexpected, logged to stderr). Thread-safe.
  Response handle(const Request& request) const;
  // handle() without waiting: `respond` gets the response, at once for a Handler, when the work
  // is done for an AsyncHandler (`request` must live until then). handle() waits for it.
  void handle_async(const Request& request, Respond respond) const;

  // The JSON error response for what a handler threw (HttpError, amtsweg::Error, anything else:
  // 500, logged to stderr with the request). For AsyncHandlers whose work failed later.
  static Response failure_response(const Request& request, const std::exception_ptr& failure);

  // "GET /api/v1/cases/{id}" for every route, in registration order (for docs and tests).
  std::vector<std::string> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    AsyncHandler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& path, PathParams& params);
  // Runs the handler; every exception becomes the JSON error response (failure_response).
  static void run(const Route& route, const Request& request, const PathParams& params, Respond respond);

  std::vector<Route> routes_;
};

}  // namespace amtsweg::rest
