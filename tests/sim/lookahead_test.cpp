// A server's host actor handles an input as soon as it arrives, ahead of SimGrid's clock by the
// input's CPU time (HostActor::compute). Two things keep that invisible: the world's recorder
// hands observations on in time order, and no input is handled past a scenario event.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace {

// Counts what every consumer of observations relies on: times never go back, and a stopped
// process observes nothing until it starts again.
class TimelineProbe final : public analysis::Recorder {
 public:
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override {
    ++seen;
    if (time_ns < last_ns_) ++out_of_order;
    last_ns_ = std::max(last_ns_, time_ns);
    if (std::holds_alternative<models::ProcessStarted>(what)) stopped_.erase(node);
    else if (stopped_.count(node)) ++after_stop;
    if (std::holds_alternative<models::ProcessStopped>(what)) stopped_.insert(node);
  }
  std::uint64_t seen = 0, out_of_order = 0, after_stop = 0;

 private:
  models::Time last_ns_ = 0;
  std::set<models::NodeId> stopped_;
};

// Three servers under load, their CPUs slowed twentyfold (so they are often busy, thus ahead of the
// clock), and processes crashed, restarted, frozen and cut off again and again.
std::string busy_faulty_scenario() {
  std::vector<std::pair<double, std::string>> events{
      {1.5, R"("kind": "slow_cpu", "server": 1, "factor": 20)"},
      {1.5, R"("kind": "slow_cpu", "server": 2, "factor": 20)"},
      {1.5, R"("kind": "slow_cpu", "server": 3, "factor": 20)"},
      {9.1, R"("kind": "partition", "groups": [[1], [2, 3]])"},
      {10.3, R"("kind": "heal")"}};
  for (int i = 0; i < 8; ++i) {
    const double at_s = 3 + 1.5 * i;
    const std::string server = std::to_string(1 + i % 3), next = std::to_string(1 + (i + 1) % 3);
    events.push_back({at_s, R"("kind": "crash", "server": )" + server});
    events.push_back({at_s + 0.5, R"("kind": "restart", "server": )" + server});
    events.push_back({at_s + 0.7, R"("kind": "freeze", "server": )" + next + R"(, "duration_s": 0.2)"});
  }
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string list;
  for (const auto& [at_s, rest] : events) list += (list.empty() ? "" : ", ") + std::string(R"({"at_s": )") + std::to_string(at_s) + ", " + rest + "}";
  return R"({"name": "lookahead", "duration_s": 16, "warmup_s": 1, "ensemble": {"servers": 3},
    "clients": {"count": 60, "hosts": 3}, "workload": {"rate_per_s": 6000, "read_ratio": 0.7}, "events": [)" +
         list + "]}";
}

}  // namespace

TEST_CASE("lookahead: servers run ahead of the clock, yet observations arrive in time order and none after a crash") {
  const sim::LoadResult loaded = sim::parse_scenario(busy_faulty_scenario(), "lookahead", ".");
  REQUIRE(loaded.scenario);
  TimelineProbe probe;
  sim::RunOptions options;
  options.recorders.push_back(&probe);
  const sim::RunOutput out = sim::run_scenario(*loaded.scenario, options);
  CHECK_FALSE(out.violation);
  CHECK(out.counters.clock_waits > 0);
  CHECK(out.counters.clock_waits < out.counters.execs / 2);  // most inputs were handled ahead
  CHECK(probe.seen == out.observations_checked);
  CHECK(probe.out_of_order == 0);
  CHECK(probe.after_stop == 0);
}
