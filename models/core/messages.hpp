#pragma once
// Every message the protocols exchange: one struct per kind, each able to tell its simulated wire
// size. Codes and fields follow ZooKeeper 3.8 (see reference/zookeeper.md); the sizes are those of
// ZooKeeper's serialized packets, close enough for the network model.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/storage.hpp"
#include "models/core/time.hpp"
#include "models/core/txn.hpp"

namespace models {

constexpr std::uint32_t kPacketHeaderBytes = 16;  // type, length, zxid as ZooKeeper frames them

enum class PeerState : std::uint8_t { looking = 0, following = 1, leading = 2, observing = 3 };
const char* peer_state_name(PeerState state);

// Fast Leader Election notification (44 bytes plus the configuration). ZooKeeper 3.5+ sends the
// sender's configuration in every notification, and a LOOKING server adopts a newer one. `config`
// is that configuration, null for the static one of version 0 that every server starts from (its
// bytes are then not counted).
struct Notification {
  static constexpr const char* kName = "notification";
  PeerState state = PeerState::looking;
  NodeId leader = kNoNode;
  Zxid zxid = 0;
  std::uint64_t election_epoch = 0;
  Epoch peer_epoch = 0;
  std::uint64_t config_version = 0;
  std::shared_ptr<const Configuration> config;  // version config_version; null when that is 0
  std::uint32_t wire_bytes() const { return 44 + (config ? config->wire_bytes() : 8); }
};

// ZAB discovery.
struct FollowerInfo {
  static constexpr const char* kName = "followerinfo";
  Epoch accepted_epoch = 0;
  Zxid last_zxid = 0;
  bool observer = false;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 16; }
};
struct LeaderInfo {
  static constexpr const char* kName = "leaderinfo";
  Epoch new_epoch = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8; }
};
struct AckEpoch {
  static constexpr const char* kName = "ackepoch";
  Epoch current_epoch = 0;
  Zxid last_zxid = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 12; }
};

// ZAB synchronization.
struct Diff {
  static constexpr const char* kName = "diff";
  Zxid last_zxid = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};
struct Trunc {
  static constexpr const char* kName = "trunc";
  Zxid zxid = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};
// A full state transfer: the leader serializes its data tree onto the learner's connection
// (LearnerHandler: db.serializeSnapshot into the socket), so its whole size crosses the network,
// sharing the leader's interface with everything else it sends. The image (core/storage.hpp) is
// shared, not copied: it is immutable once taken. With it the configuration in force, which
// ZooKeeper's tree carries as /zookeeper/config.
struct Snap {
  static constexpr const char* kName = "snap";
  Zxid zxid = 0;
  std::uint64_t size_bytes = 0;  // the serialized data tree: what the network is charged for
  std::shared_ptr<const SnapshotImage> image;
  std::shared_ptr<const Configuration> config;  // null: the static configuration
  std::uint64_t wire_bytes() const { return kPacketHeaderBytes + size_bytes; }
};
struct NewLeader {
  static constexpr const char* kName = "newleader";
  Zxid zxid = 0;
  std::uint64_t config_version = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8; }
};
struct UpToDate {
  static constexpr const char* kName = "uptodate";
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};

// ZAB broadcast.
struct Proposal {
  static constexpr const char* kName = "proposal";
  Txn txn;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + txn_wire_bytes(txn); }
};
struct Ack {
  static constexpr const char* kName = "ack";
  Zxid zxid = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};
struct Commit {
  static constexpr const char* kName = "commit";
  Zxid zxid = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};
struct Inform {  // a commit to an observer carries the transaction: observers see no proposals
  static constexpr const char* kName = "inform";
  Txn txn;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + txn_wire_bytes(txn); }
};
// Leader -> learner every tickTime/2; the learner answers with a Ping of its own, which carries
// the sessions its clients touched since its last answer (LearnerSessionTracker's touch table), so
// that the leader alone decides when a session expires.
struct Ping {
  static constexpr const char* kName = "ping";
  Zxid last_zxid = 0;
  std::vector<SessionId> touched;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 12 * static_cast<std::uint32_t>(touched.size()); }
};
// A write a follower or observer forwards to the leader on behalf of one of its clients.
struct ForwardedRequest {
  static constexpr const char* kName = "request";
  NodeId client = kNoNode;
  std::uint64_t cxid = 0;
  Op op;
  SessionId session = 0;
  Time session_timeout_ns = 0;  // create_session only
  std::uint32_t wire_bytes() const {
    return kPacketHeaderBytes + 36 + op.value_bytes + static_cast<std::uint32_t>(op.path.size());
  }
};

