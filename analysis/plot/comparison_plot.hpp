#pragma once
// The plot of `zksim compare`: one bar per strategy in three panels, the comparison's key figures
// (analysis/report/comparison.hpp): p99 latency, availability, and Jain's index of the load over
// servers or backends. Like the run plots, a data file and a gnuplot script whose bytes depend only
// on the comparison; the script draws the panels once for the PNG and once for the SVG (a
// multiplot cannot be replotted). A strategy whose run failed has "nan" (no bar) and "(failed)"
// after its name.
#include <string>

#include "analysis/report/comparison.hpp"
#include "analysis/report/layout_comparison.hpp"

namespace analysis {

constexpr const char* kComparisonPlot = "compare";

std::string comparison_plot_dat(const Comparison& comparison);
std::string comparison_plot_gp(const Comparison& comparison);
// `compare --quorums`: write p99 latency, service availability, and the seconds writes could not
// commit, one bar per layout.
std::string layout_comparison_plot_dat(const LayoutComparison& comparison);
std::string layout_comparison_plot_gp(const LayoutComparison& comparison);

}  // namespace analysis
