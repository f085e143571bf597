#pragma once
// Records a run as a trace file: the runtime calls input() before each step of a state machine,
// effects() with what the step returned, and stop() when a process dies. A run without --trace
// has no writer at all (a null pointer in World), so it serializes nothing.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core/effects.hpp"
#include "models/core/input.hpp"

namespace sim::trace {

using models::Input;

class TraceWriter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  TraceWriter(const std::string& path, const nlohmann::ordered_json& header);
  void input(models::Time t_ns, models::NodeId node, const Input& input);
  void effects(models::NodeId node, const models::Effects& effects);
  void stop(models::Time t_ns, models::NodeId node, bool silent);
  // Flushes; throws std::runtime_error if anything could not be written.
  void close();

  std::uint64_t lines() const { return lines_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void write(const std::string& line);

  std::string path_;
  std::vector<char> buffer_;
  std::ofstream out_;
  std::vector<std::string> scratch_;
  std::uint64_t lines_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace sim::trace
