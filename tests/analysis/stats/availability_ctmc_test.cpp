#include <doctest/doctest.h>

#include <cmath>

#include "analysis/stats/availability_ctmc.hpp"
#include "models/core/rng.hpp"

using analysis::AvailabilityModel;
using analysis::availability_interval_95;

namespace {

AvailabilityModel ensemble(int servers, int crews = 0) {
  return AvailabilityModel{servers, servers / 2 + 1, 1000.0 * 3600, 10.0 * 3600, crews};
}

}  // namespace

TEST_CASE("stats: the generator is a birth-death generator whose rows sum to zero") {
  const Eigen::MatrixXd q = analysis::availability_generator(ensemble(3, 1));
  REQUIRE(q.rows() == 4);
  CHECK(q.rowwise().sum().cwiseAbs().maxCoeff() < 1e-12);
  CHECK(q(3, 2) == doctest::Approx(3 * 0.01));  // three up servers, each failing at MTTR/MTBF
  CHECK(q(0, 1) == doctest::Approx(1.0));       // one crew: one repair at a time
  CHECK(q(1, 2) == doctest::Approx(1.0));
  CHECK(q(0, 2) == 0);
}

TEST_CASE("stats: with a repair crew per server the chain agrees with the binomial closed form") {
  const double a = 1000.0 / (1000.0 + 10.0);
  for (int n : {3, 5, 7}) {
    CAPTURE(n);
    const AvailabilityModel model = ensemble(n);
    const double expected = analysis::binomial_availability(n, n / 2 + 1, a);
    CHECK(analysis::steady_state_availability(model) == doctest::Approx(expected).epsilon(1e-12));
    CHECK(analysis::steady_state_unavailability(model) ==
          doctest::Approx(1.0 - expected).epsilon(1e-6));
    const Eigen::VectorXd pi = analysis::steady_state_distribution(model);
    CHECK(pi.sum() == doctest::Approx(1.0));
    CHECK(pi.minCoeff() >= 0.0);
  }
  // Published-style anchors: 3 servers at 99.0099% each give 99.97079% ; 5 give 99.99904%.
  CHECK(analysis::steady_state_availability(ensemble(3)) == doctest::Approx(0.9997078523654738));
  CHECK(analysis::steady_state_availability(ensemble(5)) == doctest::Approx(0.999990437674693));
  CHECK(analysis::binomial_availability(1, 1, 0.9) == doctest::Approx(0.9));
  CHECK(analysis::binomial_availability(3, 0, 0.2) == doctest::Approx(1.0));
}

TEST_CASE("stats: a limited repair crew lowers availability, as the product formula says") {
  for (int n : {3, 5, 7}) {
    CAPTURE(n);
    const double independent = analysis::steady_state_availability(ensemble(n));
    const double one_crew = analysis::steady_state_availability(ensemble(n, 1));
    const double two_crews = analysis::steady_state_availability(ensemble(n, 2));
    CHECK(one_crew < two_crews);
    CHECK(two_crews <= independent);
    CHECK(analysis::steady_state_availability(ensemble(n, n)) == doctest::Approx(independent));
    CHECK(analysis::steady_state_availability(ensemble(n, n + 4)) == doctest::Approx(independent));
  }
  // Birth-death product form for n = 3, one crew: pi_k proportional to prod mu / (j lambda).
  CHECK(analysis::steady_state_availability(ensemble(3, 1)) == doctest::Approx(0.9994119964370477));
  CHECK(analysis::steady_state_availability(ensemble(5, 1)) == doctest::Approx(0.9999418170736628));
}

TEST_CASE("stats: availability stays precise at many nines") {
  // MTBF a year, MTTR an hour: 7 servers lose their quorum (4 down) with probability ~ 35 u^4,
  // about 6e-15, which 1 - availability could not resolve at all.
  const AvailabilityModel model{7, 4, 8760.0 * 3600, 3600, 0};
  const double u = 1.0 / 8761.0;
  double exact = 0.0;  // sum over k < 4 up of C(7, k) (1 - u)^k u^(7 - k)
  const double choose[] = {1, 7, 21, 35};
  for (int k = 0; k < 4; ++k) exact += choose[k] * std::pow(1.0 - u, k) * std::pow(u, 7 - k);
  CHECK(exact < 1e-14);
  CHECK(analysis::steady_state_unavailability(model) == doctest::Approx(exact).epsilon(1e-9));
}

TEST_CASE("ctmc: the 95% interval of one run's availability, against the two-state formula and a Monte Carlo of the chain") {
  // One server: up/down at rates l = 1/MTBF and m = 1/MTTR; the time average of "up" over T has
  // variance 2 l m / (l + m)^3 / T.
  const AvailabilityModel single{1, 1, 900.0, 100.0};
  const double l = 1 / 900.0, m = 1 / 100.0, horizon_s = 1e6;
  const double half_width = 1.96 * std::sqrt(2 * l * m / std::pow(l + m, 3) / horizon_s);
  const auto interval = availability_interval_95(single, horizon_s);
  CHECK(interval.availability == doctest::Approx(0.9));
  CHECK(interval.high - interval.availability == doctest::Approx(half_width).epsilon(1e-6));
  CHECK(interval.availability - interval.low == doctest::Approx(half_width).epsilon(1e-6));

  // Three servers, a majority: runs of the chain itself land in the interval about 95 times in 100.
  const AvailabilityModel three{3, 2, 100.0, 20.0};
  const double run_s = 20000;
  const auto band = availability_interval_95(three, run_s);
  models::Rng rng(7);
  int inside = 0;
  const int runs = 400;
  for (int r = 0; r < runs; ++r) {
    int up = 3;
    double t = 0, up_time = 0;
    while (t < run_s) {
      const double fail = up / three.mtbf_s, repair = (3 - up) / three.mttr_s;
      const double dwell = std::min(rng.exponential(1 / (fail + repair)), run_s - t);
      if (up >= 2) up_time += dwell;
      t += dwell;
      if (t < run_s) up += rng.uniform01() * (fail + repair) < fail ? -1 : 1;
    }
    const double a = up_time / run_s;
    inside += a >= band.low && a <= band.high;
  }
  CHECK(inside >= runs * 0.92);
  CHECK(inside <= runs * 0.98);
}
