#include "sim/trace/trace_writer.hpp"

#include <stdexcept>

#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;  // a trace is written in large sequential chunks
}

TraceWriter::TraceWriter(const std::string& path, const nlohmann::ordered_json& header)
    : path_(path), buffer_(kBufferBytes) {
  out_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot create trace file " + path);
  write(header.dump());
}

void TraceWriter::write(const std::string& line) {
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.put('\n');
  ++lines_;
  bytes_ += line.size() + 1;
}

void TraceWriter::input(models::Time t_ns, models::NodeId node, const Input& input) {
  write(input_line(t_ns, node, input));
}

void TraceWriter::effects(models::NodeId node, const models::Effects& effects) {
  scratch_.clear();
  append_effect_lines(node, effects, scratch_);
  for (const std::string& line : scratch_) write(line);
}

void TraceWriter::stop(models::Time t_ns, models::NodeId node, bool silent) { write(stop_line(t_ns, node, silent)); }

void TraceWriter::close() {
  out_.flush();
  if (!out_) throw std::runtime_error("cannot write trace file " + path_);
  out_.close();
}

}  // namespace sim::trace
