#pragma once
// The recorder every actor reports to. A server's host actor may handle an input ahead of
// SimGrid's clock (see HostActor::compute), so what it observes can carry a time that other hosts
// have not reached yet. This recorder holds such observations back and passes everything on in
// time order (ties in the order recorded), so metrics and checkers see one timeline, as they
// would if every input were handled at its own instant.
#include <cstdint>
#include <queue>
#include <vector>

#include "analysis/recorder.hpp"

namespace sim {

class OrderedRecorder final : public analysis::Recorder {
 public:
  void add(analysis::Recorder* recorder) { out_.add(recorder); }
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  // Passes on what is still held: the run has ended.
  void flush() { release_upto(models::kNever); }
  // Passes on what is held up to SimGrid's clock: whoever reads the recorders next (a targeted
  // event resolving a role) sees everything observed until now.
  void release_due();

 private:
  struct Held {
    models::Time time_ns;
    std::uint64_t order;
    models::NodeId node;
    models::Observation what;
    bool operator>(const Held& o) const { return time_ns != o.time_ns ? time_ns > o.time_ns : order > o.order; }
  };
  void release_upto(models::Time time_ns);

  analysis::FanOut out_;
  std::priority_queue<Held, std::vector<Held>, std::greater<Held>> held_;
  std::uint64_t held_order_ = 0;
};

}  // namespace sim
