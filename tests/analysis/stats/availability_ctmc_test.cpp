#include <doctest/doctest.h>

#include <cmath>

#include "analysis/stats/availability_ctmc.hpp"

using analysis::AvailabilityModel;

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
