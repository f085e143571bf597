#pragma once
// The report's `strategies` section: the balancing strategies a run used, with the options each
// reads, so that a report (and a comparison of reports) says what produced its figures without
// the scenario file beside it. The sessions' strategy over the ensemble (clients.strategy, with
// clients.rebalance, ZOOKEEPER-1355's move on a new configuration), the app clients' over their
// backends (services.clients.strategy, with a services section only), and the scenario's strategy
// events, which switch one of them during the run.
#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace sim {

nlohmann::ordered_json strategies_json(const Scenario& scenario);

// The report with the section inserted after its `run` section (at the end when it has none).
nlohmann::ordered_json with_strategies(const nlohmann::ordered_json& report, const nlohmann::ordered_json& strategies);

}  // namespace sim
