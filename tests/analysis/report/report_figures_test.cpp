// Every figure of a report, flattened (what replications and compare keep), and the intervals and
// columns built from several runs' figures.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/report/figure_columns.hpp"
#include "analysis/report/figure_intervals.hpp"
#include "analysis/report/report_figures.hpp"

namespace {

using Json = nlohmann::ordered_json;

// The shape of a report.json, with one of each kind of thing the flattening keeps or leaves out.
Json sample_report(double p99_ms, double disk_utilization, double client_percent = 99.5) {
  return Json::parse(R"({
    "schema": "zksim.report/1",
    "run": {"seed": 7, "servers": 3, "duration_s": 10},
    "strategies": {"clients": {"strategy": "consistent_hash", "options": {"virtual_nodes": 100}}},
    "summary": {"throughput_per_s": 100.5, "servers_serving": 3},
    "latency": {"all": {"p99_ms": )" + std::to_string(p99_ms) + R"(, "p999_ms": null}},
    "availability": {"client_percent": )" + std::to_string(client_percent) + R"(, "write_unavailability": [{"start_s": 1, "end_s": 2, "duration_ms": 1000}]},
    "servers": [{"id": 1, "final_state": "LEADING", "requests": 40}, {"id": 2, "final_state": "FOLLOWING", "requests": 60}],
    "elections": [{"server": 1, "leader": 1, "epoch": 0, "duration_ms": 200}],
    "leaderships": [{"server": 1, "epoch": 1, "commits": 10}],
    "cross_checks": {"read_latency_ms": {"relative_difference": -0.02, "applicable": true}},
    "faults": {"events": [{"kind": "crash", "node": 2, "target": "server 2", "longest_write_gap_ms": 30}]},
    "storage": {"events": [{"server": 2, "mb": 1.5}], "events_not_listed": 0},
    "membership": {"changes": [{"label": "grow x2", "version": 4294967592, "voters_after": [1, 2, 3],
                                "refusals": [{"at_s": 5, "request_id": 1}], "write_stall_ms": 244.5}]},
    "service_discovery": {"dead_backends": [{"app_server": 4, "requests_after_stop": 970}]},
    "resources": {"resources": [{"resource": "server2", "kind": "disk", "server": 2, "mean_utilization": )" +
                    std::to_string(disk_utilization) + R"(}]}
  })");
}

std::vector<std::string> pointers_of(const std::vector<analysis::ReportFigure>& figures) {
  std::vector<std::string> out;
  for (const auto& f : figures) out.push_back(f.pointer);
  return out;
}

}  // namespace

TEST_CASE("report figures: every measured numeric leaf, by JSON pointer, in document order") {
  const auto figures = analysis::report_figures(sample_report(4.5, 0.25));
  const std::vector<std::string> expected = {"/summary/throughput_per_s",
                                             "/summary/servers_serving",
                                             "/latency/all/p99_ms",
                                             "/availability/client_percent",
                                             "/servers/0/requests",
                                             "/servers/1/requests",
                                             "/cross_checks/read_latency_ms/relative_difference",
                                             "/faults/events/0/longest_write_gap_ms",
                                             "/storage/events_not_listed",
                                             "/membership/changes/0/write_stall_ms",
                                             "/service_discovery/dead_backends/0/requests_after_stop",
                                             "/resources/resources/0/mean_utilization"};
  CHECK(pointers_of(figures) == expected);
  // Left out: the run's inputs and strategies, identifiers (ids, epochs, versions, member lists),
  // null leaves, and the chance event logs (elections, leaderships, unavailability windows,
  // storage events, refused reconfigurations).
  CHECK(figures[2].value == doctest::Approx(4.5));
}

TEST_CASE("report figures: list entries are named in the labels by what the report calls them") {
  const auto figures = analysis::report_figures(sample_report(4.5, 0.25));
  const auto label_of = [&](const std::string& pointer) {
    const auto it = std::find_if(figures.begin(), figures.end(), [&](const auto& f) { return f.pointer == pointer; });
    return it == figures.end() ? std::string("missing") : it->label;
  };
  CHECK(label_of("/servers/1/requests") == "servers[id 2]/requests");
  CHECK(label_of("/faults/events/0/longest_write_gap_ms") == "faults/events[crash server 2]/longest_write_gap_ms");
  CHECK(label_of("/membership/changes/0/write_stall_ms") == "membership/changes[grow x2]/write_stall_ms");
  CHECK(label_of("/resources/resources/0/mean_utilization") == "resources/resources[server2 disk]/mean_utilization");
  CHECK(label_of("/service_discovery/dead_backends/0/requests_after_stop") ==
        "service_discovery/dead_backends[app server 4]/requests_after_stop");
  CHECK(analysis::figure_section("/resources/resources/0/mean_utilization") == "resources");
}

TEST_CASE("report figures: intervals over runs, bounded by what each figure can be, and those missing from a run counted") {
  Json third = sample_report(5.5, 0.35, 100);
  third["faults"] = nullptr;  // this run's fault section is absent
  const std::vector<std::vector<analysis::ReportFigure>> runs = {analysis::report_figures(sample_report(4.5, 0.25, 99.0)),
                                                                 analysis::report_figures(sample_report(5.0, 0.30, 99.9)),
                                                                 analysis::report_figures(third)};
  const analysis::FigureIntervals all = analysis::figure_intervals(runs);
  CHECK(all.in_some_runs == std::vector<std::string>{"/faults/events/0/longest_write_gap_ms"});
  const auto find = [&](const std::string& pointer) {
    return *std::find_if(all.figures.begin(), all.figures.end(), [&](const auto& f) { return f.pointer == pointer; });
  };
  const auto disk = find("/resources/resources/0/mean_utilization");
  CHECK(disk.samples == std::vector<double>{0.25, 0.30, 0.35});
  CHECK(disk.ci.mean == doctest::Approx(0.30));
  CHECK(disk.ci.half_width == doctest::Approx(4.3027 * 0.05 / std::sqrt(3.0)));
  CHECK(disk.ci.low() >= 0);  // a utilization is never negative
  const auto percent = find("/availability/client_percent");
  CHECK(percent.ci.mean + percent.ci.half_width > 100);
  CHECK(percent.ci.high() == 100);  // a percentage's interval ends within [0, 100]
  CHECK(analysis::figure_bounds("/availability/client_percent").ceiling == 100);
  CHECK(std::isinf(analysis::figure_bounds("/cross_checks/read_latency_ms/relative_difference").floor));
  const Json json = analysis::interval_json(disk, true);
  CHECK(json["label"] == "resources/resources[server2 disk]/mean_utilization");
  CHECK(json["samples"].size() == 3);
}

TEST_CASE("report figures: side by side, one value per run, null where a run lacks the figure") {
  const Json columns = analysis::figures_side_by_side(
      {"round_robin", "random", "least_loaded"},
      {analysis::report_figures(sample_report(4.5, 0.25)), {}, analysis::report_figures(sample_report(6.0, 0.5))});
  const Json& p99 = columns["/latency/all/p99_ms"];
  CHECK(p99["label"] == "latency/all/p99_ms");
  CHECK(p99["values"]["round_robin"] == 4.5);
  CHECK(p99["values"]["random"].is_null());  // its run wrote no report
  CHECK(p99["values"]["least_loaded"] == 6.0);
  CHECK(columns.size() == 12);
}