// Learner.validateSession: a learner asks its leader whether a session a client brings back is
// still alive before it answers the client (REVALIDATE); the leader answers with the same packet,
// `valid` set, having touched the session.
struct Revalidate {
  static constexpr const char* kName = "revalidate";
  NodeId client = kNoNode;
  SessionId session = 0;
  Time session_timeout_ns = 0;
  bool valid = false;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 21; }
};

// Client <-> server.
// Each connection attempt of a client is a socket of its own: `attempt` numbers it, and the answer
// carries the number of the attempt it answers (it arrives on that socket and no other). It is
// not on ZooKeeper's wire: it stands for the socket, so it adds no bytes.
struct ConnectRequest {
  static constexpr const char* kName = "connect";
  SessionId session = 0;
  Time session_timeout_ns = 0;
  Zxid last_zxid_seen = 0;
  std::uint64_t attempt = 0;
  std::uint32_t wire_bytes() const { return 48; }
};
// Not accepted: the server does not serve, or it is behind the client; expired: the session the
// client asked for no longer exists, and the client must start a new one.
struct ConnectResponse {
  static constexpr const char* kName = "connect_response";
  SessionId session = 0;
  Time session_timeout_ns = 0;
  bool accepted = false;
  bool expired = false;
  Zxid zxid = 0;  // the server's last applied zxid (every ZooKeeper reply header carries one)
  std::uint64_t attempt = 0;  // the ConnectRequest's
  std::uint32_t wire_bytes() const { return 36; }
};
struct ClientRequest {
  static constexpr const char* kName = "client_request";
  std::uint64_t cxid = 0;
  Op op;
  std::uint32_t wire_bytes() const {
    return kPacketHeaderBytes + 16 + (op.kind == OpKind::write ? op.value_bytes : 0) +
           static_cast<std::uint32_t>(op.path.size());
  }
};
struct ClientReply {
  static constexpr const char* kName = "client_reply";
  std::uint64_t cxid = 0;
  OpKind kind = OpKind::read;
  Status status = Status::ok;
  Zxid zxid = 0;
  std::uint32_t value_bytes = 0;  // getData: the data; getChildren: the children's names
  std::string path;               // create: the znode created (a sequential one has its suffix)
  std::int32_t version = -1;      // the znode's data version (-1: no znode)
  std::uint32_t children = 0;     // getChildren: how many
  std::vector<std::string> names; // getChildren: the children's names, sorted (value_bytes sizes them)
  std::uint32_t wire_bytes() const {
    return kPacketHeaderBytes + 16 + (kind == OpKind::read ? value_bytes : 0) + static_cast<std::uint32_t>(path.size());
  }
};
struct ClientPing {
  static constexpr const char* kName = "client_ping";
  bool reply = false;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};

