// zksim check (swarm testing) through the command line: a few seeds pass, each seed gives one
// line, and the same seed draws the same scenario every time.
#include <doctest/doctest.h>

#include "tests/sim/zksim_process.hpp"

TEST_CASE("check: five seeds run safe and live, one line each, exit 0") {
  const auto dir = tests::temp_dir("check");
  const auto result = tests::run_zksim({"check", "--seeds", "5", "--jobs", "2", "--out", dir});
  INFO(result.out, result.err);
  CHECK(result.exit_code == 0);
  for (const char* seed : {"seed 1 ", "seed 2 ", "seed 3 ", "seed 4 ", "seed 5 "}) CHECK(result.out.find(seed) != std::string::npos);
  CHECK(result.out.find("0 of 5 seeds failed") != std::string::npos);
}

TEST_CASE("check: a seed's scenario is written with --keep, is a valid scenario, and is the same each time") {
  const auto dir = tests::temp_dir("check-keep");
  for (const char* sub : {"/a", "/b"})
    REQUIRE(tests::run_zksim({"check", "--seeds", "1", "--from", "4", "--keep", "--out", dir + sub}).exit_code == 0);
  const std::string a = tests::read_file(dir + "/a/seed-4.json");
  CHECK(a == tests::read_file(dir + "/b/seed-4.json"));
  const auto scenario = tests::read_json(dir + "/a/seed-4.json");
  CHECK(scenario.at("seed") == 4);
  CHECK(scenario.at("events").size() > 0);
  const auto run = tests::run_zksim({"run", dir + "/a/seed-4.json", "--out", dir + "/run", "-q"});
  CHECK(run.exit_code == 0);
}

TEST_CASE("check: bad arguments are bad input") {
  CHECK(tests::run_zksim({"check", "--seeds", "0"}).exit_code == 2);
  CHECK(tests::run_zksim({"check", "--jobs", "x"}).exit_code == 2);
}

TEST_CASE("check: the swarm catches a deliberately broken protocol (--break reuse_epoch) and says how to reproduce it") {
  const auto dir = tests::temp_dir("check-break");
  const auto broken = tests::run_zksim({"check", "--seeds", "1", "--from", "2", "--break", "reuse_epoch", "--no-shrink", "--out", dir});
  INFO(broken.out, broken.err);
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.find("VIOLATION") != std::string::npos);
  CHECK(broken.out.find("two_leaders_in_epoch") != std::string::npos);
  CHECK(broken.out.find("reproduce: zksim check --seeds 1 --from 2 --break reuse_epoch") != std::string::npos);
  const auto correct = tests::run_zksim({"check", "--seeds", "1", "--from", "2", "--out", dir + "/correct"});
  CHECK(correct.exit_code == 0);  // the same seed, with the protocol as it should be
  CHECK(tests::run_zksim({"check", "--break", "no_such_bug"}).exit_code == 2);
}
