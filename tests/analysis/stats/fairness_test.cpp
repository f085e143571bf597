#include <doctest/doctest.h>

#include "analysis/stats/fairness.hpp"

using analysis::load_spread;

TEST_CASE("stats: load spread of an uneven load") {
  const auto s = load_spread({10, 20, 30, 40});
  CHECK(s.servers == 4);
  CHECK(s.total == 100);
  CHECK(s.mean == doctest::Approx(25));  // L = R / S
  CHECK(s.max == 40);
  CHECK(s.min == 10);
  CHECK(s.peak_to_average == doctest::Approx(1.6));
  // population sigma = sqrt(125) = 11.180
  CHECK(s.cv == doctest::Approx(11.180339887 / 25));
  CHECK(s.jain == doctest::Approx(10000.0 / (4 * 3000)));
}

TEST_CASE("stats: Jain's index is 1 / (1 + CV^2), and spans [1/n, 1]") {
  for (const std::vector<double>& loads :
       {std::vector<double>{1, 2, 3}, {5, 5, 5, 6}, {0, 0, 9}, {100, 1, 1, 1, 1, 1}, {3.5, 1e6, 2}}) {
    const auto s = load_spread(loads);
    CHECK(s.jain == doctest::Approx(1.0 / (1.0 + s.cv * s.cv)));
    CHECK(s.jain >= 1.0 / static_cast<double>(loads.size()) - 1e-12);
    CHECK(s.jain <= 1.0 + 1e-12);
  }
  CHECK(analysis::jain_index({7, 0, 0, 0}) == doctest::Approx(0.25));  // all on one: 1/n
  CHECK(analysis::jain_index({7, 7, 7, 7}) == doctest::Approx(1.0));
  CHECK(analysis::coefficient_of_variation({7, 7, 7, 7}) == doctest::Approx(0.0));
  CHECK(analysis::peak_to_average({7, 0, 0, 0}) == doctest::Approx(4.0));
}

TEST_CASE("stats: load spread edge cases are perfectly even by convention") {
  const auto empty = load_spread({});
  CHECK(empty.servers == 0);
  CHECK(empty.mean == 0);
  CHECK(empty.peak_to_average == 1);
  CHECK(empty.cv == 0);
  CHECK(empty.jain == 1);

  const auto zeros = load_spread({0, 0, 0});
  CHECK(zeros.servers == 3);
  CHECK(zeros.mean == 0);
  CHECK(zeros.max == 0);
  CHECK(zeros.peak_to_average == 1);
  CHECK(zeros.cv == 0);
  CHECK(zeros.jain == 1);

  const auto one = load_spread({42});
  CHECK(one.mean == 42);
  CHECK(one.peak_to_average == 1);
  CHECK(one.cv == 0);
  CHECK(one.jain == doctest::Approx(1));
}

TEST_CASE("stats: CV of nearly equal large loads does not cancel to garbage") {
  const auto s = load_spread({1e9 + 1, 1e9 - 1, 1e9 + 1, 1e9 - 1});
  CHECK(s.cv == doctest::Approx(1e-9).epsilon(1e-6));
}
