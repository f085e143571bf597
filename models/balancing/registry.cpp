#include "models/balancing/registry.hpp"

#include <algorithm>
#include <cmath>

#include "models/balancing/bounded_load_hash.hpp"
#include "models/balancing/consistent_hash.hpp"
#include "models/balancing/jump_hash.hpp"
#include "models/balancing/least_loaded.hpp"
#include "models/balancing/maglev.hpp"
#include "models/balancing/modulo_hash.hpp"
#include "models/balancing/power_of_two.hpp"
#include "models/balancing/random.hpp"
#include "models/balancing/rendezvous.hpp"
#include "models/balancing/round_robin.hpp"
#include "models/balancing/sticky.hpp"
#include "models/balancing/weighted_random.hpp"
#include "models/balancing/weighted_round_robin.hpp"
#include "models/balancing/zk_host_provider.hpp"

namespace models::balancing {

const std::vector<std::string_view>& strategy_names() {
  static const std::vector<std::string_view> names = {
      "round_robin",  "random",      "weighted_random", "least_loaded",
      "power_of_two", "modulo_hash", "consistent_hash", "bounded_load_hash",
      "rendezvous",   "maglev",      "jump_hash",       "zk_host_provider",
      "sticky",       "weighted_round_robin"};
  return names;
}

namespace {

std::string known_names() {
  std::string list;
  for (std::string_view name : strategy_names()) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

// Every strategy gets its members' weights (those that ignore weights say so), so they are checked
// whatever the name.
std::string weights_error(const StrategyOptions& o) {
  for (const auto& [id, weight] : o.weights) {
    if (id == kNoNode) return "weights: member id 0 is not a member";
    if (!(std::isfinite(weight) && weight > 0))
      return "weights: the weight of member " + std::to_string(id) + " must be a number > 0";
  }
  return {};
}

// Checks only the options the named strategy reads, so that an unused default never fails.
std::string option_error(std::string_view name, const StrategyOptions& o) {
  if (std::string error = weights_error(o); !error.empty()) return error;
  const bool ring = name == "consistent_hash" || name == "bounded_load_hash";
  if (ring && o.virtual_nodes == 0) return "virtual_nodes must be at least 1";
  if (name == "bounded_load_hash" &&
      !(std::isfinite(o.load_bound_factor) && o.load_bound_factor >= 1)) {
    return "load_bound_factor must be a number >= 1 (capacity is ceil(factor x average load))";
  }
  if (name == "maglev" && !is_prime(o.maglev_table_size)) {
    return "maglev_table_size must be a prime number (65537 by default)";
  }
  if (name == "least_loaded" && o.load_staleness_ns < 0) return "load_staleness_ns must be >= 0";
  if (name == "power_of_two" &&
      !(std::isfinite(o.active_request_bias) && o.active_request_bias >= 0)) {
    return "active_request_bias must be a number >= 0";
  }
  return {};
}

std::unique_ptr<Strategy> construct(std::string_view name, const StrategyOptions& o) {
  if (name == "round_robin") return std::make_unique<RoundRobin>();
  if (name == "random") return std::make_unique<RandomPick>();
  if (name == "weighted_random") return std::make_unique<WeightedRandom>();
  if (name == "weighted_round_robin") return std::make_unique<WeightedRoundRobin>();
  if (name == "least_loaded") return std::make_unique<LeastLoaded>(o.load_staleness_ns);
  if (name == "power_of_two") return std::make_unique<PowerOfTwo>(o.active_request_bias);
  if (name == "modulo_hash") return std::make_unique<ModuloHash>();
  if (name == "consistent_hash") return std::make_unique<ConsistentHash>(o.virtual_nodes);
  if (name == "bounded_load_hash") {
    return std::make_unique<BoundedLoadHash>(o.virtual_nodes, o.load_bound_factor);
  }
  if (name == "rendezvous") return std::make_unique<Rendezvous>();
  if (name == "maglev") return std::make_unique<Maglev>(o.maglev_table_size);
  if (name == "jump_hash") return std::make_unique<JumpHash>();
  if (name == "zk_host_provider") return std::make_unique<ZkHostProvider>();
  return nullptr;
}

MadeStrategy make_sticky(const StrategyOptions& options) {
  if (options.sticky_inner == "sticky") return {nullptr, "sticky_inner cannot be sticky itself"};
  MadeStrategy inner = make_strategy(options.sticky_inner, options);
  if (inner.strategy == nullptr) return {nullptr, "sticky_inner: " + inner.error};
  return {std::make_unique<Sticky>(std::move(inner.strategy)), {}};
}

}  // namespace

MadeStrategy make_strategy(std::string_view name, const StrategyOptions& options) {
  const auto& names = strategy_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    return {nullptr, "unknown strategy '" + std::string(name) + "' (known: " + known_names() + ")"};
  }
  if (std::string error = option_error(name, options); !error.empty()) return {nullptr, error};
  if (name == "sticky") return make_sticky(options);
  return {construct(name, options), {}};
}

}  // namespace models::balancing
