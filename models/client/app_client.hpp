#pragma once
// An application client of the service-discovery pattern: it holds a ZooKeeper session, reads the
// children of the service path with a watch (again after every watch event and every
// re-established session, since a watch is one-shot and bound to the connection it was set on),
// and sends each of its requests (Poisson arrivals) to the backend its balancing strategy picks
// from the backends it last read.
//
// It learns that a backend died only as a real one does: from the znode's deletion (the backend's
// session expired) through its watch. Until then requests keep going to the dead backend and fail:
// at once when the connection is reset (crash), or after request_timeout_ns (the dead process
// answers nothing). Load-aware strategies see those requests pile up as active and avoid it.
#include <map>
#include <memory>
#include <string>

#include "models/balancing/registry.hpp"
#include "models/client/app_ids.hpp"
#include "models/client/session_holder.hpp"

namespace models {

struct AppClientConfig {
  ClientConfig session;  // its ZooKeeper session (id, ensemble, timeout, seed, start)
  std::string service_path = "/services/app";
  std::string strategy = "round_robin";
  balancing::StrategyOptions strategy_options;
  double rate_per_s = 100;        // this client's Poisson arrival rate
  std::uint64_t keys = 10000;     // request keys, uniform (what hash strategies hash)
  std::uint32_t request_bytes = 200;
  Time request_timeout_ns = ms(1000);
  Time list_retry_ns = ms(200);   // when the service path does not exist yet
  std::size_t max_in_flight = 100000;  // bounded: beyond it a request fails at once
};

class AppClient final : public Node {
 public:
  enum Timer : TimerId { kArrival = kHolderTimerBase + 1, kTimeout = kHolderTimerBase + 2, kListRetry = kHolderTimerBase + 3 };

  explicit AppClient(AppClientConfig config);
  NodeId id() const override { return config_.session.id; }
  Effects on_start(Time now) override;
  Effects on_message(Time now, NodeId from, const Message& message) override;
  Effects on_timer(Time now, TimerId timer) override;
  Effects on_peer_lost(Time now, NodeId peer) override;
  // An application client takes a strategy change (its backends' balancing).
  bool takes(const Control& control) const override { return std::holds_alternative<SetStrategy>(control); }
  Effects on_control(Time now, const Control& control) override;
  void check_invariants() const override;

  // The scenario switched the strategy: it picks the next request's backend.
  Effects set_strategy(Time now, const std::string& name, const balancing::StrategyOptions& options);
  const std::vector<balancing::Member>& backends() const { return strategy_->members(); }
  std::size_t in_flight() const { return in_flight_.size(); }

 private:
  struct InFlight {
    NodeId backend;
    Time issued_ns;
  };
  Effects after_session(Time now, Effects effects);
  void list_backends(Time now, Effects& out);
  void on_children(Time now, const ClientReply& reply, Effects& out);
  void send_request(Time now, Effects& out);
  void finish(std::uint64_t request_id, bool ok, Effects& out);
  void expire_requests(Time now, Effects& out);
  void arm_timeout(Effects& out);
  void schedule_arrival(Time now, Effects& out);

  AppClientConfig config_;
  std::unique_ptr<Client> zk_;
  Rng rng_;
  std::unique_ptr<balancing::Strategy> strategy_;
  balancing::LoadTable load_;                     // requests in flight per backend
  std::map<std::uint64_t, InFlight> in_flight_;   // by request id = issue order = deadline order
  std::uint64_t next_request_ = 1;
  std::uint64_t children_cxid_ = 0;               // the getChildren awaiting its reply (0: none)
};

}  // namespace models
