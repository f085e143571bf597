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
