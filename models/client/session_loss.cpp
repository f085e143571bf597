// The end of a session, and the new one after it. Two ways to learn of it:
//
// - The ensemble says so: a server answers the reconnecting client's ConnectResponse with a zero
//   timeout (ClientCnxn.SendThread.onConnected; zookeeper.c's check_events), because the leader
//   expired the session while nobody heard from the client.
// - Curator decides (ConnectionStateManager.checkSessionExpiration, Curator 4+, its default
//   sessionExpirationPercent of 100): a connection SUSPENDED for a whole session timeout is taken
//   as lost, and Curator injects the expiry (ZooKeeperTestable.injectSessionExpiration) so as not
//   to act on a session the ensemble has most likely expired already. Once per suspension: the
//   state is LOST until a connection is made again.
//
// Either way the handle is dead: its state is CLOSED, so cleanup fails every call it holds with
// SESSIONEXPIRED (ClientCnxn.conLossPacket; zookeeper.c's cleanup_bufs with ZSESSIONEXPIRED), its
// watches are gone, and the application's caller sees the failure. Curator's ConnectionState then
// makes a new handle (reset), which connects with a new session; its first connection sleeps
// neither way (isFirstConnect again).
#include <cassert>

#include "models/client/client.hpp"

namespace models {

void Client::on_session_expired(Time now, Effects& out) {
  assert(sent_ == 0);  // nothing is sent before the connection is accepted
  end_session(now, false, out);
}

void Client::on_suspended_too_long(Time now, Effects& out) {
  assert(suspended_ && !connected_);
  suspended_ = false;
  // The attempt under way dies with the handle: its socket is closed, any answer on it unread.
  out.cancel_timer(kSilence);
  out.cancel_timer(kConnect);
  out.cancel_timer(kReconnect);
  target_ = kNoNode;
  paused_ = pause_firm_ = false;
  end_session(now, true, out);
}

void Client::end_session(Time now, bool by_client, Effects& out) {
  fail_all(out, Status::session_expired);
  out.observe_that(SessionExpired{server_, session_, static_cast<std::uint32_t>(watches_.size()), by_client});
  watches_.clear();
  session_ = 0;
  session_server_ = kNoNode;
  server_ = kNoNode;
  connected_ = false;
  moving_for_ = MoveCause::reconnect;
  failed_attempts_ = 0;
  ever_connected_ = false;
  if (host_provider_) host_provider_->on_disconnected();
  connect(now, out);
  refill(now, out);
}

}  // namespace models
