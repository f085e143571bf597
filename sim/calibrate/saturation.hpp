#pragma once
// Saturated throughputs from the simulator: the measurement setup's scenario, closed-loop clients,
// one run (child process) per profile and point, all the runs of a batch in parallel.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/calibrate/measurements.hpp"
#include "sim/sweep/child_run.hpp"

namespace sim::calibrate {

struct SaturationRunner {
  const Measurements& measurements;
  sweep::JobSlots& slots;
  std::string work_dir;       // each run in its own folder below, removed once read
  int batches = 0;            // numbers the batches' folders

  // result[v][p]: the throughput of profile v at point p (requests/s over the measured window).
  std::vector<std::vector<double>> throughputs(const std::vector<nlohmann::ordered_json>& profiles);
};

}  // namespace sim::calibrate
