#pragma once
// The swarm's faults aimed at protocol moments, FoundationDB's BUGGIFY: each family below sets up
// one situation in which a protocol bug shows, with the scenario language's targeted events (a
// role instead of a server id, a moment to wait for: sim/scenario/targeting.hpp). A seed draws a
// few families, and every parameter of each, from its generator. Which broken variant
// (models/core/protocol_bugs.hpp) each family is meant to expose is said beside it; the correct
// protocol must pass them all.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core/rng.hpp"

namespace sim::check {

// What the families need to know of the seed's scenario.
struct AimContext {
  int voters = 3;
  int members = 3;             // voters + observers, ids 1..members
  double tick_s = 2;
  int sync_limit = 5;          // the ensemble's syncLimit
  double followers_sync_s = 10;  // the longest syncLimit x tick of the servers but the highest voter
  double all_sync_s = 10;        // the longest syncLimit x tick of any server
  double min_sync_s = 10;        // the shortest
  double session_timeout_s = 30;  // as the servers negotiate it (2 to 20 ticks)
  double read_ratio = 0.9;
  double rate_per_s = 100;     // the workload's offered rate
  double writes_per_s = 10;    // the workload's offered writes
  double fsync_ms = 2;
  int membership_changes_left = 0;  // reconfigs the seed may still draw (see random_scenario.cpp)
};

// One family instance: its events (in time order from at_s) and how long it takes.
struct Aim {
  std::string name;
  std::vector<nlohmann::ordered_json> events;
  double span_s = 0;
  int membership_changes = 0;  // reconfigs among the events
  nlohmann::ordered_json overrides = nlohmann::ordered_json::array();  // ensemble.overrides it needs
};

// The family that must come first (it counts on the first leader, the highest voter, leading),
// and the one that must come last (the final heal is part of it): see aimed_faults.cpp.
constexpr const char* kFirstAim = "deposed_leader";
constexpr const char* kLastAim = "new_epoch_without_writes";
// new_epoch_without_writes, played last: its events from at_s, and when the final heal comes.
// context.members counts every server there may be (those membership changes add too).
Aim last_aim(models::Rng& rng, const AimContext& context, double at_s, double& final_heal_s);
// Whether the servers' syncLimits leave it room: the majority must re-elect before the final heal,
// and the heal come before a session could expire at its new leader.
bool last_aim_fits(const AimContext& context);

// The families, by name, for the summary line and the documentation.
std::vector<std::string> aim_names();
// Draws which families a seed uses (at least one), in the order they will be played.
std::vector<std::string> draw_aims(models::Rng& rng, const AimContext& context);
// One instance of a family, starting at at_s. The membership change it may need is made by
// `reconfig` (so that it stays one the loader accepts).
Aim make_aim(const std::string& name, models::Rng& rng, const AimContext& context, double at_s,
             const std::function<nlohmann::ordered_json(models::Rng&)>& reconfig);

}  // namespace sim::check
