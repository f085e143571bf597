#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/strategy_spec.hpp"

namespace sim {

namespace {

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

void read_strategy(const JsonReader& r, const char* key, StrategySpec& spec) {
  if (!r.has(key)) return;
  const JsonReader s = r.at(key);
  if (s.value().is_string()) {
    spec.name = s.value().get<std::string>();
  } else if (s.expect_object({"name", "virtual_nodes", "load_bound_factor", "maglev_table_size", "load_staleness_ms",
                              "active_request_bias", "sticky_inner"})) {
    if (!s.has("name")) s.error("missing key \"name\"", "the strategy's name, e.g. \"power_of_two\"");
    s.read("name", spec.name);
    read_options(s, spec.options);
  } else {
    return;
  }
  const models::balancing::MadeStrategy made = models::balancing::make_strategy(spec.name, spec.options);
  if (!made.strategy) s.error(made.error);
}

}  // namespace sim
