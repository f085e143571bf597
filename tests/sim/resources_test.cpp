// Resource utilization end to end (report section `resources`, resources.csv, the resources_*
// plots): a run whose log disk or CPU is made the limit names it as the bottleneck, busy as
// independent figures say it must be; interfaces and wide-area links carry the run's bytes.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

const nlohmann::json& resource(const nlohmann::json& report, const std::string& name, const std::string& kind) {
  for (const auto& r : report["resources"]["resources"])
    if (r["resource"] == name && r["kind"] == kind) return r;
  FAIL("no resource " << name << " " << kind);
  return report;
}

// A run of the scenario, for tests that read its summary and plots besides the report.
struct Run {
  nlohmann::json report;
  std::string out;  // the output folder
};
Run run_in(const std::string& name, const std::string& scenario_json) {
  const auto dir = tests::temp_dir(name);
  tests::write_file(dir + "/scenario.json", scenario_json);
  const auto r = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return {tests::read_json(dir + "/out/report.json"), dir + "/out"};
}

// The bottleneck is this kind, nearly always busy, named with its role in the summary, and drawn.
void check_named_bottleneck(const Run& run, const std::string& kind, const std::string& summary_label) {
  const auto& b = run.report["resources"]["bottleneck"];
  CHECK(b["kind"] == kind);
  CHECK(b["mean_utilization"].get<double>() > 0.9);
  CHECK(tests::read_file(run.out + "/summary.txt").find(summary_label) != std::string::npos);
  CHECK(std::filesystem::file_size(run.out + "/plots/resources_" + kind + ".svg") > 0);
}

}  // namespace

TEST_CASE("resources: slow fsyncs under writes make the log disk the bottleneck, busy nearly all the time") {
  // 20 ms fsyncs, and writes arriving every 2 ms: the log always has a batch waiting (group
  // commit), so each device is busy from one fsync to the next.
  const auto report = tests::run_report("disk-bound", R"({
    "name": "disk_bound", "seed": 2, "duration_s": 8, "warmup_s": 2,
    "ensemble": {"servers": 3, "host": {"fsync_ms": 20}},
    "clients": {"count": 20, "hosts": 1},
    "workload": {"loop": "open", "rate_per_s": 500, "read_ratio": 0, "keys": 100, "value_bytes": 128}
  })");
  const auto& b = report["resources"]["bottleneck"];
  CHECK(b["kind"] == "disk");
  CHECK(b["mean_utilization"].get<double>() > 0.95);
  const auto& disk = resource(report, b["resource"].get<std::string>(), "disk");
  CHECK(disk["mean_fsync_latency_ms"].get<double>() >= 20);
  // The log's queue (requests waiting for or in an fsync): each waits for the fsync in progress,
  // then its own, about 30 ms in all at 500 writes/s (Little's law: 15 present on average).
  CHECK(disk["mean_queue"].get<double>() > 8);
  CHECK(disk["mean_queue"].get<double>() < 25);
  CHECK(disk["bytes"].get<double>() > 0);
}

TEST_CASE("resources: a slow CPU under reads is the bottleneck, as busy as the cross-check's utilization") {
  const auto report = tests::run_report("cpu-bound", R"({
    "name": "cpu_bound", "seed": 2, "duration_s": 8, "warmup_s": 2,
    "ensemble": {"servers": 3, "host": {"cpu_ghz": 0.01}},
    "clients": {"count": 30, "hosts": 1},
    "workload": {"loop": "open", "rate_per_s": 2000, "read_ratio": 1, "keys": 100, "value_bytes": 128}
  })");
  const auto& b = report["resources"]["bottleneck"];
  CHECK(b["kind"] == "cpu");
  // The cross-check's utilization is the CPU time the host actor charged, summed apart.
  const double charged = report["cross_checks"]["read_latency_ms"]["max_server_utilization"].get<double>();
  CHECK(b["mean_utilization"].get<double>() == doctest::Approx(charged).epsilon(0.01));
  CHECK(b["mean_utilization"].get<double>() > 0.5);
  const auto& cpu = resource(report, b["resource"].get<std::string>(), "cpu");
  CHECK(cpu["mean_queue"].get<double>() >= cpu["mean_utilization"].get<double>());  // in service or waiting
}

