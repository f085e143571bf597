#pragma once
// A Fast Leader Election vote and the total order between votes (ZooKeeper's
// totalOrderPredicate). Kept apart from the election loop because the ZAB server and the safety
// checkers reason about vote order too, without needing the loop.
#include "models/core/configuration.hpp"
#include "models/core/ids.hpp"

namespace models {

// Whom a server proposes as leader, with the history (last zxid) and epoch that candidate has.
struct Vote {
  NodeId leader = kNoNode;
  Zxid zxid = 0;
  Epoch peer_epoch = 0;
  bool operator==(const Vote&) const = default;
};

// ZooKeeper's totalOrderPredicate: does candidate beat current? A candidate of quorum weight 0 in
// `config` (not a voter, or a voter whose weight.N is 0) never wins; otherwise higher epoch, then
// higher zxid, then higher sid wins. ignore_epoch is the deliberately broken variant
// (ProtocolBugs::vote_ignores_epoch).
bool vote_beats(const Vote& candidate, const Vote& current, const Configuration& config, bool ignore_epoch = false);

}  // namespace models
