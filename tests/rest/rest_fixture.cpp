// The REST test fixture (see rest_fixture.hpp): a router over a real engine, called without a
// network, plus shortcuts that bring a case to the state a test needs.
#include "tests/rest/rest_fixture.hpp"

#include <stdexcept>

#include "tests/runtime/certificate_process.hpp"

namespace amtsweg::testing {

RestFixture::RestFixture(std::shared_ptr<rest::RateLimiter> rate_limiter, std::shared_ptr<StoreFaults> faults,
                         StoreBackend backend)
    : EngineFixture({}, std::move(faults), backend) {
  deploy(kCertificateYaml, "certificate.yaml");
  for (const auto& [key, principal] : principals)
    tokens[key] = engine->issue_token(principal.tenant, principal.name, principal.roles).token;
  rest::ApiContext context{*engine, clock, rest::engine_authenticator(*engine)};
  context.rate_limiter = std::move(rate_limiter);
  metrics = context.metrics;
  router = rest::make_api_router(context);
}

rest::Response RestFixture::call(const std::string& method, const std::string& target, const std::string& token,
                                 const std::string& body, const std::string& content_type,
                                 const rest::HeaderMap& headers) {
  rest::Request request;
  request.method = method;
  request.target = target;
  request.headers = headers;
  const auto known = tokens.find(token);
  if (!token.empty()) request.headers["Authorization"] = "Bearer " + (known == tokens.end() ? token : known->second);
  if (!body.empty() && !content_type.empty()) request.headers["Content-Type"] = content_type;
  request.body = body;
  return router.handle(request);
}

boost::json::value RestFixture::json_of(const rest::Response& response) { return boost::json::parse(response.body); }

std::string RestFixture::start_certificate(const std::string& body) {
  const auto response = call("POST", "/api/v1/processes/certificate/cases", "portal-giessen", body);
  if (response.status != 201) throw std::runtime_error("intake failed: " + response.body);
  return std::string(json_of(response).at("id").as_string());
}

std::string RestFixture::open_review_task(std::string* case_id) {
  const std::string id = start_certificate();
  if (case_id) *case_id = id;
  const auto paid = call("POST", "/api/v1/events", "portal-giessen",
                         R"({"id": "pay-)" + id + R"(", "type": "payment.confirmed", "correlation": {"case": ")" + id +
                             R"("}, "payload": {"amount": 12}})");
  if (paid.status != 200) throw std::runtime_error("payment failed: " + paid.body);
  return open_task("giessen", id).id;
}

}  // namespace amtsweg::testing
