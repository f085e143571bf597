#include "sim/scenario/event_label.hpp"

#include <cstdio>

#include "models/client/app_ids.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/targeting.hpp"

namespace sim {

namespace {

std::string number(const char* format, double value) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// "server 2", "app server 3", "leader", "leader at <moment>": what the event hits.
std::string target(const Event& e) {
  std::string who;
  if (models::is_app_server(e.server)) who = "app server " + std::to_string(models::app_server_number(e.server));
  else if (e.role != ServerRole::id) who = server_role_name(e.role);
  else if (e.server) who = "server " + std::to_string(e.server);
  if (e.when.kind != Moment::Kind::none) who += (who.empty() ? "at " : " at ") + moment_name(e.when);
  return who;
}

std::string with_target(std::string label, const Event& e) {
  const std::string who = target(e);
  return who.empty() ? label : label + " " + who;
}

// What the event set; "undone" where it puts back what an earlier event changed.
std::string effect(const Event& e) {
  switch (e.kind) {
    case EventKind::rate: {
      std::string what;
      if (e.rate_per_s >= 0) what = number("%g req/s", e.rate_per_s);
      if (e.read_ratio >= 0) what += (what.empty() ? "" : ", ") + number("reads %g %%", 100 * e.read_ratio);
      return what;
    }
    case EventKind::slow_disk:
    case EventKind::slow_cpu:
      return e.factor == 1 ? "x1: undone" : number("x%g", e.factor);
    case EventKind::clog:
      if (e.factor == 1 && e.extra_latency_ms == 0) return "undone";
      return number("+%g ms", e.extra_latency_ms) + number(", bandwidth x%g", e.factor);
    case EventKind::packet_loss:
      return e.loss_percent == 0 ? "0 %: undone" : number("%g %% lost", e.loss_percent);
    case EventKind::strategy:
      return e.strategy.name;
    case EventKind::datacenter:
      return e.datacenter_name + " " + kDatacenterOutageNames[static_cast<int>(e.outage)];
    case EventKind::datacenter_heal:
      return e.datacenter_name;
    default:
      return "";
  }
}

}  // namespace

std::string event_label(const Event& e) {
  if (e.kind == EventKind::heal) return "heal: partitions undone";
  std::string label = with_target(event_kind_name(e.kind), e);
  const std::string what = effect(e);
  return what.empty() ? label : label + " " + what;
}

}  // namespace sim
