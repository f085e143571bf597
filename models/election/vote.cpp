#include "models/election/vote.hpp"

namespace models {

bool vote_beats(const Vote& candidate, const Vote& current, const Configuration& config, bool ignore_epoch) {
  // An observer, or a voter of weight 0, has quorum weight 0: electing it would give a leader
  // whose own acks never count (FLEZeroWeightTest: such a server is never elected).
  if (config.weight(candidate.leader) == 0) return false;
  // The epoch comes first: a server that acknowledged a newer leader may hold fewer transactions
  // of the old epoch than one that missed it, yet only it knows the newer epoch was established.
  if (!ignore_epoch && candidate.peer_epoch != current.peer_epoch)
    return candidate.peer_epoch > current.peer_epoch;
  if (candidate.zxid != current.zxid) return candidate.zxid > current.zxid;
  return candidate.leader > current.leader;
}

}  // namespace models
