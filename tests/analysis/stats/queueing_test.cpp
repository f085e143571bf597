#include <doctest/doctest.h>

#include <cmath>

#include "analysis/stats/queueing.hpp"

TEST_CASE("stats: M/M/1 textbook values") {
  // lambda = 8/s, mu = 10/s: rho 0.8, Wq 0.4 s, R 0.5 s, L 4.
  const auto q = analysis::mm1(8.0, 0.1);
  CHECK(q.stable);
  CHECK(q.utilization == doctest::Approx(0.8));
  CHECK(q.wait_probability == doctest::Approx(0.8));
  CHECK(q.mean_wait_s == doctest::Approx(0.4));
  CHECK(q.mean_response_s == doctest::Approx(0.5));
  CHECK(q.mean_in_system == doctest::Approx(4.0));
}

TEST_CASE("stats: M/D/1 waits half as long as M/M/1 (Pollaczek-Khinchine)") {
  const auto q = analysis::md1(8.0, 0.1);
  CHECK(q.mean_wait_s == doctest::Approx(0.2));
  CHECK(q.mean_response_s == doctest::Approx(0.3));
  CHECK(q.mean_in_system == doctest::Approx(2.4));
  // A ZooKeeper-like read: 50 us of CPU at 12,000 reads/s (rho 0.6): R = 50 + 37.5 us.
  CHECK(analysis::md1(12000, 50e-6).mean_response_s == doctest::Approx(87.5e-6));
  // M/G/1 with cv^2 = 1 is M/M/1.
  CHECK(analysis::mg1(8.0, 0.1, 1.0).mean_wait_s == doctest::Approx(analysis::mm1(8.0, 0.1).mean_wait_s));
}

TEST_CASE("stats: Erlang C and M/M/c textbook values") {
  CHECK(analysis::erlang_c(3, 2.0) == doctest::Approx(4.0 / 9.0));
  CHECK(analysis::erlang_c(10, 8.0) == doctest::Approx(0.40918).epsilon(1e-4));
  CHECK(analysis::erlang_c(1, 0.8) == doctest::Approx(0.8));  // one core: P(wait) = rho
  CHECK(analysis::erlang_c(300, 270.0) > 0.0);                 // no overflow with many cores

  // c = 3, lambda = 2/s, S = 1 s: Wq = C / (c mu - lambda) = 4/9 s.
  const auto q = analysis::mmc(2.0, 1.0, 3);
  CHECK(q.stable);
  CHECK(q.utilization == doctest::Approx(2.0 / 3.0));
  CHECK(q.mean_wait_s == doctest::Approx(4.0 / 9.0));
  CHECK(q.mean_response_s == doctest::Approx(1.0 + 4.0 / 9.0));
  CHECK(q.mean_in_system == doctest::Approx(2.0 * (1.0 + 4.0 / 9.0)));

  const auto one = analysis::mmc(8.0, 0.1, 1);
  CHECK(one.mean_response_s == doctest::Approx(analysis::mm1(8.0, 0.1).mean_response_s));
}

TEST_CASE("stats: a saturated queue is reported unstable with infinite times") {
  const auto q = analysis::mm1(10.0, 0.1);
  CHECK_FALSE(q.stable);
  CHECK(std::isinf(q.mean_response_s));
  CHECK_FALSE(analysis::mmc(40.0, 0.1, 4).stable);
  CHECK(analysis::mmc(39.0, 0.1, 4).stable);
  CHECK(analysis::mm1(0.0, 0.1).mean_response_s == doctest::Approx(0.1));
}

TEST_CASE("stats: a queue near saturation takes long to settle, a saturated one never does") {
  // S / (1 - sqrt(rho))^2: at rho = 0.25, four times S; at 0.81, a hundred times.
  CHECK(analysis::relaxation_time_s(0.25, 0.001) == doctest::Approx(0.004));
  CHECK(analysis::relaxation_time_s(0.81, 0.001) == doctest::Approx(0.1));
  CHECK(analysis::relaxation_time_s(0.999, 0.001) > 1000 * analysis::relaxation_time_s(0.81, 0.001));
  CHECK(std::isinf(analysis::relaxation_time_s(1.0, 0.001)));
}
