#include "sim/sweep/capacity_plot.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <vector>

#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/number_format.hpp"
#include "sim/output_file.hpp"
#include "sim/sweep/capacity_metrics.hpp"
#include "sim/sweep/plot_render.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

namespace {

using analysis::fixed_number;

// Everything of a configuration but its read ratio: servers, observers, profile, strategy, the
// extra dimensions' indices.
using Curve = std::vector<std::size_t>;
using Curves = std::map<Curve, std::map<double, const ConfigResult*>>;

Curves curves(const SweepData& data) {
  Curves out;
  for (const ConfigResult& c : data.results) {
    Curve key{static_cast<std::size_t>(c.config.servers), static_cast<std::size_t>(c.config.observers), c.config.profile,
              c.config.strategy};
    key.insert(key.end(), c.config.extra.begin(), c.config.extra.end());
    out[key][c.config.read_ratio] = &c;
  }
  return out;
}

std::string curve_title(const SweepData& data, const ConfigResult& c) {
  std::string t = std::to_string(c.config.servers) + (c.config.servers == 1 ? " server" : " servers");
  if (c.config.observers > 0) t += " + " + std::to_string(c.config.observers) + " observers";
  const std::string extra = extra_labels(data.axes, c.config);
  return t + " (" + c.profile_label + (c.strategy_label == "scenario" ? "" : ", " + c.strategy_label) +
         (extra.empty() ? "" : ", " + extra) + ")";
}

bool single_read_ratio(const SweepData& data) { return data.axes.read_ratios.size() == 1; }

// "read_percent throughput ci95 capacity" (curves), or "position throughput ci95 capacity label" (bars).
std::string point_line(const SweepData& data, const ConfigResult& c, std::size_t position) {
  const analysis::ConfidenceInterval ci = interval_of(c, kMetrics[0]);
  const std::string lead = single_read_ratio(data) ? std::to_string(position) : fixed_number(100 * c.config.read_ratio, 3);
  std::string line = lead + " " + fixed_number(ci.count ? ci.mean : NAN, 3) + " " +
                     fixed_number(std::isfinite(ci.half_width) ? ci.half_width : 0.0, 3) + " " +
                     fixed_number(c.outcome.capacity_per_s, 3);
  return line + (single_read_ratio(data) ? " " + analysis::gp_string(curve_title(data, c)) : "") + "\n";
}

// The highest point drawn (the top of an error bar) or the target, whichever is higher.
double y_top(const SweepData& data) {
  double top = data.target_rate_per_s.value_or(0);
  for (const ConfigResult& c : data.results) {
    const analysis::ConfidenceInterval ci = interval_of(c, kMetrics[0]);
    if (ci.count) top = std::max(top, ci.mean + (std::isfinite(ci.half_width) ? ci.half_width : 0));
  }
  return std::max(top, 1.0);  // a range gnuplot accepts even when every throughput is 0
}

std::string slo_text(const SweepData& data) {
  return "SLO: p99 <= " + fixed_number(data.slo.p99_ms, 3) + " ms, service >= " +
         fixed_number(data.slo.service_availability_percent, 4) + " %, client >= " +
         fixed_number(data.slo.client_availability_percent, 4) + " % (95% confidence)";
}

// The SLO as the title's second line (inside the plot it would collide with the key or the bars),
// and the target as a dashed line across the plot.
std::string overlays(const SweepData& data, const std::string& title) {
  std::string out = "set title " + analysis::gp_string(title) + " . \"\\n\" . " + analysis::gp_string(slo_text(data)) +
                    " font \",13\"\n";
  if (!data.target_rate_per_s) return out;
  const std::string y = fixed_number(*data.target_rate_per_s, 3);
  return out + "set arrow 1 from graph 0, first " + y + " to graph 1, first " + y +
         " nohead dt 2 lw 2 lc rgb \"#c00000\"\nset label 2 " +
         analysis::gp_string("target " + fixed_number(*data.target_rate_per_s, 1) + " req/s") + " at graph 0.99, first " +
         y + " right offset 0, 0.7 tc rgb \"#c00000\"\n";
}

std::string bars_plot(const std::string& name, std::size_t bars) {
  return "set xlabel \"configuration\"\nset xtics rotate by -20\nset style fill solid 0.6 border -1\n"
         "set boxwidth 0.6\nset xrange [-0.6:" + fixed_number(static_cast<double>(bars) - 0.4, 1) + "]\nset key off\nplot " +
         analysis::gp_string(name + ".dat") + " using 1:2:3:xtic(5) with boxerrorbars lc rgb \"#4472c4\" notitle\n";
}

std::string curves_plot(const SweepData& data, const std::string& name) {
  std::string plot = "set xlabel \"read percentage (%)\"\nset xrange [-5:105]\nset key top left\nplot ";
  int index = 0;
  for (const auto& [curve, points] : curves(data)) {
    if (index > 0) plot += ", \\\n     ";
    plot += analysis::gp_string(name + ".dat") + " index " + std::to_string(index) +
            " using 1:2:3 with yerrorlines lw 2 pt 7 title " + analysis::gp_string(curve_title(data, *points.begin()->second));
    ++index;
  }
  return plot + "\n";
}

}  // namespace

bool any_capacity(const SweepData& data) {
  return std::any_of(data.results.begin(), data.results.end(),
                     [](const ConfigResult& c) { return c.outcome.capacity_step >= 0; });
}

std::string capacity_dat(const SweepData& data) {
  std::string out = "# throughput at capacity (the highest offered load meeting the SLO) per ensemble\n";
  if (!any_capacity(data)) out += "# no configuration met the SLO at any rate tried: nothing to plot\n";
  if (single_read_ratio(data)) {
    out += "# one bar per ensemble, read " + fixed_number(100 * data.axes.read_ratios.front(), 1) +
           " %\n# position throughput_per_s ci95_per_s capacity_per_s ensemble\n";
    std::size_t position = 0;
    for (const auto& [curve, points] : curves(data)) out += point_line(data, *points.begin()->second, position++);
    return out;
  }
  for (const auto& [curve, points] : curves(data)) {
    out += "# " + curve_title(data, *points.begin()->second) + "\n# read_percent throughput_per_s ci95_per_s capacity_per_s\n";
    for (const auto& [ratio, c] : points) out += point_line(data, *c, 0);
    out += "\n\n";
  }
  return out;
}

std::string capacity_gp(const SweepData& data) {
  const std::string name = kCapacityPlot;
  const std::string title = analysis::plot_title("Throughput at capacity", data.plan_echo.value("name", std::string("sweep")));
  std::string out = analysis::script_preamble(
      name, "throughput at capacity (the highest offered load meeting the SLO) per ensemble", title);
  out += "set ylabel \"throughput at capacity (req/s)\"\nset yrange [0:" + fixed_number(1.15 * y_top(data), 3) + "]\n";
  out += overlays(data, title);
  out += single_read_ratio(data) ? bars_plot(name, curves(data).size()) : curves_plot(data, name);
  return out + analysis::script_svg_replot(name);
}

std::string write_capacity_plot(const SweepData& data, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw WriteError("cannot create " + dir + ": " + error.message());
  write_text_file(fs::path(dir) / (std::string(kCapacityPlot) + ".dat"), capacity_dat(data));
  if (!any_capacity(data))
    return "no configuration met the SLO at any rate tried, so there is no capacity to plot: no capacity image was "
           "written (lower search.min_rate_per_s or relax the SLO)";
  write_text_file(fs::path(dir) / (std::string(kCapacityPlot) + ".gp"), capacity_gp(data));
  return render_plot(dir, kCapacityPlot);
}

}  // namespace sim::sweep
