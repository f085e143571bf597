#pragma once
// One knee plot per configuration: the throughput and the p99 latency the search measured at each
// offered rate it tried, against that rate, with their 95% confidence intervals, the SLO's p99 and
// the capacity found. Where throughput stops following the offered load and p99 climbs is the
// knee; the plot shows how sharp it is and how close the capacity sits to it. Deterministic .dat
// and .gp files (plots/knee-I.*, I the configuration's index), rendered by gnuplot when installed.
#include <string>

namespace sim::sweep {

struct ConfigResult;
struct SweepData;

// The plot's name for configuration `index`: knee-INDEX.
std::string knee_plot_name(std::size_t index);

std::string knee_dat(const ConfigResult& c);
std::string knee_gp(const SweepData& data, const ConfigResult& c);

// Writes and renders the knee plot of every configuration into dir (throws WriteError when a file
// cannot be written); returns a warning (gnuplot missing or failing, said once) or "".
std::string write_knee_plots(const SweepData& data, const std::string& dir);

}  // namespace sim::sweep
