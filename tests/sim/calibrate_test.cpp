// zksim calibrate, through the binary (each simulation is a child process of it).
#include <doctest/doctest.h>

#include <cmath>
#include <regex>

#include "tests/sim/zksim_process.hpp"

namespace {

// Costs large enough that the saturated runs are small (a few thousand requests/s).
constexpr double kClientRequestUs = 400;
constexpr double kPeerMessageUs = 100;
constexpr double kRecoveryTolerance = 0.05;  // relative error allowed on each recovered parameter

nlohmann::json measurements(const nlohmann::json& points, double client_us, double peer_us) {
  return {{"name", "recover"},
          {"scenario", {{"duration_s", 2.5}, {"warmup_s", 1.5},
                        {"clients", {{"count", 30}, {"hosts", 2}, {"start_s", 1}}},
                        {"workload", {{"loop", "closed"}, {"outstanding", 2}, {"value_bytes", 1024}}}}},
          {"profile", {{"name", "truth"}, {"reference_ghz", 2.1}, {"default_us", peer_us}, {"per_byte_ns", 0},
                       {"message_us", {{"client_request", client_us}}}}},
          {"parameters", {{{"name", "client_us"}, {"sets", {"client_request"}}, {"initial", client_us}, {"min", 1}, {"max", 5000}},
                          {{"name", "peer_us"}, {"sets", {"default_us"}}, {"initial", peer_us}, {"min", 1}, {"max", 5000}}}},
          {"points", points},
          {"max_iterations", 6}};
}

}  // namespace

TEST_CASE("calibrate: recovers the parameters that generated the throughputs") {
  const std::string dir = tests::temp_dir("calibrate-recover");
  nlohmann::json points = nlohmann::json::array();
  for (const auto& [servers, read_ratio] : {std::pair{3, 1.0}, {3, 0.0}, {5, 0.0}, {5, 0.5}})
    points.push_back({{"servers", servers}, {"read_ratio", read_ratio}});
  // The "measurements": what the simulator itself gives with the true parameters.
  tests::write_file(dir + "/truth.json", measurements(points, kClientRequestUs, kPeerMessageUs)["profile"].dump());
  tests::write_file(dir + "/predict.json", measurements(points, kClientRequestUs, kPeerMessageUs).dump());
  const auto predicted = tests::run_zksim({"calibrate", dir + "/predict.json", "--predict", dir + "/truth.json",
                                           "--report", dir + "/predicted.json", "--jobs", "2", "-q"});
  REQUIRE_MESSAGE(predicted.exit_code == 0, predicted.err);
  const nlohmann::json truth = tests::read_json(dir + "/predicted.json");
  for (std::size_t p = 0; p < points.size(); ++p)
    points[p]["throughput_per_s"] = truth["points"][p]["simulated_per_s"];
  CHECK(points[0]["throughput_per_s"].get<double>() == doctest::Approx(3e6 / kClientRequestUs).epsilon(0.05));
  // Fit from a start 50% too high on one cost and 40% too low on the other.
  tests::write_file(dir + "/fit.json", measurements(points, 1.5 * kClientRequestUs, 0.6 * kPeerMessageUs).dump());
  const auto fitted = tests::run_zksim({"calibrate", dir + "/fit.json", "--out", dir + "/profile.json", "--report",
                                        dir + "/report.json", "--jobs", "2"});
  REQUIRE_MESSAGE(fitted.exit_code == 0, fitted.err);
  // Its progress names each profile it simulates, by its parameters' values.
  CHECK(std::regex_search(fitted.err, std::regex("zksim calibrate: profile 1 \\(client_us=600, peer_us=60\\): rms log error")));
  CHECK(std::regex_search(fitted.err, std::regex("zksim calibrate: profile [0-9]+ \\(client_us=[0-9.e+]+, peer_us=[0-9.e+]+\\)")));
  const nlohmann::json profile = tests::read_json(dir + "/profile.json");
  CHECK(profile["message_us"]["client_request"].get<double>() == doctest::Approx(kClientRequestUs).epsilon(kRecoveryTolerance));
  CHECK(profile["default_us"].get<double>() == doctest::Approx(kPeerMessageUs).epsilon(kRecoveryTolerance));
  const nlohmann::json report = tests::read_json(dir + "/report.json");
  for (const auto& point : report["points"]) CHECK(std::abs(point["error_percent"].get<double>()) < 2.0);
  CHECK(fitted.out.find("client_us") != std::string::npos);
}

TEST_CASE("calibrate: bad measurements are reported with their JSON paths and exit code 2") {
  const std::string dir = tests::temp_dir("calibrate-bad");
  tests::write_file(dir + "/bad.json", R"({
  "scenario": { "ensemble": { "servers": "many" } },
  "profile": { "default_us": -3 },
  "parameters": [ { "name": "x", "sets": ["no_such_message"], "initial": 5 }, { "sets": ["ack"], "initial": 5, "min": 10 } ],
  "points": [ { "servers": 3, "read_ratio": 2 }, { "read_ratio": 0.5, "throughput_per_s": 100 } ],
  "tolerance": 1
})");
  const auto r = tests::run_zksim({"calibrate", dir + "/bad.json", "--out", dir + "/p.json"});
  CHECK(r.exit_code == 2);
  for (const char* path : {"$.scenario: scenario inline: $.ensemble.servers", "$.profile: profile: $.profile.default_us",
                           "$.parameters[0].sets[0]: not a profile entry", "$.parameters[1]: missing key \"name\"",
                           "$.parameters[1]: initial must lie between min and max", "$.points[0].read_ratio",
                           "$.points[0]: missing key \"throughput_per_s\"", "$.points[1]: missing key \"servers\"",
                           "$.tolerance: unknown key"}) {
    CAPTURE(path);
    CHECK(r.err.find(path) != std::string::npos);
  }
  const auto missing = tests::run_zksim({"calibrate", dir + "/nothing.json"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nothing.json: $: cannot read the file") != std::string::npos);
}
