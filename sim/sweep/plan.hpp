#pragma once
// A sweep plan: a base scenario, a grid of configurations over it, how many replications (seeds)
// each point gets, the service level objective (SLO) that defines capacity, how the offered rate is
// searched, and the target load the recommendation is for. See sim/sweep/README.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.hpp"

namespace sim::sweep {

// A step meets the SLO when the worst end of each 95% confidence interval over its replications
// does: the upper end of p99 latency, the lower end of each availability (sim/sweep/step_verdict).
struct Slo {
  double p99_ms = 100;
  double service_availability_percent = 99;
  double client_availability_percent = 99;
  // The callers' deadline client availability counts with (every run's workload.request_timeout_ms):
  // a request not answered within it failed. 0: the base scenario's own, if any.
  double request_timeout_ms = 0;
};

// How many replications a step runs: the plan's `replications` first, then as many again at a
// time while the intervals are too wide to stand for the step (sim/sweep/adaptive_step), never
// more than max_replications.
struct ConfidenceSpec {
  double relative_half_width = 0.1;  // half-width / |mean| of p99 and of each unavailability
  int max_replications = 10;
};

// Exponential bracketing from start_rate_per_s (doubling up while the SLO holds, halving down while
// it does not), then bisection until the bracket is within tolerance of its lower end; at most
// max_steps evaluations in all.
struct SearchSpec {
  double start_rate_per_s = 1000;
  double min_rate_per_s = 1;
  double max_rate_per_s = 1e7;
  double tolerance = 0.05;   // relative width (high - low) / low at which bisection stops
  int max_steps = 16;
};

// The grid's dimensions beyond servers, observers, read ratio, profile and strategy: each sets one
// member of the generated scenario (a JSON pointer) to each value the plan lists, validated as
// the scenario validates that member.
struct ExtraDimension {
  const char* key;      // in the plan's grid
  const char* pointer;  // where its value goes in the scenario
};
constexpr std::size_t kExtraDimensionCount = 8;
constexpr std::array<ExtraDimension, kExtraDimensionCount> kExtraDimensions = {{
    {"clients", "/clients/count"},
    {"value_bytes", "/workload/value_bytes"},
    {"tick_ms", "/ensemble/tick_ms"},
    {"sync_limit", "/ensemble/sync_limit"},
    {"host", "/ensemble/host"},
    {"datacenters", "/network/datacenters"},
    {"placement", "/ensemble/placement"},
    {"quorum", "/ensemble/groups"},  // "majority", "per_datacenter" or groups of server ids
}};

// Each extra dimension with its one default value: the base scenario's own (null, "scenario").
template <typename T>
std::array<std::vector<T>, kExtraDimensionCount> base_scenario_values(const T& value) {
  std::array<std::vector<T>, kExtraDimensionCount> out;
  out.fill({value});
  return out;
}

struct Grid {
  std::vector<int> servers;
  std::vector<int> observers;
  std::vector<double> read_ratios;
  std::vector<std::string> profiles;   // resolved paths; "" = the base scenario's own profile
  std::vector<std::string> profile_labels;  // as written in the plan (for the table)
  std::vector<std::string> strategies = {""};  // clients.strategy names; "" = the base scenario's own
  // Strategy i as the table names it.
  std::string strategy_label(std::size_t i) const { return strategies.at(i).empty() ? "scenario" : strategies.at(i); }
  // Per extra dimension, its values (a single null: the base scenario's own) and their labels.
  std::array<std::vector<nlohmann::ordered_json>, kExtraDimensionCount> extra_values =
      base_scenario_values(nlohmann::ordered_json(nullptr));
  std::array<std::vector<std::string>, kExtraDimensionCount> extra_labels = base_scenario_values(std::string("scenario"));
};

// The grid's values as the tables name them (profiles, strategies and the extra dimensions by
// label): what a configuration is, given its index.
struct GridAxes {
  std::vector<int> servers, observers;
  std::vector<double> read_ratios;
  std::vector<std::string> profiles, strategies;
  std::array<std::vector<std::string>, kExtraDimensionCount> extra = base_scenario_values(std::string("scenario"));
  std::size_t size() const;
  // Whether the plan names extra dimension d (otherwise it keeps the base scenario's value).
  bool given(std::size_t d) const { return extra[d] != std::vector<std::string>{"scenario"}; }
  bool operator==(const GridAxes&) const = default;
};

struct Plan {
  std::string name = "sweep";
  std::string source;                  // the plan file, for messages
  nlohmann::ordered_json echo;         // the plan as written: copied into every output
  nlohmann::ordered_json base;         // the base scenario, with its relative paths made absolute
  Grid grid;
  int replications = 3;                // each step's first batch (at least 2: one run shows no spread)
  std::uint64_t seed = 1;              // replication k runs with seed + k
  Slo slo;
  ConfidenceSpec confidence;
  SearchSpec search;
  std::optional<double> target_rate_per_s;  // the load the recommendation must carry
};

// One point of the grid.
struct Configuration {
  std::size_t index = 0;               // position in the grid's fixed order (servers outermost)
  int servers = 3;
  int observers = 0;
  double read_ratio = 0.9;
  std::size_t profile = 0;             // index into Grid::profiles
  std::size_t strategy = 0;            // index into Grid::strategies
  std::array<std::size_t, kExtraDimensionCount> extra{};  // index into each Grid::extra_values
};

struct PlanResult {
  std::optional<Plan> plan;
  std::vector<InputError> errors;
  std::string source;
};

PlanResult load_plan_file(const std::string& path);
PlanResult parse_plan(const std::string& text, const std::string& source, const std::string& base_dir);
std::string format_plan_errors(const PlanResult& result);

GridAxes axes_of(const Grid& grid);

// The configuration at an index of the grid's fixed order: servers outermost, then observers,
// read ratio, profile, strategy and the extra dimensions in kExtraDimensions' order.
Configuration configuration_at(const GridAxes& axes, std::size_t index);

// Every configuration of the grid, in that order.
std::vector<Configuration> configurations(const Plan& plan);

// The scenario JSON of one configuration at one offered rate (open loop).
std::string scenario_text(const Plan& plan, const Configuration& config, double rate_per_s);

}  // namespace sim::sweep
