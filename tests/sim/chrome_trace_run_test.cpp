// `zksim run --chrome-trace`: every fault of the scenario is on the trace's scenario track with
// its fields, and a follower restarted with a wiped disk shows its SNAP synchronization.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "tests/sim/zksim_process.hpp"

TEST_CASE("chrome trace: a run's trace has one instant per fault with its fields, and a SNAP span") {
  const auto dir = tests::temp_dir("chrome-trace-faults");
  tests::write_file(dir + "/s.json", R"({"name": "faults", "duration_s": 12, "warmup_s": 2,
    "clients": {"count": 3, "hosts": 1, "start_s": 2}, "workload": {"rate_per_s": 30, "read_ratio": 0.5},
    "initial_data": {"znodes": 200, "value_bytes": 256},
    "events": [{"at_s": 3, "kind": "partition", "groups": [[1], [2, 3]]}, {"at_s": 3.5, "kind": "heal"},
               {"at_s": 4, "kind": "clog", "server": 1, "extra_latency_ms": 5, "bandwidth_factor": 0.5},
               {"at_s": 4.5, "kind": "packet_loss", "server": 1, "percent": 1},
               {"at_s": 5, "kind": "slow_disk", "server": 2, "factor": 2},
               {"at_s": 5.5, "kind": "slow_cpu", "server": 2, "factor": 3},
               {"at_s": 6, "kind": "freeze", "server": 1, "duration_s": 0.3},
               {"at_s": 6.5, "kind": "rate", "rate_per_s": 50},
               {"at_s": 7, "kind": "strategy", "strategy": "random"},
               {"at_s": 7.5, "kind": "power_off", "server": 1}, {"at_s": 8, "kind": "restart", "server": 1},
               {"at_s": 9, "kind": "crash", "server": 1}, {"at_s": 9.5, "kind": "restart", "server": 1, "wipe": true}]})");
  const auto r = tests::run_zksim({"run", dir + "/s.json", "--out", dir + "/out", "--chrome-trace", dir + "/t.json", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto trace = tests::read_json(dir + "/t.json");
  std::map<std::string, nlohmann::json> faults;  // the first of each kind
  std::map<std::string, int> counts;
  for (const auto& e : trace["traceEvents"])
    if (e["pid"] == 4 && e["ph"] == "i") {
      const std::string kind = e["args"]["kind"];
      faults.emplace(kind, e);
      ++counts[kind];
    }
  CHECK(counts == std::map<std::string, int>{{"clog", 1}, {"crash", 1}, {"freeze", 1}, {"heal", 1}, {"packet_loss", 1},
                                             {"partition", 1}, {"power_off", 1}, {"rate", 1}, {"restart", 2},
                                             {"slow_cpu", 1}, {"slow_disk", 1}, {"strategy", 1}});
  CHECK(faults["partition"]["args"]["groups"] == nlohmann::json{{1}, {2, 3}});
  CHECK(faults["partition"]["ts"].get<double>() == doctest::Approx(3e6));
  CHECK(faults["clog"]["args"]["extra_latency_ms"] == 5);
  CHECK(faults["clog"]["args"]["bandwidth_factor"] == 0.5);
  CHECK(faults["packet_loss"]["args"]["percent"] == 1);
  CHECK(faults["slow_cpu"]["args"]["factor"] == 3);
  CHECK(faults["freeze"]["args"]["duration_s"] == 0.3);
  CHECK(faults["rate"]["args"]["rate_per_s"] == 50);
  CHECK(faults["strategy"]["args"]["strategy"] == "random");
  CHECK(faults["heal"]["name"] == "heal: partitions undone");
  bool snap = false;
  for (const auto& e : trace["traceEvents"])
    snap = snap || (e["pid"] == 5 && e["tid"] == 1 && e["name"] == "sync SNAP" && e["ts"].get<double>() > 9.5e6);
  CHECK(snap);
}
