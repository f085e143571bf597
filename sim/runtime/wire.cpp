#include "sim/runtime/wire.hpp"

#include <algorithm>

namespace sim {

// Cut-through: a link starts on the packet once its first bit is there (after the previous link's
// latency) and the link is free, and is done with it when all its bytes are out, which is never
// before its last bit arrived.
models::Time Wire::transmit(const std::vector<Hop>& route, models::Time sent_ns, std::uint64_t bytes) {
  models::Time head_ns = sent_ns;  // the first bit reaches the next link
  models::Time tail_ns = sent_ns;  // the last bit reaches the next link
  for (const Hop& hop : route) {
    if (hop.link >= link_free_ns_.size()) link_free_ns_.resize(hop.link + 1, 0);
    models::Time& free_ns = link_free_ns_[hop.link];
    const models::Time start_ns = std::max(head_ns, free_ns);
    const models::Time finish_ns = std::max(start_ns + models::from_seconds_rounded(static_cast<double>(bytes) / hop.bytes_per_s), tail_ns);
    free_ns = finish_ns;
    head_ns = start_ns + hop.latency_ns;
    tail_ns = finish_ns + hop.latency_ns;
  }
  return tail_ns;
}

Wire::Inbox& Wire::inbox(std::size_t host) {
  if (host >= inboxes_.size()) inboxes_.resize(host + 1);
  return inboxes_[host];
}

void Wire::post(std::size_t host, models::Time at_ns, std::unique_ptr<Envelope> batch) {
  inbox(host).due.push({at_ns, seq_++, std::move(batch)});
}

models::Time Wire::next_due_ns(std::size_t host) const {
  if (host >= inboxes_.size() || inboxes_[host].due.empty()) return models::kNever;
  return inboxes_[host].due.top().at_ns;
}

std::unique_ptr<Envelope> Wire::take(std::size_t host) {
  auto& due = inbox(host).due;
  // The heap's top is const; its envelope is moved out just before the entry is popped.
  std::unique_ptr<Envelope> batch = std::move(const_cast<Due&>(due.top()).batch);
  batch->arrived_ns = due.top().at_ns;
  due.pop();
  return batch;
}

void Wire::sleeping_until(std::size_t host, models::Time until_ns) { inbox(host).sleeping_until_ns = until_ns; }

void Wire::awake(std::size_t host) {
  Inbox& in = inbox(host);
  in.sleeping_until_ns = 0;
  in.wake_ns = models::kNever;  // any wake still on its way finds it awake and is ignored
}

bool Wire::needs_wake(std::size_t host, models::Time at_ns) const {
  if (host >= inboxes_.size()) return false;
  const Inbox& in = inboxes_[host];
  return at_ns < in.sleeping_until_ns && at_ns < in.wake_ns;
}

void Wire::wake_sent(std::size_t host, models::Time wake_ns) {
  Inbox& in = inbox(host);
  in.wake_ns = std::min(in.wake_ns, wake_ns);
}

}  // namespace sim
