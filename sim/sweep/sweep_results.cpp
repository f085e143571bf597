#include "sim/sweep/sweep_results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "analysis/plot/number_format.hpp"
#include "analysis/stats/confidence.hpp"
#include "sim/output_file.hpp"
#include "sim/sweep/capacity_plot.hpp"

namespace sim::sweep {

namespace {

using analysis::fixed_number;
using ordered = nlohmann::ordered_json;

// A metric of RunResult, by name, for the tables (fixed order: the columns' order).
struct Metric {
  const char* name;
  double RunResult::*field;
  int decimals;
  double ceiling;  // what it can be at most (a percentage: 100); never below 0
};
constexpr double kUnbounded = std::numeric_limits<double>::infinity();
constexpr Metric kMetrics[] = {{"throughput_per_s", &RunResult::throughput_per_s, 1, kUnbounded},
                               {"p99_ms", &RunResult::p99_ms, 3, kUnbounded},
                               {"mean_ms", &RunResult::mean_ms, 3, kUnbounded},
                               {"service_percent", &RunResult::service_percent, 4, 100},
                               {"client_percent", &RunResult::client_percent, 4, 100}};

ordered run_json(const RunResult& r) {
  ordered j;
  for (const Metric& m : kMetrics) j[m.name] = r.*m.field;
  return j;
}

ordered steps_json(const SearchOutcome& o) {
  ordered steps = ordered::array();
  for (const Step& s : o.steps) {
    ordered runs = ordered::array();
    for (const RunResult& r : s.runs) runs.push_back(run_json(r));
    steps.push_back({{"rate_per_s", s.rate_per_s}, {"meets", s.meets}, {"runs", runs}});
  }
  return steps;
}

ordered config_json(const ConfigResult& c) {
  return {{"index", c.config.index},          {"servers", c.config.servers},
          {"observers", c.config.observers},  {"read_ratio", c.config.read_ratio},
          {"profile_index", c.config.profile}, {"profile", c.profile_label},
          {"strategy_index", c.config.strategy}, {"strategy", c.strategy_label},
          {"capacity_per_s", c.outcome.capacity_per_s}, {"bound", bound_name(c.outcome.bound)},
          {"capacity_step", c.outcome.capacity_step}, {"steps", steps_json(c.outcome)}};
}

// The runs of the capacity's evaluation (empty when no rate met the SLO).
const std::vector<RunResult>& capacity_runs(const ConfigResult& c) {
  static const std::vector<RunResult> kNone;
  if (c.outcome.capacity_step < 0) return kNone;
  return c.outcome.steps.at(static_cast<std::size_t>(c.outcome.capacity_step)).runs;
}

analysis::ConfidenceInterval interval_of(const ConfigResult& c, const Metric& m) {
  std::vector<double> samples;
  for (const RunResult& r : capacity_runs(c)) samples.push_back(r.*m.field);
  return analysis::confidence_interval_95(samples, 0, m.ceiling);
}

// "99.9000 +- 0.0500", or, where the interval meets what the quantity can be, its ends:
// "99.9800 [99.9200, 100.0000]".
std::string interval_cell(const analysis::ConfidenceInterval& ci, int decimals) {
  if (ci.count == 0) return "-";
  if (ci.clipped() && std::isfinite(ci.half_width))
    return fixed_number(ci.mean, decimals) + " [" + fixed_number(ci.low(), decimals) + ", " + fixed_number(ci.high(), decimals) + "]";
  return fixed_number(ci.mean, decimals) + " +- " + fixed_number(ci.half_width, decimals);
}

ordered finite_or_null(double value) { return std::isfinite(value) ? ordered(value) : ordered(nullptr); }

std::string read_percent(double ratio) { return fixed_number(100 * ratio, 1); }

}  // namespace

SweepData sweep_data(const Plan& plan) {
  SweepData d;
  d.plan_echo = plan.echo;
  d.slo = plan.slo;
  d.target_rate_per_s = plan.target_rate_per_s;
  d.axes = {plan.grid.servers, plan.grid.observers, plan.grid.read_ratios, plan.grid.profile_labels, {}};
  for (std::size_t i = 0; i < plan.grid.strategies.size(); ++i) d.axes.strategies.push_back(plan.grid.strategy_label(i));
  d.search = plan.search;
  d.replications = plan.replications;
  d.seed = plan.seed;
  d.configuration_count = configurations(plan).size();
  return d;
}

std::string shard_file_name(int shard_index, int shard_count) {
  return "shard-" + std::to_string(shard_index) + "-of-" + std::to_string(shard_count) + ".json";
}

nlohmann::ordered_json shard_json(const SweepData& data, int shard_index, int shard_count) {
  ordered results = ordered::array();
  for (const ConfigResult& c : data.results) results.push_back(config_json(c));
  const SearchSpec& s = data.search;
  return {{"schema", kShardSchema},
          {"shard", {{"index", shard_index}, {"count", shard_count}}},
          {"plan", data.plan_echo},
          {"slo", {{"p99_ms", data.slo.p99_ms}, {"service_availability_percent", data.slo.service_availability_percent},
                   {"client_availability_percent", data.slo.client_availability_percent}}},
          {"target_rate_per_s", data.target_rate_per_s ? ordered(*data.target_rate_per_s) : ordered(nullptr)},
          {"grid", {{"servers", data.axes.servers}, {"observers", data.axes.observers}, {"read_ratio", data.axes.read_ratios},
                    {"profile", data.axes.profiles}, {"strategy", data.axes.strategies}}},
          {"search", {{"start_rate_per_s", s.start_rate_per_s}, {"min_rate_per_s", s.min_rate_per_s},
                      {"max_rate_per_s", s.max_rate_per_s}, {"tolerance", s.tolerance}, {"max_steps", s.max_steps}}},
          {"replications", data.replications},
          {"seed", data.seed},
          {"configuration_count", data.configuration_count},
          {"results", results}};
}

std::vector<std::string> recommendations(const SweepData& data) {
  if (!data.target_rate_per_s) return {"recommendation: none (the plan sets no target_rate_per_s)"};
  const double target = *data.target_rate_per_s;
  // One recommendation per workload (read ratio) and profile: the servers are what is being chosen.
  std::map<std::tuple<double, std::size_t, std::size_t>, const ConfigResult*> best;
  std::map<std::tuple<double, std::size_t, std::size_t>, std::string> labels;
  for (const ConfigResult& c : data.results) {
    const auto key = std::make_tuple(c.config.read_ratio, c.config.profile, c.config.strategy);
    labels[key] = c.profile_label + (c.strategy_label == "scenario" ? "" : ", strategy " + c.strategy_label);
    best.try_emplace(key, nullptr);
    if (c.outcome.capacity_step < 0 || c.outcome.capacity_per_s < target) continue;
    const ConfigResult*& b = best[key];
    if (!b || std::make_pair(c.config.servers, c.config.observers) < std::make_pair(b->config.servers, b->config.observers))
      b = &c;
  }
  std::vector<std::string> lines;
  for (const auto& [key, b] : best) {
    std::string line = "recommendation (read " + read_percent(std::get<0>(key)) + "%, profile " + labels[key] + ", target " +
                       fixed_number(target, 1) + " req/s): ";
    line += b ? std::to_string(b->config.servers) + (b->config.servers == 1 ? " server, " : " servers, ") + std::to_string(b->config.observers) +
                    " observers (capacity " + fixed_number(b->outcome.capacity_per_s, 1) + " req/s)"
              : "none of the configurations carries it within the SLO";
    lines.push_back(line);
  }
  return lines;
}

std::string sweep_table(const SweepData& data) {
  std::string out = "zksim sweep  plan " + data.plan_echo.value("name", std::string("sweep")) + "  SLO p99 <= " +
                    fixed_number(data.slo.p99_ms, 3) + " ms, service >= " +
                    fixed_number(data.slo.service_availability_percent, 4) + " %, client >= " +
                    fixed_number(data.slo.client_availability_percent, 4) + " %\n";
  out += "  metrics at capacity: mean +- half-width of the 95% confidence interval over the replications\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "  %4s %7s %4s %6s %-12s %-17s %12s %-7s %22s %18s %18s %20s %20s\n", "#", "servers",
                "obs", "read%", "profile", "strategy", "capacity/s", "bound", "throughput/s", "p99 ms", "mean ms", "service %", "client %");
  out += line;
  for (const ConfigResult& c : data.results) {
    std::string cells;
    for (const Metric& m : kMetrics) {
      const analysis::ConfidenceInterval ci = interval_of(c, m);
      const int width = m.decimals == 1 ? 22 : m.decimals == 3 ? 18 : 20;
      const std::string cell = interval_cell(ci, m.decimals);
      std::snprintf(line, sizeof line, " %*s", width, cell.c_str());
      cells += line;
    }
    std::snprintf(line, sizeof line, "  %4zu %7d %4d %6s %-12s %-17s %12s %-7s", c.config.index, c.config.servers,
                  c.config.observers, read_percent(c.config.read_ratio).c_str(), c.profile_label.c_str(),
                  c.strategy_label.c_str(),
                  fixed_number(c.outcome.capacity_per_s, 1).c_str(), bound_name(c.outcome.bound));
    out += line + cells + "\n";
  }
  out += "\n";
  for (const std::string& r : recommendations(data)) out += r + "\n";
  return out;
}

