#include "sim/runtime/ordered_recorder.hpp"

#include "sim/runtime/world.hpp"

namespace sim {

void OrderedRecorder::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  if (time_ns > World::now_ns()) {
    held_.push({time_ns, held_order_++, node, what});
    return;
  }
  release_upto(time_ns);
  out_.record(time_ns, node, what);
}

void OrderedRecorder::release_due() { release_upto(World::now_ns()); }

void OrderedRecorder::release_upto(models::Time time_ns) {
  while (!held_.empty() && held_.top().time_ns <= time_ns) {
    const Held& h = held_.top();
    out_.record(h.time_ns, h.node, h.what);
    held_.pop();
  }
}

}  // namespace sim
