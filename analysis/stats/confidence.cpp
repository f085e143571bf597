#include "analysis/stats/confidence.hpp"

#include <array>
#include <cassert>
#include <cmath>
#include <limits>

namespace analysis {

namespace {

// t(0.975, df) for df = 1..30.
constexpr std::array<double, 30> kStudentT975 = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
constexpr double kNormal975 = 1.959964;

}  // namespace

double student_t_975(std::size_t df) {
  assert(df >= 1);
  if (df <= kStudentT975.size()) return kStudentT975[df - 1];
  // t - z shrinks almost exactly like 1/df, so interpolating in 1/df from df 30 is accurate.
  const double last_df = static_cast<double>(kStudentT975.size());
  return kNormal975 + (kStudentT975.back() - kNormal975) * last_df / static_cast<double>(df);
}

ConfidenceInterval confidence_interval_95(const std::vector<double>& samples, double floor, double ceiling) {
  ConfidenceInterval ci;
  ci.floor = floor;
  ci.ceiling = ceiling;
  ci.count = samples.size();
  ci.half_width = std::numeric_limits<double>::infinity();
  if (samples.empty()) return ci;
  double sum = 0.0;
  for (double x : samples) sum += x;
  const double n = static_cast<double>(samples.size());
  ci.mean = sum / n;
  if (samples.size() < 2) return ci;
  double squared_deviations = 0.0;
  for (double x : samples) squared_deviations += (x - ci.mean) * (x - ci.mean);
  ci.stddev = std::sqrt(squared_deviations / (n - 1.0));
  ci.half_width = student_t_975(samples.size() - 1) * ci.stddev / std::sqrt(n);
  return ci;
}

}  // namespace analysis
