#pragma once
// An application server of the service-discovery pattern (Curator's ServiceDiscovery): it opens a
// ZooKeeper session and registers itself as an ephemeral znode <service_path>/<its id>, and it
// answers application requests. Its registration lives exactly as long as its session: when the
// process dies, the znode goes only when the ensemble expires the session (after the session
// timeout), which is what makes clients keep sending to a dead backend until then.
//
// The request's cost is not modelled here: the runtime charges the host's CPU for each request
// (the service time, scaled by CPU speed and slow_cpu), so requests queue as on a real server.
#include <memory>
#include <string>

#include "models/client/session_holder.hpp"

namespace models {

struct AppServerConfig {
  ClientConfig session;          // its ZooKeeper session (id, ensemble, timeout, seed, start)
  std::string service_path = "/services/app";
  std::uint32_t reply_bytes = 1000;
};

class AppServer final : public Node {
 public:
  explicit AppServer(AppServerConfig config);
  NodeId id() const override { return config_.session.id; }
  Effects on_start(Time now) override;
  Effects on_message(Time now, NodeId from, const Message& message) override;
  Effects on_timer(Time now, TimerId timer) override;
  Effects on_peer_lost(Time now, NodeId peer) override;
  void check_invariants() const override { zk_->check_invariants(); }

  const Client& session() const { return *zk_; }
  // The znode this server registers.
  std::string registration_path() const;

 private:
  // After each step of the session: a new session (first, or after expiry) registers again.
  Effects after_session(Time now, Effects effects);
  void register_self(Time now, Effects& out);

  AppServerConfig config_;
  std::unique_ptr<Client> zk_;
};

// The persistent ancestors of a service path, outermost first ("/services", "/services/app").
std::vector<std::string> ancestor_paths(const std::string& path);

}  // namespace models
