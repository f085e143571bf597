#pragma once
// Records a run as a trace file: the runtime calls input() before each step of a state machine,
// effects() with what the step returned, and stop() when a process dies; finish() writes the
// footer (the record counts and the digest of every line before it) and renames the file into
// place. A run without --trace has no writer at all (a null pointer in World), so it serializes
// nothing. The file is written under a temporary name until finish(), so that a run that fails or
// is interrupted leaves no trace at the path, rather than a shorter one that reads as whole.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/core/effects.hpp"
#include "models/core/input.hpp"
#include "sim/output_file.hpp"
#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

using models::Input;

class TraceWriter {
 public:
  // Throws OutputRefused when the file cannot be created (checked before the run starts).
  TraceWriter(const std::string& path, const nlohmann::ordered_json& header);
  // These never throw (they are called inside the simulation): a failed write makes failed()
  // true, the later ones are skipped, and finish() throws.
  void input(models::Time t_ns, models::NodeId node, const Input& input);
  void effects(models::NodeId node, const models::Effects& effects);
  void stop(models::Time t_ns, models::NodeId node, bool silent);
  bool failed() const { return file_.failed(); }
  // Removes an earlier trace at the path (see OutputFile).
  void remove_earlier() { file_.remove_earlier(); }
  // Writes the footer, closes, renames into place. Throws WriteError, or Interrupted.
  void finish();

  std::uint64_t lines() const { return counts_.lines + (finished_ ? 1 : 0); }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void write(const std::string& line);

  OutputFile file_;
  TraceCounts counts_;
  std::vector<std::string> scratch_;
  std::uint64_t bytes_ = 0;
  bool finished_ = false;
};

}  // namespace sim::trace
