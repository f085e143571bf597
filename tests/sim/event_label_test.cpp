// The plots' labels of scenario events (sim/scenario/event_label.hpp): what each did, with its
// values, and undo events saying so.
#include <doctest/doctest.h>

#include "sim/scenario/event_label.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace {

std::string label_of(const std::string& event_json) {
  const auto loaded = sim::parse_scenario(R"({"duration_s": 100, "events": [)" + event_json + "]}", "t.json", ".");
  REQUIRE_MESSAGE(loaded.scenario, sim::format_errors(loaded));
  return sim::event_label(loaded.scenario->events.at(0));
}

}  // namespace

TEST_CASE("event labels: what an event set, and undo events say so") {
  CHECK(label_of(R"({"at_s": 1, "kind": "rate", "rate_per_s": 5000})") == "rate 5000 req/s");
  CHECK(label_of(R"({"at_s": 1, "kind": "rate", "rate_per_s": 5000, "read_ratio": 0.9})") == "rate 5000 req/s, reads 90 %");
  CHECK(label_of(R"({"at_s": 1, "kind": "slow_disk", "server": 2, "factor": 4})") == "slow_disk server 2 x4");
  CHECK(label_of(R"({"at_s": 1, "kind": "slow_disk", "server": 2, "factor": 1})") == "slow_disk server 2 x1: undone");
  CHECK(label_of(R"({"at_s": 1, "kind": "heal"})") == "heal: partitions undone");
  CHECK(label_of(R"({"at_s": 1, "kind": "packet_loss", "server": 1, "percent": 5})") == "packet_loss server 1 5 % lost");
  CHECK(label_of(R"({"at_s": 1, "kind": "packet_loss", "server": 1, "percent": 0})") == "packet_loss server 1 0 %: undone");
  CHECK(label_of(R"({"at_s": 1, "kind": "clog", "server": 3, "extra_latency_ms": 5})") == "clog server 3 +5 ms, bandwidth x1");
}
