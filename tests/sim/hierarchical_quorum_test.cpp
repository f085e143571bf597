// Hierarchical quorums from the command line: ensemble.groups and ensemble.weights are read with
// the checks ZooKeeper's QuorumPeerConfig makes (each refusal at its JSON path), and a 3 x 3
// ensemble in three datacenters keeps or loses its quorum as QuorumHierarchical's rule says, where
// a plain majority says otherwise.
#include <doctest/doctest.h>

#include <string>

#include "tests/sim/bad_scenario.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

const char* const kThreeDatacenters =
    R"("network": {"datacenters": [{"name": "a", "latency_us": 100}, {"name": "b", "latency_us": 100}, {"name": "c", "latency_us": 100}]},)";

const tests::BadScenario kCases[] = {
    {R"({"ensemble": {"servers": 3, "groups": "per_rack"}})", "$.ensemble.groups", "unknown grouping"},
    {R"({"ensemble": {"servers": 3, "groups": []}})", "$.ensemble.groups", "non-empty array of arrays"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2], [2, 3]]}})", "$.ensemble.groups[1][0]", "in two groups"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2]]}})", "$.ensemble.groups", "server 3 is a voter in no group"},
    {R"({"ensemble": {"servers": 3, "observers": 1, "groups": [[1, 2, 3, 4]]}})", "$.ensemble.groups[0][3]",
     "server 4 is an observer"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2, 3], []]}})", "$.ensemble.groups[1]", "group 2 has no voter"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2, 9]]}})", "$.ensemble.groups[0][2]", "not a server id"},
    {R"({"ensemble": {"servers": 3, "weights": {"1": 2}}})", "$.ensemble.weights", "weights need groups"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2, 3]], "weights": {"x": 1}}})", "$.ensemble.weights.x",
     "is not a server id"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2, 3]], "weights": {"2": -1}}})", "$.ensemble.weights.2",
     "expected a weight"},
    {R"({"ensemble": {"servers": 3, "groups": [[1], [2], [3]], "weights": {"1": 0, "2": 0, "3": 0}}})",
     "$.ensemble.weights", "can never make a quorum"},
    {R"({"ensemble": {"servers": 3, "groups": [[1, 2, 3]]}, "events": [{"at_s": 5, "kind": "add_servers", "count": 1}]})",
     "$.events[0].kind", "incremental membership change (add_servers) of a configuration with groups"},
};

// 9 servers, three in each datacenter; the servers powered off at 4 s stay off. `groups`: the
// ensemble's quorum layout (empty: a majority).
std::string three_by_three(const std::string& groups, const std::string& powered_off) {
  std::string events;
  for (char id : powered_off)
    events += std::string(events.empty() ? "" : ", ") + R"({"at_s": 4, "kind": "power_off", "server": )" + id + "}";
  return std::string(R"({"name": "three_by_three", "duration_s": 16, "warmup_s": 2, )") + kThreeDatacenters +
         R"("ensemble": {"servers": 9, "tick_ms": 500, "placement": ["a", "a", "a", "b", "b", "b", "c", "c", "c"])" +
         (groups.empty() ? "" : R"(, "groups": )" + groups) + R"(},
      "clients": {"count": 30, "hosts": 3}, "workload": {"rate_per_s": 300, "read_ratio": 0.5},
      "events": [)" + events + "]}";
}

// The share of the time after the faults (4 s to the end) during which writes could not commit.
double write_outage_share_after_faults(const std::string& scenario) {
  const auto dir = tests::temp_dir("hierarchical-3x3");
  tests::write_file(dir + "/scenario.json", scenario);
  const auto r = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto report = tests::read_json(dir + "/out/report.json");
  const bool grouped = scenario.find("per_datacenter") != std::string::npos;
  CHECK(report["run"].value("quorums", "majority") == (grouped ? "hierarchical: 3 groups {1,2,3} {4,5,6} {7,8,9}" : "majority"));
  const double from_s = 4, to_s = 16;
  double out_s = 0;
  for (const auto& w : report["availability"]["write_unavailability"]) {
    const double start = std::max(from_s, w["start_s"].get<double>());
    const double end = w["end_s"].is_null() ? to_s : std::min(to_s, w["end_s"].get<double>());
    if (end > start) out_s += end - start;
  }
  return out_s / (to_s - from_s);
}

}  // namespace

TEST_CASE("hierarchical: each unusable quorum layout is refused with its JSON path") {
  for (const auto& c : kCases) tests::check_refused(c);
}

TEST_CASE("hierarchical: a group per datacenter resolves to the voters each datacenter holds") {
  const auto loaded = sim::parse_scenario(three_by_three(R"("per_datacenter")", ""), "t.json", ".");
  REQUIRE_MESSAGE(loaded.scenario.has_value(), sim::format_errors(loaded));
  const auto& groups = loaded.scenario->ensemble.groups;
  REQUIRE(groups.size() == 3);
  CHECK(groups[0] == std::vector<models::NodeId>{1, 2, 3});
  CHECK(groups[2] == std::vector<models::NodeId>{7, 8, 9});
}

// The issue's comparison: a datacenter lost (7, 8, 9) leaves both rules a quorum; two servers
// lost in each of two datacenters (1, 2, 4, 5) leaves a majority (5 of 9) but no hierarchical
// quorum (only datacenter c holds a majority of its group).
TEST_CASE("hierarchical: 3 x 3 in three datacenters, a datacenter lost or two servers lost in each of two") {
  const std::string groups = R"("per_datacenter")";
  CHECK(write_outage_share_after_faults(three_by_three("", "789")) < 0.5);
  CHECK(write_outage_share_after_faults(three_by_three(groups, "789")) < 0.5);
  CHECK(write_outage_share_after_faults(three_by_three("", "1245")) < 0.5);
  CHECK(write_outage_share_after_faults(three_by_three(groups, "1245")) > 0.9);
}
