// The HTTP request and response as the router and handlers see them: plain values without any
// Beast type, so routing and handlers are pure functions that tests call without a network.
#pragma once

#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace amtsweg::rest {

// Header names compare case-insensitively (RFC 9110 5.1).
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

// What handling a request learns that the request log reports: filled on the way by
// authentication and handlers, which see the request as const, hence `mutable` below.
struct RequestTrace {
  std::string principal;  // "tenant/name" once authenticated
  std::string case_id;    // the case the request concerned, when there is one
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/api/v1/tasks?state=open"
  HeaderMap headers;
  std::string body;

  // The path part of the target, without the query string.
  std::string_view path() const;
  // The decoded value of query parameter `name`; nullopt when absent.
  std::optional<std::string> query(std::string_view name) const;
  // Every query parameter name, decoded (to reject unknown ones).
  std::map<std::string, std::string> query_parameters() const;
  // The header's value, or empty when absent.
  std::string header(std::string_view name) const;

  mutable RequestTrace trace;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  HeaderMap headers;  // besides Content-Type and Content-Length
  std::string body;
  // The route that answered ("GET /api/v1/cases/{id}"), set by the router for the request log;
  // empty when no route matched. Not sent to the client.
  std::string route;
};

// Decodes %XX escapes and '+' (as a space) of a query component. Invalid escapes are kept as text.
std::string decode_query_component(std::string_view text);

// Hands a request's response on; called exactly once, from any thread.
using Respond = std::function<void(Response)>;

// Runs `start(respond)`, a step that answers through `respond` now or later; if it throws before
// it called `respond`, responds with `on_throw(the exception)` instead, so that every request is
// answered exactly once.
void respond_guarded(const std::function<void(Respond)>& start, Respond respond,
                     const std::function<Response(const std::exception_ptr&)>& on_throw);

}  // namespace amtsweg::rest
