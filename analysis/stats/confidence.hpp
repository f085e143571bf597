#pragma once
// Confidence intervals over independent replications of a run (different seeds): the mean of the
// K per-replication results and the half-width of its 95% interval, mean +- t(0.975, K-1) s/sqrt(K),
// with Student's t because K is small (5 to 30 replications is typical of simulation studies).
#include <cstddef>
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
  double low() const { return mean - half_width; }
  double high() const { return mean + half_width; }
};

ConfidenceInterval confidence_interval_95(const std::vector<double>& samples);

}  // namespace analysis
