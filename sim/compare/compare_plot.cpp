#include "sim/compare/compare_plot.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "analysis/plot/comparison_plot.hpp"
#include "analysis/plot/gnuplot_runner.hpp"
#include "sim/output_file.hpp"

namespace sim {

namespace {

namespace fs = std::filesystem;

bool non_empty_file(const fs::path& path) {
  std::error_code error;
  const bool regular = fs::is_regular_file(path, error);
  const std::uintmax_t size = regular ? fs::file_size(path, error) : 0;
  return regular && !error && size > 0;
}

// Runs gnuplot on compare.gp; on any failure removes both images, so that none is empty or stale.
std::string render(const fs::path& dir) {
  const std::string name = analysis::kComparisonPlot;
  const fs::path png = dir / (name + ".png"), svg = dir / (name + ".svg");
  const auto remove_images = [&] {
    std::error_code ignored;
    fs::remove(png, ignored);
    fs::remove(svg, ignored);
  };
  const std::optional<std::string> gnuplot = analysis::find_program("gnuplot");
  if (!gnuplot) return "gnuplot not found: the comparison's plot script is " + (dir / (name + ".gp")).string();
  const analysis::GnuplotRun run = analysis::run_gnuplot(*gnuplot, dir.string(), name + ".gp");
  if (run.ok && non_empty_file(png) && non_empty_file(svg)) return "";
  remove_images();
  return "gnuplot did not render " + (dir / (name + ".gp")).string() + (run.ok ? "" : ": " + run.output);
}

}  // namespace

std::string write_layout_compare_plot(const analysis::LayoutComparison& comparison, const std::string& dir) {
  const bool any_completed = std::any_of(comparison.rows.begin(), comparison.rows.end(),
                                         [](const analysis::LayoutRow& r) { return r.completed; });
  if (!any_completed) return "no layout's run completed: no comparison plot";
  const std::string name = analysis::kComparisonPlot;
  write_text_file(fs::path(dir) / (name + ".dat"), analysis::layout_comparison_plot_dat(comparison));
  write_text_file(fs::path(dir) / (name + ".gp"), analysis::layout_comparison_plot_gp(comparison));
  return render(dir);
}

std::string write_compare_plot(const analysis::Comparison& comparison, const std::string& dir) {
  const bool any_completed = std::any_of(comparison.rows.begin(), comparison.rows.end(),
                                         [](const analysis::StrategyRow& r) { return r.completed; });
  if (!any_completed) return "no strategy's run completed: no comparison plot";
  const std::string name = analysis::kComparisonPlot;
  write_text_file(fs::path(dir) / (name + ".dat"), analysis::comparison_plot_dat(comparison));
  write_text_file(fs::path(dir) / (name + ".gp"), analysis::comparison_plot_gp(comparison));
  return render(dir);
}

}  // namespace sim
