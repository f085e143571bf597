#include "sim/strategies_report.hpp"

#include "models/client/app_ids.hpp"

namespace sim {

namespace {

// The options this strategy reads (models/balancing/registry.cpp builds it from them), under the
// names a scenario gives them; the others would only be defaults it never looks at.
nlohmann::ordered_json options_read(const std::string& name, const models::balancing::StrategyOptions& o) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (name == "consistent_hash" || name == "bounded_load_hash") out["virtual_nodes"] = o.virtual_nodes;
  if (name == "bounded_load_hash") out["load_bound_factor"] = o.load_bound_factor;
  if (name == "maglev") out["maglev_table_size"] = o.maglev_table_size;
  if (name == "least_loaded") out["load_staleness_ms"] = models::to_ms(o.load_staleness_ns);
  if (name == "power_of_two") out["active_request_bias"] = o.active_request_bias;
  if (name == "sticky" && o.sticky_inner != "sticky") {  // the inner strategy's options too
    out["sticky_inner"] = o.sticky_inner;
    out.update(options_read(o.sticky_inner, o));
  }
  return out;
}

// Members by the numbers the scenario gave them (app servers from 1), "cpu" as written.
nlohmann::ordered_json weights_json(const StrategySpec& spec) {
  if (spec.weights_from_cpu) return "cpu";
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [id, weight] : spec.options.weights) {
    const int number = models::is_app_server(id) ? models::app_server_number(id) : static_cast<int>(id);
    out[std::to_string(number)] = weight;
  }
  return out;
}

nlohmann::ordered_json strategy_json(const StrategySpec& spec) {
  nlohmann::ordered_json out = {{"strategy", spec.name}, {"options", options_read(spec.name, spec.options)}};
  if (!spec.options.weights.empty() || spec.weights_from_cpu) out["options"]["weights"] = weights_json(spec);
  return out;
}

nlohmann::ordered_json changes_json(const Scenario& s) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const Event& e : s.events) {
    if (e.kind != EventKind::strategy) continue;
    nlohmann::ordered_json change = {{"at_s", e.at_s}, {"of", e.app_clients ? "app_clients" : "clients"}};
    change.update(strategy_json(e.strategy));
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace

nlohmann::ordered_json strategies_json(const Scenario& s) {
  nlohmann::ordered_json out;
  out["clients"] = strategy_json(s.clients.strategy);
  out["clients"]["rebalance"] = s.clients.rebalance;
  if (s.services.enabled) out["app_clients"] = strategy_json(s.services.clients.strategy);
  const nlohmann::ordered_json changes = changes_json(s);
  if (!changes.empty()) out["changes"] = changes;
  return out;
}

nlohmann::ordered_json with_strategies(const nlohmann::ordered_json& report, const nlohmann::ordered_json& strategies) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : report.items()) {
    out[key] = value;
    if (key == "run") out["strategies"] = strategies;
  }
  if (!out.contains("strategies")) out["strategies"] = strategies;
  return out;
}

}  // namespace sim
