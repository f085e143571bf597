#include "sim/trace/trace_header.hpp"

#include "sim/trace/codec.hpp"
#include "sim/trace/decode_error.hpp"
#include "sim/trace/trace_lines.hpp"

namespace sim::trace {

using ojson = nlohmann::ordered_json;

ojson make_header(const HeaderInfo& info, const NodeConfigs& configs) {
  ojson h = ojson::object();
  h["trace"] = kTraceMagic;
  h["version"] = kTraceVersion;
  h["seed"] = info.seed;
  h["network_model"] = info.network_model;
  h["scenario"] = info.scenario;
  h["incident"] = info.incident;
  h["servers"] = configs.servers;
  h["clients"] = configs.clients;
  h["client_workload"] = configs.client_workload;
  if (!configs.app_servers.empty() || !configs.app_clients.empty()) {  // service discovery
    h["app_servers"] = configs.app_servers;
    h["app_clients"] = configs.app_clients;
  }
  return h;
}

NodeConfigs configs_from_header(const ojson& header) {
  if (!header.is_object() || !header.contains("trace") || header.at("trace") != kTraceMagic)
    throw DecodeError("line 1 is not a zksim trace header (expected {\"trace\":\"zksim\",...})");
  const int version = header.at("version").get<int>();
  if (version != kTraceVersion)
    throw DecodeError("trace format version " + std::to_string(version) + " is not supported (this zksim reads " +
                      std::to_string(kTraceVersion) + ")");
  NodeConfigs configs;
  header.at("servers").get_to(configs.servers);
  header.at("clients").get_to(configs.clients);
  header.at("client_workload").get_to(configs.client_workload);
  if (header.contains("app_servers")) header.at("app_servers").get_to(configs.app_servers);
  if (header.contains("app_clients")) header.at("app_clients").get_to(configs.app_clients);
  return configs;
}

}  // namespace sim::trace
