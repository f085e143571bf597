#include <doctest/doctest.h>

#include <Eigen/Sparse>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/stats/availability_ctmc.hpp"
#include "analysis/stats/layout_availability.hpp"

using analysis::LayoutAvailabilityModel;
using analysis::LayoutComponent;

namespace {

constexpr double kHour_s = 3600;
constexpr double kYear_s = 8760 * kHour_s;

bool strict_majority(std::uint64_t running, std::uint64_t of) {
  return 2 * std::popcount(running & of) > std::popcount(of);
}

LayoutAvailabilityModel majority_of(int servers, LayoutComponent server) {
  LayoutAvailabilityModel model;
  model.servers.assign(servers, server);
  const std::uint64_t all = (std::uint64_t{1} << servers) - 1;
  model.is_quorum = [all](std::uint64_t running) { return strict_majority(running, all); };
  return model;
}

// QuorumHierarchical with every weight 1: a strict majority of the groups each has a strict
// majority of its servers running.
bool hierarchical_quorum(std::uint64_t running, const std::vector<std::uint64_t>& groups) {
  int counted = 0;
  for (const std::uint64_t group : groups) counted += strict_majority(running, group);
  return 2 * counted > static_cast<int>(groups.size());
}

double up_probability(LayoutComponent c) { return c.mtbf_s / (c.mtbf_s + c.mttr_s); }

double half_width(const analysis::AvailabilityInterval& interval) { return interval.high - interval.availability; }

// doctest's Approx adds 1 to the scale of its tolerance, which makes it absolute for values far
// below 1 (an unavailability, a half-width): this one stays relative.
doctest::Approx relative(double value, double epsilon) { return doctest::Approx(value).epsilon(epsilon).scale(0); }

// A component of the chain as the sparse cross-check below builds it, independently of the library.
struct Part {
  double fail_rate_per_s = 0;
  double repair_rate_per_s = 0;
  double down_probability = 0;
  std::uint64_t stops = 0;  // the servers that do not run while it is down
};

std::vector<Part> parts_of(const LayoutAvailabilityModel& model) {
  std::vector<Part> parts;
  auto add = [&](LayoutComponent c, std::uint64_t stops) {
    parts.push_back({1 / c.mtbf_s, 1 / c.mttr_s, c.mttr_s / (c.mtbf_s + c.mttr_s), stops});
  };
  for (std::size_t i = 0; i < model.servers.size(); ++i) add(model.servers[i], std::uint64_t{1} << i);
  for (std::size_t d = 0; d < model.datacenters.size(); ++d) {
    std::uint64_t stops = 0;
    for (std::size_t i = 0; i < model.server_datacenter.size(); ++i)
      if (model.server_datacenter[i] == static_cast<int>(d)) stops |= std::uint64_t{1} << i;
    add(model.datacenters[d], stops);
  }
  return parts;
}

// The chain from its definition: one state per up/down pattern of the components (bit j set: part
// j down), one flip per component and state in a sparse generator, and Q h = -g, pi h = 0 solved
// by SparseLU with pi in place of Q's last equation (Q has rank n - 1, its rows summing to zero
// under pi, and pi is not in its row space because pi 1 = 1). Returns sigma^2 = 2 sum pi g h, in
// seconds. Every component of the model must be able to fail.
double sparse_lu_variance_s(const LayoutAvailabilityModel& model) {
  const std::vector<Part> parts = parts_of(model);
  const int states = 1 << parts.size(), last = states - 1;
  const std::uint64_t servers = (std::uint64_t{1} << model.servers.size()) - 1;
  Eigen::VectorXd pi = Eigen::VectorXd::Ones(states), up(states);
  std::vector<Eigen::Triplet<double>> entries;
  for (int s = 0; s < states; ++s) {
    std::uint64_t stopped = 0;
    for (std::size_t j = 0; j < parts.size(); ++j) {
      const bool down = (s >> j) & 1;
      pi(s) *= down ? parts[j].down_probability : 1 - parts[j].down_probability;
      if (down) stopped |= parts[j].stops;
      const double rate_per_s = down ? parts[j].repair_rate_per_s : parts[j].fail_rate_per_s;
      if (s == last) continue;
      entries.emplace_back(s, s ^ (1 << j), rate_per_s);
      entries.emplace_back(s, s, -rate_per_s);  // summed with the others into the diagonal
    }
    up(s) = model.is_quorum(servers & ~stopped) ? 1 : 0;
  }
  for (int s = 0; s < states; ++s) entries.emplace_back(last, s, pi(s));
  Eigen::SparseMatrix<double> a(states, states);
  a.setFromTriplets(entries.begin(), entries.end());
  const Eigen::VectorXd g = up - Eigen::VectorXd::Constant(states, pi.dot(up));
  Eigen::VectorXd b = -g;
  b(last) = 0;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu(a);
  REQUIRE(lu.info() == Eigen::Success);
  const Eigen::VectorXd h = lu.solve(b);
  return 2 * (pi.array() * g.array() * h.array()).sum();
}

}  // namespace

