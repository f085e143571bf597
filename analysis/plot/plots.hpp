#pragma once
// The plots of one run, for a capacity planner who looks rather than reads numbers:
//   throughput_latency  throughput (req/s) and mean/p99 latency (ms) per interval, with fault marks,
//   latency_cdf         latency CDF of all, read and write requests (log ms),
//   server_load         requests per server with the mean L = R / S,
//   availability        leader time per interval, client success rate, outage windows shaded,
//   resources_KIND      how busy each CPU, data device, interface and wide-area link was
//                       (resource_plots.hpp), when the options carry the run's ResourceUsage.
// Each is a data file (NAME.dat) and a gnuplot script (NAME.gp) written into the output folder,
// then rendered by gnuplot to NAME.png and NAME.svg. Only the .dat and .gp files are promised to be
// byte-identical for the same input: image bytes depend on the gnuplot version and its fonts.
// Rendering is optional and never fails the run: without gnuplot, the result carries a warning to
// print, and the scripts stay behind for a later `gnuplot NAME.gp`. A data file or script that
// cannot be written is reported as write_failed.
#include <string>
#include <vector>

#include "analysis/metrics/resource_usage.hpp"
#include "analysis/metrics/run_metrics.hpp"
#include "analysis/plot/timeline_mark.hpp"

namespace analysis {

struct PlotOptions {
  std::string title;                    // appended to each plot's title, e.g. the scenario name
  std::vector<models::NodeId> servers;  // bars of the load plot (empty: the servers that served)
  bool render = true;                   // false: write the .dat and .gp files only
  std::string gnuplot = "gnuplot";      // searched on PATH, or a path
  const ResourceUsage* resources = nullptr;  // the utilization plots' data (none: no such plots)
};

struct PlotResult {
  std::vector<std::string> files;  // paths written, in a fixed order: .dat, .gp, then images
  bool rendered = false;           // gnuplot produced every PNG and SVG
  std::string warning;             // empty, or one line the caller prints as a warning
  // The .dat and .gp files could not all be written (a full disk): unlike a missing gnuplot,
  // an error for the caller, since the output folder promises them. The warning says which.
  bool write_failed = false;
};

// `metrics` must be finished. Never throws for a missing or failing gnuplot or an unwritable folder.
PlotResult write_plots(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                       const std::string& out_dir, const PlotOptions& options);

}  // namespace analysis
