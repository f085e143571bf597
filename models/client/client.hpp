#pragma once
// A ZooKeeper client session driven by a workload (ClientCnxn and StaticHostProvider, or the C
// library's zookeeper.c: models/client/client_library.hpp says how the two differ). It picks
// servers through a balancing strategy (by default zk_host_provider, StaticHostProvider itself:
// its shuffled connect string, round robin), keeps its requests in FIFO order, pings when it has
// sent nothing for a while, and moves to the next server when its own stays silent past the
// library's timeout (or at once when the connection is reset). Each failed attempt or lost
// connection fails every call the client holds with connection_loss, as both libraries' cleanup
// does; the library decides how long the client waits before the next attempt.
//
// The session outlives connections: the client brings it to the next server, with the last zxid
// it saw (a server behind that refuses it), and re-registers there the watches it still holds
// (setWatches): watches live on the server a client is connected to. A session that expired
// (a server says so, or Curator judges it) fails every call the client holds with session_expired
// and takes its watches with it; the client starts a new one (session_loss.cpp).
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/balancing/registry.hpp"
#include "models/balancing/strategy.hpp"
#include "models/balancing/zk_host_provider.hpp"
#include "models/client/client_library.hpp"
#include "models/client/workload.hpp"
#include "models/core/node.hpp"
#include "models/core/rng.hpp"

namespace models {

struct ClientConfig {
  NodeId id = kNoNode;
  std::vector<NodeId> servers;  // the connect string
  Time session_timeout_ns = sec(30);
  std::size_t max_queued = 1000;  // requests waiting for a connection; beyond this they fail
  std::uint64_t seed = 0;
  Time start_ns = 0;              // the client process starts (connects, issues) at this time
  Time spin_delay_ns = ms(1000);  // java: next(1000)'s sleep once the walk is back where it last connected
  // How the client chooses the server to connect to (models/balancing/registry.hpp); hash
  // strategies hash the client id and the number of attempts failed in a row, so that a retry
  // tries another server.
  std::string strategy = "zk_host_provider";
  // On a new configuration (ConfigChanged) the client rebalances with the ZOOKEEPER-1355
  // probabilities after a random delay in [0, rebalance_delay_ns_max], so that clients do not
  // all move at once; with rebalance off it only adopts the new server list.
  bool rebalance = true;
  Time rebalance_delay_ns_max = sec(1);
  balancing::StrategyOptions strategy_options;  // of `strategy`: virtual nodes, capacity factor c, staleness ...
  ClientLibrary library = ClientLibrary::java;  // whose reconnect timing and failure rules apply
  // Curator's ConnectionStateManager on top of the library: a connection lost for a whole session
  // timeout is taken as an expired session (models/client/session_loss.cpp).
  bool curator_expiry = false;
};

class Client final : public Node {
 public:
  enum Timer : TimerId { kArrival = 1, kPing = 2, kSilence = 3, kStart = 4, kReconnect = 5, kRebalance = 6, kConnect = 7, kSuspended = 8 };

  Client(ClientConfig config, std::shared_ptr<const Workload> workload);
  NodeId id() const override { return config_.id; }
  Effects on_start(Time now) override;
  Effects on_message(Time now, NodeId from, const Message& message) override;
  Effects on_timer(Time now, TimerId timer) override;
  Effects on_peer_lost(Time now, NodeId peer) override;
  // A client takes a rate change, a strategy change and a submitted operation.
  bool takes(const Control& control) const override { return !std::holds_alternative<RequestReconfig>(control); }
  Effects on_control(Time now, const Control& control) override;
  void check_invariants() const override;

  // The scenario changed this client's open-loop arrival rate, and the share of reads of what it
  // issues from now on.
  Effects set_rate(Time now, double rate_per_s, double read_ratio);
  // Issues one given operation in the session's FIFO order, beside the workload's (tests, and
  // callers that drive a client directly); its completion is observed as any other.
  Effects submit(Time now, Op op);
  // The scenario switched the balancing strategy: the session moves at once to the server the new
  // strategy picks (a rollout that restarts clients would do the same), and later reconnects use
  // it too. The name and options were validated with the scenario.
  Effects set_strategy(Time now, const std::string& name, const balancing::StrategyOptions& options);
  // The cxid the next submitted operation gets (callers that wait for a particular reply).
  std::uint64_t next_cxid() const { return next_cxid_; }
  NodeId server() const { return server_; }
  const std::vector<NodeId>& servers() const { return config_.servers; }
  bool connected() const { return connected_; }
  SessionId session() const { return session_; }
  Zxid last_zxid_seen() const { return last_zxid_seen_; }
  const balancing::Strategy& strategy() const { return *strategy_; }