TEST_CASE("resources: interfaces and the wide-area link carry the run's bytes; CSV and plots are written") {
  const auto dir = tests::temp_dir("resources-files");
  tests::write_file(dir + "/two.json", R"({
    "name": "two_datacenters", "seed": 3, "duration_s": 5, "warmup_s": 1,
    "network": { "datacenters": [ { "name": "east" }, { "name": "west" } ], "wan": { "bandwidth_gbps": 0.01 } },
    "ensemble": { "servers": 3, "placement": ["east", "east", "west"] },
    "clients": { "count": 20, "hosts": 2, "placement": ["east", "west"] },
    "workload": {"loop": "open", "rate_per_s": 400, "read_ratio": 0.5, "keys": 100, "value_bytes": 1024}
  })");
  const auto run = tests::run_zksim({"run", dir + "/two.json", "--out", dir + "/out", "-q"});
  REQUIRE(run.exit_code == 0);
  const auto report = tests::read_json(dir + "/out/report.json");
  const auto& wan = resource(report, "east-west", "wan");
  // 10 Mb/s: 1 KiB writes to and from the west server and its clients fill a good part of it.
  CHECK(wan["bytes"].get<double>() > 0);
  CHECK(wan["mean_utilization"].get<double>() == doctest::Approx(wan["bytes"].get<double>() / (0.01e9 / 8) / 4).epsilon(0.001));
  CHECK(resource(report, "server3", "nic_in")["bytes"].get<double>() > 0);
  const std::string csv = tests::read_file(dir + "/out/resources.csv");
  CHECK(csv.find("\n1,east-west,wan,") != std::string::npos);
  for (const char* plot : {"resources_cpu", "resources_disk", "resources_nic_out", "resources_nic_in", "resources_wan"}) {
    CHECK(std::filesystem::exists(dir + "/out/plots/" + plot + ".dat"));
    CHECK(std::filesystem::exists(dir + "/out/plots/" + plot + ".gp"));
  }
  CHECK(tests::read_file(dir + "/out/summary.txt").find("  bottleneck    ") != std::string::npos);
}

TEST_CASE("resources: one follower's slow fsyncs make its log disk the bottleneck, named as the follower's") {
  // Server 1 (a follower: the first election picks the highest id) takes 20 ms per fsync, the
  // others 1 ms: its log always has a batch waiting, while the quorum commits without it.
  const Run run = run_in("follower-disk-bound", R"({
    "name": "follower_disk_bound", "seed": 2, "duration_s": 8, "warmup_s": 2,
    "ensemble": {"servers": 3, "host": {"fsync_ms": 1}, "overrides": [{"server": 1, "fsync_ms": 20}]},
    "clients": {"count": 20, "hosts": 1},
    "workload": {"loop": "open", "rate_per_s": 500, "read_ratio": 0, "keys": 100, "value_bytes": 128}
  })");
  check_named_bottleneck(run, "disk", "server1 (follower) disk");
}

TEST_CASE("resources: large writes through a slow interface make the leader's outgoing NIC the bottleneck") {
  // 64 KB writes, 30 a second, each proposed to 4 followers: about 7.9 MB/s out of the leader,
  // through a 50 Mbit/s (6.25 MB/s) interface; a follower sends only its small ACKs.
  const Run run = run_in("nic-bound", R"({
    "name": "nic_bound", "seed": 2, "duration_s": 8, "warmup_s": 2,
    "ensemble": {"servers": 5, "host": {"nic_gbps": 0.05}},
    "clients": {"count": 10, "hosts": 1},
    "workload": {"loop": "open", "rate_per_s": 30, "read_ratio": 0, "keys": 100, "value_bytes": 65536}
  })");
  check_named_bottleneck(run, "nic_out", "(leader) NIC out");
}

TEST_CASE("resources: writes on slow CPUs make the leader's CPU the bottleneck, named as the leader's") {
  // Every write costs the leader a proposal to each of 4 followers, their ACKs and the commit:
  // the leader's CPU saturates first, and the writes queue behind it.
  const Run run = run_in("leader-cpu-bound", R"({
    "name": "leader_cpu_bound", "seed": 2, "duration_s": 8, "warmup_s": 2,
    "ensemble": {"servers": 5, "host": {"cpu_ghz": 0.02}},
    "clients": {"count": 30, "hosts": 1},
    "workload": {"loop": "open", "rate_per_s": 600, "read_ratio": 0, "keys": 100, "value_bytes": 128}
  })");
  check_named_bottleneck(run, "cpu", "(leader) CPU");
}
