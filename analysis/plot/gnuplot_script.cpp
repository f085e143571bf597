#include "analysis/plot/gnuplot_script.hpp"

#include <algorithm>
#include <sstream>

#include "analysis/plot/number_format.hpp"

namespace analysis {

namespace {

constexpr const char* kOutageColor = "#f4cccc";
constexpr const char* kWarmupColor = "#e8e8e8";
constexpr const char* kMarkColor = "#555555";

std::string over_bound_comment(std::size_t total, const char* what) {
  if (total <= kMaxOverlays) return "";
  return "# " + std::to_string(total - kMaxOverlays) + " more " + what + " not drawn (bound " +
         std::to_string(kMaxOverlays) + ")\n";
}

}  // namespace

std::string gp_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\"";
}

std::string plot_title(const std::string& what, const std::string& run_title) {
  return run_title.empty() ? what : what + ": " + run_title;
}

std::string script_preamble(const std::string& name, const std::string& description, const std::string& title) {
  const std::string size = std::to_string(kPlotWidthPx) + "," + std::to_string(kPlotHeightPx);
  std::ostringstream out;
  out << "# zksim plot: " << description << ".\n"
      << "# Render again with `gnuplot " << name << ".gp` in this folder. This script and its .dat files\n"
      << "# are deterministic (same run, same bytes); the PNG and SVG depend on the gnuplot version.\n"
      << "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
      << "  set terminal pngcairo size " << size << " font \"sans,11\" noenhanced\n"
      << "} else {\n"
      << "  set terminal png size " << size << " noenhanced\n"
      << "}\n"
      << "set output " << gp_string(name + ".png") << "\n"
      << "set title " << gp_string(title) << " font \",14\"\n"
      << "set datafile missing \"nan\"\n"
      << "set grid lc rgb \"#dddddd\"\n"
      << "set border lc rgb \"#444444\"\n";
  return out.str();
}

std::string script_svg_replot(const std::string& name) {
  std::ostringstream out;
  out << "set terminal svg size " << kPlotWidthPx << "," << kPlotHeightPx
      << " font \"sans,11\" noenhanced background \"#ffffff\"\n"
      << "set output " << gp_string(name + ".svg") << "\n"
      << "replot\n"
      << "unset output\n";
  return out.str();
}

std::string mark_overlays(const std::vector<TimelineMark>& marks, double span_s) {
  std::vector<TimelineMark> sorted = marks;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const TimelineMark& a, const TimelineMark& b) { return a.time_s < b.time_s; });
  std::ostringstream out;
  int level = 0;
  double previous_s = -1e300;
  for (std::size_t i = 0; i < std::min(sorted.size(), kMaxOverlays); ++i) {
    const std::string x = fixed_number(sorted[i].time_s, 6);
    // Labels of marks closer than 4% of the axis would be drawn over each other: step them down.
    level = sorted[i].time_s - previous_s < 0.04 * span_s ? (level + 1) % 4 : 0;
    previous_s = sorted[i].time_s;
    out << "set arrow from " << x << ", graph 0 to " << x << ", graph 1 nohead front lw 1.5 dt 2 lc rgb \""
        << kMarkColor << "\"\n"
        << "set label " << gp_string(sorted[i].label) << " at " << x << ", graph " << fixed_number(0.97 - 0.22 * level, 2)
        << " rotate by 90 right offset character -1.4,0 front textcolor rgb \"" << kMarkColor << "\" font \",10\"\n";
  }
  return out.str() + over_bound_comment(sorted.size(), "marks");
}

std::string warmup_overlay(const MetricsWindow& window) {
  if (window.warmup_ns <= 0) return "";
  const std::string end = fixed_number(models::to_seconds(window.warmup_ns), 6);
  return "set object rectangle from 0, graph 0 to " + end + ", graph 1 behind fillcolor rgb \"" + kWarmupColor +
         "\" fillstyle solid 1.0 noborder\n" + "set label \"warm-up\" at " + end +
         ", graph 0.03 right offset character -0.5,0 textcolor rgb \"#777777\"\n";
}

std::string outage_overlays(const std::vector<Outage>& outages) {
  std::ostringstream out;
  for (std::size_t i = 0; i < std::min(outages.size(), kMaxOverlays); ++i)
    out << "set object rectangle from " << fixed_number(models::to_seconds(outages[i].start_ns), 6) << ", graph 0 to "
        << fixed_number(models::to_seconds(outages[i].end_ns), 6) << ", graph 1 behind fillcolor rgb \"" << kOutageColor
        << "\" fillstyle solid 1.0 noborder\n";
  return out.str() + over_bound_comment(outages.size(), "outages");
}

}  // namespace analysis
