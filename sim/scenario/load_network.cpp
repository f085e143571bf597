#include "sim/scenario/load_network.hpp"

#include <filesystem>
#include <set>

namespace sim {

namespace {

void read_datacenters(const JsonReader& n, NetworkSpec& network) {
  std::set<std::string> names;
  n.for_each("datacenters", [&](const JsonReader& d) {
    Datacenter dc;
    dc.name = "dc" + std::to_string(network.datacenters.size() + 1);
    if (d.expect_object({"name", "latency_us"})) {
      d.read("name", dc.name);
      d.read("latency_us", dc.latency_us, 0, 1e7);
    }
    if (!names.insert(dc.name).second) d.error_at("name", "datacenter \"" + dc.name + "\" is named twice");
    network.datacenters.push_back(dc);
  });
  if (n.has("datacenters") && network.datacenters.empty()) n.error_at("datacenters", "no datacenter given");
  if (!n.has("wan")) return;
  const JsonReader w = n.at("wan");
  if (!w.expect_object({"latency_ms", "bandwidth_gbps"})) return;
  w.read("latency_ms", network.wan.latency_ms, 0, 1e5);
  w.read("bandwidth_gbps", network.wan.bandwidth_gbps, 1e-6, 1e5);
}

void read_placement(const JsonReader& section, std::vector<std::string>& placement) {
  section.for_each("placement", [&](const JsonReader& p) {
    if (!p.value().is_string()) {
      p.error("expected a datacenter name, got " + json_type_name(p.value()));
      return;
    }
    placement.push_back(p.value().get<std::string>());
  });
}

// Each name must be a datacenter; the list must name one per member (or be absent).
void check_list(const JsonReader& section, const std::vector<std::string>& placement, std::size_t members,
                const NetworkSpec& network, const char* what) {
  if (!section.has("placement")) return;
  if (placement.size() != members)
    section.error_at("placement", "lists " + std::to_string(placement.size()) + " datacenters for " +
                                      std::to_string(members) + " " + what,
                     "give one datacenter name per " + std::string(what).substr(0, std::string(what).size() - 1));
  for (std::size_t i = 0; i < placement.size(); ++i) {
    bool known = false;
    for (const Datacenter& dc : network.datacenters) known = known || dc.name == placement[i];
    if (!known) section.at("placement").at(i).error("no datacenter named \"" + placement[i] + "\"", "declare it in network.datacenters");
  }
}

}  // namespace

void read_network(const JsonReader& r, Scenario& s, const std::string& base_dir) {
  if (!r.has("network")) return;
  const JsonReader n = r.at("network");
  if (!n.expect_object({"model", "latency_us", "datacenters", "wan", "platform_file"})) return;
  int model = 0;
  n.read_choice("model", model, {"CM02", "LV08"});
  s.network.model = model == 0 ? "CM02" : "LV08";
  n.read("latency_us", s.network.latency_us, 0, 1e7);
  read_datacenters(n, s.network);
  n.read("platform_file", s.network.platform_file);
  if (s.network.platform_file.empty()) return;
  s.network.platform_file = (std::filesystem::path(base_dir) / s.network.platform_file).string();
  std::error_code error;  // a name too long for the file system is reported, not thrown
  if (!std::filesystem::is_regular_file(s.network.platform_file, error))
    n.error_at("platform_file", "cannot read " + s.network.platform_file, "give a path relative to the scenario's folder");
  if (n.has("datacenters")) n.error_at("platform_file", "a platform file replaces datacenters", "give one or the other");
}

void check_placement(const JsonReader& r, Scenario& s) {
  if (r.has("ensemble")) read_placement(r.at("ensemble"), s.ensemble.placement);
  if (r.has("clients")) read_placement(r.at("clients"), s.clients.placement);
  if (s.network.datacenters.empty()) {
    s.network.datacenters.push_back({"dc1", s.network.latency_us});
  }
  if (r.has("ensemble"))
    check_list(r.at("ensemble"), s.ensemble.placement, static_cast<std::size_t>(s.ensemble.members()), s.network, "servers");
  const auto client_hosts = static_cast<std::size_t>(s.clients.used_hosts());
  if (r.has("clients")) check_list(r.at("clients"), s.clients.placement, client_hosts, s.network, "client hosts");
}

}  // namespace sim