TEST_CASE("layout availability: without datacenters, a majority agrees with the birth-death chain") {
  for (double mtbf_h : {100.0, 1000.0}) {
    const LayoutComponent server{mtbf_h * kHour_s, 10 * kHour_s};
    for (int n : {3, 5}) {
      CAPTURE(mtbf_h);
      CAPTURE(n);
      const analysis::AvailabilityModel counted{n, n / 2 + 1, server.mtbf_s, server.mttr_s, 0};
      const LayoutAvailabilityModel layout = majority_of(n, server);
      CHECK(analysis::layout_availability(layout) ==
            doctest::Approx(analysis::steady_state_availability(counted)).epsilon(1e-9));
      CHECK(analysis::layout_unavailability(layout) ==
            relative(analysis::steady_state_unavailability(counted), 1e-9));
      // Long enough for the interval to stay below 1, so that its ends compare the variances.
      for (double horizon_s : {10 * kYear_s, 100 * kYear_s}) {
        const auto expected = analysis::availability_interval_95(counted, horizon_s);
        if (mtbf_h == 100.0) REQUIRE(expected.high < 1);
        const auto interval = analysis::layout_availability_interval_95(layout, horizon_s);
        CHECK(interval.low == doctest::Approx(expected.low).epsilon(1e-6));
        CHECK(interval.high == doctest::Approx(expected.high).epsilon(1e-6));
        CHECK(half_width(interval) == relative(half_width(expected), 1e-6));
      }
    }
  }
}

TEST_CASE("layout availability: three groups of three under the hierarchical rule, against the closed form") {
  const LayoutComponent server{100 * kHour_s, 10 * kHour_s};
  const double a = up_probability(server);
  LayoutAvailabilityModel hierarchical = majority_of(9, server);
  hierarchical.is_quorum = [](std::uint64_t running) { return hierarchical_quorum(running, {07, 070, 0700}); };
  const double group = a * a * a + 3 * a * a * (1 - a);
  const double expected = group * group * group + 3 * group * group * (1 - group);
  CHECK(analysis::layout_availability(hierarchical) == doctest::Approx(expected).epsilon(1e-12));
  CHECK(analysis::layout_unavailability(hierarchical) == relative(1 - expected, 1e-9));
  const double majority = analysis::binomial_availability(9, 5, a);
  CHECK(analysis::layout_availability(majority_of(9, server)) == doctest::Approx(majority).epsilon(1e-12));
  // Two servers down in each of two groups stop the hierarchy but leave five of nine: the
  // hierarchical rule is the less available one, by enough that the checks above tell them apart.
  CHECK(expected < majority - 1e-3);
}

TEST_CASE("layout availability: a datacenter outage stops its servers together") {
  const LayoutComponent server{1000 * kHour_s, 24 * kHour_s};
  const LayoutComponent datacenter{5 * kYear_s, 12 * kHour_s};
  const double a = up_probability(server), d = up_probability(datacenter);
  LayoutAvailabilityModel spread = majority_of(3, server);
  spread.datacenters.assign(3, datacenter);
  spread.server_datacenter = {0, 1, 2};
  // Each server runs with probability a d, independently of the others.
  CHECK(analysis::layout_availability(spread) ==
        doctest::Approx(analysis::binomial_availability(3, 2, a * d)).epsilon(1e-12));
  LayoutAvailabilityModel together = spread;
  together.datacenters.resize(1);
  together.server_datacenter = {0, 0, 0};
  const double correlated = d * analysis::binomial_availability(3, 2, a);
  CHECK(analysis::layout_availability(together) == doctest::Approx(correlated).epsilon(1e-12));
  CHECK(correlated < analysis::binomial_availability(3, 2, a * d) - 1e-4);
}

TEST_CASE("layout availability: unavailability stays precise at many nines") {
  // Five servers in five datacenters, a majority: down when three of them are stopped, each with
  // probability s = 1 - a d, computed without the subtraction: about 10 s^3 ~ 1e-11, which
  // 1 - availability would get wrong in its sixth digit.
  const LayoutComponent server{kYear_s, kHour_s};
  const LayoutComponent datacenter{10 * kYear_s, kHour_s};
  LayoutAvailabilityModel model = majority_of(5, server);
  model.datacenters.assign(5, datacenter);
  model.server_datacenter = {0, 1, 2, 3, 4};
  const double u = server.mttr_s / (server.mtbf_s + server.mttr_s);
  const double v = datacenter.mttr_s / (datacenter.mtbf_s + datacenter.mttr_s);
  const double s = u + v - u * v;
  const double exact = 10 * std::pow(s, 3) * std::pow(1 - s, 2) + 5 * std::pow(s, 4) * (1 - s) + std::pow(s, 5);
  CHECK(exact < 1e-10);
  CHECK(analysis::layout_unavailability(model) == relative(exact, 1e-9));
}

