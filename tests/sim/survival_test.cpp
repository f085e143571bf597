// How many failures an ensemble survives: a majority of its voters must be up.
#include <doctest/doctest.h>

#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

// servers voters, the `crashed` highest ids crashed from 5 s on (the leader among them).
double writes_after_crashes(int servers, int crashed) {
  std::string events;
  for (int i = 0; i < crashed; ++i)
    events += std::string(i ? "," : "") + R"({"at_s": 5, "kind": "crash", "server": )" + std::to_string(servers - i) + "}";
  const std::string scenario = R"({"name": "survive", "duration_s": 20, "warmup_s": 10,
    "ensemble": {"servers": )" + std::to_string(servers) + R"(}, "clients": {"count": 20, "hosts": 2},
    "workload": {"rate_per_s": 200, "read_ratio": 0.0}, "events": [)" + events + "]}";
  const auto r = tests::run_report("survive" + std::to_string(servers) + "_" + std::to_string(crashed), scenario);
  return r["summary"]["throughput_per_s"].get<double>();
}

}  // namespace

TEST_CASE("survival: 3 servers survive 1 failure but not 2, and 5 survive 2 but not 3") {
  CHECK(writes_after_crashes(3, 1) > 150);
  CHECK(writes_after_crashes(3, 2) == 0);
  CHECK(writes_after_crashes(5, 2) > 150);
  CHECK(writes_after_crashes(5, 3) == 0);
}
