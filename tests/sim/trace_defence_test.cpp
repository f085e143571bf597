// A trace is input like any other: replay and diff read it with the loaders' defences, a trace cut
// short or changed after it was written fails replay (its footer), and a crafted one is refused as
// a bad trace (exit 2) before any record can reach a model's assertion.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "sim/trace/decode_error.hpp"
#include "sim/trace/line_reader.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

// A short leader_crash run's trace, and its lines.
struct Recorded {
  std::string dir, trace;
  std::vector<std::string> lines;
};

Recorded record(const std::string& name) {
  Recorded r;
  r.dir = tests::temp_dir(name);
  tests::write_file(r.dir + "/s.json", R"({"name": "s", "duration_s": 3, "warmup_s": 1, "clients": {"count": 4},
      "workload": {"rate_per_s": 200, "read_ratio": 0.5}, "events": [{"at_s": 1.5, "kind": "crash", "server": 3}]})");
  r.trace = r.dir + "/t.ndjson";
  const auto run = tests::run_zksim({"run", r.dir + "/s.json", "--out", r.dir + "/out", "-q", "--trace", r.trace});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  r.lines = tests::lines_of(tests::read_file(r.trace));
  return r;
}

// The first line (after the header) that contains every one of the parts.
std::size_t first_line_with(const std::vector<std::string>& lines, std::initializer_list<const char*> parts) {
  for (std::size_t i = 1; i < lines.size(); ++i) {
    bool all = true;
    for (const char* p : parts) all = all && lines[i].find(p) != std::string::npos;
    if (all) return i;
  }
  FAIL("no such line");
  return 0;
}

tests::ProcessResult replay(const Recorded& r, const std::vector<std::string>& lines) {
  tests::write_file(r.dir + "/edited.ndjson", tests::joined(lines));
  return tests::run_zksim({"replay", r.dir + "/edited.ndjson"});
}

}  // namespace

TEST_CASE("trace: a trace cut at a line boundary, or changed after it was written, fails replay (exit 1)") {
  const Recorded r = record("trace-damage");
  REQUIRE(r.lines.back().find("{\"end\":\"zksim\"") == 0);
  REQUIRE(tests::run_zksim({"replay", r.trace}).exit_code == 0);
  SUBCASE("cut short at a line boundary: without its footer, or before an input") {
    std::size_t before_input = r.lines.size() / 2;
    while (r.lines[before_input].find("\"in\":") == std::string::npos) ++before_input;  // every step whole
    for (std::size_t keep : {r.lines.size() - 1, before_input}) {
      const auto cut = replay(r, std::vector<std::string>(r.lines.begin(), r.lines.begin() + static_cast<std::ptrdiff_t>(keep)));
      CHECK(cut.exit_code == 1);
      CHECK(cut.out.find("DAMAGED: the trace ends at line " + std::to_string(keep) + " without its footer") != std::string::npos);
    }
  }
  SUBCASE("cut in the middle of its last line") {
    std::string text = tests::read_file(r.trace);
    tests::write_file(r.dir + "/cut.ndjson", text.substr(0, text.size() - 10));
    const auto cut = tests::run_zksim({"replay", r.dir + "/cut.ndjson"});
    CHECK(cut.exit_code == 1);
    CHECK(cut.out.find("DAMAGED: the trace is cut in the middle of line " + std::to_string(r.lines.size())) != std::string::npos);
  }
  SUBCASE("the header changed (the replay itself would not notice)") {
    auto edited = r.lines;
    const auto at = edited[0].find("\"seed\":1");
    REQUIRE(at != std::string::npos);
    edited[0].replace(at, 8, "\"seed\":1 ");
    const auto tampered = replay(r, edited);
    CHECK(tampered.exit_code == 1);
    CHECK(tampered.out.find("the footer does not match the lines before it (digest fnv1a64:") != std::string::npos);
  }
  SUBCASE("lines after the footer") {
    auto edited = r.lines;
    edited.push_back(r.lines[1]);
    const auto extra = replay(r, edited);
    CHECK(extra.exit_code == 1);
    CHECK(extra.out.find("comes after the footer") != std::string::npos);
  }
}

TEST_CASE("trace: replay and diff refuse a FIFO without reading it, and deep nesting without overflowing the stack") {
  const Recorded r = record("trace-defences");
  const std::string fifo = r.dir + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Under a timeout: before, both blocked on the FIFO for ever.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"replay", fifo}, {"diff", fifo, r.trace},
                                               {"diff", r.trace, fifo}}) {
    const auto refused = tests::run_zksim_after("timeout 20", args);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find(fifo + ": cannot read the trace file: not a regular file") != std::string::npos);
  }
  // An effect whose message nests 200,000 deep: before, comparing it overflowed the stack.
  auto deep = r.lines;
  const std::size_t effect = first_line_with(deep, {"\"fx\":\"send\""});
  deep[effect] = deep[effect].substr(0, deep[effect].find("\"msg\":") + 6) + std::string(200000, '[') +
                 std::string(200000, ']') + "}";
  tests::write_file(r.dir + "/deep.ndjson", tests::joined(deep));
  const auto replayed = tests::run_zksim({"replay", r.dir + "/deep.ndjson"});
  CHECK(replayed.exit_code == 2);
  CHECK(replayed.err.find("bad trace at line " + std::to_string(effect + 1) + ": nested deeper than 100 levels") !=
        std::string::npos);
  auto deep_header = r.lines;
  deep_header[0] = std::string(200000, '{') ;
  tests::write_file(r.dir + "/deep-header.ndjson", tests::joined(deep_header));
  CHECK(tests::run_zksim({"replay", r.dir + "/deep-header.ndjson"}).exit_code == 2);
  const auto diffed = tests::run_zksim({"diff", r.dir + "/deep-header.ndjson", r.trace});
  CHECK(diffed.exit_code == 2);
  CHECK(diffed.err.find("line 1 is not a zksim trace header") != std::string::npos);
  const auto diff_deep = tests::run_zksim({"diff", r.trace, r.dir + "/deep.ndjson"});
  CHECK(diff_deep.exit_code == 1);  // they differ at the deep line, which is shown but not parsed
  CHECK(diff_deep.out.find("first divergence at line " + std::to_string(effect + 1)) != std::string::npos);
}

