// GET /metrics: the Prometheus scrape target, for the platform operator only (a token with the
// role operator): the figures are aggregates over every tenant, which no tenant may see.
#include "adapters/rest/api_routes.hpp"

namespace amtsweg::rest {
namespace {

Response metrics(const ApiContext& context, const Request& request, const PathParams&) {
  context.principal_with_role(request, {"operator"});
  PrometheusText out(context.label_metrics_with_node ? MetricLabels{{"node", context.node}} : MetricLabels{});
  if (context.metrics) context.metrics->write(out);
  write_writer_metrics(out, context.engine.writer_stats());
  write_case_metrics(out, context.engine.state_counts_all());
  write_attention_metrics(out, context.engine.attention_counts_all());
  Response response;
  response.content_type = kPrometheusContentType;
  response.body = out.text();
  return response;
}

}  // namespace

void add_metrics_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/metrics", bind_handler(context, metrics));
}

}  // namespace amtsweg::rest
