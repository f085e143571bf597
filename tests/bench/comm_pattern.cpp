// Runs a scenario through zksim and writes its communication pattern for raw_simgrid.cpp: the
// platform's hosts (as sim/runtime/platform.cpp builds them) and, per (from host, to host) pair,
// how many SimGrid comms zksim started and how many bytes they carried, and how many of its comms
// were wakes (empty comms that wake a host for a packet: sim/runtime/wire.hpp).
//   zksim_bench_pattern SCENARIO.json PATTERN.txt
#include <cstdio>
#include <fstream>

#include "sim/run.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/node_ids.hpp"

namespace {

struct HostLine {
  std::string name;
  double speed_flops, nic_bytes_per_s, latency_s;
};

// The hosts in World's order: servers, client hosts, then the controller (see build_platform).
std::vector<HostLine> hosts_of(const sim::Scenario& s) {
  const double latency_s = s.network.latency_us * 1e-6;
  std::vector<HostLine> hosts;
  for (models::NodeId id : sim::server_ids(s))
    hosts.push_back({"server" + std::to_string(id), s.ensemble.host.cpu_ghz * 1e9, s.ensemble.host.nic_gbps * 1e9 / 8, latency_s});
  const int client_hosts = s.clients.count == 0 ? 0 : std::max(1, std::min(s.clients.hosts, s.clients.count));
  for (int h = 0; h < client_hosts; ++h)
    hosts.push_back({"clients" + std::to_string(h + 1), s.clients.host.cpu_ghz * 1e9, s.clients.host.nic_gbps * 1e9 / 8, latency_s});
  hosts.push_back({"controller", 2.1e9, 1e6 * 1e9 / 8, 0});
  return hosts;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SCENARIO.json PATTERN.txt\n", argv[0]);
    return 2;
  }
  const sim::LoadResult loaded = sim::load_scenario_file(argv[1]);
  if (!loaded.scenario) {
    std::fputs(sim::format_errors(loaded).c_str(), stderr);
    return 2;
  }
  const sim::Scenario& s = *loaded.scenario;
  const sim::RunOutput out = sim::run_scenario(s, sim::RunOptions{});
  const auto hosts = hosts_of(s);
  const auto& comms = out.counters.comms_by_pair;
  const auto& bytes = out.counters.bytes_by_pair;
  const auto& wakes = out.counters.wakes_by_pair;
  if (comms.size() != hosts.size() * hosts.size()) {
    std::fprintf(stderr, "unexpected host count: %zu pairs for %zu hosts\n", comms.size(), hosts.size());
    return 1;
  }
  std::ofstream pattern(argv[2]);
  pattern << "model " << s.network.model << "\nduration_s " << s.duration_s << "\nhosts " << hosts.size() << "\n";
  for (const HostLine& h : hosts)
    pattern << "host " << h.name << " " << h.speed_flops << " " << h.nic_bytes_per_s << " " << h.latency_s << "\n";
  for (std::size_t from = 0; from < hosts.size(); ++from)
    for (std::size_t to = 0; to < hosts.size(); ++to)
      if (const std::size_t i = from * hosts.size() + to; comms[i] > 0 || wakes[i] > 0) {
        if (comms[i] > 0) pattern << "pair " << from << " " << to << " " << comms[i] << " " << bytes[i] << "\n";
        if (wakes[i] > 0) pattern << "wake " << from << " " << to << " " << wakes[i] << "\n";
      }
  std::printf("comms %llu packets %llu messages %llu execs %llu wall_s %.3f\n",
              static_cast<unsigned long long>(out.counters.comms), static_cast<unsigned long long>(out.counters.packets),
              static_cast<unsigned long long>(out.counters.messages), static_cast<unsigned long long>(out.counters.execs),
              out.wall_seconds);
  return pattern ? 0 : 1;
}
