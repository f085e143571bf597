#pragma once
// The sweep's plot: throughput at capacity per ensemble (servers, observers, profile, strategy and
// the extra dimensions), with the 95% confidence interval as error bars, the target load as a
// line and the SLO in a label. With several read ratios, one curve per ensemble against read
// percentage; with one, a bar per ensemble (a curve of one point says nothing). Like the run plots
// (analysis/plot/), a .dat and a .gp file that are deterministic, rendered to PNG and SVG by
// gnuplot when it is installed. When no configuration met the SLO there is nothing to draw: the
// .dat file says so and no script or image is written.
#include <string>

namespace sim::sweep {

struct SweepData;

constexpr const char* kCapacityPlot = "capacity";

std::string capacity_dat(const SweepData& data);
std::string capacity_gp(const SweepData& data);

// Whether any configuration met the SLO at some rate (otherwise there is no capacity to plot).
bool any_capacity(const SweepData& data);

// Writes capacity.dat and, when there is a capacity to draw, capacity.gp into dir (throws
// WriteError when it cannot) and renders them; returns what the user should know (no capacity to
// draw, gnuplot missing or failing) or "".
std::string write_capacity_plot(const SweepData& data, const std::string& dir);

}  // namespace sim::sweep
