// The three ways to expand of the source documents, on one workload (scenarios/expansion/):
// faster machines, more nodes (participants, or observers), a third datacenter as a group. Each
// is checked for what it is chosen for: only a third voting site keeps a quorum when the
// datacenter holding two of three voters goes dark; faster hosts leave the leader's disk idler.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "tests/sim/zksim_process.hpp"

namespace {

nlohmann::json run_shipped(const std::string& name) {
  const auto dir = tests::temp_dir("expansion-" + name);
  const auto r = tests::run_zksim({"run", tests::source_path("scenarios/expansion/" + name + ".json"), "--out", dir, "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return tests::read_json(dir + "/report.json");
}

double leader_disk_busy(const nlohmann::json& report) {
  const auto& b = report["resources"]["bottleneck"];
  REQUIRE(b["kind"] == "disk");
  return b["mean_utilization"].get<double>();
}

}  // namespace

TEST_CASE("expansion: of the three ways to grow, a voting third datacenter (nodes or a group) survives losing one") {
  std::map<std::string, nlohmann::json> r;
  for (const char* name : {"base", "add_machines", "add_nodes", "add_observers", "add_group"}) r[name] = run_shipped(name);
  for (const char* name : {"base", "add_machines", "add_observers"}) {
    CAPTURE(name);
    CHECK(r[name]["availability"]["service_percent"].get<double>() < 80);  // 20 s of 75 without a quorum
  }
  for (const char* name : {"add_nodes", "add_group"}) {
    CAPTURE(name);
    CHECK(r[name]["availability"]["service_percent"].get<double>() == 100);
    CHECK(r[name]["membership"]["changes"][0]["outcome"] == "committed");
    CHECK(r[name]["membership"]["changes"][0]["growth"]["N"] == 5);
  }
  CHECK(r["add_group"]["membership"]["changes"][0]["quorums_after"] == "hierarchical: 3 groups {1,2} {3} {4,5}");
  CHECK(leader_disk_busy(r["add_machines"]) < 0.5 * leader_disk_busy(r["base"]));
}
