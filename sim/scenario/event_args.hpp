#pragma once
// A scenario event as the timeline shows it (the Chrome trace's instant for it): its label
// (sim/scenario/event_label.hpp, or the membership change's) and the fields it acted with, named
// as the scenario names them (groups, extra_latency_ms, rate_per_s, strategy, app_server, ...).
#include "analysis/scenario_event_sink.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

analysis::ScenarioEventMark event_mark(const Event& event);

}  // namespace sim
