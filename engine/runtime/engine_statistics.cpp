// Engine::statistics: the store's grouped rows for a request, folded into its calendar periods.
#include "engine/runtime/engine_impl.hpp"

namespace amtsweg {

CaseStatistics Engine::statistics(const StatisticsRequest& request) {
  const StatisticsQuery query = statistics_query(request, impl_->clock.now());
  std::shared_ptr<const ProcessDefinition> definition;
  if (!request.process_id.empty())
    definition = request.tenant.empty() ? process(request.process_id) : process_for(request.tenant, request.process_id);
  const auto rows = impl_->store.open_reader()->statistics_rows(query);
  return fold_statistics(request, rows, definition.get());
}

}  // namespace amtsweg
