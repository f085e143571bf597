// Two runs' figures side by side (zksim diff-reports): the change of each, the verdict on
// replications' intervals, figures one side lacks, and the documents' problems named by JSON path.
#include <doctest/doctest.h>

#include <string>

#include "analysis/report/report_diff.hpp"

namespace {

using Json = nlohmann::ordered_json;
using analysis::DiffInterval;
using analysis::DiffValue;
using analysis::Verdict;

Json report(const std::string& scenario, double throughput, const std::string& extra = "") {
  return Json::parse(R"({"schema": "zksim.report/1",
    "run": {"scenario": ")" + scenario + R"(", "seed": 7, "servers": 3, "duration_s": 10},
    "summary": {"throughput_per_s": )" + std::to_string(throughput) + R"(, "requests_ok": 1000},
    "latency": {"all": {"p99_ms": 4.0}, "read": {"p99_ms": 2.0}})" + extra + "}");
}

// A replications.json with one figure, mean +- half.
Json replications(double mean, double half, const std::string& pointer = "/summary/throughput_per_s") {
  Json figure = {{"label", pointer.substr(1)}, {"mean", mean}, {"half_width_95", half},
                 {"low", mean - half},         {"high", mean + half}, {"samples", Json::array()}};
  return {{"schema", "zksim.replications/2"}, {"scenario", "s"}, {"first_seed", 1u},
          {"replications", 5u}, {"failed_runs", 0}, {"figures", {{pointer, figure}}}};
}

// The message of the DiffInputError that f throws, or "" when it throws none.
template <typename F>
std::string input_error(F f) {
  try {
    f();
  } catch (const analysis::DiffInputError& e) {
    return e.what();
  }
  return "";
}

DiffValue with_interval(double mean, double low, double high) { return {"/x", "x", mean, DiffInterval{low, high}}; }

}  // namespace

TEST_CASE("report diff: changed only when each mean lies outside the other side's interval") {
  // Disjoint intervals: each mean is outside the other's.
  CHECK(analysis::verdict_of(with_interval(10, 9, 11), with_interval(20, 19, 21)) == Verdict::changed);
  // Overlapping intervals, each mean still outside the other's: changed.
  CHECK(analysis::verdict_of(with_interval(10, 8, 13), with_interval(14, 11, 17)) == Verdict::changed);
  // B's mean outside A's interval, but A's wide interval... A's mean inside B's: within noise.
  CHECK(analysis::verdict_of(with_interval(10, 9, 11), with_interval(12, 5, 19)) == Verdict::within_noise);
  CHECK(analysis::verdict_of(with_interval(12, 5, 19), with_interval(10, 9, 11)) == Verdict::within_noise);
  // Same means: within noise. One replication (unbounded interval): never changed.
  CHECK(analysis::verdict_of(with_interval(10, 9, 11), with_interval(10, 9, 11)) == Verdict::within_noise);
  CHECK(analysis::verdict_of(with_interval(10, 9, 11), with_interval(50, -1e300, 1e300)) == Verdict::within_noise);
  // A single run on either side: no verdict.
  CHECK(analysis::verdict_of(DiffValue{"/x", "x", 10, std::nullopt}, with_interval(20, 19, 21)) == Verdict::none);
}

TEST_CASE("report diff: replicated sides read their intervals, and the verdict reaches the headline") {
  analysis::DiffSide a = analysis::side_from_replications(replications(100, 5), nullptr);
  analysis::DiffSide b = analysis::side_from_replications(replications(130, 5), nullptr);
  CHECK(a.seeds == "1..5");
  CHECK_FALSE(a.duration_s);
  const analysis::ReportDiff d = analysis::diff_reports(a, b);
  REQUIRE(d.headline.size() == 1);
  CHECK(d.headline[0].name == "throughput_per_s");
  CHECK(d.headline[0].change == doctest::Approx(30));
  CHECK(*d.headline[0].relative_percent == doctest::Approx(30));
  CHECK(d.headline[0].verdict == Verdict::changed);
  const analysis::ReportDiff close = analysis::diff_reports(a, analysis::side_from_replications(replications(104, 5), nullptr));
  CHECK(close.headline[0].verdict == Verdict::within_noise);
  CHECK(analysis::diff_table(close).find("within noise") != std::string::npos);
  CHECK(analysis::diff_json(d)["verdict_rule"].get<std::string>().find("outside the other") != std::string::npos);
}

