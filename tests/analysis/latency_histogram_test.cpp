#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "analysis/metrics/latency_histogram.hpp"
#include "models/core/rng.hpp"

using analysis::LatencyHistogram;

TEST_CASE("histogram: small values are exact, percentiles at bucket edges follow the rank rule") {
  LatencyHistogram h;
  for (int v = 1; v <= 100; ++v) h.add(v);
  CHECK(h.count() == 100);
  CHECK(h.mean_ns() == doctest::Approx(50.5));
  CHECK(h.percentile_ns(0.5) == 50);
  CHECK(h.percentile_ns(0.99) == 99);
  CHECK(h.percentile_ns(1.0) == 100);
  CHECK(h.percentile_ns(0.0) == 1);
  CHECK(h.min_ns() == 1);
  CHECK(h.max_ns() == 100);
}

TEST_CASE("histogram: large values stay within the stated relative error") {
  LatencyHistogram h;
  models::Rng rng(11);
  std::vector<models::Time> values;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<models::Time>(rng.exponential(5e6)) + 1;
    values.push_back(v);
    h.add(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const auto exact = values[static_cast<std::size_t>(std::ceil(q * values.size())) - 1];
    const auto approx = h.percentile_ns(q);
    CHECK(approx >= exact);
    CHECK(static_cast<double>(approx - exact) <= h.relative_error() * static_cast<double>(exact) + 1);
  }
}

TEST_CASE("histogram: empty is all zeros, merge adds counts") {
  LatencyHistogram a, b;
  CHECK(a.percentile_ns(0.99) == 0);
  CHECK(a.mean_ns() == 0);
  a.add(1000);
  b.add(3000);
  a.merge(b);
  CHECK(a.count() == 2);
  CHECK(a.mean_ns() == doctest::Approx(2000));
  CHECK(a.max_ns() == 3000);
  CHECK(a.min_ns() == 1000);
}
