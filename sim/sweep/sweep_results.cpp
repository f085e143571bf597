#include "sim/sweep/sweep_results.hpp"

#include <cmath>
#include <filesystem>

#include "analysis/report/html_sweep_report.hpp"
#include "sim/output_file.hpp"
#include "sim/sweep/capacity_metrics.hpp"
#include "sim/sweep/capacity_plot.hpp"
#include "sim/sweep/knee_plot.hpp"

namespace sim::sweep {

namespace {

using ordered = nlohmann::ordered_json;

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
    steps.push_back({{"rate_per_s", s.rate_per_s}, {"meets", s.meets}, {"verdict", verdict_name(s.verdict)}, {"runs", runs}});
  }
  return steps;
}

ordered config_json(const ConfigResult& c, const GridAxes& axes) {
  ordered j = {{"index", c.config.index},          {"servers", c.config.servers},
               {"observers", c.config.observers},  {"read_ratio", c.config.read_ratio},
               {"profile_index", c.config.profile}, {"profile", c.profile_label},
               {"strategy_index", c.config.strategy}, {"strategy", c.strategy_label}};
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
    if (axes.given(d)) j[kExtraDimensions[d].key] = axes.extra[d].at(c.config.extra[d]);
  j["capacity_per_s"] = c.outcome.capacity_per_s;
  j["bound"] = bound_name(c.outcome.bound);
  j["capacity_step"] = c.outcome.capacity_step;
  j["failing_step"] = c.outcome.failing_step;
  j["steps"] = steps_json(c.outcome);
  return j;
}

ordered finite_or_null(double value) { return std::isfinite(value) ? ordered(value) : ordered(nullptr); }

// What sweep.json adds to a result: the capacity's bracket, and each metric at capacity with its
// interval (derived from the steps, so not in the shard files).
void add_derived(ordered& j, const ConfigResult& c) {
  j["capacity_bracket_per_s"] = {{"low", c.outcome.capacity_per_s}, {"high", finite_or_null(capacity_ceiling_per_s(c))}};
  j["replications_at_capacity"] = capacity_runs(c).size();
  ordered at_capacity = ordered::object();
  for (const Metric& m : kMetrics) {
    const analysis::ConfidenceInterval ci = interval_of(c, m);
    at_capacity[m.name] = {{"mean", ci.count ? ordered(ci.mean) : ordered(nullptr)},
                           {"ci95", finite_or_null(ci.half_width)},
                           {"low", ci.count ? finite_or_null(ci.low()) : ordered(nullptr)},
                           {"high", ci.count ? finite_or_null(ci.high()) : ordered(nullptr)}};
  }
  j["at_capacity"] = at_capacity;
}

}  // namespace

SweepData sweep_data(const Plan& plan) {
  SweepData d;
  d.plan_echo = plan.echo;
  d.slo = plan.slo;
  d.target_rate_per_s = plan.target_rate_per_s;
  d.axes = axes_of(plan.grid);
  d.search = plan.search;
  d.confidence = plan.confidence;
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
  for (const ConfigResult& c : data.results) results.push_back(config_json(c, data.axes));
  const SearchSpec& s = data.search;
  ordered grid = {{"servers", data.axes.servers}, {"observers", data.axes.observers}, {"read_ratio", data.axes.read_ratios},
                  {"profile", data.axes.profiles}, {"strategy", data.axes.strategies}};
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d) grid[kExtraDimensions[d].key] = data.axes.extra[d];
  return {{"schema", kShardSchema},
          {"shard", {{"index", shard_index}, {"count", shard_count}}},
          {"plan", data.plan_echo},
          {"slo", {{"p99_ms", data.slo.p99_ms}, {"service_availability_percent", data.slo.service_availability_percent},
                   {"client_availability_percent", data.slo.client_availability_percent},
                   {"request_timeout_ms", data.slo.request_timeout_ms}}},
          {"target_rate_per_s", data.target_rate_per_s ? ordered(*data.target_rate_per_s) : ordered(nullptr)},
          {"grid", grid},
          {"search", {{"start_rate_per_s", s.start_rate_per_s}, {"min_rate_per_s", s.min_rate_per_s},
                      {"max_rate_per_s", s.max_rate_per_s}, {"tolerance", s.tolerance}, {"max_steps", s.max_steps}}},
          {"replications", data.replications},
          {"confidence", {{"relative_half_width", data.confidence.relative_half_width},
                          {"max_replications", data.confidence.max_replications}}},
          {"seed", data.seed},
          {"configuration_count", data.configuration_count},
          {"results", results}};
}

nlohmann::ordered_json sweep_json(const SweepData& data) {
  ordered configs = ordered::array();
  for (const ConfigResult& c : data.results) {
    ordered j = config_json(c, data.axes);
    add_derived(j, c);
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
  const nlohmann::ordered_json json = sweep_json(data);
  const std::string summary = sweep_table(data);
  write_text_file(dir / "sweep.json", json.dump(2) + "\n");
  write_text_file(dir / "sweep.csv", sweep_csv(data));
  write_text_file(dir / "summary.txt", summary);
  const std::string capacity = write_capacity_plot(data, (dir / "plots").string());
  const std::string knees = write_knee_plots(data, (dir / "plots").string());
  // Last: the page inlines the plots just drawn.
  const std::vector<analysis::SvgFile> svgs = read_written_plots(dir / "plots");
  write_text_file(dir / "report.html", analysis::sweep_report_html({json, summary, svgs}));
  return capacity + (!capacity.empty() && !knees.empty() ? "\n" : "") + knees;
}

}  // namespace sim::sweep