TEST_CASE("report diff: single runs have changes and no verdict, headline first, then sections") {
  const analysis::ReportDiff d =
      analysis::diff_reports(analysis::side_from_report(report("three", 200)), analysis::side_from_report(report("five", 150)));
  CHECK(d.a.scenario == "three");
  CHECK(d.b.scenario == "five");
  REQUIRE(d.headline.size() == 3);  // throughput, latency p99, read p99
  CHECK(d.headline[0].name == "throughput_per_s");
  CHECK(d.headline[0].change == doctest::Approx(-50));
  CHECK(*d.headline[0].relative_percent == doctest::Approx(-25));
  CHECK(d.headline[0].verdict == Verdict::none);
  REQUIRE(d.sections.size() == 1);
  CHECK(d.sections[0].first == "summary");
  CHECK(d.sections[0].second[0].name == "requests_ok");
  const std::string table = analysis::diff_table(d);
  CHECK(table.find("single runs: no intervals; use --replications for a verdict") != std::string::npos);
  CHECK(table.find("scenario three, seed 7 (single run), 10 s") != std::string::npos);
  CHECK(table.find("changed") == std::string::npos);
  CHECK(analysis::diff_json(d)["headline"][0]["verdict"].is_null());
}

TEST_CASE("report diff: figures only one side has are listed apart") {
  const std::string faults = R"(, "faults": {"settle_ms": 5000, "events": [{"at_s": 3, "longest_write_gap_ms": 900}]})";
  const analysis::ReportDiff d = analysis::diff_reports(analysis::side_from_report(report("a", 100, faults)),
                                                        analysis::side_from_report(report("b", 100)));
  REQUIRE(d.only_a.size() == 3);
  CHECK(d.only_a[0].pointer == "/faults/settle_ms");
  CHECK(d.only_a[2].pointer == "/faults/events/0/longest_write_gap_ms");
  CHECK(d.only_b.empty());
  CHECK(analysis::diff_table(d).find("only in A (3 figures)") != std::string::npos);
  CHECK(analysis::diff_csv(d).find("only A,faults/events[0]/longest_write_gap_ms,/faults/events/0/longest_write_gap_ms,900.0,,") !=
        std::string::npos);
  CHECK(analysis::diff_json(d)["only_a"].size() == 3);
}

TEST_CASE("report diff: a figure in only some of the other side's replications is marked, and failed runs are told") {
  Json a = replications(100, 5);
  a["failed_runs"] = 1u;
  a["figures_in_some_runs"] = {{"count", 1u}, {"pointers", {"/faults/events/0/reconnect_ms"}}};
  Json b = replications(100, 5);
  b["figures"]["/faults/events/0/reconnect_ms"] = replications(40, 2)["figures"]["/summary/throughput_per_s"];
  const analysis::ReportDiff d =
      analysis::diff_reports(analysis::side_from_replications(a, nullptr), analysis::side_from_replications(b, nullptr));
  REQUIRE(d.only_b.size() == 1);
  const std::string table = analysis::diff_table(d);
  CHECK(table.find("(5 replications, 1 did not complete)") != std::string::npos);
  CHECK(table.find("(in some of A's runs only: no interval)") != std::string::npos);
  CHECK(analysis::diff_json(d)["only_b"][0]["other_side_in_some_runs"] == true);
  CHECK(analysis::diff_json(d)["a"]["failed_runs"] == 1);
}

TEST_CASE("report diff: a zero on A has no relative change unless B is zero too") {
  const analysis::ReportDiff d = analysis::diff_reports(analysis::side_from_report(report("a", 0)),
                                                        analysis::side_from_report(report("b", 5)));
  CHECK_FALSE(d.headline[0].relative_percent);
  CHECK(analysis::diff_csv(d).find("headline,throughput_per_s,/summary/throughput_per_s,0.0,5.0,5.0,,") != std::string::npos);
}

TEST_CASE("report diff: a document that is not what its schema says is refused with its JSON path") {
  Json bad = report("a", 1);
  bad["run"].erase("scenario");
  CHECK(input_error([&] { analysis::side_from_report(bad); }) == "$.run.scenario: missing");
  CHECK(input_error([] { analysis::side_from_report(replications(1, 1)); }) ==
        "$.schema: \"zksim.replications/2\", expected \"zksim.report/1\"");
  Json figure = replications(1, 1);
  figure["figures"]["/summary/throughput_per_s"]["mean"] = "many";
  CHECK(input_error([&] { analysis::side_from_replications(figure, nullptr); }) ==
        "$.figures./summary/throughput_per_s.mean: not a number");
  CHECK(input_error([] { analysis::side_from_report(Json::array()); }) == "$: not a JSON object");
}

TEST_CASE("report diff: the same inputs give the same table, JSON and CSV, byte for byte") {
  const auto make = [] {
    return analysis::diff_reports(analysis::side_from_replications(replications(100, 5), nullptr),
                                  analysis::side_from_replications(replications(130, 5), nullptr));
  };
  CHECK(analysis::diff_table(make()) == analysis::diff_table(make()));
  CHECK(analysis::diff_json(make()).dump(2) == analysis::diff_json(make()).dump(2));
  CHECK(analysis::diff_csv(make()) == analysis::diff_csv(make()));
}
