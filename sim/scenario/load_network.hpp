#pragma once
// The network part of a scenario: the SimGrid model, one or several datacenters and the
// wide-area links between them, or a SimGrid platform file; and where servers and clients are.
#include <string>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

void read_network(const JsonReader& scenario, Scenario& s, const std::string& base_dir);
// Checks `placement` lists against the datacenters (once ensemble and clients are read).
void check_placement(const JsonReader& scenario, Scenario& s);

}  // namespace sim
