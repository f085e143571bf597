#pragma once
// Writes the comparison's plot beside compare.txt (analysis/plot/comparison_plot.hpp): compare.dat
// and compare.gp always, compare.png and compare.svg when gnuplot renders them. Rendering is a
// convenience, as for a run's plots: gnuplot missing or failing is a warning, never an error, and
// an image gnuplot left empty or half-written is removed rather than left to pass for a plot.
#include <string>

#include "analysis/report/comparison.hpp"
#include "analysis/report/layout_comparison.hpp"

namespace sim {

// Throws WriteError when the data or the script cannot be written; returns a warning for stderr
// (gnuplot missing or failing, or no strategy completed: nothing to plot), or "".
std::string write_compare_plot(const analysis::Comparison& comparison, const std::string& dir);
// The same for `compare --quorums` (analysis::layout_comparison_plot_*).
std::string write_layout_compare_plot(const analysis::LayoutComparison& comparison, const std::string& dir);

}  // namespace sim
