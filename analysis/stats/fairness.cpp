#include "analysis/stats/fairness.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace analysis {

LoadSpread load_spread(const std::vector<double>& loads) {
  LoadSpread spread;
  spread.servers = loads.size();
  if (loads.empty()) return spread;
  double sum_squares = 0.0;
  spread.max = spread.min = loads.front();
  for (double x : loads) {
    assert(x >= 0.0 && std::isfinite(x));
    spread.total += x;
    sum_squares += x * x;
    spread.max = std::max(spread.max, x);
    spread.min = std::min(spread.min, x);
  }
  const double n = static_cast<double>(loads.size());
  spread.mean = spread.total / n;
  if (spread.max == 0.0) return spread;  // nothing loaded: perfectly even by convention
  // Two passes: the deviations are summed around the mean, which is exact where sum of squares
  // minus squared sum would cancel catastrophically for nearly equal large loads.
  double squared_deviations = 0.0;
  for (double x : loads) squared_deviations += (x - spread.mean) * (x - spread.mean);
  spread.peak_to_average = spread.max / spread.mean;
  spread.cv = std::sqrt(squared_deviations / n) / spread.mean;
  spread.jain = spread.total * spread.total / (n * sum_squares);
  return spread;
}

double jain_index(const std::vector<double>& loads) { return load_spread(loads).jain; }

double coefficient_of_variation(const std::vector<double>& loads) { return load_spread(loads).cv; }

double peak_to_average(const std::vector<double>& loads) { return load_spread(loads).peak_to_average; }

}  // namespace analysis
