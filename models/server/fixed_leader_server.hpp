#pragma once
// The foundation slice of the ensemble server: ZAB's broadcast phase with a leader fixed by
// configuration (the highest voter id, which Fast Leader Election would also pick among servers
// with equal history). No election, no recovery: the full protocol replaces it.
#include <cstdint>
#include <deque>
#include <map>
#include <set>

#include "models/core/node.hpp"
#include "models/server/server_config.hpp"
#include "models/server/session_order.hpp"

namespace models {

class FixedLeaderServer final : public Node {
 public:
  FixedLeaderServer(ServerConfig config, PersistentState durable);
  NodeId id() const override { return config_.id; }
  Effects on_start(Time now) override;
  Effects on_message(Time now, NodeId from, const Message& message) override;
  Effects on_timer(Time now, TimerId timer) override;
  Effects on_persisted(Time now, Zxid upto) override;
  Effects on_peer_lost(Time now, NodeId peer) override;
  void check_invariants() const override;

  NodeId leader() const { return leader_; }
  Zxid last_committed() const { return last_committed_; }

 private:
  bool leading() const { return config_.id == leader_; }
  void on_client_request(NodeId client, const ClientRequest& request, Effects& out);
  void answer_read(NodeId client, std::uint64_t cxid, const Op& op, Effects& out);
  void propose(NodeId client, std::uint64_t cxid, const Op& op, NodeId origin, Effects& out);
  void on_proposal(const Proposal& proposal, Effects& out);
  void on_ack(NodeId from, Zxid zxid, Effects& out);
  void commit_ready(Effects& out);
  void apply_commit(Zxid zxid, Effects& out);

  ServerConfig config_;
  NodeId leader_;
  Epoch epoch_;
  std::uint32_t next_counter_ = 1;
  std::map<Zxid, Txn> uncommitted_;           // logged (or being logged), not yet committed
  std::map<Zxid, std::set<NodeId>> ack_sets_;  // leader only: who has durably logged each proposal
  std::deque<Zxid> unacked_;                   // follower only: logged, ACK not yet sent
  Zxid last_logged_ = 0;
  Zxid last_committed_ = 0;
  std::map<std::uint64_t, std::uint32_t> value_bytes_by_key_;  // the data tree's sizes
  SessionOrder session_order_;
};

}  // namespace models
