// Datacenter outages: the `datacenter` event and its heal (a whole datacenter powered off, its
// servers crashed, or cut from the others), their checks at their JSON paths, and the random
// failure process's datacenter outages with the availability chain that describes them.
#include <doctest/doctest.h>

#include <string>

#include "sim/scenario/failure_process.hpp"
#include "tests/sim/bad_scenario.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

const char* const kNetwork =
    R"("network": {"datacenters": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "wan": {"latency_ms": 2}},)";

// 3 servers, one per datacenter, and a client host in each; `events` as given.
std::string one_per_datacenter(const std::string& events, double duration_s = 20) {
  return std::string(R"({"name": "dc", "warmup_s": 1, "duration_s": )") + std::to_string(duration_s) + ", " + kNetwork +
         R"("ensemble": {"servers": 3, "tick_ms": 500, "placement": ["a", "b", "c"]},
      "clients": {"count": 30, "hosts": 3, "placement": ["a", "b", "c"]},
      "workload": {"rate_per_s": 300, "read_ratio": 0.5}, "events": [)" + events + "]}";
}

const tests::BadScenario kCases[] = {
    {R"({"events": [{"at_s": 1, "kind": "datacenter", "datacenter": "a"}]})", "$.events[0]", "declares no datacenters"},
    {R"({"network": {"datacenters": [{"name": "a"}]}, "events": [{"at_s": 1, "kind": "datacenter", "datacenter": "z"}]})",
     "$.events[0].datacenter", "no datacenter named \"z\""},
    {R"({"network": {"datacenters": [{"name": "a"}]}, "events": [{"at_s": 1, "kind": "datacenter"}]})", "$.events[0]",
     "missing key \"datacenter\""},
    {R"({"network": {"datacenters": [{"name": "a"}]}, "events": [{"at_s": 1, "kind": "datacenter", "datacenter": "a", "how": "melt"}]})",
     "$.events[0].how", "power_off"},
    {R"({"network": {"datacenters": [{"name": "a"}]}, "events": [{"at_s": 1, "kind": "datacenter_heal", "datacenter": "a"}]})",
     "$.events[0].datacenter", "is not down"},
    {R"({"network": {"datacenters": [{"name": "a"}]}, "events": [{"at_s": 1, "kind": "datacenter", "datacenter": "a"},
        {"at_s": 2, "kind": "datacenter", "datacenter": "a", "how": "crash"}]})",
     "$.events[1].datacenter", "already down"},
    {R"({"network": {"datacenters": [{"name": "a"}]}, "events": [{"at_s": 1, "kind": "datacenter_heal", "datacenter": "a", "how": "crash"}]})",
     "$.events[0].how", "unknown key"},
    {R"({"failures": {"mtbf_s": 100, "datacenter_mtbf_s": 1000}})", "$.failures.datacenter_mtbf_s", "declares no datacenters"},
    {R"({"failures": {"mtbf_s": 100, "datacenter_mttr_s": 1000}})", "$.failures.datacenter_mttr_s", "without datacenter_mtbf_s"},
};

nlohmann::json faults_of(const nlohmann::json& report) {
  return report.contains("faults") ? report["faults"]["events"] : nlohmann::json::array();
}

// "restart server 3" and the like, at their times: what the faults section says happened.
std::vector<std::pair<double, std::string>> fault_rows(const nlohmann::json& report) {
  std::vector<std::pair<double, std::string>> rows;
  for (const auto& f : faults_of(report)) rows.emplace_back(f["at_s"].get<double>(), f["kind"].get<std::string>() + " " + f["target"].get<std::string>());
  return rows;
}

}  // namespace

TEST_CASE("datacenter: each malformed outage is refused at its JSON path") {
  for (const auto& c : kCases) tests::check_refused(c);
}

