// The simulated values against the analytic models printed beside them in every report.
#include <doctest/doctest.h>

#include "tests/sim/zksim_process.hpp"

TEST_CASE("cross-check: at low utilization the simulated read latency matches the queueing model within 10%") {
  // The default scenario's load: 2,000 requests/s over three servers, 90% reads, CPUs mostly idle.
  const auto r = tests::run_report("crosscheck_reads", R"({"name": "reads", "duration_s": 20, "warmup_s": 2,
    "clients": {"count": 100, "hosts": 2}, "workload": {"rate_per_s": 2000, "read_ratio": 0.9, "keys": 500}})");
  const auto& check = r["cross_checks"]["read_latency_ms"];
  REQUIRE_FALSE(check.is_null());
  CHECK(check["max_server_utilization"].get<double>() < 0.2);
  CHECK(std::abs(check["relative_difference"].get<double>()) < 0.10);
}

TEST_CASE("cross-check: the read latency model follows a loaded server's queueing") {
  // A CPU cost that loads the servers to about half: the M/D/1 wait is now a visible part.
  const auto r = tests::run_report("crosscheck_loaded", R"({"name": "loaded", "duration_s": 20, "warmup_s": 2,
    "profile": {"message_us": {"client_request": 400}},
    "clients": {"count": 60, "hosts": 2}, "workload": {"rate_per_s": 3600, "read_ratio": 1.0, "value_bytes": 0}})");
  const auto& check = r["cross_checks"]["read_latency_ms"];
  CHECK(check["max_server_utilization"].get<double>() > 0.35);
  CHECK(check["model"].get<double>() > 0.7);  // 0.2 ms network + 0.4 ms service + a visible wait
  CHECK(std::abs(check["relative_difference"].get<double>()) < 0.15);
}

TEST_CASE("cross-check: a long run with random failures stays under the availability model by what its recoveries cost") {
  const auto dir = tests::temp_dir("crosscheck_availability");
  tests::write_file(dir + "/scenario.json", R"({"name": "availability", "duration_s": 20000, "warmup_s": 2,
    "clients": {"count": 3, "hosts": 1}, "workload": {"rate_per_s": 1, "read_ratio": 0.5},
    "failures": {"mtbf_s": 100, "mttr_s": 20, "kind": "crash"}})");
  const auto run = tests::run_zksim({"run", dir + "/scenario.json", "--replications", "5", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto replications = tests::read_json(dir + "/out/replications.json");
  const auto& simulated = replications["metrics"]["service_availability_percent"];
  // Three servers, each up 100 / 120 of the time, a majority needed: 3a^2 - 2a^3 = 0.9259.
  const auto model = tests::read_json(dir + "/out/seed-1/report.json")["cross_checks"]["availability"]["model"].get<double>();
  CHECK(model == doctest::Approx(0.925926).epsilon(1e-5));
  // The chain counts a majority up as available; the simulation also pays each recovery: a
  // leader cut from its quorum is down at once, and a quorum back (or a leader lost) needs an
  // election, the followers' sync and the new leader's start-up. So the chain is an upper bound,
  // and the gap is those outages' rate times what one costs, under 2 s each. The rate: quorum
  // regained (one server up, one of the two down repaired: 3a(1-a)^2 x 2/MTTR) plus a leader
  // failing while a quorum stays (all three up: a^3 x 1/MTBF).
  const double a = 100.0 / 120, outages_per_s = 3 * a * (1 - a) * (1 - a) * 2 / 20 + a * a * a / 100;
  CHECK(100 * model >= simulated["low"].get<double>());
  CHECK(100 * model - simulated["mean"].get<double>() <= 100 * outages_per_s * 2.0);
  MESSAGE("chain " << 100 * model << " %, simulated " << simulated["mean"].get<double>() << " % ["
                   << simulated["low"].get<double>() << ", " << simulated["high"].get<double>() << "]");
}

TEST_CASE("cross-check: the read latency model is not applicable to a run with faults, and says why") {
  const auto dir = tests::temp_dir("crosscheck_faults");
  tests::write_file(dir + "/scenario.json", R"({"name": "faults", "duration_s": 10, "warmup_s": 1,
    "clients": {"count": 20, "hosts": 1}, "workload": {"rate_per_s": 200, "read_ratio": 0.9},
    "events": [{"at_s": 5, "kind": "crash", "server": 1}]})");
  const auto run = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/out"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto check = tests::read_json(dir + "/out/report.json")["cross_checks"]["read_latency_ms"];
  CHECK(check["applicable"] == false);
  CHECK(check["reason"].get<std::string>().find("crash") != std::string::npos);
  CHECK(run.out.find("read_latency_ms not applicable: crash events") != std::string::npos);
}

TEST_CASE("cross-check: the read latency model is not applicable to a saturated server, and says why") {
  // The loaded case's CPU cost at two and a half times its rate: more reads than the CPUs serve,
  // so the queues grow for the whole run and the steady-state model has no mean to compare with
  // (it printed a -96 % difference against a model of 30 s before).
  const auto r = tests::run_report("crosscheck_saturated", R"({"name": "saturated", "duration_s": 4, "warmup_s": 1,
    "profile": {"message_us": {"client_request": 400}},
    "clients": {"count": 60, "hosts": 2}, "workload": {"rate_per_s": 9000, "read_ratio": 1.0, "value_bytes": 0}})");
  const auto& check = r["cross_checks"]["read_latency_ms"];
  CHECK(check["applicable"] == false);
  // A CPU measured busy all the time shows 99.9 %: a queue that would need longer than the run.
  CHECK_MESSAGE(check["reason"].get<std::string>().find("% busy: its queue needs about") != std::string::npos, check.dump());
}
