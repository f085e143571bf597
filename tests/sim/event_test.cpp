// Each kind of scenario event, shown by its effect on a run through SimGrid. Three servers with
// ZooKeeper's sample timing (tickTime 2 s, syncLimit 5: followers give up on a silent leader after
// 10 s), 30 clients, 300 requests/s at half writes; server 3 leads (equal histories, highest id).
#include <doctest/doctest.h>

#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

nlohmann::json run_with_events(const std::string& name, const std::string& events, double duration_s = 30,
                               const std::string& extra = "") {
  const std::string scenario = R"({"name": ")" + name + R"(", "duration_s": )" + std::to_string(duration_s) +
                               R"(, "warmup_s": 2, )" + extra + R"("clients": {"count": 30, "hosts": 3},
    "workload": {"rate_per_s": 300, "read_ratio": 0.5}, "events": )" + events + "}";
  const auto report = tests::run_report(name, scenario);
  REQUIRE(report["safety"]["violation"].is_null());
  return report;
}

const nlohmann::json& leadership(const nlohmann::json& report, int epoch) {
  for (const auto& l : report["leaderships"])
    if (l["epoch"] == epoch) return l;
  FAIL("no leadership of epoch " << epoch);
  return report;
}

double outage_ms(const nlohmann::json& report) {
  double total = 0;
  for (const auto& o : report["availability"]["write_unavailability"]) total += o["duration_ms"].get<double>();
  return total;
}

}  // namespace

TEST_CASE("event: crash of the leader: peers see the reset, a new leader is elected within a second") {
  const auto r = run_with_events("crash", R"([{"at_s": 10, "kind": "crash", "server": 3}])");
  CHECK(leadership(r, 1)["server"] == 3);
  CHECK(leadership(r, 2)["server"] == 2);
  CHECK(outage_ms(r) > 200);  // at least the finalize wait of the election
  CHECK(outage_ms(r) < 1000);
}

TEST_CASE("event: a crashed process's peers see the reset when its exit ends (the profile's process_exit_ms)") {
  const std::string crash = R"([{"at_s": 10, "kind": "crash", "server": 3}])";
  const auto quick = run_with_events("exit_quick", crash, 20, R"("profile": {"process_exit_ms": 0}, )");
  const auto slow = run_with_events("exit_slow", crash, 20, R"("profile": {"process_exit_ms": 400}, )");
  CHECK(outage_ms(slow) - outage_ms(quick) > 300);
  CHECK(outage_ms(slow) - outage_ms(quick) < 500);
}

TEST_CASE("event: power-off of the leader: nobody is told, followers give up after syncLimit x tickTime") {
  const auto r = run_with_events("power_off", R"([{"at_s": 10, "kind": "power_off", "server": 3}])");
  CHECK(leadership(r, 2)["server"] == 2);
  CHECK(outage_ms(r) > 10000);
  CHECK(outage_ms(r) < 12000);
}

TEST_CASE("event: restart with a wiped disk: the server rejoins and catches up from the leader") {
  const auto r = run_with_events("wipe", R"([{"at_s": 8, "kind": "crash", "server": 1},
                                              {"at_s": 12, "kind": "restart", "server": 1, "wipe": true}])");
  CHECK(r["servers"][0]["final_state"] == "FOLLOWING");
  CHECK(r["leaderships"].size() == 1);  // a follower's loss never costs the leader its quorum
  CHECK(outage_ms(r) == 0);
}

// A restart kills the frozen process's actor in its sleep, with messages received meanwhile and
// never taken: under the sanitizers this run failed with a leaked envelope until the actor's exit
// freed them.
TEST_CASE("event: a restart during a freeze starts the server afresh, and nothing it had received is lost track of") {
  const auto r = run_with_events("freeze-restart", R"([{"at_s": 5, "kind": "freeze", "server": 1, "duration_s": 3},
                                                        {"at_s": 6, "kind": "restart", "server": 1}])", 12);
  CHECK(r["summary"]["requests_ok"].get<double>() > 0);
}

TEST_CASE("event: freeze of the leader longer than syncLimit x tickTime: a new leader, the old one commits nothing after") {
  const auto r = run_with_events("freeze", R"([{"at_s": 10, "kind": "freeze", "server": 3, "duration_s": 15}])");
  const auto& old_term = leadership(r, 1);
  const auto& new_term = leadership(r, 2);
  CHECK(new_term["server"] != 3);
  CHECK(new_term["from_s"].get<double>() < 25);          // elected while 3 was still paused
  CHECK(old_term["to_s"].get<double>() > 25);            // 3 notices only after it resumes
  CHECK(old_term["last_commit_s"].get<double>() < 10.01);  // and commits nothing after the pause began
  CHECK(outage_ms(r) > 10000);
}

