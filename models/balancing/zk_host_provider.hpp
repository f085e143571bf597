#pragma once
// zk_host_provider: ZooKeeper 3.8's client-side StaticHostProvider
// (zookeeper-server/src/main/java/org/apache/zookeeper/client/StaticHostProvider.java), ported
// statement by statement; 3.8 has no HostConnectionManager, this class is the whole of it. The
// client shuffles its connect string once and walks it round robin on every (re)connection
// attempt, which spreads sessions evenly without coordination; next() says when the walk has come
// back to the server of the last successful connection, where ClientCnxn sleeps spinDelay.
//
// When the server list changes (updateServerList, ZOOKEEPER-1355) it reshuffles, decides with
// the published probabilities whether the session must move, and if so enters "reconfigMode":
// until the next successful connection, next() tries the new servers (those not in the previous
// list) with probability pNew and the remaining old ones otherwise, each set in shuffled order,
// before it falls back to the round robin. An update that arrives while migrating takes the
// pending target (next(0)) as the current server. The provider remembers which server its client
// is connected to (on_connected / on_disconnected), so a caller that updates the list through
// set_members needs no separate bookkeeping; and since the index always follows the connection,
// the reconnect after a move never tries the server just lost first.
//
// Keys, load and weights are ignored, as the real client ignores them.
#include <vector>

#include "models/balancing/strategy.hpp"

namespace models::balancing {

class ZkHostProvider final : public Strategy {
 public:
  struct Next {
    NodeId server = kNoNode;
    bool sleep = false;  // next(spinDelay > 0) would sleep spinDelay before returning server
  };

  std::string_view name() const override { return "zk_host_provider"; }

  // StaticHostProvider.updateServerList(serverAddresses, currentHost): current_host is kNoNode
  // when the client is not connected. Returns whether the client must drop its connection
  // (reconfigMode). The base's members() are not touched: callers go through set_members, which
  // calls this with the connected server.
  bool update_server_list(const std::vector<NodeId>& servers, NodeId current_host, Rng& rng);
  // StaticHostProvider.next(spinDelay): the server to try; with spin, whether it sleeps first.
  Next next(bool spin, Rng& rng);
  // Whether the last pick() (next(1000), as ClientCnxn calls it) would have slept spinDelay.
  bool last_pick_sleeps() const { return last_pick_sleeps_; }
  // StaticHostProvider.onConnected(): the last pick accepted the session.
  void on_connected();
  // The connection to the server of on_connected() is gone (ClientCnxn's socket closed).
  void on_disconnected() { connected_host_ = kNoNode; }

  NodeId connected_host() const { return connected_host_; }
  bool reconfig_mode() const { return reconfig_mode_; }
  NodeId server_at_index(int index) const;  // kNoNode out of range, as getServerAtIndex's null
  NodeId server_at_current_index() const { return server_at_index(current_index_); }
  // The last server returned was the last of the shuffled list (the C client's addrvec_atend).
  bool at_end() const;
  const std::vector<NodeId>& connect_order() const { return server_addresses_; }

 protected:
  bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) override;
  NodeId choose(const PickContext& ctx, Rng& rng) override;

 private:
  NodeId next_in_reconfig_mode(Rng& rng);
  void split_old_and_new(const std::vector<NodeId>& shuffled);
  NodeId current_server_for_update(NodeId current_host, Rng& rng);
  void set_probabilities(bool my_server_in_new_config, std::size_t new_size, Rng& rng);

  std::vector<NodeId> server_addresses_;  // serverAddresses: the shuffled connect string
  int last_index_ = -1;                    // lastIndex: of the last successful connection
  int current_index_ = -1;                 // currentIndex: of the last server returned
  bool reconfig_mode_ = false;
  std::vector<NodeId> old_servers_;  // of the new list, in the previous one (shuffled order)
  std::vector<NodeId> new_servers_;  // of the new list, not in the previous one
  int current_index_old_ = -1;
  int current_index_new_ = -1;
  double p_old_ = 0;
  double p_new_ = 0;
  NodeId connected_host_ = kNoNode;
  bool last_pick_sleeps_ = false;
};

}  // namespace models::balancing
