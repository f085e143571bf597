#pragma once
// Reads a scenario's "services" section (service discovery) and the "app_server" references of
// events; problems are reported with their JSON paths.
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

void read_services(const JsonReader& r, Scenario& s);
// Reads an event's "app_server" into server (its node id); false when the event has none.
bool read_app_server(const JsonReader& e, const Scenario& s, models::NodeId& server);
// Reads r's optional "host" object (shared with the ensemble's and clients' hosts; defined in
// load_scenario.cpp).
void read_host(const JsonReader& r, HostSpec& host);

}  // namespace sim
