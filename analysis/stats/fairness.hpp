#pragma once
// How evenly load is spread over servers: the metrics of reference/balancing.md, computed from the
// per-server loads R_i (requests, sessions, keys: any non-negative amount).
//
// Degenerate inputs follow one convention: when no server carries more than another (no server,
// one server, or every load zero) the spread is perfect: peak-to-average 1, CV 0, Jain's index 1.
// That keeps J = 1 / (1 + CV^2) true everywhere and never divides by zero.
#include <cstddef>
#include <vector>

namespace analysis {

struct LoadSpread {
  std::size_t servers = 0;
  double total = 0.0;
  double mean = 0.0;             // the load factor L = R / S
  double max = 0.0;
  double min = 0.0;
  double peak_to_average = 1.0;  // max / mean: the over-provisioning factor
  double cv = 0.0;               // coefficient of variation: population sigma / mean
  double jain = 1.0;             // (sum x)^2 / (n sum x^2), in [1/n, 1]
};

// Precondition: every load is >= 0 (a negative load is a bug in the caller).
LoadSpread load_spread(const std::vector<double>& loads);

double jain_index(const std::vector<double>& loads);
double coefficient_of_variation(const std::vector<double>& loads);
double peak_to_average(const std::vector<double>& loads);

}  // namespace analysis
