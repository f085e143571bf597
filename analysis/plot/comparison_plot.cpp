#include "analysis/plot/comparison_plot.hpp"

#include <cmath>
#include <sstream>

#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/number_format.hpp"

namespace analysis {

namespace {

struct Panel {
  const char* title;
  int column;          // in the data file
  const char* yrange;
  const char* label_format;  // of the value written over each bar
};

// The key figures: how slow the tail is, how many requests succeeded, how evenly the load spread.
constexpr Panel kPanels[] = {
    {"p99 latency (ms)", 3, "[0:*]", "%.2f"},
    {"availability (% of requests that succeeded)", 4, "[0:109]", "%.2f"},
    {"Jain's index of the load (1 = even)", 5, "[0:1.09]", "%.3f"},
};

// A quorum layout's: what writes cost, how much of the time a quorum could commit, and for how long not.
constexpr Panel kLayoutPanels[] = {
    {"write p99 latency (ms)", 3, "[0:*]", "%.2f"},
    {"service availability (% of the time)", 4, "[0:109]", "%.2f"},
    {"writes unavailable (s)", 5, "[0:*]", "%.2f"},
};

template <std::size_t N>
std::string panels(const std::string& title, const std::string& scenario, const Panel (&list)[N]) {
  const std::string data = gp_string(std::string(kComparisonPlot) + ".dat");
  std::ostringstream out;
  out << "set multiplot layout 1," << N << " title " << gp_string(plot_title(title, scenario)) << " font \",14\"\n";
  for (const Panel& p : list) {
    out << "set title " << gp_string(p.title) << "\nset yrange " << p.yrange << "\n"
        << "plot " << data << " using 1:" << p.column << ":xtic(strcol(2)) with boxes lc rgb \"#4a7fc1\" notitle, \\\n"
        << "     " << data << " using 1:" << p.column << ":(sprintf(\"" << p.label_format << "\", $" << p.column
        << ")) with labels offset character 0,0.8 notitle\n";
  }
  return out.str() + "unset multiplot\n";
}

// The script around the panels: drawn once for the PNG, once for the SVG.
std::string bars_script(const std::string& description, std::size_t bars, const std::string& drawn) {
  const std::string name = kComparisonPlot;
  std::ostringstream out;
  out << script_preamble(name, description, "")
      << "unset title\nset style fill solid 0.75 border lc rgb \"#1f3f68\"\nset boxwidth 0.6\nset grid noxtics\n"
      << "set offsets 0, 0, graph 0.08, 0\nset xtics rotate by -30\nset xrange [-0.6:" << fixed_number(static_cast<double>(bars) - 0.4, 1) << "]\n"
      << drawn << "set terminal svg size " << kPlotWidthPx << "," << kPlotHeightPx
      << " font \"sans,11\" noenhanced background \"#ffffff\"\n"
      << "set output " << gp_string(name + ".svg") << "\n"
      << drawn << "unset output\n";
  return out.str();
}

}  // namespace

std::string comparison_plot_dat(const Comparison& c) {
  std::string out = "# zksim compare: one row per strategy (nan: its run did not complete)\n"
                    "# index strategy p99_ms availability_percent jain\n";
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const StrategyRow& r = c.rows[i];
    const auto value = [&](double v) { return r.completed ? v : NAN; };
    out += std::to_string(i) + " " + gp_string(r.completed ? r.strategy : r.strategy + " (failed)") + " " + fixed_number(value(r.p99_ms), 3) + " " +
           fixed_number(value(r.availability_percent), 4) + " " + fixed_number(value(r.spread.jain), 4) + "\n";
  }
  return out;
}

std::string comparison_plot_gp(const Comparison& c) {
  return bars_script("p99 latency, availability and Jain's index per balancing strategy", c.rows.size(),
                     panels("Strategies compared (seed " + std::to_string(c.seed) + ")", c.scenario, kPanels));
}

std::string layout_comparison_plot_dat(const LayoutComparison& c) {
  std::string out = "# zksim compare --quorums: one row per layout (nan: its run did not complete)\n"
                    "# index layout write_p99_ms service_percent write_unavailable_s\n";
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const LayoutRow& r = c.rows[i];
    const auto value = [&](double v) { return r.completed ? v : NAN; };
    out += std::to_string(i) + " " + gp_string(r.completed ? r.layout : r.layout + " (failed)") + " " + fixed_number(value(r.write_p99_ms), 3) +
           " " + fixed_number(value(r.service_percent), 4) + " " + fixed_number(value(r.write_unavailable_s), 3) + "\n";
  }
  return out;
}

std::string layout_comparison_plot_gp(const LayoutComparison& c) {
  return bars_script("write p99 latency, service availability and time without a quorum per quorum layout", c.rows.size(),
                     panels("Quorum layouts compared (seed " + std::to_string(c.seed) + ")", c.scenario, kLayoutPanels));
}

}  // namespace analysis
