#pragma once
// The tunables of the balancing strategies, in core because two layers need them: balancing
// builds strategies from them, and a control input (core/input.hpp) carries them to a client.
#include <cstdint>
#include <map>
#include <string>

#include "models/core/ids.hpp"
#include "models/core/time.hpp"

namespace models {

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
  // Every strategy: relative capacity per member id (> 0); a member not listed weighs 1. Plain
  // numbers: the scenario loader turns "weights": "cpu" into each target host's cpu_ghz.
  std::map<NodeId, double> weights;
};

}  // namespace models
