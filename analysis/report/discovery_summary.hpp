#pragma once
// The service-discovery lines of a run's terminal summary (scenarios with services).
#include <string>

#include "analysis/metrics/discovery_metrics.hpp"

namespace analysis {

std::string discovery_summary(const DiscoveryMetrics& metrics);

}  // namespace analysis
