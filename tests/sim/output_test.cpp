// Outputs never claim more than they hold: a write that fails is exit code 3, never an empty
// report with exit 0; results appear at their path only once complete; an interrupted command
// stops its children, says so, exits 130 / 143 and leaves no report, not even an earlier one.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/sim/zksim_process.hpp"

namespace fs = std::filesystem;

namespace {

// A run of the default scenario for an hour of simulated time: minutes of wall time, so that a
// signal always finds it running.
std::string long_scenario(const std::string& dir) {
  tests::write_file(dir + "/long.json", R"({"name": "long", "duration_s": 3600, "clients": {"count": 20},
                                           "workload": {"rate_per_s": 400}})");
  return dir + "/long.json";
}

// A run of a few tenths of a second.
std::string short_scenario(const std::string& dir) {
  tests::write_file(dir + "/short.json", R"({"name": "short", "duration_s": 2, "warmup_s": 0.5,
                                            "clients": {"count": 5}, "workload": {"rate_per_s": 100}})");
  return dir + "/short.json";
}

// Nothing left behind beside `path`: no temporary sibling (".NAME.tmp-...").
bool no_temporaries(const std::string& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return false;
  return true;
}

void wait_until(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!condition()) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Starts zksim, waits until it has `children` child processes (or, with 0, until it says it is
// running), sends the signal, and returns how it ended and which children it had.
std::pair<tests::ProcessResult, std::vector<int>> interrupt(const std::vector<std::string>& args, int signal,
                                                            std::size_t children) {
  const tests::StartedZksim started = tests::start_zksim(args);
  std::vector<int> seen;
  if (children == 0) {
    wait_until([&] { return tests::read_file(started.err_file).find("running") != std::string::npos; });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  } else {
    wait_until([&] { return (seen = tests::children_of(started.pid)).size() >= children; });
  }
  ::kill(started.pid, signal);
  return {tests::wait_zksim(started), seen};
}

}  // namespace

