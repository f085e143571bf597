#pragma once
// QuorumCnxManager's lastMessageSent: the last election notification sent to each peer. When a
// connection to a peer is established, its SendWorker sends that message again (if nothing else
// is queued), so a peer that was away when it was sent still gets it. The owner notes every
// Effects it returns, and asks for the re-send on models::PeerConnectedInput.
#include <map>

#include "models/core/effects.hpp"
#include "models/core/messages.hpp"

namespace models {

class LastNotifications {
 public:
  void note(const Effects& out) {
    for (const Send& s : out.sends)
      if (const auto* n = std::get_if<Notification>(&s.message)) last_[s.to] = *n;
  }
  void resend(NodeId peer, Effects& out) const {
    auto it = last_.find(peer);
    if (it != last_.end()) out.send(peer, it->second);
  }

 private:
  std::map<NodeId, Notification> last_;  // bounded by the number of servers
};

}  // namespace models
