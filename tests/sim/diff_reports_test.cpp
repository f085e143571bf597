// `zksim diff-reports A B` end to end: two tiny scenarios that differ in one setting (3 or 5
// servers), run once and replicated, compared as a user would.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

// Short and light: a few seconds of simulated time, a handful of clients.
std::string scenario(const std::string& name, int servers) {
  return R"({"name": ")" + name + R"(", "duration_s": 3, "warmup_s": 1, "ensemble": {"servers": )" +
         std::to_string(servers) + R"(}, "clients": {"count": 10, "hosts": 1}, "workload": {"rate_per_s": 100}})";
}

// Runs scenario(name, servers) into dir/name, replicated when replications > 0.
std::string run(const std::string& dir, const std::string& name, int servers, int replications = 0) {
  tests::write_file(dir + "/" + name + ".json", scenario(name, servers));
  std::vector<std::string> args{"run", dir + "/" + name + ".json", "--out", dir + "/" + name, "-q"};
  if (replications > 0) args.insert(args.end(), {"--replications", std::to_string(replications)});
  const auto r = tests::run_zksim(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return dir + "/" + name;
}

// Writes text at dir/name, creating the folders on the way.
void write_in(const std::string& dir, const std::string& name, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(dir + "/" + name).parent_path());
  tests::write_file(dir + "/" + name, text);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("diff-reports: two single runs side by side, without a verdict, the same bytes twice") {
  const auto dir = tests::temp_dir("diff-reports-single");
  const std::string a = run(dir, "three", 3), b = run(dir, "five", 5);
  const auto r = tests::run_zksim({"diff-reports", a, b, "--out", dir + "/diff"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(has(r.out, "scenario three, seed"));
  CHECK(has(r.out, "scenario five, seed"));
  CHECK(has(r.out, "single runs: no intervals; use --replications for a verdict"));
  CHECK(has(r.out, "throughput_per_s"));
  CHECK(has(r.out, "\n  servers\n"));
  CHECK(has(r.out, "only in B"));  // the two servers more, their requests and resources
  CHECK_FALSE(has(r.out, "within noise"));
  const auto json = tests::read_json(dir + "/diff/diff.json");
  CHECK(json["schema"] == "zksim.diff/1");
  CHECK(json["a"]["scenario"] == "three");
  CHECK(json["b"]["replications"] == 0);
  CHECK(json["headline"][0]["name"] == "throughput_per_s");
  CHECK(json["verdict_rule"].is_null());
  CHECK(json["only_b"].size() > 0);
  const std::string csv = tests::read_file(dir + "/diff/diff.csv");
  CHECK(csv.rfind("group,name,pointer,a,b,change,relative_percent,a_low,a_high,b_low,b_high,verdict\nheadline,", 0) == 0);
  // The same inputs again: identical bytes.
  const auto again = tests::run_zksim({"diff-reports", a, b, "--out", dir + "/diff-again"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  CHECK(tests::read_file(dir + "/diff-again/diff.json") == tests::read_file(dir + "/diff/diff.json"));
  CHECK(tests::read_file(dir + "/diff-again/diff.csv") == csv);
}

TEST_CASE("diff-reports: replicated runs have both intervals and a verdict per figure") {
  const auto dir = tests::temp_dir("diff-reports-replicated");
  const std::string a = run(dir, "three", 3, 2), b = run(dir, "five", 5, 2);
  const auto r = tests::run_zksim({"diff-reports", a, b, "--out", dir + "/diff"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(has(r.out, "(2 replications), 3 s"));
  CHECK(has(r.out, "verdict: changed when each side's mean lies outside the other side's 95% interval"));
  const auto json = tests::read_json(dir + "/diff/diff.json");
  const auto& throughput = json["headline"][0];
  CHECK(throughput["a_interval"].is_object());
  CHECK(throughput["b_interval"].is_object());
  CHECK((throughput["verdict"] == "changed" || throughput["verdict"] == "within noise"));
  // One single run against replications: the intervals of one side, no verdict.
  const std::string single = run(dir, "single", 3);
  const auto mixed = tests::run_zksim({"diff-reports", single, b});
  REQUIRE_MESSAGE(mixed.exit_code == 0, mixed.err);
  CHECK(has(mixed.out, "only B has replications"));
}

TEST_CASE("diff-reports: a folder that is no run's output, or a damaged report, is bad input naming the file") {
  const auto dir = tests::temp_dir("diff-reports-bad");
  const std::string good = run(dir, "three", 3);
  write_in(dir, "empty/.keep", "");
  auto r = tests::run_zksim({"diff-reports", good, dir + "/empty"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir + "/empty: holds neither report.json nor replications.json"));
  r = tests::run_zksim({"diff-reports", dir + "/missing", good});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir + "/missing: not a folder"));
  write_in(dir, "broken/report.json", "{\"schema\": ");
  r = tests::run_zksim({"diff-reports", good, dir + "/broken"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir + "/broken/report.json: $: not valid JSON"));
  write_in(dir, "old/report.json", R"({"schema": "zksim.report/1", "run": {"scenario": "x", "seed": -1}})");
  r = tests::run_zksim({"diff-reports", good, dir + "/old"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, dir + "/old/report.json: $.run.seed: not a non-negative integer"));
  CHECK(r.out.empty());
}
