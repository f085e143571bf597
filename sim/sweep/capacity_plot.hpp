#pragma once
// The sweep's plot: throughput at capacity against read percentage, one curve per ensemble
// (servers, observers, profile), with the 95% confidence interval as error bars. Like the run
// plots (analysis/plot/), a .dat and a .gp file that are deterministic, rendered to PNG and SVG by
// gnuplot when it is installed.
#include <string>

namespace sim::sweep {

struct SweepData;

constexpr const char* kCapacityPlot = "capacity";

std::string capacity_dat(const SweepData& data);
std::string capacity_gp(const SweepData& data);

// Writes capacity.dat and capacity.gp into dir (throws WriteError when it cannot) and renders them;
// returns a warning (gnuplot missing or failing) or "".
std::string write_capacity_plot(const SweepData& data, const std::string& dir);

}  // namespace sim::sweep
