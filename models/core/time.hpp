#pragma once
// Simulated time. Integer nanoseconds so that arithmetic is exact and identical on every machine;
// floating-point seconds appear only at the edges (SimGrid's clock, reports).
#include <cmath>
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

// Time as floating-point seconds, milliseconds, microseconds (reports, SimGrid's clock).
constexpr double to_seconds(Time t) { return static_cast<double>(t) / 1e9; }
constexpr double to_ms(Time t) { return static_cast<double>(t) / 1e6; }
constexpr double to_us(Time t) { return static_cast<double>(t) / 1e3; }
// A fractional number of nanoseconds (a mean) in milliseconds.
constexpr double ns_to_ms(double value_ns) { return value_ns / 1e6; }

// A scenario's floating-point durations as Time. They truncate toward zero: every deadline and
// setting has always been converted so, and rounding instead would move them by up to 1 ns.
constexpr Time from_seconds(double value_s) { return static_cast<Time>(value_s * 1e9); }
constexpr Time from_ms(double value_ms) { return static_cast<Time>(value_ms * 1e6); }
constexpr Time from_us(double value_us) { return static_cast<Time>(value_us * 1e3); }
// A reading of a floating-point clock (SimGrid's) as Time, to the nearest nanosecond, so that a
// clock that stands at t's seconds reads back as t.
inline Time from_seconds_rounded(double value_s) { return static_cast<Time>(std::llround(value_s * 1e9)); }

// Floating-point durations from one unit to another, where nothing is rounded (SimGrid's
// latencies, estimates). Each multiplies, as the callers always did: x * 1e-6 and x / 1e6 can
// differ in their last bit.
constexpr double us_to_seconds(double value_us) { return value_us * 1e-6; }
constexpr double ms_to_seconds(double value_ms) { return value_ms * 1e-3; }
constexpr double ms_to_us(double value_ms) { return value_ms * 1e3; }
constexpr double seconds_to_ms(double value_s) { return value_s * 1e3; }

}  // namespace models
