// Malformed scenarios, each with the problem the loader must report and the JSON path it names.
#include <doctest/doctest.h>

#include "sim/scenario/load_scenario.hpp"
#include "tests/sim/bad_scenario.hpp"

namespace {

const tests::BadScenario kCases[] = {
    {R"({"name": "x",)", "$", "not valid JSON"},
    {R"([1, 2])", "$", "expected an object, got an array"},
    {R"("scenario")", "$", "expected an object, got a string"},
    {R"({"colour": "red"})", "$.colour", "unknown key"},
    {R"({"name": 7})", "$.name", "expected a string, got an integer"},
    {R"({"seed": -1})", "$.seed", "expected a non-negative integer"},
    {R"({"seed": 1.5})", "$.seed", "expected a non-negative integer, got a number"},
    {R"({"duration_s": "long"})", "$.duration_s", "expected a number, got a string"},
    {R"({"duration_s": 0})", "$.duration_s", "out of range"},
    {R"({"duration_s": 10, "warmup_s": 10})", "$.warmup_s", "warm-up must end before the run does"},
    {R"({"interval_s": 0})", "$.interval_s", "out of range"},
    {R"({"network": {"model": "Constant"}})", "$.network.model", "expected one of: CM02, LV08"},
    {R"({"network": {"latency_us": -5}})", "$.network.latency_us", "out of range"},
    {R"({"network": {"bandwidth": 1}})", "$.network.bandwidth", "unknown key"},
    {R"({"network": []})", "$.network", "expected an object, got an array"},
    {R"({"profile": {"message_us": {"proposal": "fast"}}})", "$.profile.message_us.proposal", "expected a number"},
    {R"({"profile": {"message_us": []}})", "$.profile.message_us", "expected an object"},
    {R"({"profile": "no/such/profile.json"})", "$.profile", "cannot read profile file"},
    {R"({"profile": {"reference_ghz": 0}})", "$.profile.reference_ghz", "out of range"},
    {R"({"ensemble": {"servers": "three"}})", "$.ensemble.servers", "expected an integer, got a string"},
    {R"({"ensemble": {"servers": 0}})", "$.ensemble.servers", "out of range"},
    {R"({"ensemble": {"servers": 2.5}})", "$.ensemble.servers", "expected an integer, got a number"},
    {R"({"ensemble": {"servers": 60, "observers": 60}})", "$.ensemble.observers", "servers + observers must be at most"},
    {R"({"ensemble": {"tick_ms": 0}})", "$.ensemble.tick_ms", "out of range"},
    {R"({"ensemble": {"sync_limit": true}})", "$.ensemble.sync_limit", "expected an integer, got a boolean"},
    {R"({"ensemble": {"host": {"cpu_ghz": -1}}})", "$.ensemble.host.cpu_ghz", "out of range"},
    {R"({"ensemble": {"host": {"disk": 1}}})", "$.ensemble.host.disk", "unknown key"},
    {R"({"clients": {"count": -1}})", "$.clients.count", "out of range"},
    {R"({"clients": {"hosts": 0}})", "$.clients.hosts", "out of range"},
    {R"({"clients": {"session_timeout_ms": null}})", "$.clients.session_timeout_ms", "expected a number, got null"},
    {R"({"workload": {"loop": "half-open"}})", "$.workload.loop", "expected one of: open, closed"},
    {R"({"workload": {"read_ratio": 1.5}})", "$.workload.read_ratio", "expected a number from 0 to 1"},
    {R"({"workload": {"keys": 0}})", "$.workload.keys", "out of range"},
    {R"({"workload": {"outstanding": 0}})", "$.workload.outstanding", "out of range"},
    {R"({"workload": {"zipf": 1}})", "$.workload.zipf", "unknown key"},
    {R"({"events": {}})", "$.events", "expected an array, got an object"},
    {R"({"events": [3]})", "$.events[0]", "expected an object, got an integer"},
    {R"({"events": [{"kind": "crash", "server": 1}]})", "$.events[0]", "missing key \"at_s\""},
    {R"({"events": [{"at_s": 1, "server": 1}]})", "$.events[0]", "missing key \"kind\""},
    {R"({"events": [{"at_s": 1, "kind": "explode", "server": 1}]})", "$.events[0].kind", "unknown value \"explode\""},
    {R"({"events": [{"at_s": 1, "kind": "crash"}]})", "$.events[0]", "missing key \"server\""},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": 4}]})", "$.events[0].server", "out of range"},
    {R"({"duration_s": 10, "events": [{"at_s": 11, "kind": "crash", "server": 1}]})", "$.events[0].at_s", "comes after the end of the run (duration_s 10)"},
    {R"({"events": [{"at_s": 5, "kind": "heal"}, {"at_s": 4, "kind": "heal"}]})", "$.events[1].at_s", "events must be in time order"},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": 1, "wipe": true}]})", "$.events[0].wipe", "unknown key"},
    {R"({"events": [{"at_s": 1, "kind": "restart", "server": 1, "wipe": "yes"}]})", "$.events[0].wipe", "expected true or false"},
    {R"({"events": [{"at_s": 1, "kind": "freeze", "server": 1}]})", "$.events[0]", "missing key \"duration_s\""},
    {R"({"events": [{"at_s": 1, "kind": "partition"}]})", "$.events[0]", "missing key \"groups\""},
    {R"({"events": [{"at_s": 1, "kind": "partition", "groups": [[1, 2, 3]]}]})", "$.events[0].groups", "at least two groups"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "groups": [[1], [1, 2]]}]})", "$.events[0].groups[1][0]", "server 1 is in two groups"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "groups": [[1], [9]]}]})", "$.events[0].groups[1][0]", "not a server id"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "groups": [[1], 2]}]})", "$.events[0].groups[1]", "expected an array of server ids"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "groups": [[1], [2]], "clients_group": 2}]})", "$.events[0].clients_group", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "clog", "server": 1, "bandwidth_factor": 2}]})", "$.events[0].bandwidth_factor", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "slow_disk", "server": 1}]})", "$.events[0]", "missing key \"factor\""},
    {R"({"events": [{"at_s": 1, "kind": "slow_cpu", "server": 1, "factor": 0.5}]})", "$.events[0].factor", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "rate"}]})", "$.events[0]", "missing key \"rate_per_s\""},
    {R"({"events": [{"at_s": 1, "kind": "rate", "read_ratio": 1.5}]})", "$.events[0].read_ratio", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "heal", "server": 1}]})", "$.events[0].server", "unknown key"},
    // Balancing strategies (clients.strategy, the strategy event) and services.
    {R"({"clients": {"strategy": "fastest"}})", "$.clients.strategy", "unknown strategy 'fastest'"},
    {R"({"clients": {"strategy": 3}})", "$.clients.strategy", "expected an object, got an integer"},
    {R"({"clients": {"library": "go"}})", "$.clients.library", "expected one of: java, c"},
    {R"({"clients": {"library": 1}})", "$.clients.library", "expected a string, got an integer"},
    {R"({"clients": {"strategy": {"virtual_nodes": 5}}})", "$.clients.strategy", "missing key \"name\""},
    {R"({"clients": {"strategy": {"name": "maglev", "maglev_table_size": 100}}})", "$.clients.strategy", "must be a prime"},
    {R"({"clients": {"strategy": {"name": "consistent_hash", "virtual_nodes": 0}}})", "$.clients.strategy.virtual_nodes", "out of range"},
    {R"({"clients": {"strategy": {"name": "bounded_load_hash", "load_bound_factor": 0.5}}})", "$.clients.strategy.load_bound_factor", "out of range"},
    {R"({"clients": {"strategy": {"name": "least_loaded", "staleness": 5}}})", "$.clients.strategy.staleness", "unknown key"},
    {R"({"clients": {"strategy": {"name": "sticky", "sticky_inner": "sticky"}}})", "$.clients.strategy", "sticky_inner cannot be sticky"},
    {R"({"events": [{"at_s": 1, "kind": "strategy"}]})", "$.events[0]", "missing key \"strategy\""},
    {R"({"events": [{"at_s": 1, "kind": "strategy", "strategy": "nope"}]})", "$.events[0].strategy", "unknown strategy 'nope'"},
    {R"({"events": [{"at_s": 1, "kind": "strategy", "strategy": "random", "of": "app_clients"}]})", "$.events[0].of", "no services section"},
    {R"({"events": [{"at_s": 1, "kind": "strategy", "strategy": "random", "of": "servers"}]})", "$.events[0].of", "expected one of: clients, app_clients"},
    {R"({"events": [{"at_s": 1, "kind": "crash", "app_server": 1}]})", "$.events[0].app_server", "no services section"},
    {R"({"services": {"servers": {"count": 2}}, "events": [{"at_s": 1, "kind": "crash", "app_server": 3}]})", "$.events[0].app_server", "out of range"},
    {R"({"services": {}, "events": [{"at_s": 1, "kind": "slow_cpu", "app_server": 1, "server": 1, "factor": 2}]})", "$.events[0]", "either \"server\" or \"app_server\""},
    {R"({"services": {}, "events": [{"at_s": 1, "kind": "clog", "app_server": 1}]})", "$.events[0].app_server", "unknown key"},
    {R"({"services": []})", "$.services", "expected an object, got an array"},
    {R"({"services": {"colour": 1}})", "$.services.colour", "unknown key"},
    {R"({"services": {"name": "a/b"}})", "$.services.name", "not a znode name"},
    {R"({"services": {"servers": {"count": 0}}})", "$.services.servers.count", "out of range"},
    {R"({"services": {"servers": {"count": 2, "cpu_ghz": [1, 2, 3]}}})", "$.services.servers.cpu_ghz", "more speeds than app servers"},
    {R"({"services": {"servers": {"cpu_ghz": ["fast"]}}})", "$.services.servers.cpu_ghz[0]", "expected a CPU speed"},
    {R"({"services": {"servers": {"service_time_ms": 0}}})", "$.services.servers.service_time_ms", "out of range"},
    {R"({"services": {"servers": {"host": {"gpu": 1}}}})", "$.services.servers.host.gpu", "unknown key"},
    {R"({"services": {"clients": {"count": 0}}})", "$.services.clients.count", "out of range"},
    {R"({"services": {"clients": {"keys": 0}}})", "$.services.clients.keys", "must be at least 1"},
    {R"({"services": {"clients": {"request_timeout_ms": 0}}})", "$.services.clients.request_timeout_ms", "out of range"},
    {R"({"services": {"clients": {"strategy": "zzz"}}})", "$.services.clients.strategy", "unknown strategy 'zzz'"},
    {R"({"clients": {"rebalance": "no"}})", "$.clients.rebalance", "expected true or false"},
    {R"({"events": [{"at_s": 1, "kind": "add_servers", "count": 0}]})", "$.events[0].count", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "add_servers", "role": "leader"}]})", "$.events[0].role", "expected one of: participant, observer"},
    {R"({"events": [{"at_s": 1, "kind": "add_servers", "datacenter": "mars"}]})", "$.events[0].datacenter", "no datacenter named \"mars\""},
    {R"({"events": [{"at_s": 1, "kind": "add_servers", "count": 97}]})", "$.events[0]", "the run would need 100 servers"},
    {R"({"events": [{"at_s": 1, "kind": "remove_servers"}]})", "$.events[0]", "missing key \"which\""},
    {R"({"events": [{"at_s": 1, "kind": "remove_servers", "which": "oldest"}]})", "$.events[0].which", "expected one of: leader, follower"},
    {R"({"events": [{"at_s": 1, "kind": "remove_servers", "which": [4]}]})", "$.events[0].which[0]", "not a server id"},
    {R"({"events": [{"at_s": 1, "kind": "remove_servers", "which": "leader", "count": 2}]})", "$.events[0].count", "there is one leader"},
    {R"({"events": [{"at_s": 1, "kind": "remove_servers", "which": "follower", "count": 3}]})", "$.events[0].count", "would remove every voter"},
    {R"({"events": [{"at_s": 1, "kind": "remove_servers", "which": [1]}, {"at_s": 2, "kind": "remove_servers", "which": [1]}]})", "$.events[1].which", "server 1 is not a member at this time"},
    {R"({"events": [{"at_s": 1, "kind": "grow"}]})", "$.events[0]", "missing key \"factor\""},
    {R"({"events": [{"at_s": 1, "kind": "grow", "factor": 1.1}]})", "$.events[0].factor", "grows nothing"},
    {R"({"events": [{"at_s": 1, "kind": "grow", "factor": 0.5}]})", "$.events[0].factor", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "promote_observer", "which": [2]}]})", "$.events[0].which", "server 2 is not an observer"},
    {R"({"events": [{"at_s": 1, "kind": "rolling_replace", "count": 2}]})", "$.events[0].count", "unknown key"},
    {R"({"events": [{"at_s": 1, "kind": "add_servers"}, {"at_s": 2, "kind": "crash", "server": 5}]})", "$.events[1].server", "out of range"},
    // Targeted events (roles, protocol moments) and per-server settings.
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": "boss"}]})", "$.events[0].server", "not a role: \"boss\""},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": "id"}]})", "$.events[0].server", "not a role"},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": "leader", "when": "lunch"}]})", "$.events[0].when", "not a protocol moment"},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": "leader", "when": 3}]})", "$.events[0].when", "not a protocol moment"},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": "leader", "delay_ms": 3}]})", "$.events[0].delay_ms", "goes with \"when\""},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": 1, "when": "trunc_sent", "delay_ms": -1}]})", "$.events[0].delay_ms", "out of range"},
    {R"({"duration_s": 10, "events": [{"at_s": 1, "kind": "heal", "when": "synced", "within_s": 20}]})", "$.events[0].within_s", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "rate", "rate_per_s": 5, "when": "synced"}]})", "$.events[0].when", "unknown key"},
    {R"({"events": [{"at_s": 1, "kind": "clog", "server": "leader", "count": 2}]})", "$.events[0].count", "unknown key"},
    {R"({"events": [{"at_s": 1, "kind": "crash", "server": "leader", "count": 4}]})", "$.events[0].count", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "isolate": "leader", "groups": [[1], [2]]}]})", "$.events[0].groups", "groups or isolate"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "isolate": "chief"}]})", "$.events[0].isolate", "not a role"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "isolate": "leader", "joined_by": 3}]})", "$.events[0].joined_by", "out of range"},
    {R"({"events": [{"at_s": 1, "kind": "partition", "isolate": 1, "clients_group": 2}]})", "$.events[0].clients_group", "out of range"},
    {R"({"ensemble": {"overrides": [{"sync_limit": 3}]}})", "$.ensemble.overrides[0]", "missing key \"server\""},
    {R"({"ensemble": {"overrides": [{"server": 4}]}})", "$.ensemble.overrides[0].server", "out of range"},
    {R"({"ensemble": {"overrides": [{"server": 2}, {"server": 2}]}})", "$.ensemble.overrides[1].server", "two overrides"},
    {R"({"ensemble": {"overrides": [{"server": 2, "tick_ms": 5}]}})", "$.ensemble.overrides[0].tick_ms", "unknown key"},
    {R"({"ensemble": {"overrides": [{"server": 2, "fsync_ms": -1}]}})", "$.ensemble.overrides[0].fsync_ms", "out of range"},
    {R"({"ensemble": {"snapshots": {"snap_count": 1}}})", "$.ensemble.snapshots.snap_count", "out of range"},
    {R"({"ensemble": {"snapshots": {"snapCount": 1000}}})", "$.ensemble.snapshots.snapCount", "unknown key"},
    {R"({"ensemble": {"snapshots": {"snapshot_size_factor": 2}}})", "$.ensemble.snapshots.snapshot_size_factor", "out of range"},
    {R"({"ensemble": {"snapshots": {"snap_retain_count": 2}}})", "$.ensemble.snapshots.snap_retain_count", "out of range"},
    {R"({"ensemble": {"snapshots": {"purge_interval_h": -1}}})", "$.ensemble.snapshots.purge_interval_h", "out of range"},
    {R"({"ensemble": {"snapshots": []}})", "$.ensemble.snapshots", "expected an object"},
    {R"({"initial_data": {"value_bytes": 100}})", "$.initial_data", "give either znodes or size_bytes"},
    {R"({"initial_data": {"znodes": 10, "size_bytes": 1e6}})", "$.initial_data", "give either znodes or size_bytes"},
    {R"({"initial_data": {"znodes": 0}})", "$.initial_data.znodes", "out of range"},
    {R"({"initial_data": {"znodes": 1e9}})", "$.initial_data.znodes", "out of range"},
    {R"({"initial_data": {"size_bytes": 1e12, "value_bytes": 10}})", "$.initial_data.size_bytes", "too many znodes"},
    {R"({"initial_data": {"znodes": 10, "value_bytes": 2e6}})", "$.initial_data.value_bytes", "out of range"},
    {R"({"initial_data": {"znodes": 10, "value_bytes": {"distribution": "normal"}}})", "$.initial_data.value_bytes.distribution", "expected one of: fixed, uniform, exponential"},
    {R"({"initial_data": {"znodes": 10, "value_bytes": {"min": 500, "max": 100}}})", "$.initial_data.value_bytes.max", "smaller than min"},
    {R"({"initial_data": {"znodes": 10, "value_bytes": {"median": 100}}})", "$.initial_data.value_bytes.median", "unknown key"},
    {R"({"initial_data": {"rows": 10}})", "$.initial_data.rows", "unknown key"},
};

}  // namespace

