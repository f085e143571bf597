#pragma once
// Reads a trace line by line with the defences of the input loaders: a bound on a line's length
// (a file without newlines cannot make it allocate without end), a bound on nesting before a line
// is parsed (nlohmann's copy and dump recurse once per level), and whether the last line ended
// with its newline (a trace cut in the middle of a line).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sim::trace {

// The longest line a trace may have. The header holds every node's configuration (about 400 bytes
// a client: a million clients make a 400 MB header), a start record a server's whole durable state.
constexpr std::size_t kTraceLineBytesMax = std::size_t{1} << 30;

class LineReader {
 public:
  // Reads at most n bytes into the buffer; 0 at the end. Throws std::runtime_error on a read error.
  using Source = std::function<std::size_t(char* buffer, std::size_t n)>;
  explicit LineReader(Source source, std::size_t line_bytes_max = kTraceLineBytesMax);
  static LineReader from(std::istream& in, std::size_t line_bytes_max = kTraceLineBytesMax);
  // From a file descriptor (see open_regular_file, sim/scenario/input_file.hpp); it stays open.
  static LineReader from_fd(int fd, std::size_t line_bytes_max = kTraceLineBytesMax);

  // The next line, without its newline; false at the end. Throws DecodeError for a line longer
  // than the bound.
  bool next(std::string& line);
  // Whether the last line next() gave ended with a newline (a trace's every line does).
  bool complete() const { return complete_; }
  std::uint64_t number() const { return number_; }  // of the last line given, from 1

 private:
  bool fill();

  Source source_;
  std::size_t line_bytes_max_;
  std::vector<char> chunk_;
  std::size_t pos_ = 0, end_ = 0;
  bool complete_ = true;
  std::uint64_t number_ = 0;
};

// Parses one trace line after checking its nesting, and checks that every number is an integer
// but for the few keys that hold fractions (rates, ratios); throws DecodeError when it nests too
// deep or holds a fraction elsewhere, and nlohmann::json::exception when it is not JSON.
nlohmann::ordered_json parse_line(const std::string& text);
// The same for line 1, whose scenario and incident (the files as the run read them, never decoded
// by replay) may hold any number.
nlohmann::ordered_json parse_header_line(const std::string& text);

}  // namespace sim::trace
