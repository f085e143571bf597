#pragma once
// Deliberately broken protocol variants. They exist only so that tests can prove the safety
// checkers catch real protocol bugs; no scenario file can switch them on (`zksim check --break`
// can, to show that the swarm finds them, and `zksim run --break`, to reproduce what it found).
#include <string>

namespace models {

struct ProtocolBugs {
  bool commit_without_quorum = false;  // the leader commits as soon as it proposes
  bool ack_before_fsync = false;       // followers ACK a proposal before it is durable
  bool accept_older_epoch = false;     // followers accept proposals from a leader of an older epoch
  bool vote_ignores_epoch = false;     // the election orders votes by (zxid, sid) only
  bool skip_trunc = false;             // the leader sends DIFF where TRUNC (or, across epochs, SNAP) is needed
  // The leader proposes newEpoch = max(acceptedEpoch) instead of max + 1 (an off-by-one in
  // Leader.getEpochToPropose): the next leader can establish the epoch its predecessor held.
  bool reuse_epoch = false;
  // The server a client wrote through answers the write once it has logged the proposal, not
  // once it has applied the commit: the write may never commit, yet the client was told it did.
  bool reply_before_commit = false;
  // The leader commits a proposal once a plain majority of the voters acknowledged it where the
  // configuration asks for hierarchical quorums; elections and epochs keep the configured rule. A
  // majority and a hierarchical quorum need not intersect: a write committed by the one can be
  // missing from every server of a later leader the other established. Harmless under majority.
  bool majority_for_hierarchical = false;
  bool any() const {
    return commit_without_quorum || ack_before_fsync || accept_older_epoch || vote_ignores_epoch || skip_trunc ||
           reuse_epoch || reply_before_commit || majority_for_hierarchical;
  }
};

// Each variant's name (for `zksim check --break`) beside its switch, in one table.
struct ProtocolBugName {
  const char* name;
  bool ProtocolBugs::*field;
};
constexpr ProtocolBugName kProtocolBugNames[] = {
    {"commit_without_quorum", &ProtocolBugs::commit_without_quorum},
    {"ack_before_fsync", &ProtocolBugs::ack_before_fsync},
    {"accept_older_epoch", &ProtocolBugs::accept_older_epoch},
    {"vote_ignores_epoch", &ProtocolBugs::vote_ignores_epoch},
    {"skip_trunc", &ProtocolBugs::skip_trunc},
    {"reuse_epoch", &ProtocolBugs::reuse_epoch},
    {"reply_before_commit", &ProtocolBugs::reply_before_commit},
    {"majority_for_hierarchical", &ProtocolBugs::majority_for_hierarchical},
};
// majority_for_hierarchical loses writes only where a majority that is no hierarchical quorum,
// with the leader, is cut from one: the swarm draws that cut (sim/check/random_layout.hpp), in
// about one seed in a hundred; tests/sim/quorum_layouts_test.cpp gives it that cut directly.

// Every variant's name, comma-separated (for help texts and errors).
inline std::string all_protocol_bug_names() {
  std::string names;
  for (const ProtocolBugName& bug : kProtocolBugNames) names += (names.empty() ? "" : ", ") + std::string(bug.name);
  return names;
}

// The names of the variants switched on, comma-separated ("" when none).
inline std::string protocol_bug_list(const ProtocolBugs& bugs) {
  std::string names;
  for (const ProtocolBugName& bug : kProtocolBugNames)
    if (bugs.*bug.field) names += (names.empty() ? "" : ", ") + std::string(bug.name);
  return names;
}

// Switches on the variant of that name; false when there is none.
inline bool enable_protocol_bug(ProtocolBugs& bugs, const std::string& name) {
  for (const ProtocolBugName& bug : kProtocolBugNames)
    if (name == bug.name) return bugs.*bug.field = true;
  return false;
}

}  // namespace models
