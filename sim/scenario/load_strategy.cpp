#include <charconv>
#include <cmath>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/strategy_spec.hpp"

namespace sim {

namespace {

std::string numbering(const WeightTargets& targets) {
  if (targets.members.empty()) return "there are no " + targets.kind + "s";
  return targets.kind + "s are numbered " + std::to_string(targets.members.front().number) + " to " +
         std::to_string(targets.members.back().number);
}

// One entry of a "weights" object: a member's number and a positive weight.
void read_weight(const JsonReader& w, const std::string& key, const WeightTargets& targets, StrategySpec& spec) {
  int number = 0;
  const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), number);
  const WeightTarget* target = error == std::errc{} && end == key.data() + key.size() ? targets.find(number) : nullptr;
  if (target == nullptr) return w.error_at(key.c_str(), "no " + targets.kind + " \"" + key + "\"", numbering(targets));
  const nlohmann::json& v = w.value().at(key);
  if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>()))
    return w.error_at(key.c_str(), "a weight must be a number > 0, got " + v.dump(),
                      "a relative capacity: 2 takes twice the share of 1");
  spec.options.weights[target->id] = v.get<double>();
}

// "weights": {"1": 3, "2": 1} or "cpu" (each member's host speed relative to its level's default).
void read_weights(const JsonReader& s, const WeightTargets& targets, StrategySpec& spec) {
  if (!s.has("weights")) return;
  const JsonReader w = s.at("weights");
  spec.options.weights.clear();
  spec.weights_from_cpu = w.value().is_string() && w.value().get<std::string>() == "cpu";
  if (spec.weights_from_cpu) {
    for (const WeightTarget& t : targets.members) spec.options.weights[t.id] = t.relative_cpu;
  } else if (!w.value().is_object()) {
    w.error("expected an object of weights or \"cpu\", got " + json_type_name(w.value()),
            "{\"1\": 3, \"2\": 1}: the " + targets.kind + "'s number and its weight; not listed weighs 1");
  } else {
    for (const auto& [key, value] : w.value().items()) read_weight(w, key, targets, spec);
  }
}

void read_options(const JsonReader& s, models::balancing::StrategyOptions& o) {
  s.read("virtual_nodes", o.virtual_nodes, 1, 1'000'000);
  s.read("load_bound_factor", o.load_bound_factor, 1, 100);
  s.read("maglev_table_size", o.maglev_table_size);
  double staleness_ms = models::to_ms(o.load_staleness_ns);
  s.read("load_staleness_ms", staleness_ms, 0, 3.6e6);
  o.load_staleness_ns = models::from_ms(staleness_ms);
  s.read("active_request_bias", o.active_request_bias, 0, 100);
  s.read("sticky_inner", o.sticky_inner);
}

}  // namespace

void read_strategy(const JsonReader& r, const char* key, StrategySpec& spec, const WeightTargets& targets) {
  if (!r.has(key)) return;
  const JsonReader s = r.at(key);
  if (s.value().is_string()) {
    spec.name = s.value().get<std::string>();
  } else if (s.expect_object({"name", "virtual_nodes", "load_bound_factor", "maglev_table_size", "load_staleness_ms",
                              "active_request_bias", "sticky_inner", "weights"})) {
    if (!s.has("name")) s.error("missing key \"name\"", "the strategy's name, e.g. \"power_of_two\"");
    s.read("name", spec.name);
    read_options(s, spec.options);
    read_weights(s, targets, spec);
  } else {
    return;
  }
  const models::balancing::MadeStrategy made = models::balancing::make_strategy(spec.name, spec.options);
  if (!made.strategy) s.error(made.error);
}

}  // namespace sim
