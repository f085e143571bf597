#include <doctest/doctest.h>

#include <cmath>

#include "analysis/stats/confidence.hpp"

using analysis::confidence_interval_95;
using analysis::student_t_975;

TEST_CASE("stats: Student's t 0.975 quantiles match the tables") {
  CHECK(student_t_975(1) == doctest::Approx(12.7062).epsilon(1e-5));
  CHECK(student_t_975(2) == doctest::Approx(4.3027).epsilon(1e-5));
  CHECK(student_t_975(4) == doctest::Approx(2.7764).epsilon(1e-5));
  CHECK(student_t_975(9) == doctest::Approx(2.2622).epsilon(1e-5));
  CHECK(student_t_975(29) == doctest::Approx(2.0452).epsilon(1e-5));
  CHECK(student_t_975(30) == doctest::Approx(2.0423).epsilon(1e-5));
  // Beyond the table: within 0.001 of the true quantiles, decreasing, towards 1.96.
  CHECK(std::abs(student_t_975(40) - 2.0211) < 1e-3);
  CHECK(std::abs(student_t_975(60) - 2.0003) < 1e-3);
  CHECK(std::abs(student_t_975(120) - 1.9799) < 1e-3);
  CHECK(student_t_975(31) < student_t_975(30));
  CHECK(student_t_975(1'000'000) == doctest::Approx(1.96).epsilon(1e-4));
  for (std::size_t df = 2; df < 200; ++df) CHECK(student_t_975(df) < student_t_975(df - 1));
}

TEST_CASE("stats: 95% confidence interval of a mean over replications") {
  // 1..5: mean 3, s = sqrt(2.5), half-width 2.7764 * 1.5811 / sqrt(5) = 1.9632.
  const auto ci = confidence_interval_95({1, 2, 3, 4, 5});
  CHECK(ci.count == 5);
  CHECK(ci.mean == doctest::Approx(3.0));
  CHECK(ci.stddev == doctest::Approx(std::sqrt(2.5)));
  CHECK(ci.half_width == doctest::Approx(1.9632).epsilon(1e-4));
  CHECK(ci.low() == doctest::Approx(3.0 - 1.9632).epsilon(1e-4));
  CHECK(ci.high() == doctest::Approx(3.0 + 1.9632).epsilon(1e-4));

  // Two replications: t(1) = 12.706, s = |a - b| / sqrt(2), so half-width = 12.706 |a - b| / 2.
  const auto two = confidence_interval_95({10, 12});
  CHECK(two.half_width == doctest::Approx(12.7062).epsilon(1e-4));

  const auto same = confidence_interval_95({4, 4, 4});
  CHECK(same.half_width == 0);
}

TEST_CASE("stats: too few replications give no interval") {
  CHECK(std::isinf(confidence_interval_95({}).half_width));
  const auto one = confidence_interval_95({7.5});
  CHECK(one.mean == 7.5);
  CHECK(std::isinf(one.half_width));
}

TEST_CASE("stats: a percentage's interval stays within [0, 100], its half-width what the samples give") {
  const std::vector<double> samples = {100, 100, 99.5, 100};  // mean 99.875, half-width about 0.4
  const auto ci = confidence_interval_95(samples, 0, 100);
  CHECK(ci.mean == doctest::Approx(99.875));
  CHECK(ci.mean + ci.half_width > 100);
  CHECK(ci.clipped());
  CHECK(ci.high() == 100);
  CHECK(ci.low() == doctest::Approx(ci.mean - ci.half_width));
  const auto zero = confidence_interval_95({0, 0, 0.5, 0}, 0, 100);
  CHECK(zero.low() == 0);
  CHECK_FALSE(confidence_interval_95({50, 51, 49}, 0, 100).clipped());
}
