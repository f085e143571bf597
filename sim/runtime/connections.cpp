#include "sim/runtime/connections.hpp"

#include <cassert>

namespace sim {

Connections::Link& Connections::link(models::NodeId from, models::NodeId to, std::uint64_t from_inc,
                                     std::uint64_t to_inc) {
  Link& l = links_[(static_cast<std::uint64_t>(from) << 32) | to];
  renew(l, from_inc, to_inc);
  return l;
}

// A link last used by other incarnations of either end belongs to a connection since reset.
void Connections::renew(Link& link, std::uint64_t from_inc, std::uint64_t to_inc) {
  if (link.from_incarnation != from_inc || link.to_incarnation != to_inc) link = Link{from_inc, to_inc};
}

void Connections::stamp(Envelope& envelope, std::uint64_t from_incarnation, std::uint64_t to_incarnation) {
  Link& l = link(envelope.from, envelope.to, from_incarnation, to_incarnation);
  envelope.from_incarnation = from_incarnation;
  envelope.to_incarnation = to_incarnation;
  envelope.seq = l.next_seq++;
  envelope.link = &l;
}

void Connections::arrive(std::unique_ptr<Envelope> envelope, std::uint64_t from_incarnation,
                         std::uint64_t to_incarnation, std::vector<std::unique_ptr<Envelope>>& ready) {
  if (envelope->from_incarnation != from_incarnation || envelope->to_incarnation != to_incarnation)
    return;  // sent on a connection that has since been reset
  assert(envelope->link);  // stamped
  Link& l = *envelope->link;
  renew(l, from_incarnation, to_incarnation);
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
