#include "sim/trace/line_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "sim/scenario/json_reader.hpp"
#include "sim/trace/decode_error.hpp"

namespace sim::trace {

namespace {
constexpr std::size_t kChunkBytes = 1 << 20;
}

LineReader::LineReader(Source source, std::size_t line_bytes_max)
    : source_(std::move(source)), line_bytes_max_(line_bytes_max), chunk_(kChunkBytes) {}

LineReader LineReader::from(std::istream& in, std::size_t line_bytes_max) {
  return LineReader(
      [&in](char* buffer, std::size_t n) {
        in.read(buffer, static_cast<std::streamsize>(n));
        return static_cast<std::size_t>(in.gcount());
      },
      line_bytes_max);
}

LineReader LineReader::from_fd(int fd, std::size_t line_bytes_max) {
  return LineReader(
      [fd](char* buffer, std::size_t n) {
        for (;;) {
          const ssize_t got = ::read(fd, buffer, n);
          if (got >= 0) return static_cast<std::size_t>(got);
          if (errno != EINTR) throw DecodeError(std::string("read error: ") + std::strerror(errno));
        }
      },
      line_bytes_max);
}

bool LineReader::fill() {
  pos_ = 0;
  end_ = source_(chunk_.data(), chunk_.size());
  return end_ > 0;
}

bool LineReader::next(std::string& line) {
  line.clear();
  bool any = false;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (!any) return false;
      complete_ = false;
      ++number_;
      return true;
    }
    any = true;
    const char* start = chunk_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    const std::size_t length = newline ? static_cast<std::size_t>(newline - start) : end_ - pos_;
    if (line.size() + length > line_bytes_max_)
      throw DecodeError("line " + std::to_string(number_ + 1) + " is longer than " + std::to_string(line_bytes_max_) +
                        " bytes");
    line.append(start, length);
    pos_ += length;
    if (newline) {
      ++pos_;
      complete_ = true;
      ++number_;
      return true;
    }
  }
}

namespace {

// The only keys of a trace record whose values are not integers (rates, ratios, a Zipf exponent,
// strategy factors, snapshotSizeFactor, a value size distribution's parameters `a` and `b`). nlohmann reads an integer field from a floating-point number with a plain
// cast, which is undefined behaviour when the number is out of the integer's range (found by the
// fuzzer: a client's start time of 1e86); so a number with a fraction or an exponent anywhere else
// is refused before anything is decoded.
constexpr std::string_view kFloatKeys[] = {"rate_per_s", "read_ratio", "zipf_s", "load_bound_factor", "active_request_bias",
                                    "snapshot_size_factor", "a", "b"};

void check_numbers(const nlohmann::ordered_json& value, std::string_view key) {
  if (value.is_number_float() && std::find(std::begin(kFloatKeys), std::end(kFloatKeys), key) == std::end(kFloatKeys))
    throw DecodeError("\"" + std::string(key) + "\": " + value.dump() + " is not an integer");
  if (value.is_object())
    for (const auto& [k, v] : value.items()) check_numbers(v, k);
  else if (value.is_array())
    for (const auto& v : value) check_numbers(v, key);
}

nlohmann::ordered_json parse_depth_checked(const std::string& text) {
  if (json_nesting_depth(text) > kJsonNestingMax)
    throw DecodeError("nested deeper than " + std::to_string(kJsonNestingMax) + " levels");
  return nlohmann::ordered_json::parse(text);
}

}  // namespace

nlohmann::ordered_json parse_line(const std::string& text) {
  nlohmann::ordered_json line = parse_depth_checked(text);
  check_numbers(line, "");
  return line;
}

nlohmann::ordered_json parse_header_line(const std::string& text) {
  nlohmann::ordered_json header = parse_depth_checked(text);
  if (header.is_object())
    for (const auto& [key, value] : header.items())
      if (key != "scenario" && key != "incident") check_numbers(value, key);  // those two are never decoded
  return header;
}

}  // namespace sim::trace
