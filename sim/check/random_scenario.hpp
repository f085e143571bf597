#pragma once
// Swarm testing (FoundationDB's simulation, TigerBeetle's VOPR): one seed picks a whole scenario
// at random (ensemble size, observers, clients, workload, and a schedule of faults and membership
// changes drawn from the scenario language's events), then ends it with a quiet period in which every fault is undone and
// every server restarted, so that liveness must come back. The scenario is built as JSON and goes
// through the normal loader: what the swarm runs is always a scenario a user could write and run.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim::check {

struct RandomScenario {
  nlohmann::ordered_json base;                 // every key but "events"
  std::vector<nlohmann::ordered_json> faults;  // the random fault schedule, in time order
  int members = 0;                             // servers + observers, ids 1..members
  double quiet_at_s = 0;                       // faults are undone and every server restarted here
  double duration_s = 0;
  double liveness_window_s = 0;                // the final seconds in which liveness is judged
};

// Everything is drawn from models::Rng seeded by the seed; the scenario's own seed is the same.
RandomScenario random_scenario(std::uint64_t seed);

// The scenario file for a fault schedule (the generated one, or a subset of it while shrinking):
// the faults, then the quiet period's events.
nlohmann::ordered_json scenario_json(const RandomScenario& scenario, const std::vector<nlohmann::ordered_json>& faults);

// One event on one line, for the shrunken schedule ("12.345 s  crash server 2").
std::string describe_event(const nlohmann::ordered_json& event);

}  // namespace sim::check
