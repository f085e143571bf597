// The sweep's table (stdout and summary.txt), its CSV and the recommendation lines. Every number
// goes through a fixed format, so that the same results give the same bytes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include "analysis/plot/number_format.hpp"
#include "analysis/report/padded.hpp"
#include "sim/sweep/capacity_metrics.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

namespace {

using analysis::fixed_number;

// "99.9000 +- 0.0500", or, where the interval meets what the quantity can be, its ends:
// "99.9800 [99.9200, 100.0000]".
std::string interval_cell(const analysis::ConfidenceInterval& ci, int decimals) {
  if (ci.count == 0) return "-";
  if (ci.clipped() && std::isfinite(ci.half_width))
    return fixed_number(ci.mean, decimals) + " [" + fixed_number(ci.low(), decimals) + ", " + fixed_number(ci.high(), decimals) + "]";
  return fixed_number(ci.mean, decimals) + " +- " + fixed_number(ci.half_width, decimals);
}

std::string read_percent(double ratio) { return fixed_number(100 * ratio, 1); }

// What the recommendation is chosen within: everything but the ensemble's size.
using Workload = std::tuple<double, std::size_t, std::size_t, std::array<std::size_t, kExtraDimensionCount>>;

std::string workload_label(const SweepData& data, const ConfigResult& c) {
  const std::string extra = extra_labels(data.axes, c.config);
  return c.profile_label + (c.strategy_label == "scenario" ? "" : ", strategy " + c.strategy_label) +
         (extra.empty() ? "" : ", " + extra);
}

std::string recommendation_line(const ConfigResult* best) {
  if (!best) return "none of the configurations carries it within the SLO";
  const auto& c = best->config;
  const double ceiling = capacity_ceiling_per_s(*best);
  return std::to_string(c.servers) + (c.servers == 1 ? " server, " : " servers, ") + std::to_string(c.observers) +
         " observers (capacity " + fixed_number(best->outcome.capacity_per_s, 1) + " req/s" +
         (std::isfinite(ceiling) ? ", below " + fixed_number(ceiling, 1) : "") + ")";
}

std::string header(const SweepData& data) {
  std::string out = "zksim sweep  plan " + data.plan_echo.value("name", std::string("sweep")) + "  SLO p99 <= " +
                    fixed_number(data.slo.p99_ms, 3) + " ms, service >= " +
                    fixed_number(data.slo.service_availability_percent, 4) + " %, client >= " +
                    fixed_number(data.slo.client_availability_percent, 4) + " %\n";
  out += "  a rate meets the SLO when the worst end of each 95% confidence interval over its replications does "
         "(p99's upper end, each availability's lower end); an undecided one counts as failing\n";
  out += "  replications per rate: " + std::to_string(data.replications) + ", then " + std::to_string(data.replications) +
         " more at a time until each interval's half-width is within " +
         fixed_number(100 * data.confidence.relative_half_width, 1) + "% (of p99, of the unavailability) or it fails, at most " +
         std::to_string(data.confidence.max_replications) + "\n";
  out += "  capacity: the highest rate that met the SLO; below: the lowest rate above it that did not (the capacity lies in "
         "between)\n  metrics at capacity: mean +- half-width of the 95% confidence interval over that rate's replications\n\n";
  return out;
}

// The width of an extra dimension's column: its longest label, or its name.
std::size_t extra_width(const GridAxes& axes, std::size_t d) {
  std::size_t width = std::string(kExtraDimensions[d].key).size();
  for (const std::string& label : axes.extra[d]) width = std::max(width, label.size());
  return width;
}

// A CSV field in quotes (labels of JSON values hold commas and quotes), its quotes doubled.
std::string csv_quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string column_titles(const SweepData& data) {
  char line[512];
  std::snprintf(line, sizeof line, "  %4s %7s %4s %6s %-12s %-17s", "#", "servers", "obs", "read%", "profile", "strategy");
  std::string out = line;
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
    if (data.axes.given(d)) out += " " + analysis::padded(kExtraDimensions[d].key, extra_width(data.axes, d));
  std::snprintf(line, sizeof line, " %12s %12s %-7s %4s %22s %18s %18s %20s %20s\n", "capacity/s", "below/s", "bound",
                "reps", "throughput/s", "p99 ms", "mean ms", "service %", "client %");
  return out + line;
}

std::string table_row(const SweepData& data, const ConfigResult& c) {
  char line[512];
  std::snprintf(line, sizeof line, "  %4zu %7d %4d %6s %-12s %-17s", c.config.index, c.config.servers, c.config.observers,
                read_percent(c.config.read_ratio).c_str(), c.profile_label.c_str(), c.strategy_label.c_str());
  std::string out = line;
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
    if (data.axes.given(d)) out += " " + analysis::padded(data.axes.extra[d].at(c.config.extra[d]), extra_width(data.axes, d));
  const double ceiling = capacity_ceiling_per_s(c);
  std::snprintf(line, sizeof line, " %12s %12s %-7s %4zu", fixed_number(c.outcome.capacity_per_s, 1).c_str(),
                std::isfinite(ceiling) ? fixed_number(ceiling, 1).c_str() : "-", bound_name(c.outcome.bound),
                capacity_runs(c).size());
  out += line;
  for (const Metric& m : kMetrics) {
    const int width = m.decimals == 1 ? 22 : m.decimals == 3 ? 18 : 20;
    std::snprintf(line, sizeof line, " %*s", width, interval_cell(interval_of(c, m), m.decimals).c_str());
    out += line;
  }
  return out + "\n";
}

// One line per undecided step: the search counted it as failing, and the reader must know why.
std::string undecided_notes(const SweepData& data) {
  std::string out;
  for (const ConfigResult& c : data.results)
    for (const Step& s : c.outcome.steps)
      if (s.verdict == Verdict::undecided)
        out += "  undecided, counted as failing: configuration " + std::to_string(c.config.index) + " at " +
               fixed_number(s.rate_per_s, 1) + " req/s after " + std::to_string(s.runs.size()) + " replications: " +
               undecided_reason(slo_intervals(s.runs), data.slo) + "\n";
  return out.empty() ? out : out + "\n";
}

}  // namespace

