// Simulated requests to the registry offices of the demo municipalities (personenstandsurkunde):
// certificate kinds, relations, fee-free purposes, payments, interest checks, four eyes, dispatch.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "adapters/simulation/case_agent.hpp"

namespace amtsweg::simulation {

struct RegistryOffice {
  std::string tenant;  // e.g. "giessen"
  std::string city;    // for addresses
  std::vector<std::string> postcodes;
  double requests_per_day;  // calendar days: the portal is open every day
};

// The two demo registry offices, Gießen and Marburg.
std::vector<RegistryOffice> demo_registry_offices();

// Plans the requests received from `from` to `until` at each office; the clerks who work them
// are the demo clerks anna.schmidt and ben.keller. The agents must outlive the loop's run.
std::vector<std::unique_ptr<CaseAgent>> plan_registry_requests(SimulationLoop& loop, std::uint64_t seed,
                                                               const std::vector<RegistryOffice>& offices,
                                                               Timestamp from, Timestamp until);

}  // namespace amtsweg::simulation
