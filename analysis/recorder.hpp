#pragma once
// Where a runtime sends what the state machines observed. Metrics, safety checkers and trace
// writers all implement it; a run fans every observation out to each of them.
#include <vector>

#include "models/core/effects.hpp"
#include "models/core/observation.hpp"

namespace analysis {

class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void record(models::Time time_ns, models::NodeId node, const models::Observation& what) = 0;
};

// Reports the observations of one step's Effects, in a fixed order: logged transactions first (as
// TxnLogged), then delivered transactions (as TxnDelivered), then the node's own observations.
void record_effects(Recorder& recorder, models::Time time_ns, models::NodeId node,
                    const models::Effects& effects);

// Keeps everything it is given: for tests and small runs.
class MemoryRecorder final : public Recorder {
 public:
  struct Entry {
    models::Time time_ns;
    models::NodeId node;
    models::Observation what;
  };
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override {
    entries.push_back({time_ns, node, what});
  }
  std::vector<Entry> entries;
};

// Forwards to several recorders in the order they were added.
class FanOut final : public Recorder {
 public:
  void add(Recorder* recorder) { recorders_.push_back(recorder); }
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override {
    for (Recorder* r : recorders_) r->record(time_ns, node, what);
  }

 private:
  std::vector<Recorder*> recorders_;
};

}  // namespace analysis
