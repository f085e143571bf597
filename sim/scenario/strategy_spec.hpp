#pragma once
// A balancing strategy as a scenario names it: a name from models/balancing/registry.hpp and the
// options the strategy reads. Written either as a plain name ("power_of_two") or as an object
// ({"name": "consistent_hash", "virtual_nodes": 1000}).
#include <string>

#include "models/balancing/registry.hpp"

namespace sim {

struct StrategySpec {
  std::string name;
  models::balancing::StrategyOptions options;
};

class JsonReader;
// Reads member `key` of r into spec (left as it is when absent); a bad name or option is reported
// with its JSON path.
void read_strategy(const JsonReader& r, const char* key, StrategySpec& spec);

}  // namespace sim
