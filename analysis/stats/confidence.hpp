#pragma once
// Confidence intervals over independent replications of a run (different seeds): the mean of the
// K per-replication results and the half-width of its 95% interval, mean +- t(0.975, K-1) s/sqrt(K),
// with Student's t because K is small (5 to 30 replications is typical of simulation studies).
#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

namespace analysis {

// The 0.975 quantile of Student's t with df degrees of freedom (df >= 1): a table for df 1..30
// (4 decimals), then an interpolation in 1/df towards the normal quantile 1.959964, which it
// reaches as df grows (error under 0.001 for every df; 2.0012 for df 60 where t is 2.0003).
double student_t_975(std::size_t df);

struct ConfidenceInterval {
  std::size_t count = 0;
  double mean = 0.0;
  double stddev = 0.0;      // sample standard deviation (divides by K - 1)
  double half_width = 0.0;  // infinite with fewer than 2 samples: one run says nothing of spread
  // What the quantity can be (a percentage lies within [0, 100], a rate or a latency is never
  // negative): the interval's ends stay within them.
  double floor = -std::numeric_limits<double>::infinity();
  double ceiling = std::numeric_limits<double>::infinity();
  double low() const { return std::max(floor, mean - half_width); }
  double high() const { return std::min(ceiling, mean + half_width); }
  bool clipped() const { return mean - half_width < floor || mean + half_width > ceiling; }
};

ConfidenceInterval confidence_interval_95(const std::vector<double>& samples,
                                          double floor = -std::numeric_limits<double>::infinity(),
                                          double ceiling = std::numeric_limits<double>::infinity());

}  // namespace analysis