std::string extra_labels(const GridAxes& axes, const Configuration& config) {
  std::string out;
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
    if (axes.given(d))
      out += (out.empty() ? "" : ", ") + std::string(kExtraDimensions[d].key) + " " + axes.extra[d].at(config.extra[d]);
  return out;
}

std::vector<std::string> recommendations(const SweepData& data) {
  if (!data.target_rate_per_s) return {"recommendation: none (the plan sets no target_rate_per_s)"};
  const double target = *data.target_rate_per_s;
  // One recommendation per workload and setting: the ensemble's size is what is being chosen.
  std::map<Workload, const ConfigResult*> best;
  std::map<Workload, std::string> labels;
  for (const ConfigResult& c : data.results) {
    const Workload key{c.config.read_ratio, c.config.profile, c.config.strategy, c.config.extra};
    labels[key] = workload_label(data, c);
    best.try_emplace(key, nullptr);
    if (c.outcome.capacity_step < 0 || c.outcome.capacity_per_s < target) continue;
    const ConfigResult*& b = best[key];
    if (!b || std::make_pair(c.config.servers, c.config.observers) < std::make_pair(b->config.servers, b->config.observers))
      b = &c;
  }
  std::vector<std::string> lines;
  for (const auto& [key, b] : best)
    lines.push_back("recommendation (read " + read_percent(std::get<0>(key)) + "%, profile " + labels[key] + ", target " +
                    fixed_number(target, 1) + " req/s): " + recommendation_line(b));
  return lines;
}

std::string sweep_table(const SweepData& data) {
  std::string out = header(data) + column_titles(data);
  for (const ConfigResult& c : data.results) out += table_row(data, c);
  out += "\n" + undecided_notes(data);
  for (const std::string& r : recommendations(data)) out += r + "\n";
  return out;
}

std::string sweep_csv(const SweepData& data) {
  std::string out = "index,servers,observers,read_percent,profile,strategy";
  for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
    if (data.axes.given(d)) out += std::string(",") + kExtraDimensions[d].key;
  out += ",capacity_per_s,below_per_s,bound,evaluations,replications_at_capacity";
  for (const Metric& m : kMetrics) out += std::string(",") + m.name + "," + m.name + "_ci95";
  out += "\n";
  for (const ConfigResult& c : data.results) {
    out += std::to_string(c.config.index) + "," + std::to_string(c.config.servers) + "," +
           std::to_string(c.config.observers) + "," + read_percent(c.config.read_ratio) + "," + c.profile_label + "," + c.strategy_label;
    for (std::size_t d = 0; d < kExtraDimensionCount; ++d)
      if (data.axes.given(d)) out += "," + csv_quoted(data.axes.extra[d].at(c.config.extra[d]));
    const double ceiling = capacity_ceiling_per_s(c);
    out += "," + fixed_number(c.outcome.capacity_per_s, 3) + "," + (std::isfinite(ceiling) ? fixed_number(ceiling, 3) : "") +
           "," + bound_name(c.outcome.bound) + "," + std::to_string(c.outcome.steps.size()) + "," +
           std::to_string(capacity_runs(c).size());
    for (const Metric& m : kMetrics) {
      const analysis::ConfidenceInterval ci = interval_of(c, m);
      out += "," + (ci.count ? fixed_number(ci.mean, 6) : "") + "," +
             (ci.count && std::isfinite(ci.half_width) ? fixed_number(ci.half_width, 6) : "");
    }
    out += "\n";
  }
  return out;
}

}  // namespace sim::sweep
