// Membership changes of a hierarchical layout from a scenario: add a group (a datacenter's worth
// of servers), remove a group, change weights, switch between a majority and groups, each as
// ZooKeeper makes it, a whole new configuration; checked when loaded against the configuration
// planned at their time (each refusal at its JSON path), and reported as the other changes are.
#include <doctest/doctest.h>

#include <string>

#include "tests/sim/bad_scenario.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

const char* const kThreeDatacenters = R"("network": {"datacenters": [{"name": "a"}, {"name": "b"}, {"name": "c"}]},)";

std::string scenario(const std::string& ensemble, const std::string& events) {
  return std::string(R"({"duration_s": 30, )") + kThreeDatacenters + R"("ensemble": )" + ensemble + R"(, "events": [)" + events + "]}";
}

const std::string kGrouped = R"({"servers": 6, "placement": ["a", "a", "a", "b", "b", "b"], "groups": "per_datacenter"})";
const std::string kMajority = R"({"servers": 3})";

struct Case {
  std::string json, path, message;
};

std::vector<Case> cases() {
  return {
      {scenario(kMajority, R"({"at_s": 5, "kind": "add_group", "count": 3})"), "$.events[0].kind", "add_group of a configuration without groups"},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "add_group"})"), "$.events[0]", "missing key \"count\""},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "add_group", "count": 3, "datacenter": "z"})"), "$.events[0].datacenter", "no datacenter named"},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "remove_group", "group": 3})"), "$.events[0].group", "no group 3 at this time"},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "set_weights", "weights": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0}})"),
       "$.events[0].kind", "would be refused"},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "set_weights", "weights": {"x": 1}})"), "$.events[0].weights.x", "not a server id"},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "set_quorum", "groups": "per_rack"})"), "$.events[0].groups", "unknown grouping"},
      {scenario(kGrouped, R"({"at_s": 5, "kind": "set_quorum", "groups": [[1, 2, 3]]})"), "$.events[0].kind", "would be refused"},
      {scenario(kMajority, R"({"at_s": 5, "kind": "set_quorum", "groups": "per_datacenter"}, {"at_s": 8, "kind": "add_servers", "count": 1})"),
       "$.events[1].kind", "incremental membership change (add_servers) of a configuration with groups"},
      {scenario(kMajority, R"({"at_s": 5, "kind": "remove_servers", "which": "leader"}, {"at_s": 8, "kind": "set_quorum", "groups": "per_datacenter"})"),
       "$.events[1].kind", "after a removal of the leader or of followers"},
  };
}

// A change's entry in the report's membership section, by kind.
nlohmann::json change_of(const nlohmann::json& report, const std::string& kind) {
  for (const auto& c : report["membership"]["changes"])
    if (c["kind"] == kind) return c;
  return nullptr;
}

}  // namespace

TEST_CASE("layout changes: each change that could not work is refused at its JSON path") {
  for (const Case& c : cases()) tests::check_refused({c.json.c_str(), c.path.c_str(), c.message.c_str()});
}

// The issue's third way to expand: two datacenters of three servers each, one group per
// datacenter (losing either datacenter loses the quorum), grow by a third datacenter as a group;
// then datacenter a can go and writes go on. Then the weights, the rule, and a group removed.
TEST_CASE("layout changes: add a group, then lose a datacenter and keep writing; weights, a majority, a group removed") {
  const auto report = tests::run_report("layout-changes", std::string(R"({"name": "add_group", "duration_s": 40, "warmup_s": 2,
    "network": {"datacenters": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "wan": {"latency_ms": 2}},
    "ensemble": {"servers": 6, "tick_ms": 500, "placement": ["a", "a", "a", "b", "b", "b"], "groups": "per_datacenter"},
    "clients": {"count": 30, "hosts": 2, "placement": ["a", "b"]}, "workload": {"rate_per_s": 300, "read_ratio": 0.5},
    "events": [
      {"at_s": 4, "kind": "add_group", "count": 3, "datacenter": "c"},
      {"at_s": 14, "kind": "datacenter", "datacenter": "a", "how": "power_off", "duration_s": 6},
      {"at_s": 24, "kind": "set_weights", "weights": {"9": 0}},
      {"at_s": 28, "kind": "set_quorum", "groups": "majority"},
      {"at_s": 32, "kind": "set_quorum", "groups": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]},
      {"at_s": 35, "kind": "remove_group", "group": 3}
    ]})"));
  const auto added = change_of(report, "add_group");
  REQUIRE_FALSE(added.is_null());
  CHECK(added["outcome"] == "committed");
  CHECK(added["growth"]["n"] == 6);
  CHECK(added["growth"]["N"] == 9);
  CHECK(added["quorums_before"] == "hierarchical: 2 groups {1,2,3} {4,5,6}");
  CHECK(added["quorums_after"] == "hierarchical: 3 groups {1,2,3} {4,5,6} {7,8,9}");
  // Datacenter a dark from 14 s to 20 s: the other two groups commit (an election if a led).
  double unavailable_s = 0;
  for (const auto& w : report["availability"]["write_unavailability"])
    if (w["start_s"].get<double>() >= 14 && w["start_s"].get<double>() < 20)
      unavailable_s += (w["end_s"].is_null() ? 40.0 : w["end_s"].get<double>()) - w["start_s"].get<double>();
  CHECK(unavailable_s < 5);
  CHECK(change_of(report, "set_weights")["quorums_after"] == "hierarchical: 3 groups {1,2,3} {4,5,6} {7,8,9}, weights 9:0");
  int majority = 0, regrouped = 0;
  for (const auto& c : report["membership"]["changes"]) {
    CHECK_MESSAGE(c["outcome"] == "committed", c.dump());
    if (c["kind"] == "set_quorum" && c["quorums_after"] == "majority") ++majority;
    if (c["kind"] == "set_quorum" && c["quorums_after"] == "hierarchical: 3 groups {1,2,3} {4,5,6} {7,8,9}") ++regrouped;
  }
  CHECK(majority == 1);
  CHECK(regrouped == 1);
  const auto removed = change_of(report, "remove_group");
  CHECK(removed["voters_after"] == nlohmann::json::array({1, 2, 3, 4, 5, 6}));
  CHECK(report["safety"]["violation"].is_null());
}
