#pragma once
// The service-discovery layer of a scenario: application servers on hosts of their own that
// register ephemeral znodes under /services/<name>, and application clients that watch those
// children and send their requests to a backend chosen per request by a balancing strategy.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/scenario/host_spec.hpp"
#include "sim/scenario/strategy_spec.hpp"

namespace sim {

struct AppServersSpec {
  int count = 4;                      // app servers 1..count (events name them with "app_server")
  HostSpec host;                      // their hosts (cpu_ghz scales the service time)
  std::vector<double> cpu_ghz;        // per app server, overriding host.cpu_ghz (may be shorter)
  double service_time_ms = 1;         // CPU time of one request on a host at the profile's reference_ghz
  double session_timeout_ms = 4000;   // of their ZooKeeper sessions: how long a dead one stays listed
  double start_s = 1;
  std::uint32_t reply_bytes = 1000;
};

struct AppClientsSpec {
  int count = 8;
  int hosts = 2;                      // spread round robin over this many hosts
  int used_hosts() const { return std::max(1, std::min(hosts, count)); }  // no host without a client
  double rate_per_s = 1000;           // the whole run's application requests per second (Poisson)
  double request_timeout_ms = 1000;   // a request unanswered this long fails
  double session_timeout_ms = 10000;
  double start_s = 2;                 // after the app servers registered
  std::uint64_t keys = 10000;         // request keys, uniform (what hash strategies hash)
  std::uint32_t request_bytes = 200;
  StrategySpec strategy{"round_robin", {}};
};

struct ServicesSpec {
  bool enabled = false;               // the scenario has a "services" section
  std::string name = "app";           // registrations under /services/<name>
  AppServersSpec servers;
  AppClientsSpec clients;
  std::string path() const { return "/services/" + name; }
};

}  // namespace sim
