// The report's `faults` section end to end: the zksim binary on a shipped scenario, and on a
// short one with the faults only the runtime sees (a freeze, a partition).
#include <doctest/doctest.h>

#include "tests/sim/zksim_process.hpp"

TEST_CASE("fault report: the leader crash stops writes and drops connections, the restart does not") {
  const std::string dir = tests::temp_dir("fault_report_leader_crash");
  const auto r = tests::run_zksim({"run", tests::source_path("scenarios/leader_crash.json"), "--out", dir, "-q"});
  REQUIRE(r.exit_code == 0);
  const auto report = tests::read_json(dir + "/report.json");
  REQUIRE(report.contains("faults"));
  const auto& events = report["faults"]["events"];
  REQUIRE(events.size() == 2);
  const auto& crash = events[0];
  CHECK(crash["kind"] == "crash");
  CHECK(crash["node"] == 3);
  CHECK(crash["at_s"] == 20.0);
  // Writes stop from the crash until a new leader is established and the clients are back: far
  // longer than the ~2 ms between writes at this load.
  CHECK(crash["longest_write_gap_ms"].get<double>() > 100);
  CHECK(crash["write_gap_start_s"].get<double>() <= 20.0);
  CHECK(crash["clients_disconnected"].get<int>() >= 20);  // at least the crashed server's third
  CHECK(crash["clients_not_reconnected"] == 0);
  CHECK(crash["reconnect_ms"].get<double>() > 0);
  CHECK(crash["reconnect_ms"].get<double>() < 10'000);  // all back before the restart
  CHECK(events[1]["kind"] == "restart");
  CHECK(events[1]["at_s"] == 30.0);
  const std::string summary = tests::read_file(dir + "/summary.txt");
  CHECK(summary.find("  faults (") != std::string::npos);
  CHECK(tests::read_file(dir + "/plots/availability.gp").find("crash server 3, writes stopped") != std::string::npos);
}

TEST_CASE("fault report: a freeze and a partition are observed where the runtime carries them out") {
  const auto report = tests::run_report("fault_report_partition", R"({
    "name": "fault_report_partition", "seed": 3, "duration_s": 12, "warmup_s": 1,
    "clients": {"count": 6, "hosts": 2},
    "workload": {"loop": "open", "rate_per_s": 100, "read_ratio": 0.5, "keys": 100, "value_bytes": 512},
    "events": [
      {"at_s": 3, "kind": "freeze", "server": 1, "duration_s": 2},
      {"at_s": 7, "kind": "partition", "groups": [[1, 2], [3]], "clients_group": 0},
      {"at_s": 9, "kind": "heal"}
    ]})");
  const auto& events = report["faults"]["events"];
  REQUIRE(events.size() == 2);
  CHECK(events[0]["kind"] == "freeze");
  CHECK(events[0]["duration_ms"] == 2000.0);
  CHECK(events[0]["at_s"].get<double>() >= 3.0);  // the pause reaches the host through the controller's link
  CHECK(events[0]["at_s"].get<double>() < 3.01);
  CHECK(events[1]["kind"] == "partition");
  CHECK(events[1]["node"].is_null());
  CHECK(events[1]["target"] == "{1,2} | {3}, clients with {1,2}");
  CHECK(events[1]["at_s"] == 7.0);
}
