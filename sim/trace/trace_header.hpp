#pragma once
// Line 1 of a trace: the format and version, what was run (the scenario document as loaded, the
// incident events merged into it, the seed actually used, the network model) and, what the
// replayer needs, the constructor inputs of every node.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/trace/node_builder.hpp"

namespace sim::trace {

struct HeaderInfo {
  nlohmann::ordered_json scenario;                                   // the scenario file's JSON
  nlohmann::ordered_json incident = nlohmann::ordered_json::array();  // events merged from --incident
  std::uint64_t seed = 0;
  std::string network_model;
};

nlohmann::ordered_json make_header(const HeaderInfo& info, const NodeConfigs& configs);
// Checks the format and version; throws DecodeError (or a JSON error) when it is not a trace.
NodeConfigs configs_from_header(const nlohmann::ordered_json& header);

}  // namespace sim::trace
