#include "sim/sweep/search.hpp"

#include <algorithm>
#include <cassert>

namespace sim::sweep {

const char* bound_name(Bound bound) {
  switch (bound) {
    case Bound::found: return "found";
    case Bound::at_max: return "at_max";
    case Bound::budget: return "budget";
    case Bound::none: return "none";
  }
  return "?";
}

namespace {

// The search's state: the highest rate known to pass and the lowest known to fail.
struct Bracket {
  int low_step = -1;   // index of the passing step, -1 while none passed
  int high_step = -1;  // index of the failing step, -1 while none failed
};

class Search {
 public:
  Search(const SearchSpec& spec, const EvaluateRate& evaluate) : spec_(spec), evaluate_(evaluate) {}

  SearchOutcome run() {
    const bool start_meets = step(spec_.start_rate_per_s);
    if (start_meets) climb(); else descend();
    if (bracket_.low_step >= 0 && bracket_.high_step >= 0) bisect();
    return finish();
  }

 private:
  double rate(int index) const { return out_.steps.at(static_cast<std::size_t>(index)).rate_per_s; }
  bool budget_left() const { return static_cast<int>(out_.steps.size()) < spec_.max_steps; }

  bool step(double rate_per_s) {
    Step s = evaluate_(rate_per_s);
    s.rate_per_s = rate_per_s;
    out_.steps.push_back(std::move(s));
    const int index = static_cast<int>(out_.steps.size()) - 1;
    (out_.steps.back().meets ? bracket_.low_step : bracket_.high_step) = index;
    return out_.steps.back().meets;
  }

  void climb() {
    while (budget_left() && rate(bracket_.low_step) < spec_.max_rate_per_s)
      if (!step(std::min(2 * rate(bracket_.low_step), spec_.max_rate_per_s))) return;
  }

  void descend() {
    while (budget_left() && rate(bracket_.high_step) > spec_.min_rate_per_s)
      if (step(std::max(rate(bracket_.high_step) / 2, spec_.min_rate_per_s))) return;
  }

  void bisect() {
    while (budget_left() && !within_tolerance())
      step((rate(bracket_.low_step) + rate(bracket_.high_step)) / 2);
  }

  bool within_tolerance() const {
    return (rate(bracket_.high_step) - rate(bracket_.low_step)) / rate(bracket_.low_step) <= spec_.tolerance;
  }

  // `found` only when the bracket is as narrow as the plan asked: a search cut short by its step
  // budget knows the capacity only within a wider bracket, and says so.
  SearchOutcome finish() {
    out_.capacity_step = bracket_.low_step;
    out_.failing_step = bracket_.high_step;
    if (bracket_.low_step < 0) return std::move(out_);
    out_.capacity_per_s = rate(bracket_.low_step);
    if (bracket_.high_step >= 0) {
      out_.bound = within_tolerance() ? Bound::found : Bound::budget;
    } else {
      out_.bound = out_.capacity_per_s >= spec_.max_rate_per_s ? Bound::at_max : Bound::budget;
    }
    return std::move(out_);
  }

  const SearchSpec& spec_;
  const EvaluateRate& evaluate_;
  SearchOutcome out_;
  Bracket bracket_;
};

}  // namespace

SearchOutcome search_capacity(const SearchSpec& spec, const EvaluateRate& evaluate) {
  assert(spec.max_steps >= 1 && spec.min_rate_per_s <= spec.start_rate_per_s && spec.start_rate_per_s <= spec.max_rate_per_s);
  return Search(spec, evaluate).run();
}

}  // namespace sim::sweep
