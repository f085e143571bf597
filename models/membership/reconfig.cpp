#include "models/membership/reconfig.hpp"

#include <algorithm>
#include <cassert>

namespace models::membership {

namespace {

void erase_id(std::vector<NodeId>& ids, NodeId id) { ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end()); }

void insert_sorted(std::vector<NodeId>& ids, NodeId id) {
  auto it = std::lower_bound(ids.begin(), ids.end(), id);
  if (it == ids.end() || *it != id) ids.insert(it, id);
}

bool listed(const std::vector<NodeId>& ids, NodeId id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

}  // namespace

Configuration requested_config(const Configuration& from, const ReconfigRequest& request) {
  if (request.members) {  // non-incremental: the request is the whole next configuration
    Configuration next = *request.members;
    next.version = from.version;
    normalize_layout(next);
    return next;
  }
  Configuration next = from;
  // Adding a member with the other role moves it: it is first taken out of both lists.
  for (NodeId id : request.add_voters) {
    erase_id(next.observers, id);
    if (is_server(id) && !listed(request.remove, id)) insert_sorted(next.voters, id);
  }
  for (NodeId id : request.add_observers) {
    erase_id(next.voters, id);
    if (is_server(id) && !listed(request.remove, id)) insert_sorted(next.observers, id);
  }
  for (NodeId id : request.remove) {
    erase_id(next.voters, id);
    erase_id(next.observers, id);
  }
  return next;
}

ReconfigRefusal check_request(const QuorumSystem& quorums, const ReconfigRequest& request, const Configuration& next,
                              const std::set<NodeId>& synced) {
  if (quorums.pending()) return ReconfigRefusal::reconfig_in_progress;
  // PrepRequestProcessor: an incremental change must start from a majority quorum system.
  if (!request.members && quorums.latest().hierarchical()) return ReconfigRefusal::incremental_on_hierarchical;
  if (next.voters.empty() || !layout_problem(next).empty()) return ReconfigRefusal::invalid;
  if (next.same_members(quorums.active())) return ReconfigRefusal::no_change;
  // The joiners must already be connected and caught up: otherwise the joint quorums could not
  // be met, and the ensemble would stall until they are.
  if (!next.is_quorum(synced)) return ReconfigRefusal::no_quorum_of_new_config;
  return ReconfigRefusal::none;
}

Txn reconfig_txn(Zxid zxid, std::uint64_t request_id, Configuration next) {
  next.version = zxid;
  const std::uint32_t bytes = next.wire_bytes();
  Txn txn{zxid, kNoNode, request_id, kNoNode, Op{OpKind::write, kConfigKey, bytes}};
  txn.config = std::make_shared<const Configuration>(std::move(next));
  return txn;
}

NodeId designated_leader(NodeId self, const Configuration& next, const std::set<NodeId>& reconfig_acks,
                         const std::map<Zxid, std::set<NodeId>>& later_outstanding) {
  if (next.is_voter(self)) return self;
  std::set<NodeId> candidates;
  for (NodeId id : reconfig_acks)
    if (id != self && next.is_voter(id)) candidates.insert(id);
  if (candidates.empty()) return kNoNode;
  // Narrow down, proposal by proposal in zxid order, to those that acknowledged each one.
  NodeId best = *candidates.begin();
  for (const auto& [zxid, acks] : later_outstanding) {
    std::set<NodeId> still;
    for (NodeId id : candidates)
      if (acks.count(id)) still.insert(id);
    if (still.empty()) break;
    candidates = std::move(still);
    best = *candidates.begin();
    if (candidates.size() == 1) break;
  }
  assert(next.is_voter(best));
  return best;
}

Configuration starting_configuration(Configuration static_config, const PersistentState& durable) {
  Configuration c = durable.config.voters.empty() ? std::move(static_config) : durable.config;
  c.version = durable.config.version;
  // Configurations keep their members sorted (binary searches, comparisons).
  normalize_layout(c);
  return c;
}

ReconfigEvent reconfig_event(ReconfigPhase phase, std::uint64_t request_id, const Configuration& old_config,
                             const Configuration* new_config, ReconfigRefusal refusal) {
  ReconfigEvent e;
  e.phase = phase;
  e.request_id = request_id;
  e.refusal = refusal;
  e.old_config = std::make_shared<const Configuration>(old_config);
  if (new_config) {
    e.version = new_config->version;
    e.new_config = std::make_shared<const Configuration>(*new_config);
  }
  return e;
}

}  // namespace models::membership
