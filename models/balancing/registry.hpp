#pragma once
// Strategies by name, as scenario files and `zksim compare --strategies a,b,c` select them. The
// options of every strategy sit in one struct so that a scenario can carry them without knowing
// which strategy will read them; an unknown name or a bad option comes back as a message (naming
// the option) for the scenario validator to report with its JSON path.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

struct StrategyOptions {
  // consistent_hash, bounded_load_hash: ring points per unit of weight (>= 1).
  std::uint32_t virtual_nodes = 100;
  // bounded_load_hash: c, capacity ceil(c x average) (>= 1; HAProxy and Envoy use 1.25 - 2).
  double load_bound_factor = 1.25;
  // maglev: lookup table size M, prime (the paper's 65537 by default).
  std::uint64_t maglev_table_size = 65537;
  // least_loaded: how long a load snapshot is used before a new one is taken (>= 0).
  Time load_staleness_ns = 0;
  // power_of_two with unequal weights: Envoy's active_request_bias (>= 0).
  double active_request_bias = 1.0;
  // sticky: the strategy asked when the current member disappears (any name but sticky).
  std::string sticky_inner = "round_robin";
};

struct MadeStrategy {
  std::unique_ptr<Strategy> strategy;  // null exactly when error is set
  std::string error;
};

// Every selectable name, in a fixed order (the order `compare` lists them in).
const std::vector<std::string_view>& strategy_names();

MadeStrategy make_strategy(std::string_view name, const StrategyOptions& options);

}  // namespace models::balancing
