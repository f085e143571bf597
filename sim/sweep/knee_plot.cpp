#include "sim/sweep/knee_plot.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/number_format.hpp"
#include "sim/output_file.hpp"
#include "sim/sweep/capacity_metrics.hpp"
#include "sim/sweep/plot_render.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

namespace {

using analysis::fixed_number;

// p99 is drawn on a log axis (an overloaded queue's p99 is orders of magnitude above the knee's),
// where an interval's low end of 0 cannot be drawn: it is floored here, and the .dat says so.
constexpr double kLogFloorMs = 0.001;

std::string step_line(const Step& s) {
  const analysis::ConfidenceInterval tp = interval_over(s.runs, kMetrics[0]);
  const analysis::ConfidenceInterval p99 = interval_over(s.runs, kMetrics[1]);
  const double p99_high = std::isfinite(p99.half_width) ? p99.high() : p99.mean;
  const double p99_low = std::isfinite(p99.half_width) ? p99.low() : p99.mean;
  return fixed_number(s.rate_per_s, 3) + " " + fixed_number(tp.mean, 3) + " " +
         fixed_number(std::isfinite(tp.half_width) ? tp.half_width : 0.0, 3) + " " + fixed_number(p99.mean, 3) + " " +
         fixed_number(std::max(p99_low, kLogFloorMs), 3) + " " + fixed_number(std::max(p99_high, kLogFloorMs), 3) + " " +
         std::to_string(s.runs.size()) + " " + verdict_name(s.verdict) + "\n";
}

std::string title_of(const SweepData& data, const ConfigResult& c) {
  std::string t = "configuration " + std::to_string(c.config.index) + ": " + std::to_string(c.config.servers) +
                  (c.config.servers == 1 ? " server" : " servers");
  if (c.config.observers > 0) t += " + " + std::to_string(c.config.observers) + " observers";
  const std::string extra = extra_labels(data.axes, c.config);
  return t + ", read " + fixed_number(100 * c.config.read_ratio, 1) + " %, " + c.profile_label +
         (c.strategy_label == "scenario" ? "" : ", " + c.strategy_label) + (extra.empty() ? "" : ", " + extra);
}

// The SLO's p99 as a dashed line on the latency axis, and the capacity as a vertical line.
std::string overlays(const SweepData& data, const ConfigResult& c) {
  const std::string slo = fixed_number(data.slo.p99_ms, 3);
  std::string out = "set arrow 1 from graph 0, second " + slo + " to graph 1, second " + slo +
                    " nohead dt 2 lw 2 lc rgb \"#c00000\"\nset label 1 " +
                    analysis::gp_string("SLO p99 " + slo + " ms") + " at graph 0.01, second " + slo +
                    " left offset 0, 0.7 tc rgb \"#c00000\"\n";
  if (c.outcome.capacity_step < 0) return out;
  const std::string x = fixed_number(c.outcome.capacity_per_s, 3);
  return out + "set arrow 2 from first " + x + ", graph 0 to first " + x + ", graph 1 nohead dt 3 lw 2 lc rgb \"#2e7d32\"\n" +
         "set label 2 " + analysis::gp_string("capacity " + fixed_number(c.outcome.capacity_per_s, 1) + " req/s") +
         " at first " + x + ", graph 0.05 right offset -0.5, 0 tc rgb \"#2e7d32\"\n";
}

}  // namespace

std::string knee_plot_name(std::size_t index) { return "knee-" + std::to_string(index); }

std::string knee_dat(const ConfigResult& c) {
  std::vector<const Step*> steps;
  for (const Step& s : c.outcome.steps) steps.push_back(&s);
  std::stable_sort(steps.begin(), steps.end(), [](const Step* a, const Step* b) { return a->rate_per_s < b->rate_per_s; });
  std::string out = "# the steps of the capacity search, by offered rate; 95% confidence intervals over each step's "
                    "replications (p99's low end floored at 0.001 ms for the log axis)\n"
                    "# offered_per_s throughput_per_s throughput_ci95 p99_ms p99_low_ms p99_high_ms replications verdict\n";
  for (const Step* s : steps) out += step_line(*s);
  return out;
}

std::string knee_gp(const SweepData& data, const ConfigResult& c) {
  const std::string name = knee_plot_name(c.config.index);
  std::string out = analysis::script_preamble(name, "throughput and p99 latency against offered load, per search step",
                                              analysis::plot_title("Knee", title_of(data, c)));
  out += "set xlabel \"offered load (req/s)\"\nset ylabel \"throughput (req/s)\"\nset y2label \"p99 latency (ms, log)\"\n"
         "set yrange [0:*]\nset logscale y2\nset ytics nomirror\nset y2tics\nset key top left\n";
  out += overlays(data, c);
  const std::string dat = analysis::gp_string(name + ".dat");
  out += "plot " + dat + " using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb \"#4472c4\" title \"throughput\", \\\n     " +
         dat + " using 1:4:5:6 axes x1y2 with yerrorlines lw 2 pt 5 lc rgb \"#ed7d31\" title \"p99 latency\"\n";
  return out + analysis::script_svg_replot(name);
}

std::string write_knee_plots(const SweepData& data, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw WriteError("cannot create " + dir + ": " + error.message());
  std::string warning;
  for (const ConfigResult& c : data.results) {
    const std::string name = knee_plot_name(c.config.index);
    write_text_file(fs::path(dir) / (name + ".dat"), knee_dat(c));
    write_text_file(fs::path(dir) / (name + ".gp"), knee_gp(data, c));
    if (warning.empty()) warning = render_plot(dir, name);  // once gnuplot fails, the script stays for later
  }
  return warning;
}

}  // namespace sim::sweep
