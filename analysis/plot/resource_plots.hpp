#pragma once
// The utilization plots of one run, one per kind of resource (resources_cpu, resources_disk,
// resources_nic_out, resources_nic_in, resources_wan): per interval of the measured window, the
// percentage of time each resource was busy, one curve per server host (or client host, or link),
// with the run's events marked. A kind with more resources than kMaxCurves shows its busiest ones
// and says so in its title. Each is a .dat and a .gp file, as the other plots (plots.hpp).
#include <string>
#include <utility>
#include <vector>

#include "analysis/metrics/resource_usage.hpp"
#include "analysis/plot/timeline_mark.hpp"

namespace analysis {

constexpr std::size_t kMaxCurves = 12;

struct ResourcePlot {
  std::string name;    // resources_cpu, ...: NAME.dat and NAME.gp
  std::string data;    // the .dat contents
  std::string script;  // the .gp contents
};

// The plots of the kinds the run measured, in kind order.
std::vector<ResourcePlot> resource_plots(const ResourceUsage& usage, const std::vector<TimelineMark>& marks,
                                         const std::string& title);

}  // namespace analysis
