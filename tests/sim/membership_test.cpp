// Membership changes through SimGrid, with the safety checker on: reconfigs under faults, the
// designated-leader hand-off against an election, and the report's membership figures.
#include <doctest/doctest.h>

#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

nlohmann::json run(const std::string& name, const std::string& body) {
  const auto report = tests::run_report(name, R"({"name": ")" + name + R"(", )" + body + "}");
  REQUIRE(report["safety"]["violation"].is_null());
  REQUIRE(report.contains("membership"));
  return report;
}

const nlohmann::json& change(const nlohmann::json& report, std::size_t index) {
  REQUIRE(report["membership"]["changes"].size() > index);
  return report["membership"]["changes"][index];
}

double leaderless_ms_after(const nlohmann::json& report, double from_s) {
  double total = 0;
  for (const auto& o : report["availability"]["write_unavailability"])
    if (o["start_s"].get<double>() >= from_s) total += o["duration_ms"].get<double>();
  return total;
}

std::size_t refusals_with(const nlohmann::json& c, const std::string& reason) {
  std::size_t n = 0;
  for (const auto& r : c["refusals"]) n += r["reason"] == reason ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("membership: a leader crash in the middle of a reconfig: it completes, the checker stays clean") {
  // Slow fsyncs (40 ms) keep the reconfig between its proposal and its commit long enough for
  // the leader (server 3) to crash inside that window. The operator asks once the joiners are
  // synchronized (8.165 s without the crash), the commit would come 80 ms later.
  const auto r = run("reconfig_leader_crash", R"("duration_s": 20, "warmup_s": 2,
      "ensemble": {"servers": 3, "host": {"fsync_ms": 40}},
      "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 200, "read_ratio": 0.5},
      "events": [{"at_s": 8, "kind": "grow", "factor": 1.67},
                 {"at_s": 8.2, "kind": "crash", "server": 3}])");
  const auto& c = change(r, 0);
  CHECK(c["requested_s"].get<double>() < 8.2);
  CHECK(c["proposed_s"].get<double>() < 8.2);  // the crash came after the proposal ...
  REQUIRE(c["outcome"] == "committed");
  CHECK(c["committed_s"].get<double>() > 8.2);  // ... and before the commit
  CHECK(c["voters_after"] == nlohmann::json::array({1, 2, 3, 4, 5}));
  CHECK(r["leaderships"].size() >= 2);           // a new leader finished it
  CHECK(r["leaderships"].back()["server"] != 3);
  CHECK(r["summary"]["requests_ok"].get<double>() > 2000);
}

TEST_CASE("membership: joiners cut off by a partition: refused until the partition heals, never unsafe") {
  // Adding 4 to 3 voters needs 4 of 7 synced: the three old voters are not enough.
  const auto r = run("reconfig_partitioned_joiners", R"("duration_s": 24, "warmup_s": 2,
      "ensemble": {"servers": 3, "tick_ms": 500},
      "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 200, "read_ratio": 0.5},
      "events": [{"at_s": 5, "kind": "add_servers", "count": 4},
                 {"at_s": 5, "kind": "partition", "groups": [[1, 2, 3], [4, 5, 6, 7]], "clients_group": 0},
                 {"at_s": 14, "kind": "heal"}])");
  const auto& c = change(r, 0);
  // Refused while cut off, and for a while after the heal, until the joiners' election backoff
  // lets them find the leader and sync.
  std::size_t before_heal = 0;
  for (const auto& refusal : c["refusals"]) before_heal += refusal["at_s"].get<double>() < 14 ? 1 : 0;
  CHECK(before_heal >= 2);
  CHECK(refusals_with(c, "no_quorum_of_new_config") == c["refusals"].size());
  CHECK(c["attempts"].get<std::size_t>() == c["refusals"].size() + 1);
  REQUIRE(c["outcome"] == "committed");
  CHECK(c["committed_s"].get<double>() > 14);
  CHECK(c["voters_after"].size() == 7);
  CHECK(leaderless_ms_after(r, 0.5) == 0);  // the leader never lost its quorum
}

TEST_CASE("membership: removing the leader hands off without an election, and crashing it costs an election") {
  const std::string common = R"("duration_s": 12, "warmup_s": 2, "ensemble": {"servers": 5},
      "clients": {"count": 30, "hosts": 2}, "workload": {"rate_per_s": 500, "read_ratio": 0.8}, )";
  const auto removed = run("remove_leader", common + R"("events": [{"at_s": 6, "kind": "remove_servers", "which": "leader"}])");
  const auto crashed = tests::run_report("crash_leader", R"({"name": "crash_leader", )" + common +
                                         R"("events": [{"at_s": 6, "kind": "crash", "server": 5}]})");
  REQUIRE(crashed["safety"]["violation"].is_null());
  const double handoff_ms = leaderless_ms_after(removed, 5);
  const double election_ms = leaderless_ms_after(crashed, 5);
  MESSAGE("without a leader: hand-off " << handoff_ms << " ms, election " << election_ms << " ms");
  CHECK(change(removed, 0)["outcome"] == "committed");
  CHECK(change(removed, 0)["voters_after"].size() == 4);
  // The designated leader skips the election, not Leader.lead(): its snapshot (tens of ms), the
  // learners that connect meanwhile waiting in its listen backlog.
  CHECK(handoff_ms > 20);
  CHECK(handoff_ms < 100);
  CHECK(election_ms > 200);  // the finalize wait alone is 200 ms
  CHECK(handoff_ms * 2 < election_ms);
  CHECK(removed["leaderships"][1]["server"] != 5);
  CHECK(crashed["leaderships"][1]["server"] != 5);
}

