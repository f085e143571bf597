#pragma once
// Simulated time. Integer nanoseconds so that arithmetic is exact and identical on every machine;
// floating-point seconds appear only at the edges (SimGrid's clock, reports).
#include <cstdint>

namespace models {

using Time = std::int64_t;  // nanoseconds since the start of the run

constexpr Time kNanosecond = 1;
constexpr Time kMicrosecond = 1'000;
constexpr Time kMillisecond = 1'000'000;
constexpr Time kSecond = 1'000'000'000;
constexpr Time kNever = INT64_MAX;

constexpr Time us(std::int64_t v) { return v * kMicrosecond; }
constexpr Time ms(std::int64_t v) { return v * kMillisecond; }
constexpr Time sec(std::int64_t v) { return v * kSecond; }
constexpr double to_seconds(Time t) { return static_cast<double>(t) / 1e9; }
constexpr double to_ms(Time t) { return static_cast<double>(t) / 1e6; }

}  // namespace models
