#include "sim/sweep/plot_render.hpp"

#include <filesystem>

#include "analysis/plot/gnuplot_runner.hpp"

namespace sim::sweep {

void remove_images(const std::string& dir, const std::string& name) {
  std::error_code error;  // nothing to remove is fine
  for (const char* ext : {".png", ".svg"}) std::filesystem::remove(std::filesystem::path(dir) / (name + ext), error);
}

std::string render_plot(const std::string& dir, const std::string& name) {
  const std::optional<std::string> gnuplot = analysis::find_program("gnuplot");
  if (!gnuplot) return "gnuplot not found: the plot's script is in " + dir + " (render it with `gnuplot " + name + ".gp`)";
  const analysis::GnuplotRun run = analysis::run_gnuplot(*gnuplot, dir, name + ".gp");
  if (run.ok) return "";
  remove_images(dir, name);
  return "gnuplot failed on " + dir + "/" + name + ".gp: " + run.output;
}

}  // namespace sim::sweep
