// Maps method + path patterns ("/api/v1/cases/{id}") to handlers. handle() is a pure function
// from Request to Response that never touches a socket; it is where every failure becomes JSON.
#pragma once

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

class Router {
 public:
  // Registers `handler` for `method` on `pattern`: literal segments and whole-segment
  // placeholders such as "{id}". Register every route before handling requests (handle() reads
  // the table without a lock, from several I/O threads).
  void add(std::string method, std::string_view pattern, Handler handler);

  // 404 when no pattern matches the path, 405 (with Allow) when one matches but not the method,
  // else the handler's response. HttpError, amtsweg::Error and any other exception become the
  // JSON error response (500 for the unexpected, logged to stderr). Thread-safe.
  Response handle(const Request& request) const;

  // "GET /api/v1/cases/{id}" for every route, in registration order (for docs and tests).
  std::vector<std::string> routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& path, PathParams& params);
  // Runs the handler; every exception becomes the JSON error response here and nowhere else.
  static Response run(const Route& route, const Request& request, const PathParams& params);

  std::vector<Route> routes_;
};

}  // namespace amtsweg::rest