TEST_CASE("event: a minority partition of a follower costs nothing, and a leader cut off with a minority is replaced") {
  const auto minority = run_with_events("partition_follower", R"([{"at_s": 10, "kind": "partition", "groups": [[1], [2, 3]]},
                                                                  {"at_s": 20, "kind": "heal"}])");
  CHECK(minority["leaderships"].size() == 1);
  const auto leader_cut = run_with_events("partition_leader", R"([{"at_s": 10, "kind": "partition", "groups": [[3], [1, 2]], "clients_group": 1},
                                                                   {"at_s": 25, "kind": "heal"}])");
  CHECK(leadership(leader_cut, 2)["server"] != 3);
  CHECK(leadership(leader_cut, 1)["to_s"].get<double>() < 25);  // it stepped down on its own
}

TEST_CASE("event: clog of the leader's interface adds its latency to every write") {
  const auto base = run_with_events("clog_base", "[]", 20);
  const auto clogged = run_with_events("clog", R"([{"at_s": 2, "kind": "clog", "server": 3, "extra_latency_ms": 20}])", 20);
  // A write crosses the leader's interface at least twice (proposal out, ack in): +40 ms at least.
  CHECK(clogged["latency"]["write"]["p50_ms"].get<double>() > base["latency"]["write"]["p50_ms"].get<double>() + 40);
  CHECK(clogged["latency"]["read"]["p50_ms"].get<double>() < base["latency"]["read"]["p50_ms"].get<double>() + 1);
}

TEST_CASE("event: a slow disk on a follower is hidden by the quorum, and on two it is not") {
  const auto base = run_with_events("disk_base", "[]", 20);
  const auto one = run_with_events("disk_one", R"([{"at_s": 2, "kind": "slow_disk", "server": 1, "factor": 20}])", 20);
  const auto two = run_with_events("disk_two", R"([{"at_s": 2, "kind": "slow_disk", "server": 1, "factor": 20},
                                                    {"at_s": 2, "kind": "slow_disk", "server": 2, "factor": 20}])", 20);
  const double p50 = base["latency"]["write"]["p50_ms"].get<double>();
  CHECK(one["latency"]["write"]["p50_ms"].get<double>() < p50 * 1.5);
  CHECK(two["latency"]["write"]["p50_ms"].get<double>() > p50 * 5);
}

TEST_CASE("event: a slow CPU on the leader slows what it handles") {
  const auto base = run_with_events("cpu_base", "[]", 20);
  const auto slow = run_with_events("cpu_slow", R"([{"at_s": 2, "kind": "slow_cpu", "server": 3, "factor": 50}])", 20);
  CHECK(slow["latency"]["write"]["mean_ms"].get<double>() > base["latency"]["write"]["mean_ms"].get<double>() + 0.5);
}

TEST_CASE("event: a rate change changes the throughput from that moment") {
  const auto r = run_with_events("rate", R"([{"at_s": 16, "kind": "rate", "rate_per_s": 900}])", 30);
  // 14 s at 300/s and 14 s at 900/s over the 28 s measured: 600/s on average.
  CHECK(r["summary"]["throughput_per_s"].get<double>() == doctest::Approx(600).epsilon(0.05));
}

TEST_CASE("event: packet loss on the leader's link delays what is lost by TCP's retransmission timeout") {
  const auto base = run_with_events("loss_base", "[]", 20);
  const auto lossy = run_with_events("loss", R"([{"at_s": 2, "kind": "packet_loss", "server": 3, "percent": 5}])", 20);
  // A lost packet costs a round trip (fast retransmit); losing its copy too costs the 200 ms
  // retransmission timeout: about 2% of writes (eight packets on the leader's link, 0.25% each).
  CHECK(base["latency"]["write"]["p99_ms"].get<double>() < 10);
  CHECK(lossy["latency"]["write"]["p99_ms"].get<double>() > 200);
  CHECK(lossy["latency"]["write"]["p50_ms"].get<double>() < 10);
}

TEST_CASE("event: a random failure process stops and restarts servers from the seed") {
  const std::string scenario = R"({"name": "failures", "duration_s": 120, "warmup_s": 2,
    "clients": {"count": 10, "hosts": 1}, "workload": {"rate_per_s": 50},
    "failures": {"mtbf_s": 30, "mttr_s": 5, "kind": "crash"}})";
  const auto a = tests::run_report("failures_a", scenario);
  const auto b = tests::run_report("failures_b", scenario);
  CHECK(a == b);
  CHECK(a["safety"]["violation"].is_null());
  // Three servers failing every 30 s on average for 5 s: leaders fail too, so there are elections
  // after the first; and the service is available most, not all, of the time.
  CHECK(a["elections"].size() > 3);
  const double available = a["availability"]["service_percent"].get<double>();
  CHECK(available < 100);
  CHECK(available > 80);
}
