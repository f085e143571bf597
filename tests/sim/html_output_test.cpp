// report.html as zksim writes it: beside report.json in every run's folder, the same bytes for the
// same scenario and seed, and showing the inputs as given (the scenario file, the --seed).
#include <doctest/doctest.h>

#include "tests/sim/zksim_process.hpp"

namespace {

constexpr const char* kScenario = R"({"name": "html", "duration_s": 4, "warmup_s": 1,
  "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 200},
  "events": [{"at_s": 2, "kind": "crash", "server": 1}]})";

}  // namespace

TEST_CASE("html output: a run's report.html is the same bytes for the same seed, and shows its inputs") {
  const std::string dir = tests::temp_dir("html-output");
  tests::write_file(dir + "/s.json", kScenario);
  for (const char* run : {"a", "b"})
    REQUIRE(tests::run_zksim({"run", dir + "/s.json", "--seed", "5", "--out", dir + "/" + run, "-q"}).exit_code == 0);
  REQUIRE(tests::run_zksim({"run", dir + "/s.json", "--seed", "6", "--out", dir + "/c", "-q"}).exit_code == 0);
  const std::string a = tests::read_file(dir + "/a/report.html");
  CHECK(a.size() > 1000);
  CHECK(a == tests::read_file(dir + "/b/report.html"));
  CHECK(a != tests::read_file(dir + "/c/report.html"));
  CHECK(a.find("<title>zksim run: html, seed 5</title>") != std::string::npos);
  CHECK(a.find("seed 5 (--seed)") != std::string::npos);
  CHECK(a.find("&quot;name&quot;: &quot;html&quot;") != std::string::npos);  // the scenario file as given
  CHECK(a.find("fault: crash server 1") != std::string::npos);              // the timeline
}
