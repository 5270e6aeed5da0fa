// A simulated participant of one case (citizen, municipality, clerks together): after every change
// it looks at the case through the engine and plans its next step in simulated time.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "adapters/simulation/dice.hpp"
#include "adapters/simulation/simulation_loop.hpp"

namespace amtsweg::simulation {

class CaseAgent {
 public:
  CaseAgent(SimulationLoop& loop, std::string tenant, std::uint64_t seed)
      : loop_(loop), tenant_(std::move(tenant)), seed_(seed) {}
  virtual ~CaseAgent() = default;
  CaseAgent(const CaseAgent&) = delete;
  CaseAgent& operator=(const CaseAgent&) = delete;

  // Plans the intake at `at`; from then on the agent follows its case until it closes.
  void begin(Timestamp at);

 protected:
  struct Step {
    Timestamp at;
    std::function<void()> act;  // engine commands; the agent looks at the case again afterwards
  };
  // Starts the case and returns its id.
  virtual std::string start() = 0;
  // What to do next in the case's current state, and when; nullopt: wait (for a timer, or forever).
  virtual std::optional<Step> next_step(const CaseView& view) = 0;

  // Chance that stays the same however often the agent looks at the same thing (`what`): the
  // next step must not change between planning it and taking it.
  Dice dice_for(const std::string& what) const;
  Engine& engine() { return loop_.engine(); }
  // Posts an event correlated by the case id (its id unique per case, type and moment).
  void post_event(const std::string& type, boost::json::object payload, const std::string& actor);
  // The case's open or claimed task, if any (these procedures have one at a time).
  static const TaskRecord* open_task(const CaseView& view);
  Timestamp now() const { return loop_.now(); }
  const std::string& tenant() const { return tenant_; }

 private:
  void refresh();
  void wake(std::uint64_t generation);

  SimulationLoop& loop_;
  std::string tenant_;
  std::uint64_t seed_;
  std::string case_id_;
  std::uint64_t generation_ = 0;  // only the newest planned wake-up acts
  std::optional<CaseView> seen_;  // the case after its last change
  std::optional<Step> planned_;   // what next_step() chose for seen_, taken at its time
};

}  // namespace amtsweg::simulation
