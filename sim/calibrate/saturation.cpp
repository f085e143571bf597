#include "sim/calibrate/saturation.hpp"

#include <exception>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "sim/interrupt.hpp"

namespace sim::calibrate {

std::vector<std::vector<double>> SaturationRunner::throughputs(const std::vector<nlohmann::ordered_json>& profiles) {
  const std::vector<Point>& points = measurements.points;
  std::vector<std::vector<double>> out(profiles.size(), std::vector<double>(points.size(), 0.0));
  std::vector<std::exception_ptr> errors(profiles.size() * points.size());
  const std::filesystem::path batch_dir = std::filesystem::path(work_dir) / ("batch-" + std::to_string(batches++));
  std::vector<std::thread> threads;
  for (std::size_t v = 0; v < profiles.size(); ++v)
    for (std::size_t p = 0; p < points.size(); ++p)
      threads.emplace_back([&, v, p] {
        const std::string dir = (batch_dir / ("profile-" + std::to_string(v) + "-point-" + std::to_string(p))).string();
        try {
          out[v][p] = sweep::run_child(saturated_scenario(measurements, points[p], profiles[v]), measurements.seed, dir,
                                       slots, false)
                          .throughput_per_s;
        } catch (const std::exception&) {  // zksim throws only these; a parent thread, no SimGrid actor
          errors[v * points.size() + p] = std::current_exception();
        }
      });
  for (std::thread& t : threads) t.join();
  std::error_code error;
  std::filesystem::remove_all(batch_dir, error);
  throw_if_interrupted();  // the children stopped by the signal failed too: the interruption is what happened
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

}  // namespace sim::calibrate