TEST_CASE("layout availability: the state count is 2^(components that can fail), and too many are refused") {
  const LayoutComponent server{1000 * kHour_s, 10 * kHour_s};
  LayoutAvailabilityModel model = majority_of(3, server);
  CHECK(analysis::layout_state_count(model) == 8);
  model.servers.push_back({0, 10 * kHour_s});                                        // never fails
  model.servers.push_back({std::numeric_limits<double>::infinity(), 10 * kHour_s});  // never fails
  model.servers.push_back({1000 * kHour_s, 0});                                      // repaired at once
  model.datacenters = {{kYear_s, kHour_s}, {0, 0}, {kYear_s, kHour_s}};  // the second never fails
  model.server_datacenter = {0, 0, 1, 1, -1, -1};                          // the third holds no server
  CHECK(analysis::layout_state_count(model) == 16);
  // The three servers that are never down sit in datacenters that never fail, so they always run:
  // all six run exactly when the three failing servers and datacenter 0 are up.
  model.is_quorum = [](std::uint64_t running) { return running == 077; };
  const double all_run = std::pow(up_probability(server), 3) * up_probability({kYear_s, kHour_s});
  CHECK(analysis::layout_availability(model) == doctest::Approx(all_run).epsilon(1e-12));

  const LayoutAvailabilityModel too_large = majority_of(analysis::kLayoutComponentsMax + 1, server);
  CHECK(analysis::layout_state_count(too_large) == std::size_t{1} << (analysis::kLayoutComponentsMax + 1));
  CHECK_THROWS_AS(analysis::layout_availability(too_large), std::invalid_argument);
  CHECK_THROWS_AS(analysis::layout_availability_interval_95(too_large, kYear_s), std::invalid_argument);
  LayoutAvailabilityModel wide;
  wide.servers.assign(64, server);
  wide.datacenters.assign(4, server);
  wide.server_datacenter.assign(64, 0);
  CHECK(analysis::layout_state_count(wide) == std::numeric_limits<std::size_t>::max());
  LayoutAvailabilityModel misplaced = majority_of(3, server);
  misplaced.server_datacenter = {0, 0, 0};  // no datacenter 0
  CHECK_THROWS_AS(analysis::layout_availability(misplaced), std::invalid_argument);
}

TEST_CASE("layout availability: the interval's half-width shrinks as 1/sqrt(T)") {
  const LayoutComponent server{200 * kHour_s, 20 * kHour_s};
  LayoutAvailabilityModel model = majority_of(5, server);
  model.datacenters = {{kYear_s, 6 * kHour_s}, {2 * kYear_s, 6 * kHour_s}};
  model.server_datacenter = {0, 0, 1, 1, -1};
  const auto decade = analysis::layout_availability_interval_95(model, 10 * kYear_s);
  const auto four_decades = analysis::layout_availability_interval_95(model, 40 * kYear_s);
  CHECK(decade.availability == doctest::Approx(analysis::layout_availability(model)).epsilon(1e-15));
  CHECK(four_decades.availability == decade.availability);
  REQUIRE(decade.high < 1);  // not clipped at 1, so high - availability is the half-width
  CHECK(half_width(decade) > 0);
  CHECK(half_width(decade) / half_width(four_decades) == doctest::Approx(2).epsilon(1e-12));
  CHECK(decade.availability - decade.low == relative(half_width(decade), 1e-9));
}

TEST_CASE("layout availability: the interval agrees with a SparseLU solve of the generator") {
  // Unequal components, two datacenters and a hierarchical rule, so that neither the birth-death
  // chain nor a closed form covers it.
  LayoutAvailabilityModel model;
  model.servers = {{300, 30}, {500, 20}, {400, 60}, {900, 15}, {250, 40}};
  model.datacenters = {{2000, 100}, {3000, 50}};
  model.server_datacenter = {0, 0, 1, 1, -1};
  model.is_quorum = [](std::uint64_t running) { return hierarchical_quorum(running, {03, 014, 020}); };
  const double horizon_s = 1e7;
  const double sigma2_s = sparse_lu_variance_s(model);
  REQUIRE(sigma2_s > 0);
  const auto interval = analysis::layout_availability_interval_95(model, horizon_s);
  REQUIRE(interval.high < 1);
  CHECK(half_width(interval) == relative(1.96 * std::sqrt(sigma2_s / horizon_s), 1e-9));
}