TEST_CASE("outputs: a report that cannot be written whole (a file-size limit) is exit 3, and leaves no report") {
  const auto dir = tests::temp_dir("fsize");
  const std::string scenario = short_scenario(dir);
  REQUIRE(tests::run_zksim({"run", scenario, "--out", dir + "/out", "-q"}).exit_code == 0);
  REQUIRE(fs::exists(dir + "/out/report.json"));
  // 2 KB per file: summary.txt fits, report.json and timeseries.csv do not. Main once exited 0 here
  // with whatever the buffered streams had written, unchecked at close.
  const auto r = tests::run_zksim_after("ulimit -f 4;", {"run", scenario, "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("cannot write") != std::string::npos);
  CHECK(r.err.find("File too large") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/out"));  // neither this run's partial report nor the earlier one
  CHECK(no_temporaries(dir));
}

TEST_CASE("outputs: a trace that cannot be written (/dev/full) is exit 3") {
  const auto dir = tests::temp_dir("devfull");
  const auto r = tests::run_zksim({"run", short_scenario(dir), "--out", dir + "/out", "--trace", "/dev/full", "-q"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("cannot write /dev/full: No space left on device") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/out"));
}

TEST_CASE("outputs: an output folder that cannot be made, or that zksim did not write, is refused before the run (exit 2)") {
  const auto dir = tests::temp_dir("refused");
  const std::string scenario = short_scenario(dir);
  const auto under_file = tests::run_zksim({"run", scenario, "--out", scenario + "/out", "-q"});
  CHECK(under_file.exit_code == 2);
  CHECK(under_file.err.find("cannot create the folder") != std::string::npos);
  CHECK(under_file.out.empty());  // nothing ran
  fs::create_directories(dir + "/mine");
  tests::write_file(dir + "/mine/notes.txt", "my notes");
  const auto foreign = tests::run_zksim({"run", scenario, "--out", dir + "/mine", "-q"});
  CHECK(foreign.exit_code == 2);
  CHECK(foreign.err.find("holds files that zksim did not write") != std::string::npos);
  CHECK(tests::read_file(dir + "/mine/notes.txt") == "my notes");
  // A refused output path is bad input: nothing ran, and an earlier output is left as it was.
  REQUIRE(tests::run_zksim({"run", scenario, "--out", dir + "/out", "-q"}).exit_code == 0);
  const auto bad_trace = tests::run_zksim({"run", scenario, "--out", dir + "/out", "--trace", scenario + "/t.ndjson", "-q"});
  CHECK(bad_trace.exit_code == 2);
  CHECK(fs::exists(dir + "/out/report.json"));
  const auto inside = tests::run_zksim({"run", scenario, "--out", dir + "/out", "--trace", dir + "/out/t.ndjson", "-q"});
  CHECK(inside.exit_code == 2);
  CHECK(inside.err.find("--trace " + dir + "/out/t.ndjson is inside the output folder") != std::string::npos);
  CHECK(no_temporaries(dir));
}

TEST_CASE("outputs: a completed run replaces its earlier output folder whole") {
  const auto dir = tests::temp_dir("replace");
  const std::string scenario = short_scenario(dir);
  REQUIRE(tests::run_zksim({"run", scenario, "--out", dir + "/out", "-q"}).exit_code == 0);
  tests::write_file(dir + "/out/stale.txt", "from before");
  const auto r = tests::run_zksim({"run", scenario, "--out", dir + "/out", "-q", "--seed", "2"});
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(dir + "/out/report.json"));
  CHECK(fs::exists(dir + "/out/.zksim-output"));
  CHECK_FALSE(fs::exists(dir + "/out/stale.txt"));
  CHECK(tests::read_json(dir + "/out/report.json")["run"]["seed"] == 2);
  CHECK(no_temporaries(dir));
}

TEST_CASE("outputs: SIGINT and SIGTERM stop a run at its next step: it says so, exits 130 / 143, and leaves no report or trace") {
  const auto dir = tests::temp_dir("signal-run");
  const std::string scenario = long_scenario(dir);
  for (const auto& [signal, code, name] : {std::tuple{SIGINT, 130, "SIGINT"}, std::tuple{SIGTERM, 143, "SIGTERM"}}) {
    CAPTURE(name);
    fs::create_directories(dir + "/out");  // an earlier, empty output: it goes when the run starts
    const auto start = std::chrono::steady_clock::now();
    const auto [r, children] = interrupt({"run", scenario, "--out", dir + "/out", "--trace", dir + "/t.ndjson"}, signal, 0);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
    CHECK(r.exit_code == code);
    CHECK(r.err.find(std::string("zksim: interrupted by ") + name) != std::string::npos);
    CHECK(r.out.empty());  // no summary printed
    CHECK_FALSE(fs::exists(dir + "/out"));
    CHECK_FALSE(fs::exists(dir + "/t.ndjson"));
    CHECK(no_temporaries(dir));
  }
}

TEST_CASE("outputs: SIGTERM to a sweep stops its child runs, and no sweep output appears") {
  const auto dir = tests::temp_dir("signal-sweep");
  long_scenario(dir);
  tests::write_file(dir + "/plan.json", R"({"name": "p", "scenario": "long.json", "grid": {"servers": [3, 5]},
                                           "replications": 2, "search": {"max_steps": 1}})");
  const auto [r, children] = interrupt({"sweep", dir + "/plan.json", "--jobs", "2", "--out", dir + "/out", "-q"}, SIGTERM, 2);
  CHECK(r.exit_code == 143);
  CHECK(r.err.find("zksim: interrupted by SIGTERM") != std::string::npos);
  for (int child : children) CHECK_FALSE(tests::process_running(child));
  CHECK_FALSE(fs::exists(dir + "/out"));
  CHECK(no_temporaries(dir));
}

TEST_CASE("outputs: SIGINT to check stops its seeds' processes and prints no verdict for them") {
  const auto dir = tests::temp_dir("signal-check");
  const auto [r, children] = interrupt({"check", "--seeds", "50", "--jobs", "2", "--out", dir + "/out"}, SIGINT, 2);
  CHECK(r.exit_code == 130);
  CHECK(r.err.find("zksim: interrupted by SIGINT") != std::string::npos);
  CHECK(r.out.find("seeds failed") == std::string::npos);  // no final count claimed
  for (int child : children) CHECK_FALSE(tests::process_running(child));
}

TEST_CASE("outputs: SIGTERM to compare and to replications stops their runs and leaves no folder") {
  const auto dir = tests::temp_dir("signal-children");
  const std::string scenario = long_scenario(dir);
  const std::vector<std::vector<std::string>> commands{
      {"compare", scenario, "--strategies", "round_robin,random", "--out", dir + "/compare", "-q"},
      {"run", scenario, "--replications", "3", "--out", dir + "/replications", "-q"}};
  for (const auto& args : commands) {
    CAPTURE(args[0]);
    const auto [r, children] = interrupt(args, SIGTERM, 1);
    CHECK(r.exit_code == 143);
    for (int child : children) CHECK_FALSE(tests::process_running(child));
  }
  CHECK_FALSE(fs::exists(dir + "/compare"));
  CHECK_FALSE(fs::exists(dir + "/replications"));
  CHECK(no_temporaries(dir));
}

TEST_CASE("outputs: every exit code is listed by --help") {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"}, {"run", "--help"}, {"merge", "--help"}}) {
    const auto help = tests::run_zksim(args);
    CHECK(help.exit_code == 0);
    for (const char* code : {"0 success", "1 a problem found", "2 bad input", "3 an output could not be written", "130 / 143"})
      CHECK(help.out.find(code) != std::string::npos);
  }
}
