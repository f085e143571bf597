#pragma once
// A sweep plan: a base scenario, a grid of configurations over it, how many replications (seeds)
// each point gets, the service level objective (SLO) that defines capacity, how the offered rate is
// searched, and the target load the recommendation is for. See sim/sweep/README.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.hpp"

namespace sim::sweep {

struct Slo {
  double p99_ms = 100;                       // mean over replications of the run's p99 latency
  double service_availability_percent = 99;  // mean over replications
  double client_availability_percent = 99;
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

struct Grid {
  std::vector<int> servers;
  std::vector<int> observers;
  std::vector<double> read_ratios;
  std::vector<std::string> profiles;   // resolved paths; "" = the base scenario's own profile
  std::vector<std::string> profile_labels;  // as written in the plan (for the table)
  std::vector<std::string> strategies = {""};  // clients.strategy names; "" = the base scenario's own
  // Strategy i as the table names it.
  std::string strategy_label(std::size_t i) const { return strategies.at(i).empty() ? "scenario" : strategies.at(i); }
};

struct Plan {
  std::string name = "sweep";
  std::string source;                  // the plan file, for messages
  nlohmann::ordered_json echo;         // the plan as written: copied into every output
  nlohmann::ordered_json base;         // the base scenario, with its relative paths made absolute
  Grid grid;
  int replications = 3;
  std::uint64_t seed = 1;              // replication k runs with seed + k
  Slo slo;
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
};

struct PlanResult {
  std::optional<Plan> plan;
  std::vector<InputError> errors;
  std::string source;
};

PlanResult load_plan_file(const std::string& path);
PlanResult parse_plan(const std::string& text, const std::string& source, const std::string& base_dir);
std::string format_plan_errors(const PlanResult& result);

// Every configuration of the grid in a fixed order: servers, then observers, read ratio, profile,
// strategy.
std::vector<Configuration> configurations(const Plan& plan);

// The scenario JSON of one configuration at one offered rate (open loop).
std::string scenario_text(const Plan& plan, const Configuration& config, double rate_per_s);

}  // namespace sim::sweep