TEST_CASE("trace: crafted records are refused as bad traces (exit 2), never reaching a model's assertion") {
  const Recorded r = record("trace-crafted");
  SUBCASE("a start state no step made durable: a log out of zxid order") {
    auto edited = r.lines;
    const std::size_t start = first_line_with(edited, {"\"node\":1,\"in\":\"start\""});
    const auto persist_a = nlohmann::ordered_json::parse(edited[first_line_with(edited, {"\"fx\":\"persist\"", "\"type\":\"append\""})]);
    std::size_t second = first_line_with(edited, {"\"fx\":\"persist\"", "\"type\":\"append\""}) + 1;
    while (edited[second].find("\"type\":\"append\"") == std::string::npos ||
           nlohmann::ordered_json::parse(edited[second])["op"]["txn"]["zxid"] == persist_a["op"]["txn"]["zxid"])
      ++second;
    const auto persist_b = nlohmann::ordered_json::parse(edited[second]);
    auto line = nlohmann::ordered_json::parse(edited[start]);
    line["durable"]["log"] = {persist_b["op"]["txn"], persist_a["op"]["txn"]};  // zxids going back
    edited[start] = line.dump();
    const auto crafted = replay(r, edited);
    CHECK(crafted.exit_code == 2);
    CHECK(crafted.err.find("bad trace at line " + std::to_string(start + 1) + ": a start state that no earlier step made durable") !=
          std::string::npos);
  }
  SUBCASE("a message its sender never sent") {
    auto edited = r.lines;
    const std::size_t i = first_line_with(edited, {"\"in\":\"message\"", "\"type\":\"ack\""});
    auto line = nlohmann::ordered_json::parse(edited[i]);
    line["msg"]["zxid"] = 12345;
    edited[i] = line.dump();
    const auto crafted = replay(r, edited);
    CHECK(crafted.exit_code == 2);
    CHECK(crafted.err.find("bad trace at line " + std::to_string(i + 1) + ": node " + line["node"].dump() +
                           " receives a message that node " + line["from"].dump() + " did not send it") != std::string::npos);
  }
  SUBCASE("a control input a server does not take") {
    auto edited = r.lines;
    const std::size_t i = first_line_with(edited, {"\"node\":1,\"in\":\"timer\""});
    edited.insert(edited.begin() + static_cast<std::ptrdiff_t>(i),
                  R"({"t":)" + nlohmann::json::parse(edited[i])["t"].dump() + R"(,"node":1,"in":"set_rate","rate_per_s":5.0,"read_ratio":0.5})");
    const auto crafted = replay(r, edited);
    CHECK(crafted.exit_code == 2);
    CHECK(crafted.err.find("node 1 does not take this control input") != std::string::npos);
  }
  SUBCASE("a header whose client connects to no server") {
    auto edited = r.lines;
    auto header = nlohmann::ordered_json::parse(edited[0]);
    header["clients"][0]["servers"] = nlohmann::ordered_json::array();
    edited[0] = header.dump();
    const auto crafted = replay(r, edited);
    CHECK(crafted.exit_code == 2);
    CHECK(crafted.err.find("bad trace at line 1: clients[0]: no servers to connect to") != std::string::npos);
  }
  SUBCASE("a node's time going back") {
    auto edited = r.lines;
    long long previous = -1;
    std::size_t i = 1;
    for (; i < edited.size(); ++i) {
      if (edited[i].find("{\"t\":") != 0 || edited[i].find(",\"node\":2,\"in\":") == std::string::npos) continue;
      const long long t = nlohmann::json::parse(edited[i])["t"].get<long long>();
      if (previous > 0 && t > previous) break;
      previous = t;
    }
    REQUIRE(i < edited.size());
    auto line = nlohmann::ordered_json::parse(edited[i]);
    line["t"] = previous - 1;
    edited[i] = line.dump();
    const auto crafted = replay(r, edited);
    CHECK(crafted.exit_code == 2);
    CHECK(crafted.err.find("bad trace at line " + std::to_string(i + 1) + ": node 2's time goes back") != std::string::npos);
  }
}

TEST_CASE("trace: the line reader bounds a line's length and tells a last line without its newline") {
  std::istringstream in("first\nsecond\n" + std::string(5000, 'x'));
  sim::trace::LineReader reader = sim::trace::LineReader::from(in, 1000);
  std::string line;
  REQUIRE(reader.next(line));
  CHECK(line == "first");
  CHECK(reader.complete());
  REQUIRE(reader.next(line));
  CHECK(line == "second");
  CHECK_THROWS_AS(reader.next(line), sim::trace::DecodeError);
  std::istringstream cut("a\nb");
  sim::trace::LineReader cut_reader = sim::trace::LineReader::from(cut);
  REQUIRE(cut_reader.next(line));
  REQUIRE(cut_reader.next(line));
  CHECK(line == "b");
  CHECK_FALSE(cut_reader.complete());
  CHECK_FALSE(cut_reader.next(line));
  CHECK(cut_reader.number() == 2);
}
