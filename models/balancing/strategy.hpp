#pragma once
// The one interface every load-balancing strategy implements. Two callers use it: a ZooKeeper
// client session choosing the ensemble server to connect to, and an application client choosing a
// backend per request (service discovery). Both hand it the current members and ask it to pick; it
// never sees a clock or a global generator, so one seed reproduces every choice it makes.
//
// The types live in models::balancing rather than models because Member, Strategy and LoadView are
// words other folders (membership/, client/) will want for their own ideas.
#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/rng.hpp"
#include "models/core/time.hpp"

namespace models::balancing {

struct Member {
  NodeId id = kNoNode;
  double weight = 1.0;  // relative capacity, > 0; strategies that ignore weights say so
};

// Members of equal capacity, in the order given (a connect string, a server list).
std::vector<Member> equal_members(const std::vector<NodeId>& ids);

// Members weighted as `weights` says (StrategyOptions::weights); an id it does not list weighs 1,
// so that a server added later, or one the scenario left out, gets an ordinary share.
std::vector<Member> weighted_members(const std::vector<NodeId>& ids, const std::map<NodeId, double>& weights);
double weight_of(NodeId id, const std::map<NodeId, double>& weights);

// How many requests each member has in flight, as the caller sees it. An interface rather than a
// container so that a simulator actor can answer from its own bookkeeping without copying it.
class LoadView {
 public:
  virtual ~LoadView() = default;
  virtual std::uint64_t active_requests(NodeId member) const = 0;
};

// A LoadView over a sorted map, for tests and for callers without bookkeeping of their own.
class LoadTable final : public LoadView {
 public:
  std::uint64_t active_requests(NodeId member) const override;
  void set(NodeId member, std::uint64_t active);
  void add(NodeId member, std::int64_t delta);  // the count may not go below zero
  std::uint64_t total() const;

 private:
  std::map<NodeId, std::uint64_t> active_;
};

struct PickContext {
  // Hash input: the request's or the client's identity. Hash strategies send equal keys to the same
  // member; modulo_hash uses it as the documents' x without hashing, so pass a hash if the ids are
  // not already well spread.
  std::uint64_t key = 0;
  Time now_ns = 0;
  // Null means no load information: load-aware strategies then treat every member as idle.
  const LoadView* load = nullptr;
};

// Template-method base: it owns the validated, id-sorted member list (so that results never depend
// on the order a caller listed members in) and remembers the last pick, which is the server a
// session holder is connected to; each strategy implements only the two hooks below.
class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;

  // Replaces the members: a configuration change, or a watch on the service's registrations fired.
  // Returns true when a caller holding a session to the last picked server should drop it and pick
  // again: always when that server left, and with zk_host_provider also by ZOOKEEPER-1355's draw.
  // Per-request callers ignore the result.
  bool set_members(std::vector<Member> members, Rng& rng);

  // Chooses the member for one request or one connection attempt; kNoNode when there are none.
  NodeId pick(const PickContext& ctx, Rng& rng);

  const std::vector<Member>& members() const { return members_; }
  bool is_member(NodeId id) const { return index_of(id) < members_.size(); }
  NodeId last_pick() const { return last_pick_; }

 protected:
  // members() already holds the new list. Returns true to ask a session holder to move even
  // though its server stayed (the base adds the case where it left).
  virtual bool on_members_changed(const std::vector<Member>& old_members, Rng& rng) = 0;
  // Called only when there is at least one member; returns one of them.
  virtual NodeId choose(const PickContext& ctx, Rng& rng) = 0;

  std::size_t index_of(NodeId id) const;  // members().size() when absent
  bool equal_weights() const;
  double total_weight() const;

 private:
  std::vector<Member> members_;
  NodeId last_pick_ = kNoNode;
};

// Active requests of a member, zero when the context carries no load information.
std::uint64_t active_requests(const PickContext& ctx, NodeId member);

}  // namespace models::balancing
