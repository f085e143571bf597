#include "analysis/report/headline_figures.hpp"

#include <algorithm>

namespace analysis {

namespace {

constexpr HeadlineFigure kHeadline[] = {
    {"throughput_per_s", "/summary/throughput_per_s"},
    {"latency_mean_ms", "/latency/all/mean_ms"},
    {"latency_p50_ms", "/latency/all/p50_ms"},
    {"latency_p90_ms", "/latency/all/p90_ms"},
    {"latency_p99_ms", "/latency/all/p99_ms"},
    {"latency_p999_ms", "/latency/all/p999_ms"},
    {"read_p99_ms", "/latency/read/p99_ms"},
    {"write_p99_ms", "/latency/write/p99_ms"},
    {"service_availability_percent", "/availability/service_percent"},
    {"client_availability_percent", "/availability/client_percent"},
    {"load_factor_per_server", "/summary/load_factor_per_server"},
    {"bottleneck_utilization", "/resources/bottleneck/mean_utilization"},
    {"sessions_expired", "/faults/session_expiry/sessions_expired"},
};

}  // namespace

std::span<const HeadlineFigure> headline_figures() { return kHeadline; }

bool is_headline(const std::string& pointer) {
  return std::any_of(std::begin(kHeadline), std::end(kHeadline), [&](const HeadlineFigure& h) { return pointer == h.pointer; });
}

}  // namespace analysis
