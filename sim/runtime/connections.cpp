#include "sim/runtime/connections.hpp"

#include <cassert>

namespace sim {

Connections::Link& Connections::link(models::NodeId from, models::NodeId to, std::uint64_t from_inc,
                                     std::uint64_t to_inc) {
  Link& l = links_[(static_cast<std::uint64_t>(from) << 32) | to];
  if (l.from_incarnation != from_inc || l.to_incarnation != to_inc) l = Link{from_inc, to_inc};
  return l;
}

void Connections::stamp(Envelope& envelope, std::uint64_t from_incarnation, std::uint64_t to_incarnation) {
  Link& l = link(envelope.from, envelope.to, from_incarnation, to_incarnation);
  envelope.from_incarnation = from_incarnation;
  envelope.to_incarnation = to_incarnation;
  envelope.seq = l.next_seq++;
}

void Connections::arrive(std::unique_ptr<Envelope> envelope, std::uint64_t from_incarnation,
                         std::uint64_t to_incarnation, std::vector<std::unique_ptr<Envelope>>& ready) {
  if (envelope->from_incarnation != from_incarnation || envelope->to_incarnation != to_incarnation)
    return;  // sent on a connection that has since been reset
  Link& l = link(envelope->from, envelope->to, from_incarnation, to_incarnation);
  assert(envelope->seq >= l.expected_seq);
  if (envelope->seq == l.expected_seq && l.early.empty()) {  // in its turn, the usual case
    ++l.expected_seq;
    ready.push_back(std::move(envelope));
    return;
  }
  l.early.emplace(envelope->seq, std::move(envelope));
  while (!l.early.empty() && l.early.begin()->first == l.expected_seq) {
    ready.push_back(std::move(l.early.begin()->second));
    l.early.erase(l.early.begin());
    ++l.expected_seq;
  }
}

}  // namespace sim
