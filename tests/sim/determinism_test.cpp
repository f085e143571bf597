// The same scenario and seed give byte-identical output folders; another seed other numbers.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/sim/zksim_process.hpp"

namespace fs = std::filesystem;

namespace {
std::map<std::string, std::string> folder_contents(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = tests::read_file(entry.path().string());
  return files;
}
}  // namespace

TEST_CASE("determinism: the default scenario with seed 7 twice gives identical folders, seed 8 does not") {
  const auto dir = tests::temp_dir("determinism");
  const auto scenario = tests::source_path("scenarios/default.json");
  for (const char* run : {"a", "b"})
    REQUIRE(tests::run_zksim({"run", scenario, "--seed", "7", "--out", dir + "/" + run, "-q"}).exit_code == 0);
  REQUIRE(tests::run_zksim({"run", scenario, "--seed", "8", "--out", dir + "/c", "-q"}).exit_code == 0);
  const auto a = folder_contents(dir + "/a"), b = folder_contents(dir + "/b"), c = folder_contents(dir + "/c");
  CHECK(a.size() >= 3);
  CHECK(a == b);
  CHECK(a.at("report.json") != c.at("report.json"));
  CHECK(a.at("report.json").find("\"seed\": 7") != std::string::npos);
}

TEST_CASE("determinism: the built-in default scenario is scenarios/default.json") {
  const auto dir = tests::temp_dir("builtin");
  REQUIRE(tests::run_zksim({"run", "--out", dir + "/builtin", "-q"}).exit_code == 0);
  REQUIRE(tests::run_zksim({"run", tests::source_path("scenarios/default.json"), "--out", dir + "/file", "-q"}).exit_code == 0);
  CHECK(tests::read_file(dir + "/builtin/report.json") == tests::read_file(dir + "/file/report.json"));
}
