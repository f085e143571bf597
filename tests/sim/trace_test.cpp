// Recording, replaying and diffing traces, and incident timelines, through the zksim binary.
// The shipped scenarios are shortened (their event times scaled with the duration) to keep the
// tests quick; what a trace contains does not depend on the length of the run.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "tests/sim/zksim_process.hpp"

namespace {

// Writes a copy of a shipped scenario lasting duration_s, its events at proportional times.
std::string shortened(const std::string& dir, const std::string& name, double duration_s, bool keep_events = true) {
  nlohmann::json s = tests::read_json(tests::source_path("scenarios/" + name + ".json"));
  const double scale = duration_s / s["duration_s"].get<double>();
  s["duration_s"] = duration_s;
  s["warmup_s"] = s.value("warmup_s", 5.0) * scale;
  if (!keep_events) s["events"] = nlohmann::json::array();
  for (auto& e : s["events"]) e["at_s"] = e["at_s"].get<double>() * scale;
  const std::string path = dir + "/" + name + ".json";
  tests::write_file(path, s.dump(2));
  return path;
}

std::string record(const std::string& dir, const std::string& scenario, const std::string& trace,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", scenario, "--out", dir + "/out-" + trace, "-q", "--trace", dir + "/" + trace};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = tests::run_zksim(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return dir + "/" + trace;
}

// The index of the n-th line (0-based) matching pattern after skip lines.
std::size_t find_line(const std::vector<std::string>& lines, const std::regex& pattern, std::size_t skip) {
  for (std::size_t i = skip; i < lines.size(); ++i)
    if (std::regex_search(lines[i], pattern)) return i;
  FAIL("no line matches");
  return 0;
}

}  // namespace

TEST_CASE("trace: recording the same scenario twice gives byte-identical traces") {
  const auto dir = tests::temp_dir("trace-same");
  const auto scenario = shortened(dir, "default", 8);
  const auto a = tests::read_file(record(dir, scenario, "a.ndjson"));
  const auto b = tests::read_file(record(dir, scenario, "b.ndjson"));
  CHECK(a.size() > 100000);
  CHECK(a == b);
  const auto header = nlohmann::json::parse(tests::lines_of(a).front());
  CHECK(header["trace"] == "zksim");
  CHECK(header["version"] == 2);  // version 2: the footer
  CHECK(header["network_model"] == "CM02");
  CHECK(header["scenario"]["name"] == "default");
  CHECK(header["servers"].size() == 3);
  CHECK(header["clients"].size() == 200);
  // The report does not change when the run is traced.
  const auto untraced = tests::run_zksim({"run", scenario, "--out", dir + "/plain", "-q"});
  REQUIRE(untraced.exit_code == 0);
  CHECK(tests::read_file(dir + "/plain/report.json") == tests::read_file(dir + "/out-a.ndjson/report.json"));
}

TEST_CASE("trace: replay verifies the traces of default, leader_crash and leader_power_off") {
  const auto dir = tests::temp_dir("trace-replay");
  const std::vector<std::pair<std::string, double>> scenarios{
      {"default", 12}, {"leader_crash", 15}, {"leader_power_off", 24}};
  for (const auto& [name, duration_s] : scenarios) {
    const auto trace = record(dir, shortened(dir, name, duration_s), name + ".ndjson");
    const auto r = tests::run_zksim({"replay", trace});
    INFO(name << ": " << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("verified") != std::string::npos);
    const std::string text = tests::read_file(trace);
    CHECK(text.find("\"process\":\"stop\"") != std::string::npos);   // the fault happened in the run
    const bool resynced = text.find("\"type\":\"snap\"") != std::string::npos ||
                          text.find("\"type\":\"diff\"") != std::string::npos;
    CHECK(resynced);  // and the restarted server synchronized with the leader
  }
}

