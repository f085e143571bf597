#pragma once
// The gnuplot script of each plot, reading the data files of plot_data.hpp by their bare names.
// Each returns the whole script text: deterministic for a given input.
#include <string>
#include <vector>

#include "analysis/metrics/run_metrics.hpp"
#include "analysis/plot/timeline_mark.hpp"

namespace analysis {

// Data and image names: NAME.dat / NAME.gp / NAME.png / NAME.svg in the output folder.
constexpr const char* kTimelineData = "timeline";
constexpr const char* kCdfData = "latency_cdf";
constexpr const char* kServerLoadData = "server_load";
constexpr const char* kOutagesData = "outages";
constexpr const char* kThroughputLatencyPlot = "throughput_latency";
constexpr const char* kLatencyCdfPlot = "latency_cdf";
constexpr const char* kServerLoadPlot = "server_load";
constexpr const char* kAvailabilityPlot = "availability";

// (a) Throughput (left axis, req/s) and mean and p99 latency (right axis, ms, log) per interval.
std::string throughput_latency_gp(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                                  const std::string& title);
// (b) Latency CDF of all, read and write requests, log-scale x in ms.
std::string latency_cdf_gp(const RunMetrics& metrics, const std::string& title);
// (c) Requests per server as bars, with the mean L = R / S as a line.
std::string server_load_gp(const RunMetrics& metrics, const std::vector<models::NodeId>& servers,
                           const std::string& title);
// (d) Fraction of each interval with a leader, client success rate, outage windows shaded.
std::string availability_gp(const RunMetrics& metrics, const std::vector<TimelineMark>& marks,
                            const std::string& title);

}  // namespace analysis
