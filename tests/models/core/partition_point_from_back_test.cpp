#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "models/core/partition_point_from_back.hpp"

TEST_CASE("partition_point_from_back: the same point as std::partition_point, wherever it is") {
  for (int size = 0; size <= 40; ++size) {
    std::vector<int> values(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) values[static_cast<std::size_t>(i)] = i;
    for (int split = 0; split <= size; ++split) {
      const auto before = [split](int v) { return v < split; };
      CAPTURE(size);
      CAPTURE(split);
      CHECK(models::partition_point_from_back(values.begin(), values.end(), before) ==
            std::partition_point(values.begin(), values.end(), before));
    }
  }
}
