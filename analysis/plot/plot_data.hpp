#pragma once
// The data files behind the plots of one run: plain whitespace-separated text with a '#' header
// naming each column (units last), so that a user can re-plot them with any tool. Every number
// goes through a fixed format (see number_format.hpp): the same RunMetrics gives the same bytes.
#include <string>
#include <vector>

#include "analysis/metrics/run_metrics.hpp"

namespace analysis {

// One row per interval of the run (warm-up included, so faults early in a run stay visible):
// start_s mid_s throughput_per_s failed_per_s mean_ms p99_ms leader_fraction client_ok_fraction.
// Latency and client_ok_fraction are "nan" where the interval completed no request.
std::string timeline_dat(const RunMetrics& metrics);

// Three gnuplot data blocks (index 0 all, 1 read, 2 write), each rows of latency_ms fraction:
// the fraction of measured requests at or below the upper edge of each non-empty histogram bucket.
// The last row of a non-empty block is exactly 1.000000.
std::string latency_cdf_dat(const RunMetrics& metrics);

// One row per server: index server requests requests_per_s, over the measured window.
std::string server_load_dat(const RunMetrics& metrics, const std::vector<models::NodeId>& servers);

// One row per window without an established leader: start_s end_s duration_ms.
std::string outages_dat(const RunMetrics& metrics);

// The servers a load plot shows: the given list (so that idle servers appear with zero), or the
// servers that served something when the list is empty.
std::vector<models::NodeId> plotted_servers(const RunMetrics& metrics, const std::vector<models::NodeId>& servers);

// The load factor L = R / S: requests served over the number of servers.
double mean_load(const RunMetrics& metrics, const std::vector<models::NodeId>& servers);

}  // namespace analysis