TEST_CASE("validation: each malformed scenario is refused with its JSON path and a clear message") {
  CHECK(std::size(kCases) >= 30);
  for (const tests::BadScenario& c : kCases) tests::check_refused(c);
}

TEST_CASE("validation: all problems are reported at once, each on its own line naming the file") {
  const auto result = sim::parse_scenario(
      R"({"ensemble": {"servers": "three"}, "workload": {"read_ratio": 2}, "events": [{"at_s": 1, "kind": "nope"}]})",
      "bad.json", ".");
  REQUIRE(result.errors.size() == 3);
  const std::string text = sim::format_errors(result);
  CHECK(text.find("bad.json: $.ensemble.servers: expected an integer, got a string\n") != std::string::npos);
  CHECK(text.find("bad.json: $.workload.read_ratio: value 2 is out of range (expected a number from 0 to 1)\n") != std::string::npos);
  CHECK(text.find("bad.json: $.events[0].kind: unknown value \"nope\"") != std::string::npos);
}

TEST_CASE("validation: a valid scenario yields the values it gives and the documented defaults") {
  const auto result = sim::parse_scenario(R"({"name": "ok", "ensemble": {"servers": 5, "observers": 1}})", "ok.json", ".");
  REQUIRE(result.scenario.has_value());
  CHECK(result.scenario->ensemble.members() == 6);
  CHECK(result.scenario->ensemble.tick_ms == 2000);
  CHECK(result.scenario->network.model == "CM02");
  CHECK(result.errors.empty());
}

