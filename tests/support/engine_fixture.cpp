// Helpers of the engine fixture that tests use all the time.
#include "tests/support/engine_fixture.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "engine/model/json_parse.hpp"

namespace amtsweg::testing {

CaseRecord EngineFixture::start(const std::string& process, const std::string& data_json, const std::string& tenant,
                                const std::string& key) {
  StartRequest request;
  request.tenant = tenant;
  request.process_id = process;
  request.data = parse_json(data_json);  // as REST reads a body: numbers exact
  request.idempotency_key = key;
  request.actor = "portal";
  return engine->start(request).record;
}

TaskRecord EngineFixture::open_task(const std::string& tenant, const std::string& case_id) {
  TaskQuery query;
  query.tenant = tenant;
  query.case_id = case_id;
  const auto tasks = engine->tasks(query);
  if (tasks.size() != 1) throw std::runtime_error("expected one open task, found " + std::to_string(tasks.size()));
  return tasks.front();
}

}  // namespace amtsweg::testing
