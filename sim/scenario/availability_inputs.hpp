#pragma once
// What the availability cross-check needs from a scenario with a random failure process: the
// birth-death chain where it describes the ensemble (a majority of voters that all fail alike, no
// datacenter outages), otherwise the chain over each server and datacenter
// (analysis/stats/layout_availability.hpp) under the scenario's quorum rule, or why neither does.
#include <optional>
#include <string>

#include "analysis/stats/availability_ctmc.hpp"
#include "analysis/stats/layout_availability.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

struct AvailabilityInputs {
  std::optional<analysis::AvailabilityModel> chain;
  std::optional<analysis::LayoutAvailabilityModel> layout;
  std::string not_applicable;  // why no model describes the run (a model is given, or this)
};

// Nothing when the scenario has no failure process.
AvailabilityInputs availability_inputs(const Scenario& s);

}  // namespace sim