TEST_CASE("validation: clients.library defaults to java and takes c") {
  const auto java = sim::parse_scenario(R"({"name": "ok"})", "ok.json", ".");
  REQUIRE(java.scenario.has_value());
  CHECK(java.scenario->clients.library == models::ClientLibrary::java);
  const auto c = sim::parse_scenario(R"({"name": "ok", "clients": {"library": "c"}})", "ok.json", ".");
  REQUIRE(c.scenario.has_value());
  CHECK(c.scenario->clients.library == models::ClientLibrary::c);
}

TEST_CASE("validation: snapshot settings and initial data, with ZooKeeper's defaults") {
  const auto d = sim::parse_scenario(R"({"name": "ok"})", "ok.json", ".");
  REQUIRE(d.scenario.has_value());
  CHECK(d.scenario->ensemble.snapshots.snap_count == 100000);
  CHECK(d.scenario->ensemble.snapshots.snap_size_limit_bytes == 4194304ull * 1024);
  CHECK(d.scenario->ensemble.snapshots.snapshot_size_factor == doctest::Approx(0.33));
  CHECK(d.scenario->ensemble.snapshots.snap_retain_count == 3);
  CHECK(d.scenario->ensemble.snapshots.purge_interval_ns == 0);
  CHECK_FALSE(d.scenario->initial_data.enabled);
  const auto r = sim::parse_scenario(R"({"name": "ok", "ensemble": {"snapshots": {"snap_count": 5000,
      "snap_size_limit_kb": 1024, "snapshot_size_factor": -1, "snap_retain_count": 5, "purge_interval_h": 0.5}},
      "initial_data": {"size_bytes": 1e9, "value_bytes": {"distribution": "uniform", "min": 100, "max": 1900}}})",
                                     "ok.json", ".");
  REQUIRE_MESSAGE(r.scenario.has_value(), sim::format_errors(r));
  const auto& s = r.scenario->ensemble.snapshots;
  CHECK(s.snap_count == 5000);
  CHECK(s.snap_size_limit_bytes == 1024 * 1024);
  CHECK(s.snapshot_size_factor == -1);
  CHECK(s.snap_retain_count == 5);
  CHECK(s.purge_interval_ns == models::sec(1800));
  const auto& data = r.scenario->initial_data;
  CHECK(data.enabled);
  CHECK(data.sizes.kind == models::ValueSizes::Kind::uniform);
  CHECK(data.znodes == 909'091);  // 1e9 bytes at a mean of 1,000 B of value and 100 B of znode
}

TEST_CASE("validation: an event after the end of the run says so, and is not also out of time order") {
  const auto result = sim::parse_scenario(
      R"({"duration_s": 10, "events": [{"at_s": 5, "kind": "heal"}, {"at_s": 20, "kind": "heal"}, {"at_s": 8, "kind": "heal"}]})",
      "late.json", ".");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].path == "$.events[1].at_s");
  CHECK(result.errors[0].message == "the event at 20 s comes after the end of the run (duration_s 10)");
}
