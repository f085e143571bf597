#include "analysis/plot/plots.hpp"

#include <filesystem>
#include <fstream>
#include <utility>

#include "analysis/plot/gnuplot_runner.hpp"
#include "analysis/plot/plot_data.hpp"
#include "analysis/plot/plot_scripts.hpp"
#include "analysis/plot/resource_plots.hpp"

namespace analysis {

namespace {

namespace fs = std::filesystem;

using NamedText = std::pair<std::string, std::string>;  // file name, contents

std::vector<ResourcePlot> resource_plot_list(const PlotOptions& options, const std::vector<TimelineMark>& marks) {
  return options.resources ? resource_plots(*options.resources, marks, options.title) : std::vector<ResourcePlot>{};
}

std::vector<NamedText> plot_files(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                                  const PlotOptions& options) {
  const auto with = [](const char* name, const char* extension) { return std::string(name) + extension; };
  std::vector<NamedText> files = {{with(kTimelineData, ".dat"), timeline_dat(metrics)},
          {with(kCdfData, ".dat"), latency_cdf_dat(metrics)},
          {with(kServerLoadData, ".dat"), server_load_dat(metrics, options.servers)},
          {with(kOutagesData, ".dat"), outages_dat(metrics)},
          {with(kThroughputLatencyPlot, ".gp"), throughput_latency_gp(metrics, marks, options.title)},
          {with(kLatencyCdfPlot, ".gp"), latency_cdf_gp(metrics, options.title)},
          {with(kServerLoadPlot, ".gp"), server_load_gp(metrics, options.servers, options.title)},
          {with(kAvailabilityPlot, ".gp"), availability_gp(metrics, marks, options.title)}};
  for (const ResourcePlot& p : resource_plot_list(options, marks)) {
    files.push_back({p.name + ".dat", p.data});
    files.push_back({p.name + ".gp", p.script});
  }
  return files;
}

// Writes every file; returns the first failure as a warning, or an empty string.
std::string write_texts(const fs::path& dir, const std::vector<NamedText>& files, PlotResult& result) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return "cannot create " + dir.string() + " (" + error.message() + "): plots skipped";
  for (const auto& [name, text] : files) {
    std::ofstream file(dir / name, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) return "cannot write " + (dir / name).string() + ": plots skipped";
    result.files.push_back((dir / name).string());
  }
  return "";
}

bool non_empty_file(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error) && fs::file_size(path, error) > 0 && !error;
}

std::string first_line(const std::string& text) {
  const std::size_t start = text.find_first_not_of("\r\n ");
  if (start == std::string::npos) return "no output";
  return text.substr(start, text.find('\n', start) - start);
}

// Renders one script; returns an empty string on success, else what went wrong.
std::string render(const std::string& gnuplot, const fs::path& dir, const std::string& name, PlotResult& result) {
  std::error_code error;
  // Stale images from an earlier run would pass for this run's if gnuplot failed now.
  for (const char* extension : {".png", ".svg"}) fs::remove(dir / (name + extension), error);
  const GnuplotRun run = run_gnuplot(gnuplot, dir.string(), name + ".gp");
  if (!run.ok) return "gnuplot failed on " + (dir / (name + ".gp")).string() + ": " + first_line(run.output);
  for (const char* extension : {".png", ".svg"}) {
    const fs::path image = dir / (name + extension);
    if (!non_empty_file(image)) return "gnuplot did not produce " + image.string();
    result.files.push_back(image.string());
  }
  return "";
}

}  // namespace

PlotResult write_plots(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                       const std::string& out_dir, const PlotOptions& options) {
  PlotResult result;
  const fs::path dir(out_dir);
  result.warning = write_texts(dir, plot_files(metrics, marks, options), result);
  result.write_failed = !result.warning.empty();
  if (result.write_failed || !options.render) return result;
  const std::optional<std::string> gnuplot = find_program(options.gnuplot);
  if (!gnuplot) {
    result.warning = options.gnuplot + " not found: plots skipped; .gp scripts written to " + out_dir;
    return result;
  }
  std::vector<std::string> names = {kThroughputLatencyPlot, kLatencyCdfPlot, kServerLoadPlot, kAvailabilityPlot};
  for (const ResourcePlot& p : resource_plot_list(options, marks)) names.push_back(p.name);
  for (const std::string& name : names) {
    const std::string failure = render(*gnuplot, dir, name, result);
    if (!failure.empty() && result.warning.empty()) result.warning = failure;  // keep the first; go on
  }
  result.rendered = result.warning.empty();
  return result;
}

}  // namespace analysis
