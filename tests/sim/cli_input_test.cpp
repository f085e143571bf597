// Bad input gets one clear line per problem (file and JSON path), exit code 2, and no report.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/sim/zksim_process.hpp"

using tests::run_zksim;

TEST_CASE("cli: a scenario file that does not exist is refused with exit code 2") {
  const auto r = run_zksim({"run", "/nonexistent/scenario.json", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/nonexistent/scenario.json: $: cannot read the file") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("cli: a file that is not JSON is refused with its name and position") {
  const auto dir = tests::temp_dir("notjson");
  tests::write_file(dir + "/bad.json", "{ \"name\": \"x\", ");
  const auto r = run_zksim({"run", dir + "/bad.json", "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir + "/bad.json: $: not valid JSON") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
}

TEST_CASE("cli: a wrong field type names the JSON path, and every problem is reported at once") {
  const auto dir = tests::temp_dir("wrongtype");
  tests::write_file(dir + "/bad.json",
                    R"({"ensemble": {"servers": "three"}, "workload": {"read_ratio": 1.5}, "colour": 1})");
  const auto r = run_zksim({"run", dir + "/bad.json", "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("$.ensemble.servers: expected an integer, got a string") != std::string::npos);
  CHECK(r.err.find("$.workload.read_ratio: value 1.5 is out of range (expected a number from 0 to 1)") != std::string::npos);
  CHECK(r.err.find("$.colour: unknown key") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 3);
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
}

TEST_CASE("cli: an unknown option is refused with exit code 2, and --help describes every option") {
  CHECK(run_zksim({"run", "--bogus"}).exit_code == 2);
  const auto help = run_zksim({"run", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* option : {"--seed", "--out", "--quiet"}) CHECK(help.out.find(option) != std::string::npos);
  CHECK(run_zksim({"--help"}).out.find("run") != std::string::npos);
}

TEST_CASE("cli: a name from an input file never leaves the output folder: '..', '/', NUL and empty are refused (exit 2)") {
  const auto dir = tests::temp_dir("names");
  for (const char* name : {"..", "../escape", "a/b", "", ".", "a\\u0000b"}) {
    CAPTURE(name);
    tests::write_file(dir + "/s.json", std::string(R"({"name": ")") + name + R"(", "duration_s": 1, "warmup_s": 0.5})");
    const auto r = run_zksim({"run", dir + "/s.json", "-q"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(dir + "/s.json: $.name: not usable as a folder name") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists("out/escape"));
  tests::write_file(dir + "/plan.json", R"({"name": "../../p", "scenario": {"duration_s": 1, "warmup_s": 0.5}})");
  const auto plan = run_zksim({"sweep", dir + "/plan.json", "-q"});
  CHECK(plan.exit_code == 2);
  CHECK(plan.err.find("plan.json: $.name: not usable as a folder name") != std::string::npos);
  tests::write_file(dir + "/m.json", R"({"name": "/tmp/x", "scenario": {"duration_s": 1, "warmup_s": 0.5},
      "parameters": [{"name": "p", "sets": ["default_us"], "initial": 1, "min": 0, "max": 2}],
      "points": [{"servers": 3, "read_ratio": 1, "throughput_per_s": 10}]})");
  const auto calibration = run_zksim({"calibrate", dir + "/m.json", "-q"});
  CHECK(calibration.exit_code == 2);
  CHECK(calibration.err.find("m.json: $.name: not usable as a folder name") != std::string::npos);
}

TEST_CASE("cli: a JSON key given twice, or a CSV column named twice, is an error with its path (exit 2)") {
  const auto dir = tests::temp_dir("duplicates");
  tests::write_file(dir + "/s.json", R"({"name": "d", "ensemble": {"servers": 3, "servers": 5}, "events": [{"at_s": 1, "kind": "crash", "kind": "restart", "server": 1}]})");
  const auto r = run_zksim({"run", dir + "/s.json", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("s.json: $.ensemble.servers: the key is given twice in this object") != std::string::npos);
  CHECK(r.err.find("s.json: $.events[0].kind: the key is given twice in this object") != std::string::npos);
  tests::write_file(dir + "/ok.json", R"({"name": "d", "duration_s": 2, "warmup_s": 1})");
  tests::write_file(dir + "/i.csv", "time_s,kind,server,server\n1,crash,1,2\n");
  const auto csv = run_zksim({"run", dir + "/ok.json", "--incident", dir + "/i.csv", "-q"});
  CHECK(csv.exit_code == 2);
  CHECK(csv.err.find("i.csv:1: column \"server\" is named twice") != std::string::npos);
  tests::write_file(dir + "/i.json", R"([{"at_s": 1, "kind": "crash", "server": 1, "server": 2}])");
  const auto json = run_zksim({"run", dir + "/ok.json", "--incident", dir + "/i.json", "-q"});
  CHECK(json.exit_code == 2);
  CHECK(json.err.find("i.json: $[0].server: the key is given twice") != std::string::npos);
}

TEST_CASE("cli: --seed outside 0 to 2^64 - 1 is refused, not wrapped (exit 2)") {
  for (const char* seed : {"-1", "18446744073709551616", "1e3", "", "0x10"}) {
    CAPTURE(seed);
    const auto r = run_zksim({"run", "--seed", seed, "-q", "--out", tests::temp_dir("seed") + "/out"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is not a seed (an integer from 0 to 18446744073709551615)") != std::string::npos);
  }
  CHECK(run_zksim({"check", "--from", "-1", "--seeds", "1"}).exit_code == 2);
  CHECK(run_zksim({"compare", "x.json", "--strategies", "random", "--seed", "-5"}).exit_code == 2);
  const auto wraps = run_zksim({"run", "--seed", "18446744073709551615", "--replications", "2", "-q"});
  CHECK(wraps.exit_code == 2);
  CHECK(wraps.err.find("would pass seed 2^64 - 1") != std::string::npos);
}

TEST_CASE("cli: a platform file that is not valid XML is bad input (exit 2) named with its file and line") {
  const auto dir = tests::temp_dir("platform-xml");
  tests::write_file(dir + "/bad.xml", "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
                                      "<platform version=\"4.1\">\n  <zone id=\"z\" routing=\"Full\">\n"
                                      "    <host id=\"server1\" speed=\"1Gf\"\n  </zone>\n</platform>\n");
  tests::write_file(dir + "/s.json", R"({"name": "x", "duration_s": 2, "warmup_s": 1, "network": {"platform_file": "bad.xml"}})");
  tests::write_file(dir + "/good.json", R"({"name": "x", "duration_s": 2, "warmup_s": 1})");
  REQUIRE(run_zksim({"run", dir + "/good.json", "--out", dir + "/out", "-q"}).exit_code == 0);
  const auto r = run_zksim({"run", dir + "/s.json", "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("Parse error at " + dir + "/bad.xml:6: Invalid XML") != std::string::npos);  // the unclosed <host>
  CHECK(std::filesystem::exists(dir + "/out/report.json"));  // bad input: the earlier output is left alone
}
