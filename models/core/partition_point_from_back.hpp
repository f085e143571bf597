#pragma once
// std::partition_point for ranges whose sought point is nearly always near the end, as in a log
// searched for a recent entry: it gallops back from the end (1, 2, 4, ... elements) before it
// bisects, so that it costs O(log distance from the end) and touches the range's tail only. A plain
// bisection of a long log (300,000 transactions) misses the cache at each step.
#include <algorithm>
#include <iterator>

namespace models {

// pred must be true for a prefix of [first, last) and false after it; returns the first element
// for which it is false (last if none).
template <class It, class Pred>
It partition_point_from_back(It first, It last, Pred pred) {
  It hi = last;  // pred is false from hi on
  for (typename std::iterator_traits<It>::difference_type step = 1; hi != first; step *= 2) {
    const It lo = hi - first > step ? hi - step : first;
    if (pred(*lo)) return std::partition_point(std::next(lo), hi, pred);
    hi = lo;
  }
  return first;
}

}  // namespace models
