// Scenarios run end to end through SimGrid, checked against values derived independently.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "tests/sim/zksim_process.hpp"

namespace {

// A light open-loop load on three servers: 40 clients, 200 requests/s in all, 20 s measured.
const char* kLightLoad = R"({
  "name": "light", "seed": 5, "duration_s": 22, "warmup_s": 2,
  "clients": {"count": 40, "hosts": 2},
  "workload": {"loop": "open", "rate_per_s": 200, "read_ratio": 0.5, "keys": 100, "value_bytes": 512}
})";

}  // namespace

TEST_CASE("run: completed requests at a light load equal rate x time within Poisson bounds") {
  const auto report = tests::run_report("light", kLightLoad);
  // Arrivals are Poisson with mean 200/s x 20 s = 4000; nothing fails at this load, and a request
  // completes within milliseconds, so completions over the window are Poisson too: sd = sqrt(4000).
  const double completed = report["summary"]["requests_ok"].get<double>();
  CHECK(std::abs(completed - 4000) < 5 * std::sqrt(4000.0));
  CHECK(report["summary"]["requests_failed"] == 0);
  CHECK(report["summary"]["throughput_per_s"].get<double>() == doctest::Approx(completed / 20));
  CHECK(report["run"]["network_model"] == "CM02");
  CHECK(report["schema"] == "zksim.report/1");
}

TEST_CASE("run: latency is what the network, CPU and disk make it at a light load") {
  const auto report = tests::run_report("latency", kLightLoad);
  // A read: request and reply cross one 100 us link each, plus a few us of CPU.
  const double read_p50_ms = report["latency"]["read"]["p50_ms"].get<double>();
  CHECK(read_p50_ms > 0.2);
  CHECK(read_p50_ms < 0.3);
  // A write from a follower's client: 3 network hops to the leader and back to the follower,
  // a follower fsync of 2 ms (plus 1.5 KB at 200 MB/s) in parallel with the leader's, commit,
  // reply: about 2.5 ms; from the leader's own clients one hop less each way.
  const double write_p50_ms = report["latency"]["write"]["p50_ms"].get<double>();
  CHECK(write_p50_ms > 2.2);
  CHECK(write_p50_ms < 3.0);
  CHECK(report["latency"]["all"]["p99_ms"].get<double>() >= report["latency"]["all"]["p50_ms"].get<double>());
}

TEST_CASE("run: per-server request counts add up to the completed requests (L = R / S)") {
  const auto report = tests::run_report("load", kLightLoad);
  double served = 0;
  for (const auto& s : report["servers"]) served += s["requests"].get<double>();
  CHECK(served == doctest::Approx(report["summary"]["requests_ok"].get<double>()).epsilon(0.01));
  CHECK(report["summary"]["load_factor_per_server"].get<double>() == doctest::Approx(served / 3).epsilon(0.001));
}

TEST_CASE("run: a crashed follower loses its clients' in-flight requests and recovers after restart") {
  const std::string scenario = R"({
    "name": "crash", "seed": 3, "duration_s": 12, "warmup_s": 1,
    "clients": {"count": 9, "hosts": 2},
    "workload": {"loop": "closed", "outstanding": 1, "read_ratio": 0.5},
    "events": [{"at_s": 4, "kind": "crash", "server": 1}, {"at_s": 8, "kind": "restart", "server": 1}]
  })";
  const auto report = tests::run_report("crash", scenario);
  // Closed-loop clients always have a request in flight: those on server 1 lose it at the crash.
  CHECK(report["summary"]["requests_failed"].get<int>() > 0);
  CHECK(report["summary"]["requests_failed"].get<int>() <= 9);
  CHECK(report["availability"]["service_percent"] == 100.0);
  CHECK(report["servers"][0]["final_state"] == "FOLLOWING");
}
