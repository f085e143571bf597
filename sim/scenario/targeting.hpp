#pragma once
// Faults aimed at what the protocol is doing (FoundationDB's BUGGIFY): an event may name its
// server by role ("the leader") rather than by id, and may wait for a protocol moment ("a
// proposal was logged", "a TRUNC was sent") instead of acting at its time. Both are resolved
// during the run from what the models observed (sim/runtime/role_tracker.hpp), never from a
// node's private state.
#include <optional>
#include <string>
#include <string_view>

#include "models/core/probe.hpp"

namespace sim {

// Who an event hits. `id`: the server the event names by number.
enum class ServerRole {
  id,
  leader,          // the established leader
  follower,        // a server following a leader (drawn from the seed when there are several)
  syncing,         // a learner the leader is synchronizing (DIFF / TRUNC / SNAP sent, not yet synced)
  clients_server,  // a server that clients are connected to (the one with the most)
  any,             // any running server
};
constexpr const char* kServerRoleNames[] = {"id", "leader", "follower", "syncing", "clients_server", "any"};
inline const char* server_role_name(ServerRole role) { return kServerRoleNames[static_cast<int>(role)]; }
// A role named in a scenario ("leader", ...; not "id").
std::optional<ServerRole> server_role_from(std::string_view name);

// A protocol moment an event waits for (`"when"`): one of the observations below, or any probe.
struct Moment {
  enum class Kind {
    none,                // the event acts at its time
    txn_logged,          // a server wrote a transaction to its log (TxnLogged): not yet durable nor acknowledged
    leader_established,  // a leader got its quorum (LeaderEstablished)
    election_started,    // a server went LOOKING (StateChanged)
    synced,              // a server's state became the committed history (StateSynced)
    reconfig_proposed,   // the leader logged a reconfig transaction (ReconfigEvent proposed)
    probe,               // a probe was reached (models/core/probe.hpp): "trunc_sent", ...
  };
  Kind kind = Kind::none;
  models::Probe probe = models::Probe::diff_sent;  // kind probe
  bool operator==(const Moment&) const = default;
};
std::string moment_name(const Moment& moment);
std::optional<Moment> moment_from(std::string_view name);
// The names a scenario may give, for hints.
std::string moment_names();
std::string server_role_names();

}  // namespace sim
