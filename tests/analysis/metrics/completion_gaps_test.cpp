// The longest gap between successive completions around a moment, on hand-made completion times.
#include <doctest/doctest.h>

#include "analysis/metrics/completion_gaps.hpp"

using namespace models;
using analysis::CompletionGaps;

TEST_CASE("completion gaps: the gap that contains the moment, or starts within the settle window after it") {
  CompletionGaps gaps(sec(1));
  gaps.completed(ms(2900));
  const std::size_t crash = gaps.add_moment(sec(3));
  gaps.completed(ms(3500));  // in flight at the crash: (2.9, 3.5) contains it
  gaps.completed(ms(5500));  // (3.5, 5.5) starts within [3, 4]: the longer one
  gaps.completed(ms(5600));
  gaps.completed(sec(9));    // (5.6, 9) starts after the settle window: not the crash's
  gaps.finish(sec(10));
  CHECK(gaps.longest(crash).start_ns == ms(3500));
  CHECK(gaps.longest(crash).length_ns == sec(2));
}

TEST_CASE("completion gaps: one gap overlapping two moments is each one's") {
  CompletionGaps gaps(sec(1));
  gaps.completed(sec(1));
  gaps.completed(sec(2));
  const std::size_t first = gaps.add_moment(sec(3));
  const std::size_t second = gaps.add_moment(sec(4));
  gaps.completed(sec(6));
  gaps.completed(ms(6100));
  gaps.finish(sec(10));  // (6.1, 10) is open at the end but starts after both windows
  for (std::size_t moment : {first, second}) {
    CHECK(gaps.longest(moment).start_ns == sec(2));
    CHECK(gaps.longest(moment).length_ns == sec(4));
  }
}

TEST_CASE("completion gaps: a moment at a completion's time, before the first completion, and a gap open at the end") {
  CompletionGaps gaps(ms(500));
  const std::size_t at_start = gaps.add_moment(ms(100));  // nothing completed yet: the gap runs from 0
  gaps.completed(sec(1));
  gaps.completed(ms(3000));
  const std::size_t at_completion = gaps.add_moment(ms(3000));  // recorded after the completion of its instant
  for (Time t : {ms(3200), ms(3400), ms(3600)}) gaps.completed(t);
  const std::size_t at_end = gaps.add_moment(sec(5));
  gaps.finish(sec(8));  // no completion after 3.6 s: the gap runs to the end
  CHECK(gaps.longest(at_start).start_ns == 0);
  CHECK(gaps.longest(at_start).length_ns == sec(1));
  CHECK(gaps.longest(at_completion).start_ns == sec(1));  // (1, 3) ends at the moment: it contains it
  CHECK(gaps.longest(at_completion).length_ns == sec(2));
  CHECK(gaps.longest(at_end).start_ns == ms(3600));
  CHECK(gaps.longest(at_end).length_ns == ms(4400));
}
