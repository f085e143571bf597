#pragma once
// Where a runtime reports the scenario's events as they act (a fault injected, the load or the
// balancing strategy changed, a membership change begun). Many of them leave no observation of
// their own: a clog, a slow disk or a new rate is applied by the runtime to its hosts, and the
// state machines never see it happen. A recorder that draws the whole story of a run (the Chrome
// trace) implements this beside Recorder. The runtime describes each event (its label and its
// fields), so that analysis/ needs no scenario types.
#include <string>

#include <nlohmann/json.hpp>

#include "models/core/time.hpp"

namespace analysis {

struct ScenarioEventMark {
  std::string kind;             // the scenario's event kind: "partition", "rate", "strategy", ...
  std::string label;            // what it did, with its values ("slow_disk server 2 x4")
  nlohmann::ordered_json args;  // its fields as the scenario gives them (groups, rate_per_s, strategy, ...)
};

class ScenarioEventSink {
 public:
  virtual ~ScenarioEventSink() = default;
  // Called when the event acts (a targeted event: at its moment, with the servers it hit), in
  // time order, but not in order with the observations a runtime may still hold back.
  virtual void scenario_event(models::Time time_ns, const ScenarioEventMark& mark) = 0;
};

}  // namespace analysis
