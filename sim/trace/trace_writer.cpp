#include "sim/trace/trace_writer.hpp"

namespace sim::trace {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;  // a trace is written in large sequential chunks
}

TraceWriter::TraceWriter(const std::string& path, const nlohmann::ordered_json& header) : file_(path, kBufferBytes) {
  write(header.dump());
}

void TraceWriter::write(const std::string& line) {
  counts_.add_line(line);
  file_.write(line);
  file_.write("\n");
  bytes_ += line.size() + 1;
}

void TraceWriter::input(models::Time t_ns, models::NodeId node, const Input& input) {
  ++counts_.inputs;
  write(input_line(t_ns, node, input));
}

void TraceWriter::effects(models::NodeId node, const models::Effects& effects) {
  scratch_.clear();
  append_effect_lines(node, effects, scratch_);
  counts_.effects += scratch_.size();
  for (const std::string& line : scratch_) write(line);
}

void TraceWriter::stop(models::Time t_ns, models::NodeId node, bool silent) {
  ++counts_.stops;
  write(stop_line(t_ns, node, silent));
}

void TraceWriter::finish() {
  const std::string footer = footer_line(counts_);
  file_.write(footer);
  file_.write("\n");
  bytes_ += footer.size() + 1;
  finished_ = true;
  file_.commit();
}

}  // namespace sim::trace
