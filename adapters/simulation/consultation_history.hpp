// Simulated applications of Hessian municipalities for the funded consultation at ekom21
// (process digitalisierungsberatung), planned so that the published figures hold on their day.
//
// Seed 004: "Seit Oktober 2020 sind insgesamt 385 Anträge eingegangen, davon 108 abgeschlossen
// (Stand 04.08.2021)"; module 2 "mit 194 Anträgen und 77 abgeschlossenen Fällen".
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/simulation/case_agent.hpp"

namespace amtsweg::simulation {

inline constexpr const char* kConsultationTenant = "ekom21";
inline constexpr const char* kConsultationProcess = "digitalisierungsberatung";

struct ConsultationFigures {
  int applications = 0;
  int completed = 0;  // outcome "completed"
  int module2_applications = 0;
  int module2_completed = 0;
  bool operator==(const ConsultationFigures&) const = default;
};

struct ConsultationTargets {
  std::chrono::local_days first_day{std::chrono::year{2020} / 10 / 1};  // the offer started in October 2020
  std::chrono::local_days snapshot{std::chrono::year{2021} / 8 / 4};    // "Stand 04.08.2021"
  ConsultationFigures figures{385, 108, 194, 77};
};

// The last moment of the snapshot day (Europe/Berlin): the figures hold from then until the next
// application or completion.
Timestamp end_of_snapshot(const ConsultationTargets& targets);

// Plans the applications received from the first day up to `until` (those after the snapshot day
// at a rate that falls as the funding deadlines pass). The agents must outlive the loop's run.
std::vector<std::unique_ptr<CaseAgent>> plan_consultations(SimulationLoop& loop, std::uint64_t seed,
                                                           const ConsultationTargets& targets, Timestamp until);

// The figures as the statistics API (Engine::statistics) shows them for the days from the first
// to the snapshot: applications received, completed by its end, and module 2's (the dimension
// `module` the definition declares). One source for `amtsweg simulate` and GET /api/v1/stats.
ConsultationFigures count_consultations(Engine& engine, const ConsultationTargets& targets);

}  // namespace amtsweg::simulation
