#include "models/election/fast_leader_election.hpp"

#include <algorithm>
#include <cassert>

namespace models {

namespace {

Vote vote_of(const Notification& n) { return Vote{n.leader, n.zxid, n.peer_epoch}; }

}  // namespace

FastLeaderElection::FastLeaderElection(NodeId self, const membership::QuorumSystem& quorums, ProtocolBugs bugs)
    : self_(self), quorums_(quorums), bugs_(bugs) {
  assert(!voters().empty() && voters().front() != kNoNode);
  // At most one of the two: a server outside the configuration (a joiner, or one a reconfig
  // removed) takes part as a non-voting follower, as an observer does.
  assert(!(is_voter(self_) && is_observer(self_)));
}

bool FastLeaderElection::is_voter(NodeId id) const { return quorums_.active().is_voter(id); }

bool FastLeaderElection::is_observer(NodeId id) const { return quorums_.active().is_observer(id); }

bool FastLeaderElection::beats(const Vote& candidate, const Vote& current) const {
  return vote_beats(candidate, current, quorums_.active(), bugs_.vote_ignores_epoch);
}

Notification FastLeaderElection::answer(PeerState state, const Vote& vote, std::uint64_t election_epoch,
                                        Epoch peer_epoch) {
  Notification n;
  n.state = state;
  n.leader = vote.leader;
  n.zxid = vote.zxid;
  n.election_epoch = election_epoch;
  n.peer_epoch = peer_epoch;
  return n;
}

Notification FastLeaderElection::our_notification() const {
  Notification n = answer(PeerState::looking, proposal_, logical_clock_, proposal_.peer_epoch);
  add_configuration(n);
  return n;
}

void FastLeaderElection::add_configuration(Notification& n) const {
  n.config_version = config_version();
  if (n.config_version == 0) return;
  if (!shared_config_ || shared_config_->version != n.config_version)
    shared_config_ = std::make_shared<const Configuration>(quorums_.active());
  n.config = shared_config_;
}

Effects FastLeaderElection::start(Time now, Zxid last_zxid, Epoch current_epoch) {
  Effects out;
  ++logical_clock_;
  // An observer's initial vote names nobody: any voter's vote beats it (ZooKeeper uses
  // Long.MIN_VALUE for the sid, zxid and epoch of a non-participant).
  init_vote_ = is_voter(self_) ? Vote{self_, last_zxid, current_epoch} : Vote{};
  proposal_ = init_vote_;
  received_.clear();
  out_of_election_.clear();
  outcome_.reset();
  resent_on_empty_poll_ = false;
  started_ns_ = now;
  notification_timeout_ns_ = kInitialNotificationTimeout;
  phase_ = Phase::looking;
  out.cancel_timer(kFinalizeWait);  // a previous round may have left one behind
  send_notifications(out);
  out.set_timer(kNotificationTimeout, now + notification_timeout_ns_);
  maybe_finalize(now, out);  // a single voter is a quorum by itself
  return out;
}

// sendNotifications: to every voter. ZooKeeper delivers the one addressed to itself through its
// own receive queue, where it only records the vote; we record it here directly.
void FastLeaderElection::send_notifications(Effects& out) {
  for (NodeId voter : voters())
    if (voter != self_) out.send(voter, our_notification());
  if (is_voter(self_)) received_[self_] = ReceivedVote{proposal_, logical_clock_, PeerState::looking};
}

void FastLeaderElection::reply(NodeId to, Effects& out) const { out.send(to, our_notification()); }

Effects FastLeaderElection::on_notification(Time now, NodeId from, const Notification& n) {
  Effects out;
  assert(from != self_);  // our own vote is recorded when we send it
  if (!looking()) return out;  // once decided, the server answers with answer() itself
  // The receiver thread (WorkerReceiver) answers a non-voter at once; its vote never enters the
  // election, so an observer can neither be counted nor reset our timers.
  if (!is_voter(from)) {
    reply(from, out);
    return out;
  }
  // WorkerReceiver answers a LOOKING peer only when it is in an older round, so that it catches
  // up. A peer of our round that has not heard our vote (it was still following when we sent it)
  // learns it only when we send it again: on a change of our vote, or after an empty poll of the
  // notification timeout.
  if (n.state == PeerState::looking && n.election_epoch < logical_clock_) reply(from, out);
  if (phase_ == Phase::finalizing)
    handle_during_finalize(now, from, n, out);
  else
    handle_queued(now, from, n, out);
  return out;
}

// One iteration of lookForLeader's loop with a notification in hand. Any notification ends the
// poll, so the re-send deadline starts over (without doubling).
void FastLeaderElection::handle_queued(Time now, NodeId from, const Notification& n, Effects& out) {
  assert(phase_ == Phase::looking);
  out.set_timer(kNotificationTimeout, now + notification_timeout_ns_);
  if (!is_voter(n.leader)) return;  // validVoter(n.leader)
  switch (n.state) {
    case PeerState::looking:
      on_looking_vote(now, from, n, out);
      return;
    case PeerState::following:
    case PeerState::leading:
      on_established_vote(from, n, out);
      return;
    case PeerState::observing:
      return;  // an observer's state carries no vote to count
  }
}

void FastLeaderElection::on_looking_vote(Time now, NodeId from, const Notification& n, Effects& out) {
  const Vote theirs = vote_of(n);
  if (n.election_epoch > logical_clock_) {
    // A newer round: what we heard in ours is void, and we compare with our *initial* vote, not
    // with whatever we had adopted in the older round.
    logical_clock_ = n.election_epoch;
    received_.clear();
    proposal_ = beats(theirs, init_vote_) ? theirs : init_vote_;
    send_notifications(out);
  } else if (n.election_epoch < logical_clock_) {
    return;  // a stale round (already answered above)
  } else if (beats(theirs, proposal_)) {
    proposal_ = theirs;
    send_notifications(out);
  }
  received_[from] = ReceivedVote{theirs, n.election_epoch, PeerState::looking};
  maybe_finalize(now, out);
}

// Once a quorum agrees with our proposal, wait finalizeWait for a better vote before deciding.
void FastLeaderElection::maybe_finalize(Time now, Effects& out) {
  assert(phase_ == Phase::looking);
  const ReceivedVote ours{proposal_, logical_clock_, PeerState::looking};
  if (!has_quorum(received_, ours, quorums_.active())) return;
  phase_ = Phase::finalizing;
  out.cancel_timer(kNotificationTimeout);  // no re-sends while we wait
  out.set_timer(kFinalizeWait, now + kFinalizeWaitTime);
}

// The inner poll loop of the finalize wait: a notification that does not beat our proposal is
// consumed and forgotten, and the 200 ms wait starts over; a better one is put back in the queue
// and the election goes on.
void FastLeaderElection::handle_during_finalize(Time now, NodeId from, const Notification& n,
                                                Effects& out) {
  if (!beats(vote_of(n), proposal_)) {
    out.set_timer(kFinalizeWait, now + kFinalizeWaitTime);
    return;
  }
  phase_ = Phase::looking;
  out.cancel_timer(kFinalizeWait);
  out.observe_that(ProbeReached{Probe::finalize_wait_interrupted, from});
  handle_queued(now, from, n, out);
}

Effects FastLeaderElection::on_timer(Time now, TimerId timer) {
  Effects out;
  if (timer == kNotificationTimeout && phase_ == Phase::looking) {
    on_notification_timeout(now, out);
  } else if (timer == kFinalizeWait && phase_ == Phase::finalizing) {
    decide(proposal_, logical_clock_, out);  // quiet for finalizeWait: the proposal stands
  }
  return out;
}

// An empty poll: re-send (ZooKeeper reconnects instead if nothing was ever delivered; our
// runtimes reconnect on their own) and double the timeout up to maxNotificationInterval.
void FastLeaderElection::on_notification_timeout(Time now, Effects& out) {
  resent_on_empty_poll_ = true;
  send_notifications(out);
  notification_timeout_ns_ = std::min(2 * notification_timeout_ns_, kMaxNotificationInterval);
  maybe_finalize(now, out);  // processing our own notification re-checks the quorum
  if (phase_ == Phase::looking) out.set_timer(kNotificationTimeout, now + notification_timeout_ns_);
}

void FastLeaderElection::decide(const Vote& end_vote, std::uint64_t election_epoch, Effects& out) {
  assert(is_voter(end_vote.leader));
  PeerState state = PeerState::following;
  if (end_vote.leader == self_) state = PeerState::leading;
  if (is_observer(self_)) state = PeerState::observing;  // learningState()
  phase_ = Phase::decided;
  logical_clock_ = election_epoch;
  proposal_ = end_vote;
  outcome_ = ElectionOutcome{end_vote.leader, end_vote.peer_epoch, state};
  if (resent_on_empty_poll_) out.observe_that(ProbeReached{Probe::election_waited_out_lost_vote});
  out.cancel_timer(kNotificationTimeout);
  out.cancel_timer(kFinalizeWait);
}

}  // namespace models

namespace models {

void FastLeaderElection::check_invariants() const {
  assert(notification_timeout_ns_ >= kInitialNotificationTimeout);
  assert(notification_timeout_ns_ <= kMaxNotificationInterval);
  assert((phase_ == Phase::decided) == outcome_.has_value());
  // A decided vote is history: a reconfig activated since may have removed the leader it names.
  if (phase_ != Phase::decided) assert(proposal_.leader == kNoNode ? !is_voter(self_) : is_voter(proposal_.leader));
  assert(received_.size() <= voters().size() && out_of_election_.size() <= voters().size());
  if (!looking()) return;
  assert(received_.count(self_) == (is_voter(self_) ? 1u : 0u));
  // recvset only ever holds votes of the round we are in: a newer round clears it.
  for (const auto& [sid, received] : received_) {
    assert(is_voter(sid));
    assert(received.election_epoch == logical_clock_);
  }
  if (finalizing())
    assert(has_quorum(received_, ReceivedVote{proposal_, logical_clock_, PeerState::looking}, quorums_.active()));
}

}  // namespace models
