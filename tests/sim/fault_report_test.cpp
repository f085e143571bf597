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

// The clients left with a server that has lost its quorum cannot reach the new leader, which
// expires all their sessions at one tick boundary, a session timeout after it took over: an
// expiry storm. Curator's clients also end the sessions themselves, a session timeout after they
// lost their connection; the plain library waits to be told when it reaches the ensemble again.
TEST_CASE("fault report: a long partition shows an expiry storm, with the sessions' watches and ephemerals") {
  const auto report = tests::run_report("fault_report_expiry_storm", R"({
    "name": "fault_report_expiry_storm", "seed": 5, "duration_s": 40, "warmup_s": 1,
    "clients": {"count": 30, "hosts": 3, "session_timeout_ms": 6000, "curator_expiry": true},
    "workload": {"loop": "open", "rate_per_s": 60, "read_ratio": 0.5, "keys": 100, "value_bytes": 128},
    "events": [
      {"at_s": 5, "kind": "partition", "groups": [[1, 2], [3]], "clients_group": 1},
      {"at_s": 25, "kind": "heal"}
    ]})");
  const auto& partition = report["faults"]["events"][0];
  REQUIRE(partition["kind"] == "partition");
  CHECK(partition["sessions_expired"].get<int>() >= 5);           // the clients with server 3
  CHECK(partition["expiries_seen_by_clients"].get<int>() >= 5);   // Curator's judgement, before the heal
  CHECK(partition["expiry_peak_per_s"] == partition["sessions_expired"]);  // all within one second
  const auto& expiry = report["faults"]["session_expiry"];
  CHECK(expiry["sessions_expired"] == partition["sessions_expired"]);
  CHECK(expiry["worst_second_expired"] == partition["sessions_expired"]);
  CHECK(expiry["worst_second_start_s"].get<double>() > 5 + 6);  // a session timeout after the cut at least
  CHECK(expiry["worst_second_start_s"].get<double>() < 25);
}

// A leader cut from its followers with its clients keeps their writes until it steps down (a sync
// limit later): stuck, they fail for their callers at the deadline, and the seconds in which they
// waited without any answer are marked as such.
TEST_CASE("fault report: with a request deadline, writes stuck on a leader cut from its quorum count as failed") {
  const auto dir = tests::temp_dir("fault_report_deadline");
  tests::write_file(dir + "/scenario.json", R"({
    "name": "fault_report_deadline", "seed": 2, "duration_s": 30, "warmup_s": 1,
    "clients": {"count": 6, "hosts": 2},
    "workload": {"loop": "closed", "outstanding": 1, "read_ratio": 0, "keys": 100, "value_bytes": 128,
                 "request_timeout_ms": 1000},
    "events": [{"at_s": 5, "kind": "partition", "isolate": "leader", "clients_group": 0}]})");
  const auto r = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/out", "-q"});
  REQUIRE(r.exit_code == 0);
  const auto report = tests::read_json(dir + "/out/report.json");
  const auto& availability = report["availability"];
  CHECK(availability["request_timeout_ms"] == 1000.0);
  CHECK(availability["failed_by_deadline"].get<int>() >= 6);  // each client's write stuck at the cut
  const std::string csv = tests::read_file(dir + "/out/timeseries.csv");
  CHECK(csv.find("\n8,0,0,0.000,0.000,0.000,0.0000,1\n") != std::string::npos);  // at 8 s: waiting, nothing answered
}
