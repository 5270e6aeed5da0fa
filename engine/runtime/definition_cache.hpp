// Parsed definitions by (process id, version): deployed YAML is parsed once per process lifetime.
// Deployed versions never change, so entries never go stale. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "engine/error.hpp"
#include "engine/model/definition.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// Error{NotFound} for a process id (or its version; 0: any) that is not deployed. Also what a
// tenant gets for another tenant's own process: word for word the same, so nothing tells them apart.
Error unknown_process(const std::string& process_id, int version);

class DefinitionCache {
 public:
  // The definition; version 0 means the latest. Throws Error{NotFound} for an unknown process or
  // version, Error{Corruption} when stored YAML no longer loads.
  std::shared_ptr<const ProcessDefinition> get(StoreReader& store, const std::string& process_id, int version);

 private:
  std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::shared_ptr<const ProcessDefinition>> cache_;  // guarded by mutex_
};

}  // namespace amtsweg
