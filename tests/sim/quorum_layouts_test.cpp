// Quorum layouts as a comparison dimension: `zksim compare --quorums` runs one scenario under
// several layouts side by side, and a sweep plan's grid.quorum sets ensemble.groups per
// configuration. The shipped 3 x 3 scenarios show the issue's comparison: both rules survive a
// datacenter's outage; two servers lost in each of two datacenters leave a majority but no
// hierarchical quorum.
#include <doctest/doctest.h>

#include <filesystem>

#include "sim/sweep/plan.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

// The layouts' rows of compare.json, by layout.
std::map<std::string, nlohmann::json> compare_layouts(const std::string& scenario, const std::string& name) {
  const auto dir = tests::temp_dir(name);
  const auto r = tests::run_zksim({"compare", tests::source_path(scenario), "--quorums", "majority,per_datacenter", "--jobs",
                                   "2", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("writes unavailable s") != std::string::npos);
  std::map<std::string, nlohmann::json> rows;
  const nlohmann::json compared = tests::read_json(dir + "/out/compare.json");
  for (const auto& row : compared["layouts"]) rows[row["layout"].get<std::string>()] = row;
  CHECK(std::filesystem::exists(dir + "/out/per_datacenter/report.json"));
  CHECK(tests::read_file(dir + "/out/compare.dat").find("\"per_datacenter\"") != std::string::npos);
  CHECK(tests::read_file(dir + "/out/compare.gp").find("Quorum layouts compared") != std::string::npos);
  return rows;
}

}  // namespace

TEST_CASE("compare --quorums: a datacenter lost, both rules keep a quorum; two servers lost in each of two, only the majority") {
  auto rows = compare_layouts("scenarios/quorums/dc_outage.json", "quorums-dc");
  REQUIRE(rows.size() == 2);
  CHECK(rows["per_datacenter"]["quorums"] == "hierarchical: 3 groups {1,2,3} {4,5,6} {7,8,9}");
  for (const char* layout : {"majority", "per_datacenter"}) {
    CAPTURE(layout);
    // The leader was in the datacenter lost: one election, then writes go on for the 20 s it is dark.
    CHECK(rows[layout]["write_outages"] == 1);
    CHECK(rows[layout]["write_unavailable_s"].get<double>() < 15);
  }
  rows = compare_layouts("scenarios/quorums/two_in_two.json", "quorums-two-in-two");
  CHECK(rows["majority"]["write_outages"] == 0);
  CHECK(rows["majority"]["service_percent"].get<double>() == 100);
  CHECK(rows["per_datacenter"]["write_unavailable_s"].get<double>() > 19);  // from 20 s to the restarts at 40 s
}

TEST_CASE("compare --quorums: a malformed or unfitting layout is refused with its place, exit code 2") {
  const auto dir = tests::temp_dir("quorums-bad");
  tests::write_file(dir + "/s.json", R"({"name": "q", "duration_s": 3, "warmup_s": 1, "ensemble": {"servers": 3}})");
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"compare", dir + "/s.json", "--out", dir + "/out", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return tests::run_zksim(args);
  };
  auto r = run({"--quorums", "majority,1:2/3:4"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--quorums[1] 1:2/3:4") != std::string::npos);
  CHECK(r.err.find("$.ensemble.groups[1][1]: not a server id") != std::string::npos);
  r = run({"--quorums", "majority,1;2"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--quorums[1] 1;2: not a layout") != std::string::npos);
  r = run({"--quorums", "majority,majority"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("named twice") != std::string::npos);
  r = run({"--quorums", "majority", "--strategies", "random"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("one of the two") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
}

TEST_CASE("sweep: grid.quorum sets ensemble.groups per configuration, and a layout that does not fit is refused at its path") {
  const auto result = sim::sweep::parse_plan(R"({
  "scenario": { "network": { "datacenters": [{ "name": "a" }, { "name": "b" }, { "name": "c" }] } },
  "grid": { "servers": [3, 9], "quorum": ["majority", "per_datacenter"] } })",
                                             "plan.json", ".");
  REQUIRE_MESSAGE(result.plan.has_value(), sim::sweep::format_plan_errors(result));
  const auto configs = sim::sweep::configurations(*result.plan);
  REQUIRE(configs.size() == 4);
  CHECK(nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[0], 100))["ensemble"]["groups"] == "majority");
  CHECK(nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[3], 100))["ensemble"]["groups"] == "per_datacenter");
  CHECK(sim::sweep::extra_labels(sim::sweep::axes_of(result.plan->grid), configs[3]).find("quorum per_datacenter") != std::string::npos);
  const auto bad = sim::sweep::parse_plan(R"({ "scenario": {}, "grid": { "servers": [3], "quorum": [[[1, 2], [3, 4]]] } })",
                                          "plan.json", ".");
  REQUIRE_FALSE(bad.plan.has_value());
  CHECK(sim::sweep::format_plan_errors(bad).find("$.grid.quorum[0][1][1]: not a server id") != std::string::npos);
}

// The cut the swarm draws for hierarchical layouts (sim/check/random_layout.hpp), with the leader
// (server 5, the first elected) on the majority's side: {3, 4, 5} is a majority of five but only
// one group of three, {1, 2} two groups. Under the configured rule the majority commits nothing
// and {1, 2} elect; counting a plain majority, the leader commits writes the next leader lacks.
TEST_CASE("hierarchical: a majority cut from a hierarchical quorum loses acknowledged writes only where commits count a majority") {
  const auto dir = tests::temp_dir("majority-apart");
  tests::write_file(dir + "/s.json", R"({"name": "majority_apart", "duration_s": 20, "warmup_s": 1,
    "ensemble": {"servers": 5, "tick_ms": 500, "groups": [[1], [2], [3, 4, 5]]},
    "clients": {"count": 10, "hosts": 2}, "workload": {"rate_per_s": 200, "read_ratio": 0.5},
    "events": [{"at_s": 5, "kind": "partition", "groups": [[3, 4, 5], [1, 2]], "clients_group": 0}, {"at_s": 12, "kind": "heal"}]})");
  const auto correct = tests::run_zksim({"run", dir + "/s.json", "--out", dir + "/correct", "-q"});
  CHECK_MESSAGE(correct.exit_code == 0, correct.err);
  const auto broken = tests::run_zksim({"run", dir + "/s.json", "--break", "majority_for_hierarchical", "--out", dir + "/broken", "-q"});
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("SAFETY VIOLATION") != std::string::npos);
  CHECK(broken.err.find("lost_acknowledged_write") != std::string::npos);
}
