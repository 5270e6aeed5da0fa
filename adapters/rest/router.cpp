// Route matching and the single place where exceptions become error responses (see router.hpp).
// Patterns are split once at registration; matching is a segment-by-segment comparison.
#include "adapters/rest/router.hpp"

#include <exception>
#include <future>
#include <iostream>
#include <memory>

#include "adapters/rest/api_error.hpp"
#include "engine/error.hpp"

namespace amtsweg::rest {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return segments;
}

bool is_placeholder(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  add(std::move(method), pattern,
      AsyncHandler([handler = std::move(handler)](const Request& request, const PathParams& params, Respond respond) {
        respond(handler(request, params));
      }));
}

void Router::add(std::string method, std::string_view pattern, AsyncHandler handler) {
  Route route{std::move(method), std::string(pattern), {}, std::move(handler)};
  for (std::string_view segment : split_path(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& path, PathParams& params) {
  if (route.segments.size() != path.size()) return false;
  PathParams found;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (is_placeholder(segment)) {
      std::string value = decode_query_component(path[i]);
      if (value.empty()) return false;
      found.emplace(segment.substr(1, segment.size() - 2), std::move(value));
    } else if (segment != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

Response Router::handle(const Request& request) const {
  auto answer = std::make_shared<std::promise<Response>>();
  auto response = answer->get_future();
  handle_async(request, [answer](Response r) { answer->set_value(std::move(r)); });
  return response.get();
}

void Router::handle_async(const Request& request, Respond respond) const {
  const auto path = split_path(request.path());
  std::string allowed;
  for (const Route& route : routes_) {
    PathParams params;
    if (!match(route, path, params)) continue;
    if (route.method != request.method) {
      if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + route.method;
      continue;
    }
    return run(route, request, params,
               [respond = std::move(respond), name = route.method + " " + route.pattern](Response response) {
                 response.route = name;
                 respond(std::move(response));
               });
  }
  if (allowed.empty())
    return respond(error_response(404, "not_found", "no resource at " + std::string(request.path())));
  Response response = error_response(
      405, "method_not_allowed",
      request.method + " is not allowed on " + std::string(request.path()) + " (allowed: " + allowed + ")");
  response.headers["Allow"] = allowed;
  respond(std::move(response));
}

void Router::run(const Route& route, const Request& request, const PathParams& params, Respond respond) {
  respond_guarded([&](Respond answer) { route.handler(request, params, std::move(answer)); }, std::move(respond),
                  [&request](const std::exception_ptr& failure) { return failure_response(request, failure); });
}

Response Router::failure_response(const Request& request, const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const HttpError& error) {
    return error_response(error);
  } catch (const Error& error) {
    if (http_status(error.kind()) >= 500)
      std::cerr << "amtsweg rest: " << request.method << " " << request.path() << ": " << error.what() << "\n";
    return error_response(error);
  } catch (const std::exception& error) {
    std::cerr << "amtsweg rest: " << request.method << " " << request.path() << ": unexpected: " << error.what()
              << "\n";
    return error_response(500, "internal", "internal error; the server log has the details");
  } catch (...) {
    std::cerr << "amtsweg rest: " << request.method << " " << request.path() << ": unexpected exception\n";
    return error_response(500, "internal", "internal error; the server log has the details");
  }
}

std::vector<std::string> Router::routes() const {
  std::vector<std::string> list;
  for (const Route& route : routes_) list.push_back(route.method + " " + route.pattern);
  return list;
}

}  // namespace amtsweg::rest
