#pragma once
// Deliberately broken protocol variants. They exist only so that tests can prove the safety
// checkers catch real protocol bugs; no scenario file can switch them on.
namespace models {

struct ProtocolBugs {
  bool commit_without_quorum = false;  // the leader commits as soon as it proposes
  bool ack_before_fsync = false;       // followers ACK a proposal before it is durable
  bool accept_older_epoch = false;     // followers accept proposals from a leader of an older epoch
  bool vote_ignores_epoch = false;     // the election orders votes by (zxid, sid) only
  bool skip_trunc = false;             // the leader sends DIFF where TRUNC is needed
  bool any() const {
    return commit_without_quorum || ack_before_fsync || accept_older_epoch || vote_ignores_epoch || skip_trunc;
  }
};

}  // namespace models