std::string sweep_csv(const SweepData& data) {
  std::string out = "index,servers,observers,read_percent,profile,strategy,capacity_per_s,bound,evaluations";
  for (const Metric& m : kMetrics) out += std::string(",") + m.name + "," + m.name + "_ci95";
  out += "\n";
  for (const ConfigResult& c : data.results) {
    out += std::to_string(c.config.index) + "," + std::to_string(c.config.servers) + "," +
           std::to_string(c.config.observers) + "," + read_percent(c.config.read_ratio) + "," + c.profile_label + "," + c.strategy_label + "," +
           fixed_number(c.outcome.capacity_per_s, 3) + "," + bound_name(c.outcome.bound) + "," +
           std::to_string(c.outcome.steps.size());
    for (const Metric& m : kMetrics) {
      const analysis::ConfidenceInterval ci = interval_of(c, m);
      out += "," + (ci.count ? fixed_number(ci.mean, 6) : "") + "," +
             (ci.count && std::isfinite(ci.half_width) ? fixed_number(ci.half_width, 6) : "");
    }
    out += "\n";
  }
  return out;
}

nlohmann::ordered_json sweep_json(const SweepData& data) {
  ordered configs = ordered::array();
  for (const ConfigResult& c : data.results) {
    ordered j = config_json(c);
    ordered at_capacity = ordered::object();
    for (const Metric& m : kMetrics) {
      const analysis::ConfidenceInterval ci = interval_of(c, m);
      at_capacity[m.name] = {{"mean", ci.count ? ordered(ci.mean) : ordered(nullptr)},
                             {"ci95", finite_or_null(ci.half_width)},
                             {"low", ci.count ? finite_or_null(ci.low()) : ordered(nullptr)},
                             {"high", ci.count ? finite_or_null(ci.high()) : ordered(nullptr)}};
    }
    j["at_capacity"] = at_capacity;
    configs.push_back(j);
  }
  ordered out = shard_json(data, 0, 1);
  out.erase("shard");
  out["schema"] = kSweepSchema;
  out.erase("results");
  out["configurations"] = configs;
  out["recommendations"] = recommendations(data);
  return out;
}

std::string write_sweep_outputs(const SweepData& data, const std::string& out_dir) {
  const std::filesystem::path dir(out_dir);
  write_text_file(dir / "sweep.json", sweep_json(data).dump(2) + "\n");
  write_text_file(dir / "sweep.csv", sweep_csv(data));
  write_text_file(dir / "summary.txt", sweep_table(data));
  return write_capacity_plot(data, (dir / "plots").string());
}

}  // namespace sim::sweep