TEST_CASE("trace: a send effect edited by hand is the first mismatch replay reports") {
  const auto dir = tests::temp_dir("trace-edit");
  const auto trace = record(dir, shortened(dir, "leader_crash", 6), "t.ndjson");
  const auto lines = tests::lines_of(tests::read_file(trace));
  SUBCASE("a destination") {
    const std::size_t i = find_line(lines, std::regex(R"("fx":"send","to":[123],)"), lines.size() / 2);
    auto edited = lines;
    edited[i] = std::regex_replace(lines[i], std::regex(R"("to":([123]))"), "\"to\":7");
    tests::write_file(dir + "/edited.ndjson", tests::joined(edited));
    const auto r = tests::run_zksim({"replay", dir + "/edited.ndjson"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("MISMATCH at line " + std::to_string(i + 1) + " ") != std::string::npos);
    CHECK(r.out.find("/to: 7 (trace) vs") != std::string::npos);
    CHECK(r.out.find("input    (line ") != std::string::npos);
  }
  SUBCASE("a zxid") {
    const std::size_t i = find_line(lines, std::regex(R"("fx":"send".*"type":"ack","zxid":\d+)"), lines.size() / 2);
    auto edited = lines;
    edited[i] = std::regex_replace(lines[i], std::regex(R"("zxid":(\d+))"), "\"zxid\":12345");
    tests::write_file(dir + "/edited.ndjson", tests::joined(edited));
    const auto r = tests::run_zksim({"replay", dir + "/edited.ndjson"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("MISMATCH at line " + std::to_string(i + 1) + " ") != std::string::npos);
    CHECK(r.out.find("/msg/zxid: 12345 (trace) vs") != std::string::npos);
  }
  SUBCASE("an effect removed") {
    const std::size_t i = find_line(lines, std::regex(R"("fx":"send")"), lines.size() / 2);
    auto edited = lines;
    edited.erase(edited.begin() + static_cast<std::ptrdiff_t>(i));
    tests::write_file(dir + "/edited.ndjson", tests::joined(edited));
    const auto r = tests::run_zksim({"replay", dir + "/edited.ndjson"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("MISMATCH at line " + std::to_string(i + 1) + " ") != std::string::npos);
  }
}

TEST_CASE("trace: replay refuses a missing file, a file that is not a trace, and a broken line with exit 2") {
  const auto dir = tests::temp_dir("trace-bad");
  CHECK(tests::run_zksim({"replay", dir + "/none.ndjson"}).exit_code == 2);
  tests::write_file(dir + "/notrace.ndjson", "{\"name\":\"x\"}\n");
  const auto not_trace = tests::run_zksim({"replay", dir + "/notrace.ndjson"});
  CHECK(not_trace.exit_code == 2);
  CHECK(not_trace.err.find("not a zksim trace header") != std::string::npos);
  const auto trace = record(dir, shortened(dir, "leader_crash", 3), "t.ndjson");
  auto lines = tests::lines_of(tests::read_file(trace));
  lines[5] = lines[5].substr(0, lines[5].size() / 2);
  tests::write_file(dir + "/cut.ndjson", tests::joined(lines));
  const auto cut = tests::run_zksim({"replay", dir + "/cut.ndjson"});
  CHECK(cut.exit_code == 2);
  CHECK(cut.err.find("bad trace at line 6") != std::string::npos);
}

TEST_CASE("trace: diff says identical traces are identical, and finds where two seeds diverge") {
  const auto dir = tests::temp_dir("trace-diff");
  const auto scenario = shortened(dir, "leader_crash", 4);
  const auto a = record(dir, scenario, "a.ndjson");
  const auto b = record(dir, scenario, "b.ndjson");
  const auto c = record(dir, scenario, "c.ndjson", {"--seed", "2"});
  const auto same = tests::run_zksim({"diff", a, b});
  CHECK(same.exit_code == 0);
  CHECK(same.out == "traces are identical\n");
  const auto differ = tests::run_zksim({"diff", a, c});
  CHECK(differ.exit_code == 1);
  CHECK(differ.out.find("seed: 1 (A) vs 2 (B)") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(differ.out, m, std::regex(R"(first divergence at line (\d+))")));
  const std::size_t line = std::stoul(m[1]);
  const auto la = tests::lines_of(tests::read_file(a)), lc = tests::lines_of(tests::read_file(c));
  for (std::size_t i = 1; i + 1 < line; ++i) REQUIRE(la[i] == lc[i]);
  CHECK(la[line - 1] != lc[line - 1]);
  CHECK(differ.out.find("  A " + std::to_string(line) + ": ") != std::string::npos);
  CHECK(tests::run_zksim({"diff", a, dir + "/none.ndjson"}).exit_code == 2);
}

TEST_CASE("trace: an incident CSV with a bad row is refused with its file, line and column") {
  const auto dir = tests::temp_dir("trace-incident-bad");
  const auto scenario = shortened(dir, "leader_crash", 10);
  tests::write_file(dir + "/incident.csv", "# a comment\ntime_s,kind,server\n2,crash,1\n\n4,crash,9\n");
  const auto r = tests::run_zksim({"run", scenario, "--incident", dir + "/incident.csv", "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir + "/incident.csv:5: column server: value 9 is out of range") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
  tests::write_file(dir + "/late.csv", "time_s,kind\n60,heal\n");
  const auto late = tests::run_zksim({"run", scenario, "--incident", dir + "/late.csv", "--out", dir + "/out", "-q"});
  CHECK(late.exit_code == 2);
  CHECK(late.err.find(dir + "/late.csv:2: column time_s: the event at 60 s comes after the end of the run (duration_s 10)") != std::string::npos);
}

TEST_CASE("trace: an incident timeline's events change the run, and the trace header records them") {
  const auto dir = tests::temp_dir("trace-incident");
  const auto scenario = shortened(dir, "leader_crash", 20, false);
  const auto plain = tests::run_zksim({"run", scenario, "--out", dir + "/plain", "-q"});
  REQUIRE(plain.exit_code == 0);
  const auto trace = record(dir, scenario, "t.ndjson",
                            {"--incident", tests::source_path("scenarios/incidents/leader_disk_stall.csv")});
  const auto before = tests::read_json(dir + "/plain/report.json")["elections"];
  const auto after = tests::read_json(dir + "/out-t.ndjson/report.json")["elections"];
  CHECK(before.size() == 3);  // the first election only
  CHECK(after.size() > before.size());  // the leader (server 3) crashes at 12 s: a new election
  const auto header = nlohmann::json::parse(tests::lines_of(tests::read_file(trace)).front());
  CHECK(header["incident"].size() == 4);
  CHECK(header["incident"][1]["kind"] == "crash");
  CHECK(tests::run_zksim({"replay", trace}).exit_code == 0);
}
