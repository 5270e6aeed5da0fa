// Loading stored definitions through the dsl loader, once.
#include "engine/runtime/definition_cache.hpp"

#include "engine/dsl/loader.hpp"
#include "engine/error.hpp"

namespace amtsweg {

Error unknown_process(const std::string& process_id, int version) {
  if (process_id.empty()) return no_such("process", process_id);
  return Error(ErrorKind::NotFound, version > 0
                                        ? "process '" + process_id + "' has no version " + std::to_string(version)
                                        : "no process '" + process_id + "' is deployed");
}

std::shared_ptr<const ProcessDefinition> DefinitionCache::get(StoreReader& store, const std::string& process_id,
                                                              int version) {
  if (version > 0) {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find({process_id, version}); it != cache_.end()) return it->second;
  }
  const auto stored = store.definition(process_id, version);
  if (!stored) throw unknown_process(process_id, version);
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find({process_id, stored->version}); it != cache_.end()) return it->second;
  }
  auto loaded = load_definition(stored->source, stored->source_name);
  if (!loaded.ok())
    throw Error(ErrorKind::Corruption, "stored definition " + process_id + " v" + std::to_string(stored->version) +
                                           " no longer loads: " + loaded.diagnostics.front().format());
  loaded.definition->owner_tenant = stored->tenant;
  auto definition = std::make_shared<const ProcessDefinition>(std::move(*loaded.definition));
  std::lock_guard lock(mutex_);
  return cache_.emplace(std::pair{process_id, stored->version}, definition).first->second;
}

}  // namespace amtsweg