TEST_CASE("membership: shrinking 5 to 3 voters while a follower is down, and it comes back into the new configuration") {
  const auto r = run("shrink_follower_down", R"("duration_s": 20, "warmup_s": 2, "ensemble": {"servers": 5},
      "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 200, "read_ratio": 0.5},
      "events": [{"at_s": 4, "kind": "crash", "server": 1},
                 {"at_s": 6, "kind": "remove_servers", "which": [2, 3]},
                 {"at_s": 12, "kind": "restart", "server": 1},
                 {"at_s": 15, "kind": "crash", "server": 5}])");
  const auto& c = change(r, 0);
  REQUIRE(c["outcome"] == "committed");
  CHECK(c["voters_before"].size() == 5);
  CHECK(c["voters_after"] == nlohmann::json::array({1, 4, 5}));
  CHECK(c["growth"]["m"].get<double>() == doctest::Approx(0.6));
  CHECK(leaderless_ms_after(r, 0.5) == leaderless_ms_after(r, 15));  // 4 and 5 are a quorum of {1, 4, 5}
  CHECK(c["after"]["writes_per_s"].get<double>() > 50);
  // 1 comes back with the old configuration (it was down during the reconfig): its old voters
  // 2 and 3 are gone, and it learns the new configuration by following the leader announcing it.
  CHECK(r["servers"][0]["final_state"] == "FOLLOWING");
  // ... and votes in it: when 5 crashes, 1 and 4 are a quorum of {1, 4, 5} and elect 4.
  CHECK(r["leaderships"].back()["server"] == 4);
  CHECK(r["leaderships"].back()["from_s"].get<double>() < 15.5);
  CHECK(r["servers"][3]["final_state"] == "LEADING");
  CHECK(r["servers"][1]["final_state"] == "REMOVED");  // shut down after the commit, shown as removed
  CHECK(r["servers"][2]["final_state"] == "REMOVED");
  CHECK(r["servers"][4]["final_state"] == "DOWN");     // crashed, a member still
  for (const auto& f : r["faults"]["events"]) CHECK(f["target"] != "server 2");  // a removal is no fault
}

TEST_CASE("membership: growing moves about 1 - n/N of the sessions to the new servers, none with rebalance off") {
  const std::string body = R"("duration_s": 12, "warmup_s": 2,
      "clients": {"count": 200, "hosts": 2, "rebalance": REBALANCE}, "workload": {"rate_per_s": 200},
      "events": [{"at_s": 5, "kind": "grow", "factor": 2}])";
  auto with = [&](const char* flag) {
    std::string b = body;
    b.replace(b.find("REBALANCE"), 9, flag);
    return b;
  };
  const auto on = run("grow_rebalance_on", with("true"));
  const auto off = run("grow_rebalance_off", with("false"));
  const auto& c_on = change(on, 0);
  const auto& c_off = change(off, 0);
  CHECK(c_on["growth"]["N"] == 7);  // 3 x 2 = 6, made odd
  // 1 - 3/7 of 200 is 114 (binomial standard deviation 7).
  CHECK(c_on["sessions_moved"].get<int>() > 90);
  CHECK(c_on["sessions_moved"].get<int>() < 140);
  CHECK(c_on["after"]["sessions"]["jain"].get<double>() > 0.9);
  CHECK(c_off["sessions_moved"] == 0);
  CHECK(c_off["after"]["sessions"]["jain"].get<double>() < 0.5);  // new servers stay empty
}

TEST_CASE("membership: the shipped grow_3_5_7 scenario shows read capacity rising and write capacity falling") {
  const auto dir = tests::temp_dir("grow_3_5_7");
  const auto result = tests::run_zksim({"run", tests::source_path("scenarios/grow_3_5_7.json"), "--out", dir, "-q"});
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const auto r = tests::read_json(dir + "/report.json");
  REQUIRE(r["safety"]["violation"].is_null());
  const auto& first = change(r, 0);
  const auto& second = change(r, 1);
  CHECK(first["growth"]["n"] == 3);
  CHECK(first["growth"]["N"] == 5);
  CHECK(second["growth"]["N"] == 7);
  CHECK(first["outcome"] == "committed");
  CHECK(second["outcome"] == "committed");
  // At each size the load is reads only from the grow on, then writes only from 7 s after it:
  // the steady seconds of each phase, from the time series (one row per second).
  const std::string csv = tests::read_file(dir + "/timeseries.csv");
  const auto throughput_at = [&](int second_start) {
    const std::string row = "\n" + std::to_string(second_start) + ",";
    const std::size_t at = csv.find(row);
    REQUIRE(at != std::string::npos);
    std::size_t field = at + row.size();
    for (int comma = 0; comma < 2; ++comma) field = csv.find(',', field) + 1;  // ok, failed, throughput
    return std::stod(csv.substr(field));
  };
  const double reads3 = throughput_at(4), reads5 = throughput_at(16), reads7 = throughput_at(28);
  const double writes3 = throughput_at(9), writes5 = throughput_at(21), writes7 = throughput_at(33);
  MESSAGE("reads/s " << reads3 << " -> " << reads5 << " -> " << reads7 << ", writes/s " << writes3 << " -> " << writes5
                     << " -> " << writes7);
  CHECK(reads5 > 1.4 * reads3);
  CHECK(reads7 > 1.2 * reads5);
  CHECK(writes5 < 0.8 * writes3);
  CHECK(writes7 < 0.8 * writes5);
  const std::string summary = tests::read_file(dir + "/summary.txt");
  CHECK(summary.find("membership changes") != std::string::npos);
}
