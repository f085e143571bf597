#include "analysis/plot/plot_scripts.hpp"

#include <optional>
#include <sstream>

#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/number_format.hpp"
#include "analysis/plot/plot_data.hpp"

namespace analysis {

namespace {

std::string dat(const char* name) { return gp_string(std::string(name) + ".dat"); }

double run_span_s(const RunMetrics& metrics) { return models::to_seconds(metrics.window().end_ns); }

std::string time_axis(const RunMetrics& metrics) {
  return "set xlabel \"simulated time (s)\"\nset xrange [0:" + fixed_number(run_span_s(metrics), 6) + "]\n";
}

bool any_interval_latency(const RunMetrics& metrics) {
  for (const IntervalStats& i : metrics.intervals())
    if (i.latency.count() > 0) return true;
  return false;
}

// A gnuplot "plot" command needs at least one element with data; this one draws nothing and says why.
std::string empty_plot(const std::string& why) {
  return "unset logscale\nset xrange [0:1]\nset yrange [0:1]\nset format x \"\"\nset format y \"\"\nset label " +
         gp_string(why) + " at graph 0.5, graph 0.5 center font \",14\"\nplot NaN notitle\n";
}

}  // namespace

std::string throughput_latency_gp(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                                  const std::string& title) {
  std::ostringstream out;
  out << script_preamble(kThroughputLatencyPlot, "throughput and latency per interval",
                         plot_title("Throughput and latency over time", title))
      << time_axis(metrics) << "set ylabel \"throughput (req/s)\"\nset yrange [0:*]\n"
      << "set key outside bottom center horizontal\nset ytics nomirror\n"
      << warmup_overlay(metrics.window()) << mark_overlays(marks, run_span_s(metrics));
  // Tail latency in an outage is orders of magnitude above the mean: a log axis keeps both readable.
  const bool latency = any_interval_latency(metrics);
  if (latency) out << "set y2label \"latency (ms, log scale)\"\nset logscale y2\nset y2tics\n";
  const std::string data = dat(kTimelineData);
  out << "plot " << data << " using 2:3 with lines lw 2 lc rgb \"#1f5fa8\" title \"completed (req/s)\", \\\n"
      << "     " << data << " using 2:4 with lines lw 1.5 lc rgb \"#c0392b\" title \"failed (req/s)\"";
  if (latency)
    out << ", \\\n     " << data << " using 2:5 axes x1y2 with lines lw 2 lc rgb \"#2e8b57\" title \"mean latency (ms)\""
        << ", \\\n     " << data << " using 2:6 axes x1y2 with lines lw 1.5 dt 2 lc rgb \"#e67e22\" title \"p99 latency (ms)\"";
  out << "\n";
  return out.str() + script_svg_replot(kThroughputLatencyPlot);
}

std::string latency_cdf_gp(const RunMetrics& metrics, const std::string& title) {
  std::ostringstream out;
  out << script_preamble(kLatencyCdfPlot, "latency CDF of all, read and write requests",
                         plot_title("Latency CDF (measured window)", title))
      << "set xlabel \"latency (ms, log scale)\"\nset ylabel \"fraction of requests at or below\"\n"
      << "set logscale x\nset yrange [0:1.02]\nset key bottom right\n"
      << "set arrow from graph 0, first 0.99 to graph 1, first 0.99 nohead dt 3 lc rgb \"#888888\"\n"
      << "set label \"p99\" at graph 0.01, first 0.99 offset 0,0.6 textcolor rgb \"#888888\"\n"
      << "set arrow from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 3 lc rgb \"#888888\"\n"
      << "set label \"p50\" at graph 0.01, first 0.5 offset 0,0.6 textcolor rgb \"#888888\"\n";
  const struct { const char* name; std::optional<models::OpKind> kind; const char* color; } series[] = {
      {"all", std::nullopt, "#222222"}, {"read", models::OpKind::read, "#1f5fa8"}, {"write", models::OpKind::write, "#c0392b"}};
  std::string elements;
  for (int index = 0; index < 3; ++index) {
    const LatencyHistogram& h = metrics.latency(series[index].kind);
    if (h.count() == 0) continue;  // an empty block is an error to gnuplot, and nothing to show
    elements += (elements.empty() ? "plot " : ", \\\n     ") + dat(kCdfData) + " index " + std::to_string(index) +
                " using 1:2 with steps lw 2 lc rgb \"" + series[index].color + "\" title " +
                gp_string(std::string(series[index].name) + " (" + std::to_string(h.count()) + " requests)");
  }
  out << (elements.empty() ? empty_plot("no request completed in the measured window") : elements + "\n");
  return out.str() + script_svg_replot(kLatencyCdfPlot);
}

std::string server_load_gp(const RunMetrics& metrics, const std::vector<models::NodeId>& servers,
                           const std::string& title) {
  const std::size_t count = plotted_servers(metrics, servers).size();
  std::ostringstream out;
  out << script_preamble(kServerLoadPlot, "requests served per server with the mean load",
                         plot_title("Load per server (measured window)", title))
      << "set ylabel \"requests served\"\nset yrange [0:*]\nset offsets 0, 0, graph 0.12, 0\nset key top right\n"
      << "set style fill solid 0.75 border lc rgb \"#1f3f68\"\nset boxwidth 0.6\nset grid noxtics\n"
      << "set xrange [-0.6:" << fixed_number(static_cast<double>(count) - 0.4, 1) << "]\n"
      << "L = " << fixed_number(mean_load(metrics, servers), 3) << "\n";
  if (count == 0) return out.str() + empty_plot("no servers") + script_svg_replot(kServerLoadPlot);
  const std::string data = dat(kServerLoadData);
  out << "plot " << data << " using 1:3:xtic(\"server \".strcol(2)) with boxes lc rgb \"#4a7fc1\" title \"requests served\", \\\n"
      << "     " << data << " using 1:3:3 with labels offset character 0,0.8 notitle, \\\n"
      << "     L with lines lw 2 dt 2 lc rgb \"#c0392b\" title sprintf(\"mean L = R / S = %.1f\", L)\n";
  return out.str() + script_svg_replot(kServerLoadPlot);
}

std::string availability_gp(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                            const std::string& title) {
  std::ostringstream out;
  out << script_preamble(kAvailabilityPlot, "leader availability per interval with outage windows",
                         plot_title("Availability over time", title))
      << time_axis(metrics) << "set ylabel \"fraction (of interval time, of requests)\"\nset yrange [0:1.15]\n"
      << "set key outside bottom center horizontal\n"
      << warmup_overlay(metrics.window()) << outage_overlays(metrics.outages())
      << mark_overlays(marks, run_span_s(metrics));
  const std::string data = dat(kTimelineData);
  // histeps at the interval midpoints draws each value over exactly its interval, first and last
  // included, and leaves the warm-up and outage bands behind it visible.
  out << "plot " << data << " using 2:7 with histeps lw 3 lc rgb \"#2e8b57\" title \"interval time with an established leader\", \\\n"
      << "     " << data << " using 2:8 with linespoints pt 7 ps 0.5 lw 1.5 lc rgb \"#1f5fa8\" title \"requests that succeeded\", \\\n"
      << "     NaN with boxes fillcolor rgb \"#f4cccc\" fillstyle solid 1.0 title \"no leader (outage)\"\n";
  return out.str() + script_svg_replot(kAvailabilityPlot);
}

}  // namespace analysis