TEST_CASE("datacenter: a power-off stops the datacenter's servers and pauses its clients, a heal brings them back") {
  const auto powered = tests::run_report("dc_power", one_per_datacenter(R"(
      {"at_s": 5, "kind": "datacenter", "datacenter": "c", "how": "power_off"},
      {"at_s": 12, "kind": "datacenter_heal", "datacenter": "c"})"));
  const auto rows = fault_rows(powered);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::pair<double, std::string>{5.0, "power_off server 3"});
  CHECK(rows[1] == std::pair<double, std::string>{12.0, "restart server 3"});
  // Cut off instead, datacenter c's clients keep asking (and failing) for the 7 s, where the
  // powered-off ones asked nothing: its 10 of the 30 clients, 10 requests/s each, 700 requests.
  const auto cut = tests::run_report("dc_cut", one_per_datacenter(R"(
      {"at_s": 5, "kind": "datacenter", "datacenter": "c", "how": "partition"},
      {"at_s": 12, "kind": "datacenter_heal", "datacenter": "c"})"));
  CHECK(fault_rows(cut).size() == 1);  // the partition; no process stopped
  const auto asked = [](const nlohmann::json& report) {
    return report["summary"]["requests_ok"].get<double>() + report["summary"]["requests_failed"].get<double>();
  };
  CHECK(asked(cut) - asked(powered) == doctest::Approx(700).epsilon(0.2));
}

TEST_CASE("datacenter: a server's own fault during its datacenter's outage is its own: it waits, or stays down") {
  // Server 3 crashes on its own while c is dark: the heal does not bring it back.
  const auto crashed = tests::run_report("dc_own_crash", one_per_datacenter(R"(
      {"at_s": 5, "kind": "datacenter", "datacenter": "c", "how": "crash"},
      {"at_s": 7, "kind": "crash", "server": 3},
      {"at_s": 12, "kind": "datacenter_heal", "datacenter": "c"})"));
  auto rows = fault_rows(crashed);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::pair<double, std::string>{5.0, "crash server 3"});
  // Server 3 stopped and restarted on its own while c is dark: it starts when c does.
  const auto restarted = tests::run_report("dc_own_restart", one_per_datacenter(R"(
      {"at_s": 5, "kind": "datacenter", "datacenter": "c", "how": "power_off"},
      {"at_s": 7, "kind": "restart", "server": 3},
      {"at_s": 12, "kind": "datacenter_heal", "datacenter": "c"})"));
  rows = fault_rows(restarted);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1] == std::pair<double, std::string>{12.0, "restart server 3"});
}

TEST_CASE("datacenter: the failure process draws each datacenter's outages from its own stream") {
  const std::string text = std::string(R"({"duration_s": 100000, )") + kNetwork +
                           R"("ensemble": {"servers": 3}, "failures": {"mtbf_s": 5000, "mttr_s": 100, "datacenter_mtbf_s": 20000, "datacenter_mttr_s": 600}})";
  const auto loaded = sim::parse_scenario(text, "t.json", ".");
  REQUIRE_MESSAGE(loaded.scenario.has_value(), sim::format_errors(loaded));
  std::size_t outages = 0, heals = 0, server_events = 0;
  double down_s = 0;
  for (const sim::Event& e : sim::failure_events(*loaded.scenario)) {
    if (e.kind == sim::EventKind::datacenter) {
      ++outages;
      down_s += e.duration_s;
      CHECK(e.outage == sim::DatacenterOutage::crash);
    }
    if (e.kind == sim::EventKind::datacenter_heal) ++heals;
    if (e.server != models::kNoNode) ++server_events;
  }
  CHECK(outages >= 6);  // about 3 x 100,000 / 20,600 = 14.6
  CHECK(heals + 1 >= outages);
  CHECK(down_s / (3 * 100000.0) == doctest::Approx(600.0 / 20600).epsilon(0.6));
  // Without the datacenter outages, the servers' own failures are the same draws.
  sim::Scenario without = *loaded.scenario;
  without.failures.datacenter_mtbf_s = 0;
  std::size_t own = 0;
  for (const sim::Event& e : sim::failure_events(without)) own += e.server != models::kNoNode;
  CHECK(own == server_events);
}

TEST_CASE("cross-check: with datacenter outages the availability chain is over each server and datacenter") {
  // One server per datacenter: a server runs with probability a d, and a majority of 3 is
  // binomial in that; a long run lands under the chain by what its recoveries cost.
  const auto r = tests::run_report("crosscheck_dc", std::string(R"({"name": "dc_availability", "duration_s": 20000, "warmup_s": 2, )") +
                                                        kNetwork + R"("ensemble": {"servers": 3, "placement": ["a", "b", "c"]},
      "clients": {"count": 3, "hosts": 1}, "workload": {"rate_per_s": 1, "read_ratio": 0.5},
      "failures": {"mtbf_s": 100, "mttr_s": 20, "datacenter_mtbf_s": 300, "datacenter_mttr_s": 30}})");
  const auto& check = r["cross_checks"]["availability"];
  REQUIRE(check.contains("chain"));
  CHECK(check["chain"] == "each server and datacenter");
  const double p = (100.0 / 120) * (300.0 / 330);
  CHECK(check["model"].get<double>() == doctest::Approx(3 * p * p - 2 * p * p * p).epsilon(1e-9));
  CHECK(check["simulated"].get<double>() <= check["interval_95"][1].get<double>());
  CHECK(check["model"].get<double>() - check["simulated"].get<double>() < 0.05);
  MESSAGE("chain " << check["model"].get<double>() << ", simulated " << check["simulated"].get<double>());
}
