#pragma once

namespace sim {

// The text of scenarios/default.json as it was when the binary was built.
const char* default_scenario_json();

}  // namespace sim