 private:
  struct Pending {
    std::uint64_t cxid;
    Op op;
    Time issued_ns;
  };
  void start(Time now, Effects& out);
  // Connection lifecycle (client_connect.cpp).
  void connect(Time now, Effects& out);
  void attempt(Time now, NodeId server, Effects& out);
  void connect_to(Time now, NodeId server, Effects& out);
  Time silence_deadline_ns() const;
  void on_connect_response(Time now, const ConnectResponse& response, Effects& out);
  void on_connection_failed(Time now, Effects& out);
  void java_reconnect(Time now, Effects& out);
  void c_reconnect(Time now, bool round_done, Effects& out);
  void c_cut_pause_short(Time now, Effects& out);
  void on_ping_timer(Time now, Effects& out);
  void c_ping_when_idle(Time now, Effects& out);
  void send_ping(Time now, Effects& out);
  // Session loss (session_loss.cpp): told by the ensemble, or judged by Curator.
  void on_session_expired(Time now, Effects& out);
  void on_suspended_too_long(Time now, Effects& out);
  void end_session(Time now, bool by_client, Effects& out);
  NodeId pick_server(Time now);
  void move_session(Time now, NodeId target, MoveCause cause, Effects& out);
  // Requests (client.cpp).
  void issue(Time now, Effects& out);
  void enqueue(Time now, const Op& op, Effects& out);
  void refill(Time now, Effects& out);
  void send_pending(Time now, Effects& out);
  void fail_in_flight(Effects& out);
  void fail_all(Effects& out, Status status);
  void on_reply(Time now, const ClientReply& reply, Effects& out);
  void schedule_arrival(Time now, Effects& out);
  // Watches (client_watches.cpp): which are held, and their re-registration after a reconnect.
  void note_watch_set(const Op& op, Status status);
  void note_watch_fired(const WatchEvent& event);
  void reregister_watches(Zxid relative_zxid, Effects& out);
  // Membership (client_rebalance.cpp).
  void on_config_changed(Time now, const ConfigChanged& changed, Effects& out);
  void rebalance(Time now, Effects& out);
  void update_host_provider(Time now, std::vector<NodeId> servers, Effects& out);
  void adopt_servers(std::vector<NodeId> servers);
  void set_strategy_object(std::unique_ptr<balancing::Strategy> strategy);

  ClientConfig config_;
  std::shared_ptr<const Workload> workload_;
  double rate_per_s_;
  double read_ratio_;
  Rng rng_;
  std::unique_ptr<balancing::Strategy> strategy_;
  // strategy_ when it is zk_host_provider: the client then uses all of StaticHostProvider's
  // interface (onConnected, updateServerList with the connected server, next's spin delay).
  balancing::ZkHostProvider* host_provider_ = nullptr;
  NodeId server_ = kNoNode;  // being connected or connected to; kNoNode between attempts
  bool connected_ = false;
  SessionId session_ = 0;
  NodeId session_server_ = kNoNode;  // the server that last accepted the session
  MoveCause moving_for_ = MoveCause::reconnect;  // why the session is on its way to another server
  Zxid last_zxid_seen_ = 0;
  std::uint64_t next_cxid_ = 1;
  std::deque<Pending> pending_;  // in cxid order: sent ones first, then those still queued
  std::size_t sent_ = 0;         // how many of pending_ (a prefix) were sent on this connection
  std::size_t failed_attempts_ = 0;  // connection attempts failed since the last success (or spin)
  bool suspended_ = false;       // curator: SUSPENDED, kSuspended armed for the session timeout
  bool ever_connected_ = false;  // java: !isFirstConnect, the random sleep applies from then on
  bool spin_due_ = false;        // java, other strategies: a whole round failed, sleep spinDelay
  NodeId target_ = kNoNode;      // java: the server picked, connected to when kConnect fires
  bool paused_ = false;          // c: the IO thread's recv_timeout / 60 wait, kReconnect pending
  bool pause_firm_ = false;      // c: that wait is not cut short (see c_reconnect)
  Time instant_ns_ = -1;         // c: attempts started at this one instant
  std::size_t attempts_at_instant_ = 0;
  // Connection attempts made so far: the current one's number. A ConnectResponse answers the
  // attempt it names; one for an attempt given up (it timed out, and the client has since tried
  // again, maybe the same server) arrived on a socket that no longer exists.
  std::uint64_t attempt_ = 0;
  Time last_heard_ns_ = 0;
  Time last_sent_ns_ = 0;
  std::uint64_t config_version_ = 0;   // of the newest configuration heard of
  std::vector<NodeId> next_servers_;   // its servers, waiting for the rebalance timer
  // The one-shot watches this session holds, by path: bits kWatchData, kWatchExist, kWatchChild.
  std::map<std::string, std::uint8_t> watches_;
};

}  // namespace models
