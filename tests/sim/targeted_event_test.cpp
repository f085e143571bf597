// Targeted events (sim/scenario/targeting.hpp) through SimGrid: a role resolved when the event
// acts, a fault that waits for its protocol moment, a partition that isolates a role, a moment
// that never comes, and a server's own syncLimit. Three servers, tickTime 500 ms; server 3 leads
// first (equal histories, highest id).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/sim/zksim_process.hpp"

namespace {

nlohmann::json run_targeted(const std::string& name, const std::string& events, const std::string& ensemble = "",
                            const std::vector<std::string>& extra_args = {}) {
  const std::string scenario = R"({"name": ")" + name + R"(", "duration_s": 20, "warmup_s": 2,
    "ensemble": {"tick_ms": 500)" + ensemble + R"(}, "clients": {"count": 30, "hosts": 3},
    "workload": {"rate_per_s": 300, "read_ratio": 0.5}, "events": )" + events + "}";
  const auto report = tests::run_report(name, scenario, extra_args);
  REQUIRE(report["safety"]["violation"].is_null());
  return report;
}

std::vector<nlohmann::json> faults_of_kind(const nlohmann::json& report, const std::string& kind) {
  std::vector<nlohmann::json> found;
  if (!report.contains("faults")) return found;
  for (const auto& f : report["faults"]["events"])
    if (f["kind"] == kind) found.push_back(f);
  return found;
}

}  // namespace

TEST_CASE("targeted: a crash of \"leader\" hits the server that leads when it acts") {
  const auto r = run_targeted("role_leader", R"([{"at_s": 5, "kind": "crash", "server": "leader"},
                                                 {"at_s": 10, "kind": "crash", "server": "leader"}])");
  const auto crashes = faults_of_kind(r, "crash");
  REQUIRE(crashes.size() == 2);
  CHECK(crashes[0]["target"] == "server 3");  // the first leader
  CHECK(crashes[1]["target"] == "server 2");  // the one elected after it
}

TEST_CASE("targeted: a restart waiting for diff_sent hits the learner in the middle of its sync") {
  const auto r = run_targeted("moment_diff", R"([{"at_s": 5, "kind": "restart", "server": 1},
      {"at_s": 5, "kind": "restart", "server": "syncing", "when": "diff_sent", "delay_ms": 0.2, "within_s": 3}])");
  const auto restarts = faults_of_kind(r, "restart");
  REQUIRE(restarts.size() == 2);
  CHECK(restarts[1]["target"] == "server 1");
  // After the first restart's exit (20 ms), once the new process joined the leader (within
  // milliseconds: the others answer its notifications as followers of an established leader).
  CHECK(restarts[1]["at_s"].get<double>() > 5.02);
  CHECK(restarts[1]["at_s"].get<double>() < 5.5);
}

TEST_CASE("targeted: a power-off waiting for txn_logged falls between the log write and its fsync") {
  const auto dir = tests::temp_dir("targeted-trace");
  const std::string trace = dir + "/run.ndjson";
  run_targeted("moment_logged", R"([{"at_s": 5, "kind": "power_off", "server": "follower", "when": "txn_logged",
                                    "delay_ms": 0.5, "within_s": 2}])",
               R"(, "host": {"fsync_ms": 5})", {"--trace", trace});
  // In the trace: the follower's last effect before it stopped appended a transaction, 0.5 ms
  // before the stop, and no fsync completed in between.
  std::int64_t stopped_node = -1, stop_t = -1, t = 0;
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> by_node;  // node -> (last append, last fsync done)
  std::istringstream lines(tests::read_file(trace));
  for (std::string line; std::getline(lines, line) && stop_t < 0;) {
    const auto j = nlohmann::json::parse(line);
    if (j.contains("t")) t = j["t"].get<std::int64_t>();
    if (!j.contains("node") || t < 5'000'000'000) continue;
    const auto node = j["node"].get<std::int64_t>();
    if (j.value("fx", "") == "persist" && j["op"]["type"] == "append") by_node[node].first = t;
    if (j.value("in", "") == "persisted") by_node[node].second = t;
    if (j.value("process", "") == "stop") {
      stopped_node = node;
      stop_t = t;
    }
  }
  REQUIRE(stop_t > 0);
  const auto [last_append_t, last_persisted_t] = by_node[stopped_node];
  CHECK(std::abs(stop_t - last_append_t - 500'000) <= 10);  // delay_ms 0.5
  CHECK(last_persisted_t < last_append_t);
}

TEST_CASE("targeted: isolate the leader with joined_by: a partition of the leader and one other from the rest") {
  const auto r = run_targeted("isolate", R"([{"at_s": 5, "kind": "partition", "isolate": "leader", "joined_by": 1,
                                           "clients_group": -1}, {"at_s": 12, "kind": "heal"}])",
                              R"(, "servers": 5)");
  const auto partitions = faults_of_kind(r, "partition");
  REQUIRE(partitions.size() == 1);
  const std::string target = partitions[0]["target"];
  CHECK(target.find("5") < target.find("|"));  // the leader, server 5, is in the first group
  CHECK(std::count(target.begin(), target.begin() + static_cast<std::ptrdiff_t>(target.find("|")), ',') == 1);
}

TEST_CASE("targeted: an event whose moment does not come by within_s does nothing") {
  const auto r = run_targeted("lapsed", R"([{"at_s": 5, "kind": "crash", "server": "syncing", "when": "snap_sent", "within_s": 5}])");
  CHECK(faults_of_kind(r, "crash").empty());
}

TEST_CASE("targeted: a server's own syncLimit (ensemble.overrides) keeps an isolated leader leading longer") {
  const std::string cut = R"([{"at_s": 5, "kind": "partition", "isolate": 3, "clients_group": 0}, {"at_s": 15, "kind": "heal"}])";
  const auto same = run_targeted("sync_same", cut);
  const auto longer = run_targeted("sync_longer", cut, R"(, "overrides": [{"server": 3, "sync_limit": 16}])");
  const auto end_of_first = [](const nlohmann::json& r) { return r["leaderships"][0]["to_s"].get<double>(); };
  CHECK(end_of_first(same) < 5 + 5 * 0.5 + 0.6);    // syncLimit 5 x 500 ms, at a tick boundary
  CHECK(end_of_first(longer) > 5 + 16 * 0.5 - 0.6);  // its own syncLimit 16
}
