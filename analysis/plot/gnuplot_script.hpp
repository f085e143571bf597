#pragma once
// Pieces shared by the gnuplot scripts of plot_scripts.cpp: string quoting, the terminal preamble
// that renders PNG then SVG from one plot, and the overlays that tie curves to what happened (fault
// marks, the warm-up, the windows without a leader). Scripts refer to their data files by bare
// names, so that `gnuplot NAME.gp` run from the output folder renders them again later.
#include <string>
#include <vector>

#include "analysis/metrics/run_metrics.hpp"
#include "analysis/plot/timeline_mark.hpp"

namespace analysis {

constexpr int kPlotWidthPx = 1200;
constexpr int kPlotHeightPx = 675;
// Bounds the overlays one script may draw: a pathological run with thousands of faults must still
// give a script gnuplot renders in reasonable time. Those beyond the bound are counted in a comment.
constexpr std::size_t kMaxOverlays = 200;

// A gnuplot double-quoted string literal holding `text` (quotes and backslashes escaped, line breaks
// turned into spaces).
std::string gp_string(const std::string& text);

// The plot's title with the run's title appended when there is one.
std::string plot_title(const std::string& what, const std::string& run_title);

// Comment, terminal (pngcairo, or libgd png when this gnuplot lacks cairo: chosen by gnuplot
// itself so that the script stays the same on every machine), output NAME.png, common settings.
std::string script_preamble(const std::string& name, const std::string& description, const std::string& title);

// Renders the plot drawn last once more, as NAME.svg.
std::string script_svg_replot(const std::string& name);

// A labelled vertical line per mark; labels of marks close in time are staggered in height.
std::string mark_overlays(const std::vector<TimelineMark>& marks, double span_s);

// A grey band over the warm-up, whose requests the summary does not count.
std::string warmup_overlay(const MetricsWindow& window);

// A red band per window without an established leader.
std::string outage_overlays(const std::vector<Outage>& outages);

}  // namespace analysis
