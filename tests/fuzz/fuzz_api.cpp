// The fuzz targets' API (see fuzz_api.hpp): built once per process and renewed now and then.
#include "tests/fuzz/fuzz_api.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/principal.hpp"

namespace amtsweg::fuzz {
namespace {

// 2026-03-02T09:00:00Z, a Monday.
constexpr Timestamp kMonday = 1772442000000;

void replace_all(std::string& text, std::string_view placeholder, const std::string& value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
}

}  // namespace

std::string source_path(std::string_view relative) {
  return std::string(AMTSWEG_SOURCE_DIR) + "/" + std::string(relative);
}

std::string read_source_file(std::string_view relative) {
  std::ifstream in(source_path(relative), std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + source_path(relative));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void finding(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "fuzz finding: %s\ninput (%zu bytes): %.*s\n", what.c_str(), input.size(),
               static_cast<int>(std::min<std::size_t>(input.size(), 2000)), input.data());
  std::abort();
}

FuzzEngine::FuzzEngine()
    : clock(kMonday), store(SqliteStore::open_in_memory()), engine(std::make_unique<Engine>(*store, clock)) {}

FuzzApi::FuzzApi() {
  Engine& engine = *engine_.engine;
  engine.deploy(read_source_file("processes/examples/meldebescheinigung.yaml"), "meldebescheinigung.yaml", "admin");
  integrator_token = engine.issue_token("giessen", "portal", {"integrator"}).token;
  clerk_token = engine.issue_token("giessen", "anna", {"clerk:buergerbuero"}).token;
  admin_token = engine.issue_token("giessen", "alice", {"admin"}).token;
  rest::ApiContext context{engine, engine_.clock, rest::engine_authenticator(engine)};
  router_ = std::make_unique<rest::Router>(rest::make_api_router(context));
  // One case waiting in the clerk's review: a fee-free purpose needs no payment.
  boost::json::value application = boost::json::parse(read_source_file("examples/meldebescheinigung/application.json"));
  application.as_object()["purpose"] = "pension";
  const auto started = handle(request("POST", "/api/v1/processes/meldebescheinigung/cases", integrator_token,
                                      boost::json::serialize(application)),
                              "setup");
  if (started.status != 201) throw std::runtime_error("fuzz setup: intake answered " + started.body);
  case_id = boost::json::parse(started.body).at("id").as_string().c_str();
  const auto inbox = handle(request("GET", "/api/v1/tasks", clerk_token, ""), "setup");
  const boost::json::value inbox_json = boost::json::parse(inbox.body);
  const auto& items = inbox_json.at("tasks").as_array();
  if (items.empty()) throw std::runtime_error("fuzz setup: no open task: " + inbox.body);
  task_id = items.at(0).at("id").as_string().c_str();
  const auto claimed = handle(request("POST", "/api/v1/tasks/" + task_id + "/claim", clerk_token, ""), "setup");
  if (claimed.status != 200) throw std::runtime_error("fuzz setup: claim answered " + claimed.body);
}

FuzzApi::~FuzzApi() = default;

FuzzApi& FuzzApi::shared(int inputs) {
  // libFuzzer calls a plain function, so the API it works on can only live here.
  static std::unique_ptr<FuzzApi> api;
  static int served = 0;
  if (!api || served++ >= inputs) {
    api.reset();
    api = std::make_unique<FuzzApi>();
    served = 1;
  }
  return *api;
}

std::string FuzzApi::with_secrets(std::string_view text) const {
  std::string result(text);
  replace_all(result, "TOKEN-INTEGRATOR", integrator_token);
  replace_all(result, "TOKEN-CLERK", clerk_token);
  replace_all(result, "TOKEN-ADMIN", admin_token);
  replace_all(result, "TASK-ID", task_id);
  replace_all(result, "CASE-ID", case_id);
  return result;
}

rest::Response FuzzApi::handle(const rest::Request& request, std::string_view input) const {
  rest::Response response = router_->handle(request);
  if (response.status == 500) finding(request.method + " " + request.target + " answered 500: " + response.body, input);
  return response;
}

rest::Response FuzzApi::read_back(const std::string& target, const std::string& token, std::string_view input) const {
  return handle(request("GET", target, token, ""), input);
}

rest::Request FuzzApi::request(std::string method, std::string target, const std::string& token,
                               std::string body) const {
  rest::Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  if (!token.empty()) request.headers["Authorization"] = "Bearer " + token;
  if (!body.empty()) request.headers["Content-Type"] = "application/json";
  request.body = std::move(body);
  return request;
}

}  // namespace amtsweg::fuzz