// A one-shot watch fired (ZooKeeper's WatchedEvent, sent by the server the client is connected to).
enum class WatchEventType : std::uint8_t { created, deleted, data_changed, children_changed };
const char* watch_event_type_name(WatchEventType type);
struct WatchEvent {
  static constexpr const char* kName = "watch_event";
  WatchEventType event = WatchEventType::created;
  std::string path;
  Zxid zxid = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8 + static_cast<std::uint32_t>(path.size()); }
};
// A client that reconnected (to another server, or to the same one after losing the connection)
// re-registers the watches it still holds (ZooKeeper's SetWatches, sent before anything else).
// The server fires at once each watch whose znode changed after relative_zxid, the last zxid the
// client saw, and registers the others.
struct SetWatches {
  static constexpr const char* kName = "set_watches";
  Zxid relative_zxid = 0;
  std::vector<std::string> data;   // getData watches
  std::vector<std::string> exist;  // exists watches on a znode that did not exist
  std::vector<std::string> child;  // getChildren watches
  std::uint32_t wire_bytes() const {
    std::uint32_t bytes = kPacketHeaderBytes + 20;
    for (const auto* list : {&data, &exist, &child})
      for (const std::string& path : *list) bytes += 4 + static_cast<std::uint32_t>(path.size());
    return bytes;
  }
};
// Dynamic reconfiguration (ZooKeeper 3.5+), asked for by an operator: the runtime or a test
// injects it at any server, which forwards it to the leader; the outcome is reported as
// ReconfigEvent observations. Incremental (the lists): servers listed in both an add and remove
// list are removed; adding a member with another role changes its role; refused while the
// configuration is hierarchical. Non-incremental (`members`, zkCli's reconfig -members): the
// whole next configuration, groups and weights included, whatever the current one is; the lists
// are then ignored.
struct ReconfigRequest {
  static constexpr const char* kName = "reconfig";
  std::uint64_t request_id = 0;
  std::vector<NodeId> add_voters;
  std::vector<NodeId> add_observers;
  std::vector<NodeId> remove;
  std::shared_ptr<const Configuration> members;  // non-incremental: the next configuration (version unset)
  std::uint32_t wire_bytes() const {
    return kPacketHeaderBytes + 8 + 40 * static_cast<std::uint32_t>(add_voters.size() + add_observers.size()) +
           8 * static_cast<std::uint32_t>(remove.size()) + (members ? members->wire_bytes() : 0);
  }
};
// COMMITANDACTIVATE (code 9): the commit of a reconfig to a follower, naming the leader of the new
// configuration (the current one, or the designated successor of a leader the reconfig removed).
struct CommitAndActivate {
  static constexpr const char* kName = "commitandactivate";
  Zxid zxid = 0;
  NodeId designated_leader = kNoNode;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8; }
};
// INFORMANDACTIVATE (code 19): the same for an observer, which never saw the proposal.
struct InformAndActivate {
  static constexpr const char* kName = "informandactivate";
  Txn txn;
  NodeId designated_leader = kNoNode;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8 + txn_wire_bytes(txn); }
};
// Server -> its clients: a new configuration was activated. ZooKeeper clients learn it through a
// watch on /zookeeper/config; the simulator notifies them directly (see models/membership).
struct ConfigChanged {
  static constexpr const char* kName = "config_changed";
  std::uint64_t version = 0;
  std::vector<NodeId> servers;  // every member, voters and observers, sorted
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8 + 40 * static_cast<std::uint32_t>(servers.size()); }
};

// The server closed the client's connection (TCP FIN): it left the quorum or is shutting down.
struct CloseConnection {
  static constexpr const char* kName = "close";
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes; }
};

// Application client <-> application server (service discovery): one request to a backend chosen
// by the client's balancing strategy, and its answer. The backend's CPU time for a request is the
// service's service time (the runtime charges it as it charges a server's inputs).
struct AppRequest {
  static constexpr const char* kName = "app_request";
  std::uint64_t request_id = 0;
  std::uint32_t request_bytes = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8 + request_bytes; }
};
struct AppReply {
  static constexpr const char* kName = "app_reply";
  std::uint64_t request_id = 0;
  std::uint32_t reply_bytes = 0;
  std::uint32_t wire_bytes() const { return kPacketHeaderBytes + 8 + reply_bytes; }
};

using Message = std::variant<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap,
                             NewLeader, UpToDate, Proposal, Ack, Commit, Inform, Ping,
                             ForwardedRequest, ConnectRequest, ConnectResponse, ClientRequest,
                             ClientReply, ClientPing, CloseConnection, WatchEvent, ReconfigRequest,
                             CommitAndActivate, InformAndActivate, ConfigChanged, AppRequest, AppReply, SetWatches,
                             Revalidate>;

std::uint64_t wire_bytes(const Message& message);
const char* message_name(const Message& message);

}  // namespace models
