#include "sim/sweep/capacity_plot.hpp"

#include <cmath>
#include <filesystem>
#include <map>
#include <tuple>
#include <vector>

#include "analysis/plot/gnuplot_runner.hpp"
#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/number_format.hpp"
#include "analysis/stats/confidence.hpp"
#include "sim/output_file.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

namespace {

using Curve = std::tuple<int, int, std::size_t, std::size_t>;  // servers, observers, profile, strategy

// The configurations of each curve, by read ratio; curves in (servers, observers, profile) order.
std::map<Curve, std::map<double, const ConfigResult*>> curves(const SweepData& data) {
  std::map<Curve, std::map<double, const ConfigResult*>> out;
  for (const ConfigResult& c : data.results)
    out[{c.config.servers, c.config.observers, c.config.profile, c.config.strategy}][c.config.read_ratio] = &c;
  return out;
}

std::string curve_title(const ConfigResult& c) {
  std::string t = std::to_string(c.config.servers) + " servers";
  if (c.config.observers > 0) t += " + " + std::to_string(c.config.observers) + " observers";
  return t + " (" + c.profile_label + (c.strategy_label == "scenario" ? "" : ", " + c.strategy_label) + ")";
}

}  // namespace

std::string capacity_dat(const SweepData& data) {
  std::string out = "# throughput at capacity per read percentage; one block per ensemble (gnuplot index)\n";
  for (const auto& [curve, points] : curves(data)) {
    out += "# " + curve_title(*points.begin()->second) + "\n# read_percent throughput_per_s ci95_per_s capacity_per_s\n";
    for (const auto& [ratio, c] : points) {
      std::vector<double> samples;
      if (c->outcome.capacity_step >= 0)
        for (const RunResult& r : c->outcome.steps.at(static_cast<std::size_t>(c->outcome.capacity_step)).runs)
          samples.push_back(r.throughput_per_s);
      const analysis::ConfidenceInterval ci = analysis::confidence_interval_95(samples);
      out += analysis::fixed_number(100 * ratio, 3) + " " + analysis::fixed_number(samples.empty() ? NAN : ci.mean, 3) +
             " " + analysis::fixed_number(std::isfinite(ci.half_width) ? ci.half_width : 0.0, 3) + " " +
             analysis::fixed_number(c->outcome.capacity_per_s, 3) + "\n";
    }
    out += "\n\n";
  }
  return out;
}

std::string capacity_gp(const SweepData& data) {
  const std::string name = kCapacityPlot;
  std::string out = analysis::script_preamble(
      name, "throughput at capacity (the highest offered load meeting the SLO) against read percentage",
      analysis::plot_title("Throughput at capacity", data.plan_echo.value("name", std::string("sweep"))));
  out += "set xlabel \"read percentage (%)\"\nset ylabel \"throughput at capacity (req/s)\"\n"
         "set xrange [-5:105]\nset yrange [0:*]\nset key top left\n";
  std::string plot = "plot ";
  int index = 0;
  for (const auto& [curve, points] : curves(data)) {
    if (index > 0) plot += ", \\\n     ";
    plot += analysis::gp_string(name + ".dat") + " index " + std::to_string(index) +
            " using 1:2:3 with yerrorlines lw 2 pt 7 title " + analysis::gp_string(curve_title(*points.begin()->second));
    ++index;
  }
  out += (index == 0 ? "plot 0 notitle" : plot) + "\n";
  return out + analysis::script_svg_replot(name);
}

std::string write_capacity_plot(const SweepData& data, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw WriteError("cannot create " + dir + ": " + error.message());
  write_text_file(fs::path(dir) / (std::string(kCapacityPlot) + ".dat"), capacity_dat(data));
  write_text_file(fs::path(dir) / (std::string(kCapacityPlot) + ".gp"), capacity_gp(data));
  const std::optional<std::string> gnuplot = analysis::find_program("gnuplot");
  if (!gnuplot) return "gnuplot not found: the plot's script is in " + dir + " (render it with `gnuplot capacity.gp`)";
  const analysis::GnuplotRun run = analysis::run_gnuplot(*gnuplot, dir, std::string(kCapacityPlot) + ".gp");
  return run.ok ? "" : "gnuplot failed on " + dir + "/capacity.gp: " + run.output;
}

}  // namespace sim::sweep
