#pragma once
// A sweep plan with one knee where the tests can predict it: one server whose only CPU cost is
// 1 ms per client request serves at most 1,000 requests/s, and an open-loop load above that makes
// the queue (and p99) grow without bound. The search's tolerance is 4 %.
#include <string>

namespace tests {

inline std::string knee_plan() {
  return R"({
  "name": "knee",
  "scenario": { "name": "knee", "duration_s": 8, "warmup_s": 3,
    "ensemble": { "servers": 1 }, "clients": { "count": 20, "hosts": 1 },
    "profile": { "name": "fixed-1ms", "reference_ghz": 2.1, "default_us": 0, "per_byte_ns": 0,
                 "message_us": { "client_request": 1000 } },
    "workload": { "read_ratio": 1.0 } },
  "replications": 2,
  "confidence": { "relative_half_width": 0.2, "max_replications": 4 },
  "slo": { "p99_ms": 100, "service_availability_percent": 99, "client_availability_percent": 99 },
  "search": { "start_rate_per_s": 300, "min_rate_per_s": 10, "max_rate_per_s": 4000, "tolerance": 0.04, "max_steps": 12 },
  "target_rate_per_s": 500
})";
}

}  // namespace tests
