#pragma once
// A balancing strategy as a scenario names it: a name from models/balancing/registry.hpp and the
// options the strategy reads. Written either as a plain name ("power_of_two") or as an object
// ({"name": "consistent_hash", "virtual_nodes": 1000}).
#include <string>

#include "models/balancing/registry.hpp"
#include "sim/scenario/weight_targets.hpp"

namespace sim {

struct StrategySpec {
  std::string name;
  models::balancing::StrategyOptions options;  // options.weights: numbers, "cpu" already resolved
  bool weights_from_cpu = false;               // the scenario wrote "weights": "cpu"
};

class JsonReader;
// Reads member `key` of r into spec (left as it is when absent); a bad name or option is reported
// with its JSON path. `targets` are the members its "weights" may name.
void read_strategy(const JsonReader& r, const char* key, StrategySpec& spec, const WeightTargets& targets);

}  // namespace sim
