#pragma once
// Swarm testing (FoundationDB's simulation, TigerBeetle's VOPR): one seed picks a whole scenario
// at random (ensemble size, observers, timing knobs per server, clients, workload), a few faults
// aimed at protocol moments (sim/check/aimed_faults.hpp) and random faults around them, then ends
// it with a final heal in which every fault is undone and every server restarted, after which
// liveness must come back within the bounds the configuration implies (sim/check/liveness.hpp).
// The scenario is built as JSON and goes through the normal loader: what the swarm runs is always
// a scenario a user could write and run.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim::check {

struct RandomScenario {
  nlohmann::ordered_json base;                 // every key but "events"
  std::vector<nlohmann::ordered_json> faults;  // the fault schedule, in time order
  std::vector<std::string> aims;               // the aimed fault families drawn, in the order played
  int members = 0;                             // servers + observers, ids 1..members
  int servers = 0;                             // members and the servers membership changes add
  double quiet_at_s = 0;                       // the final heal: faults undone, every server restarted
  double duration_s = 0;
  double liveness_window_s = 0;                // the final seconds in which service must be continuous
};

// Everything is drawn from models::Rng seeded by the seed; the scenario's own seed is the same.
RandomScenario random_scenario(std::uint64_t seed);

// The scenario file for a fault schedule (the generated one, or a subset of it while shrinking):
// the faults, then the final heal's events.
nlohmann::ordered_json scenario_json(const RandomScenario& scenario, const std::vector<nlohmann::ordered_json>& faults);

// One event on one line, for the shrunken schedule ("12.345 s  crash server=2").
std::string describe_event(const nlohmann::ordered_json& event);

}  // namespace sim::check
