// The data's cost in a whole run (SimGrid, the profile's constants, the host's disk and network):
// a restarted server reads its snapshot and log back, a wiped one gets a SNAP over its link and
// writes it to its disk; both take time in proportion to the data, as the report's storage
// section shows. The shipped scenarios/follower_rejoin_2gb.json is the same at 2 GB.
#include <doctest/doctest.h>

#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

struct Costs {
  double restore_ms = 0;  // server 1's database load when it restarts
  double snap_ms = 0;     // server 2's SNAP, from ACKEPOCH to UPTODATE, after its disk was wiped
  double snap_mb = 0;
};

Costs run_with(int megabytes) {
  const std::string scenario = R"({"name": "rejoin", "duration_s": 60, "warmup_s": 10,
    "clients": {"count": 6, "hosts": 1, "start_s": 8}, "workload": {"rate_per_s": 60, "read_ratio": 0.5},
    "initial_data": {"size_bytes": )" + std::to_string(megabytes) + R"(e6, "value_bytes": 4096},
    "events": [{"at_s": 15, "kind": "crash", "server": 1}, {"at_s": 16, "kind": "restart", "server": 1},
               {"at_s": 30, "kind": "restart", "server": 2, "wipe": true}]})";
  const auto report = tests::run_report("storage_" + std::to_string(megabytes), scenario);
  Costs costs;
  for (const auto& e : report["storage"]["events"]) {
    if (e["server"] == 1 && e["kind"] == "restore_database" && e["at_s"].get<double>() > 15) costs.restore_ms = e["duration_ms"];
    if (e["server"] == 2 && e["kind"] == "sync_snap") {
      costs.snap_ms = e["duration_ms"];
      costs.snap_mb = e["mb"];
    }
  }
  return costs;
}

}  // namespace

TEST_CASE("storage: restart recovery and SNAP take time in proportion to the data's size") {
  const Costs small = run_with(50), medium = run_with(100), large = run_with(200);
  REQUIRE(small.restore_ms > 0);
  REQUIRE(small.snap_ms > 0);
  CHECK(large.snap_mb == doctest::Approx(4 * small.snap_mb).epsilon(0.01));
  // Linear: each doubling adds twice what the one before did (fixed costs aside).
  CHECK(large.restore_ms - medium.restore_ms == doctest::Approx(2 * (medium.restore_ms - small.restore_ms)).epsilon(0.02));
  CHECK(large.snap_ms - medium.snap_ms == doctest::Approx(2 * (medium.snap_ms - small.snap_ms)).epsilon(0.05));
  // At the default host (500 MB/s read, 1 ns/B to deserialize): about 3 ms per MB read back.
  CHECK((large.restore_ms - medium.restore_ms) / 100 == doctest::Approx(3.0).epsilon(0.05));
  // A SNAP crosses a 1 Gbps link (8 ms per MB) and is written at NEWLEADER (6.3 ms per MB).
  CHECK((large.snap_ms - medium.snap_ms) / 100 > 14);
}

TEST_CASE("storage: snapshots, purges, recoveries and a SNAP are in the trace, and the trace replays exactly") {
  const auto dir = tests::temp_dir("storage_trace");
  tests::write_file(dir + "/scenario.json", R"({"name": "storage_trace", "duration_s": 14, "warmup_s": 4,
    "ensemble": {"snapshots": {"snap_count": 400, "purge_interval_h": 0.001}},
    "clients": {"count": 6, "hosts": 1, "start_s": 2}, "workload": {"rate_per_s": 300, "read_ratio": 0},
    "initial_data": {"znodes": 2000, "value_bytes": 512},
    "events": [{"at_s": 6, "kind": "crash", "server": 1}, {"at_s": 7, "kind": "restart", "server": 1},
               {"at_s": 9, "kind": "restart", "server": 2, "wipe": true}]})");
  const auto run = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/out", "--trace", dir + "/t.ndjson", "-q"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const std::string trace = tests::read_file(dir + "/t.ndjson");
  for (const char* kind : {"background_snapshot", "purge", "restore_database", "write_snapshot"}) {
    CAPTURE(kind);
    CHECK(trace.find(std::string("\"task\":\"") + kind + "\"") != std::string::npos);  // the disk task
    CHECK(trace.find(std::string("\"kind\":\"") + kind + "\"") != std::string::npos);  // its DataWorkDone
  }
  CHECK(trace.find("\"kind\":\"sync_snap\"") != std::string::npos);  // the observation, with its bytes and start
  CHECK(trace.find("\"type\":\"snap\"") != std::string::npos);       // the message, with its tree
  CHECK(trace.find("\"type\":\"roll_log\"") != std::string::npos);
  const auto replay = tests::run_zksim({"replay", dir + "/t.ndjson"});
  CHECK_MESSAGE(replay.exit_code == 0, replay.out << replay.err);
}
