#include "sim/trace/codec.hpp"

#include <array>
#include <string>
#include <utility>

#include "sim/trace/decode_error.hpp"

using ojson = nlohmann::ordered_json;

// Field-by-field codecs, built on nlohmann's own field macros so that each type is one line. The
// encoder appends to the object it is given, so that a variant's "type" key can come first.
#define ZKSIM_CODEC_BODY(Linkage, Type, ...)                                            \
  Linkage void to_json(ojson& nlohmann_json_j, const Type& nlohmann_json_t) {           \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))            \
  }                                                                                     \
  Linkage void from_json(const ojson& nlohmann_json_j, Type& nlohmann_json_t) {         \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM, __VA_ARGS__))          \
  }
#define ZKSIM_CODEC(Type, ...) ZKSIM_CODEC_BODY(, Type, __VA_ARGS__)
// Alternatives of the variants: only the variant codecs below use them.
#define ZKSIM_CODEC_LOCAL(Type, ...) ZKSIM_CODEC_BODY([[maybe_unused]] static, Type, __VA_ARGS__)
#define ZKSIM_CODEC_EMPTY(Type)                                                 \
  [[maybe_unused]] static void to_json(ojson& j, const Type&) { if (j.is_null()) j = ojson::object(); } \
  [[maybe_unused]] static void from_json(const ojson&, Type&) {}

namespace models {

namespace {

// Enums are written as the names the rest of zksim prints, and read back strictly.
template <typename Enum, std::size_t N>
Enum enum_from(const ojson& j, const std::array<std::pair<Enum, const char*>, N>& names, const char* what) {
  const std::string& text = j.get_ref<const std::string&>();
  for (const auto& [value, name] : names)
    if (text == name) return value;
  throw sim::trace::DecodeError(std::string("unknown ") + what + " \"" + text + "\"");
}

constexpr std::array<std::pair<PeerState, const char*>, 4> kPeerStates{
    {{PeerState::looking, "LOOKING"}, {PeerState::following, "FOLLOWING"}, {PeerState::leading, "LEADING"},
     {PeerState::observing, "OBSERVING"}}};
constexpr std::array<std::pair<OpKind, const char*>, 2> kOpKinds{{{OpKind::read, "read"}, {OpKind::write, "write"}}};
constexpr std::array<std::pair<Status, const char*>, 10> kStatuses{
    {{Status::ok, "ok"}, {Status::connection_loss, "connection_loss"}, {Status::not_leader, "not_leader"},
     {Status::timeout, "timeout"}, {Status::no_node, "no_node"}, {Status::node_exists, "node_exists"},
     {Status::bad_version, "bad_version"}, {Status::not_empty, "not_empty"},
     {Status::session_expired, "session_expired"}, {Status::no_children_for_ephemerals, "no_children_for_ephemerals"}}};
constexpr std::array<std::pair<OpCode, const char*>, 7> kOpCodes{
    {{OpCode::data, "data"}, {OpCode::create, "create"}, {OpCode::remove, "delete"}, {OpCode::exists, "exists"},
     {OpCode::children, "children"}, {OpCode::create_session, "create_session"},
     {OpCode::close_session, "close_session"}}};
constexpr std::array<std::pair<WatchEventType, const char*>, 4> kWatchEventTypes{
    {{WatchEventType::created, "created"}, {WatchEventType::deleted, "deleted"},
     {WatchEventType::data_changed, "data_changed"}, {WatchEventType::children_changed, "children_changed"}}};
constexpr std::array<std::pair<LoopKind, const char*>, 2> kLoopKinds{{{LoopKind::open, "open"}, {LoopKind::closed, "closed"}}};
constexpr std::array<std::pair<ClientLibrary, const char*>, 2> kClientLibraries{
    {{ClientLibrary::java, "java"}, {ClientLibrary::c, "c"}}};
constexpr std::array<std::pair<MoveCause, const char*>, 3> kMoveCauses{
    {{MoveCause::reconnect, "reconnect"}, {MoveCause::rebalance, "rebalance"}, {MoveCause::strategy, "strategy"}}};
constexpr std::array<std::pair<ReconfigPhase, const char*>, 5> kReconfigPhases{
    {{ReconfigPhase::requested, "requested"}, {ReconfigPhase::refused, "refused"},
     {ReconfigPhase::proposed, "proposed"}, {ReconfigPhase::committed, "committed"},
     {ReconfigPhase::activated, "activated"}}};
constexpr std::array<std::pair<ReconfigRefusal, const char*>, 7> kReconfigRefusals{
    {{ReconfigRefusal::none, "none"}, {ReconfigRefusal::no_quorum_of_new_config, "no_quorum_of_new_config"},
     {ReconfigRefusal::reconfig_in_progress, "reconfig_in_progress"}, {ReconfigRefusal::no_change, "no_change"},
     {ReconfigRefusal::invalid, "invalid"}, {ReconfigRefusal::not_serving, "not_serving"},
     {ReconfigRefusal::incremental_on_hierarchical, "incremental_on_hierarchical"}}};

}  // namespace

void to_json(ojson& j, const MoveCause& v) { j = move_cause_name(v); }
void from_json(const ojson& j, MoveCause& v) { v = enum_from(j, kMoveCauses, "move cause"); }
void to_json(ojson& j, const PeerState& v) { j = peer_state_name(v); }
void from_json(const ojson& j, PeerState& v) { v = enum_from(j, kPeerStates, "peer state"); }
void to_json(ojson& j, const OpKind& v) { j = op_kind_name(v); }
void from_json(const ojson& j, OpKind& v) { v = enum_from(j, kOpKinds, "operation kind"); }
void to_json(ojson& j, const Status& v) { j = status_name(v); }
void from_json(const ojson& j, Status& v) { v = enum_from(j, kStatuses, "status"); }
void to_json(ojson& j, const OpCode& v) { j = op_code_name(v); }
void from_json(const ojson& j, OpCode& v) { v = enum_from(j, kOpCodes, "operation code"); }
void to_json(ojson& j, const WatchEventType& v) { j = watch_event_type_name(v); }
void from_json(const ojson& j, WatchEventType& v) { v = enum_from(j, kWatchEventTypes, "watch event type"); }
void to_json(ojson& j, const LoopKind& v) { j = v == LoopKind::open ? "open" : "closed"; }
void from_json(const ojson& j, LoopKind& v) { v = enum_from(j, kLoopKinds, "workload loop"); }
void to_json(ojson& j, const ClientLibrary& v) { j = std::string(client_library_name(v)); }
void from_json(const ojson& j, ClientLibrary& v) { v = enum_from(j, kClientLibraries, "client library"); }
void to_json(ojson& j, const ReconfigPhase& v) { j = reconfig_phase_name(v); }
void from_json(const ojson& j, ReconfigPhase& v) { v = enum_from(j, kReconfigPhases, "reconfig phase"); }
void to_json(ojson& j, const ReconfigRefusal& v) { j = reconfig_refusal_name(v); }
void from_json(const ojson& j, ReconfigRefusal& v) { v = enum_from(j, kReconfigRefusals, "reconfig refusal"); }

ZKSIM_CODEC(Op, kind, key, value_bytes, code, path, flags, expected_version, watch)
ZKSIM_CODEC(VoterGroup, id, members)
ZKSIM_CODEC(VoterWeight, id, weight)

namespace {
// Groups and weights are written only for a hierarchical configuration, so that a majority one
// reads as it always did.
template <typename T>
void write_layout(ojson& j, const T& v) {
  if (!v.groups.empty()) j["groups"] = v.groups;
  if (!v.weights.empty()) j["weights"] = v.weights;
}
template <typename T>
void read_layout(const ojson& j, T& v) {
  v.groups = j.contains("groups") ? j.at("groups").get<std::vector<VoterGroup>>() : std::vector<VoterGroup>{};
  v.weights = j.contains("weights") ? j.at("weights").get<std::vector<VoterWeight>>() : std::vector<VoterWeight>{};
}
}  // namespace

void to_json(ojson& j, const Configuration& v) {
  j["version"] = v.version;
  j["voters"] = v.voters;
  j["observers"] = v.observers;
  write_layout(j, v);
}
void from_json(const ojson& j, Configuration& v) {
  j.at("version").get_to(v.version);
  j.at("voters").get_to(v.voters);
  j.at("observers").get_to(v.observers);
  read_layout(j, v);
}

namespace {
// A shared configuration (reconfig Txn, ReconfigEvent) is written in full, or as null when absent.
ojson config_to_json(const std::shared_ptr<const Configuration>& config) {
  return config ? ojson(*config) : ojson(nullptr);
}
std::shared_ptr<const Configuration> config_from_json(const ojson& j) {
  if (j.is_null()) return nullptr;
  return std::make_shared<const Configuration>(j.get<Configuration>());
}
}  // namespace

// Only a reconfig transaction has a "config" key, so that ordinary ones stay as they were.
void to_json(ojson& j, const Txn& v) {
  j["zxid"] = v.zxid;
  j["client"] = v.client;
  j["cxid"] = v.cxid;
  j["origin_server"] = v.origin_server;
  j["op"] = v.op;
  j["session"] = v.session;
  j["session_timeout_ns"] = v.session_timeout_ns;
  j["status"] = v.status;
  j["version"] = v.version;
  if (v.config) j["config"] = *v.config;
}
void from_json(const ojson& j, Txn& v) {
  j.at("zxid").get_to(v.zxid);
  j.at("client").get_to(v.client);
  j.at("cxid").get_to(v.cxid);
  j.at("origin_server").get_to(v.origin_server);
  j.at("op").get_to(v.op);
  j.at("session").get_to(v.session);
  j.at("session_timeout_ns").get_to(v.session_timeout_ns);
  j.at("status").get_to(v.status);
  j.at("version").get_to(v.version);
  v.config = j.contains("config") ? config_from_json(j.at("config")) : nullptr;
}

ZKSIM_CODEC(Znode, data_bytes, version, cversion, ephemeral_owner, children, children_name_bytes, mzxid, pzxid)

namespace {
constexpr std::array<std::pair<ValueSizes::Kind, const char*>, 3> kValueSizeKinds{
    {{ValueSizes::Kind::fixed, "fixed"}, {ValueSizes::Kind::uniform, "uniform"},
     {ValueSizes::Kind::exponential, "exponential"}}};
}  // namespace
void to_json(ojson& j, const ValueSizes::Kind& v) { j = value_sizes_name(v); }
void from_json(const ojson& j, ValueSizes::Kind& v) { v = enum_from(j, kValueSizeKinds, "value size distribution"); }
ZKSIM_CODEC(ValueSizes, kind, a, b)
ZKSIM_CODEC(InitialData, znodes, sizes, seed, zxid)

namespace {
// A snapshot image (a durable state's, a SNAP's) is written out in full at each occurrence: a
// trace line must stand on its own for the replayer and for a reader. The initial data is written
// as what makes it, not znode by znode.
ojson image_to_json(const std::shared_ptr<const SnapshotImage>& image) {
  if (!image) return nullptr;
  const DataTree::Contents c = DataTree::from_image(image).contents();
  ojson j;
  j["nodes"] = c.nodes;
  j["sessions"] = c.sessions;
  j["bulk"] = c.bulk ? ojson(c.bulk->spec()) : ojson(nullptr);
  j["bulk_removed"] = c.bulk_removed;
  return j;
}
std::shared_ptr<const SnapshotImage> image_from_json(const ojson& j) {
  if (j.is_null()) return nullptr;
  DataTree::Contents c;
  j.at("nodes").get_to(c.nodes);
  j.at("sessions").get_to(c.sessions);
  if (!j.at("bulk").is_null()) c.bulk = std::make_shared<const BulkLayer>(j.at("bulk").get<InitialData>());
  j.at("bulk_removed").get_to(c.bulk_removed);
  return DataTree(std::move(c)).image();
}
}  // namespace

ZKSIM_CODEC(SnapshotFile, zxid, size_bytes)
ZKSIM_CODEC(LogFile, first_zxid, last_zxid, txns, content_bytes)
ZKSIM_CODEC(DataFiles, snapshots, logs, rolled)
void to_json(ojson& j, const PersistentState& v) {
  j["accepted_epoch"] = v.accepted_epoch;
  j["current_epoch"] = v.current_epoch;
  j["files"] = v.files;
  j["image"] = image_to_json(v.image);
  j["log"] = v.log;
  j["log_base"] = v.log_base;
  j["config"] = v.config;
  j["next_config"] = v.next_config;
}
void from_json(const ojson& j, PersistentState& v) {
  j.at("accepted_epoch").get_to(v.accepted_epoch);
  j.at("current_epoch").get_to(v.current_epoch);
  j.at("files").get_to(v.files);
  v.image = image_from_json(j.at("image"));
  j.at("log").get_to(v.log);
  j.at("log_base").get_to(v.log_base);
  j.at("config").get_to(v.config);
  j.at("next_config").get_to(v.next_config);
}

// Messages.
// A notification carries a "config" key only with a configuration other than the static one.
[[maybe_unused]] static void to_json(ojson& j, const Notification& v) {
  j["state"] = v.state;
  j["leader"] = v.leader;
  j["zxid"] = v.zxid;
  j["election_epoch"] = v.election_epoch;
  j["peer_epoch"] = v.peer_epoch;
  j["config_version"] = v.config_version;
  if (v.config) j["config"] = *v.config;
}
[[maybe_unused]] static void from_json(const ojson& j, Notification& v) {
  j.at("state").get_to(v.state);
  j.at("leader").get_to(v.leader);
  j.at("zxid").get_to(v.zxid);
  j.at("election_epoch").get_to(v.election_epoch);
  j.at("peer_epoch").get_to(v.peer_epoch);
  j.at("config_version").get_to(v.config_version);
  if (j.contains("config")) v.config = std::make_shared<const Configuration>(j.at("config").get<Configuration>());
}
ZKSIM_CODEC_LOCAL(FollowerInfo, accepted_epoch, last_zxid, observer)
ZKSIM_CODEC_LOCAL(LeaderInfo, new_epoch)
ZKSIM_CODEC_LOCAL(AckEpoch, current_epoch, last_zxid)
ZKSIM_CODEC_LOCAL(Diff, last_zxid)
ZKSIM_CODEC_LOCAL(Trunc, zxid)
[[maybe_unused]] static void to_json(ojson& j, const Snap& v) {
  j["zxid"] = v.zxid;
  j["size_bytes"] = v.size_bytes;
  j["image"] = image_to_json(v.image);
  j["config"] = config_to_json(v.config);
}
[[maybe_unused]] static void from_json(const ojson& j, Snap& v) {
  j.at("zxid").get_to(v.zxid);
  j.at("size_bytes").get_to(v.size_bytes);
  v.image = image_from_json(j.at("image"));
  v.config = config_from_json(j.at("config"));
}
ZKSIM_CODEC_LOCAL(NewLeader, zxid, config_version)
ZKSIM_CODEC_EMPTY(UpToDate)
ZKSIM_CODEC_LOCAL(Proposal, txn)
ZKSIM_CODEC_LOCAL(Ack, zxid)
ZKSIM_CODEC_LOCAL(Commit, zxid)
ZKSIM_CODEC_LOCAL(Inform, txn)
ZKSIM_CODEC_LOCAL(Ping, last_zxid, touched)
ZKSIM_CODEC_LOCAL(ForwardedRequest, client, cxid, op, session, session_timeout_ns)
ZKSIM_CODEC_LOCAL(ConnectRequest, session, session_timeout_ns, last_zxid_seen, attempt)
ZKSIM_CODEC_LOCAL(ConnectResponse, session, session_timeout_ns, accepted, expired, zxid, attempt)
ZKSIM_CODEC_LOCAL(ClientRequest, cxid, op)
ZKSIM_CODEC_LOCAL(ClientReply, cxid, kind, status, zxid, value_bytes, path, version, children, names)
ZKSIM_CODEC_LOCAL(ClientPing, reply)
ZKSIM_CODEC_EMPTY(CloseConnection)
ZKSIM_CODEC_LOCAL(WatchEvent, event, path, zxid)
// A non-incremental request carries its whole configuration under "members"; an incremental one
// has no such key.
[[maybe_unused]] static void to_json(ojson& j, const ReconfigRequest& v) {
  j["request_id"] = v.request_id;
  j["add_voters"] = v.add_voters;
  j["add_observers"] = v.add_observers;
  j["remove"] = v.remove;
  if (v.members) j["members"] = *v.members;
}
[[maybe_unused]] static void from_json(const ojson& j, ReconfigRequest& v) {
  j.at("request_id").get_to(v.request_id);
  j.at("add_voters").get_to(v.add_voters);
  j.at("add_observers").get_to(v.add_observers);
  j.at("remove").get_to(v.remove);
  v.members = j.contains("members") ? config_from_json(j.at("members")) : nullptr;
}
ZKSIM_CODEC_LOCAL(CommitAndActivate, zxid, designated_leader)
ZKSIM_CODEC_LOCAL(InformAndActivate, txn, designated_leader)
ZKSIM_CODEC_LOCAL(ConfigChanged, version, servers)
ZKSIM_CODEC_LOCAL(AppRequest, request_id, request_bytes)
ZKSIM_CODEC_LOCAL(AppReply, request_id, reply_bytes)
ZKSIM_CODEC_LOCAL(SetWatches, relative_zxid, data, exist, child)
ZKSIM_CODEC_LOCAL(Revalidate, client, session, session_timeout_ns, valid)

// Storage operations.
ZKSIM_CODEC_LOCAL(AppendTxn, txn)
ZKSIM_CODEC_EMPTY(RollLog)
ZKSIM_CODEC_LOCAL(TruncateAfter, zxid)
ZKSIM_CODEC_LOCAL(SetAcceptedEpoch, epoch)
ZKSIM_CODEC_LOCAL(SetCurrentEpoch, epoch)
[[maybe_unused]] static void to_json(ojson& j, const SaveSnapshot& v) {
  j["file"] = v.file;
  j["image"] = image_to_json(v.image);
  j["replaces_log"] = v.replaces_log;
}
[[maybe_unused]] static void from_json(const ojson& j, SaveSnapshot& v) {
  j.at("file").get_to(v.file);
  v.image = image_from_json(j.at("image"));
  j.at("replaces_log").get_to(v.replaces_log);
}
ZKSIM_CODEC_LOCAL(SetConfiguration, config)
ZKSIM_CODEC_LOCAL(SetNextConfiguration, config)
ZKSIM_CODEC_LOCAL(CompactLog, zxid)
ZKSIM_CODEC_LOCAL(PurgeBefore, zxid)

// Observations.
ZKSIM_CODEC_LOCAL(RequestIssued, server, cxid, kind)
ZKSIM_CODEC_LOCAL(RequestCompleted, server, cxid, kind, status, issued_ns, zxid)
ZKSIM_CODEC_LOCAL(RequestServed, client, kind)
ZKSIM_CODEC_LOCAL(StateChanged, state)
ZKSIM_CODEC_LOCAL(ElectionFinished, leader, peer_epoch, election_epoch, started_ns)
ZKSIM_CODEC_LOCAL(LeaderEstablished, epoch)
ZKSIM_CODEC_LOCAL(LeadershipLost, epoch)
ZKSIM_CODEC_LOCAL(TxnDelivered, zxid, client, cxid)
ZKSIM_CODEC_LOCAL(StateSynced, zxid)
ZKSIM_CODEC_LOCAL(ProcessStopped, silent, removed)
ZKSIM_CODEC_EMPTY(ProcessStarted)
ZKSIM_CODEC_LOCAL(ProcessPaused, duration_ns)
ZKSIM_CODEC_EMPTY(ProcessResumed)
ZKSIM_CODEC_LOCAL(NetworkPartitioned, groups, clients_group, one_way)
ZKSIM_CODEC_LOCAL(SessionMoved, from_server, to_server, cause)
ZKSIM_CODEC_LOCAL(SessionEstablished, server, session, fresh)
ZKSIM_CODEC_LOCAL(SessionExpired, server, session, watches_lost, by_client)
ZKSIM_CODEC_LOCAL(SessionClosed, session, ephemerals_deleted, expired)
ZKSIM_CODEC_LOCAL(WatchTriggered, server, event, path, zxid)
ZKSIM_CODEC_LOCAL(AppRequestSent, backend, request_id)
ZKSIM_CODEC_LOCAL(AppRequestDone, backend, request_id, ok, issued_ns)
ZKSIM_CODEC_LOCAL(BackendsChanged, count)
ZKSIM_CODEC_LOCAL(TxnLogged, zxid)
[[maybe_unused]] static void to_json(ojson& j, const Probe& v) { j = std::string(probe_name(v)); }
[[maybe_unused]] static void from_json(const ojson& j, Probe& v) {
  const std::optional<Probe> probe = probe_from(j.get_ref<const std::string&>());
  if (!probe) throw sim::trace::DecodeError("unknown probe \"" + j.get<std::string>() + "\"");
  v = *probe;
}
ZKSIM_CODEC_LOCAL(ProbeReached, probe, peer)
namespace {
constexpr std::array<std::pair<DataWorkDone::Kind, const char*>, 8> kDataWorkKinds{
    {{DataWorkDone::Kind::restore_database, "restore_database"}, {DataWorkDone::Kind::load_database, "load_database"},
     {DataWorkDone::Kind::write_snapshot, "write_snapshot"},
     {DataWorkDone::Kind::background_snapshot, "background_snapshot"}, {DataWorkDone::Kind::purge, "purge"},
     {DataWorkDone::Kind::sync_diff, "sync_diff"}, {DataWorkDone::Kind::sync_trunc, "sync_trunc"},
     {DataWorkDone::Kind::sync_snap, "sync_snap"}}};
}  // namespace
[[maybe_unused]] static void to_json(ojson& j, const DataWorkDone::Kind& v) { j = data_work_name(v); }
[[maybe_unused]] static void from_json(const ojson& j, DataWorkDone::Kind& v) { v = enum_from(j, kDataWorkKinds, "data work"); }
ZKSIM_CODEC_LOCAL(DataWorkDone, kind, bytes, started_ns, zxid)
[[maybe_unused]] static void to_json(ojson& j, const ReconfigEvent& v) {
  j["phase"] = v.phase;
  j["request_id"] = v.request_id;
  j["version"] = v.version;
  j["refusal"] = v.refusal;
  j["old_config"] = config_to_json(v.old_config);
  j["new_config"] = config_to_json(v.new_config);
}
[[maybe_unused]] static void from_json(const ojson& j, ReconfigEvent& v) {
  j.at("phase").get_to(v.phase);
  j.at("request_id").get_to(v.request_id);
  j.at("version").get_to(v.version);
  j.at("refusal").get_to(v.refusal);
  v.old_config = config_from_json(j.at("old_config"));
  v.new_config = config_from_json(j.at("new_config"));
}

namespace {

template <typename Variant, std::size_t... I>
constexpr std::array<const char*, sizeof...(I)> kind_names(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, Variant>::kName...};
}
const auto kMessageNames = kind_names<Message>(std::make_index_sequence<std::variant_size_v<Message>>{});
// One name per alternative, in the variants' order; the static_asserts catch a new alternative.
constexpr std::array<const char*, 10> kStorageOpNames{
    "append",           "roll_log",   "truncate_after", "set_accepted_epoch", "set_current_epoch", "save_snapshot",
    "set_configuration", "set_next_configuration", "compact_log", "purge_before"};
static_assert(kStorageOpNames.size() == std::variant_size_v<StorageOp>);
constexpr std::array<const char*, 26> kObservationNames{
    "request_issued", "request_completed", "request_served", "state_changed", "election_finished",
    "leader_established", "leadership_lost", "txn_delivered", "state_synced", "process_stopped",
    "process_started", "process_paused", "process_resumed", "network_partitioned", "session_moved", "session_established",
    "session_expired", "session_closed", "watch_triggered", "reconfig", "app_request_sent", "app_request_done",
    "backends_changed", "txn_logged", "probe_reached", "data_work_done"};
static_assert(kObservationNames.size() == std::variant_size_v<Observation>);

// {"type": name, ...the alternative's fields}
template <typename Variant, std::size_t N>
void variant_to_json(ojson& j, const Variant& v, const std::array<const char*, N>& names) {
  j = ojson::object();
  j["type"] = names[v.index()];
  std::visit([&j](const auto& alternative) { to_json(j, alternative); }, v);
}

template <typename Variant, std::size_t I = 0>
void decode_alternative(const ojson& j, std::size_t index, Variant& out) {
  if constexpr (I < std::variant_size_v<Variant>) {
    if (index != I) return decode_alternative<Variant, I + 1>(j, index, out);
    std::variant_alternative_t<I, Variant> alternative;
    from_json(j, alternative);
    out = std::move(alternative);
  }
}

template <typename Variant, std::size_t N>
void variant_from_json(const ojson& j, Variant& out, const std::array<const char*, N>& names, const char* what) {
  const std::string& type = j.at("type").get_ref<const std::string&>();
  for (std::size_t i = 0; i < N; ++i)
    if (type == names[i]) return decode_alternative(j, i, out);
  throw sim::trace::DecodeError(std::string("unknown ") + what + " type \"" + type + "\"");
}

}  // namespace

void to_json(ojson& j, const Message& v) { variant_to_json(j, v, kMessageNames); }
void from_json(const ojson& j, Message& v) { variant_from_json(j, v, kMessageNames, "message"); }
void to_json(ojson& j, const StorageOp& v) { variant_to_json(j, v, kStorageOpNames); }
void from_json(const ojson& j, StorageOp& v) { variant_from_json(j, v, kStorageOpNames, "storage operation"); }
void to_json(ojson& j, const Observation& v) { variant_to_json(j, v, kObservationNames); }
void from_json(const ojson& j, Observation& v) { variant_from_json(j, v, kObservationNames, "observation"); }

void to_json(ojson& j, const Send& v) {
  j["to"] = v.to;
  j["wait"] = v.waits_for_persist;
  j["msg"] = v.message;
}
void from_json(const ojson& j, Send& v) {
  j.at("to").get_to(v.to);
  j.at("wait").get_to(v.waits_for_persist);
  j.at("msg").get_to(v.message);
}
ZKSIM_CODEC(TimerSet, id, deadline_ns)

namespace zab {
ZKSIM_CODEC(SnapshotSettings, snap_count, snap_size_limit_bytes, snapshot_size_factor, snap_retain_count, purge_interval_ns)
}  // namespace zab
// As for configurations: groups and weights only when the static configuration is hierarchical.
void to_json(ojson& j, const ServerConfig& v) {
  j["id"] = v.id;
  j["voters"] = v.voters;
  j["observers"] = v.observers;
  write_layout(j, v);
  j["tick_ns"] = v.tick_ns;
  j["init_limit_ticks"] = v.init_limit_ticks;
  j["sync_limit_ticks"] = v.sync_limit_ticks;
  j["seed"] = v.seed;
  j["server_startup_ns"] = v.server_startup_ns;
  j["snapshots"] = v.snapshots;
}
void from_json(const ojson& j, ServerConfig& v) {
  j.at("id").get_to(v.id);
  j.at("voters").get_to(v.voters);
  j.at("observers").get_to(v.observers);
  read_layout(j, v);
  j.at("tick_ns").get_to(v.tick_ns);
  j.at("init_limit_ticks").get_to(v.init_limit_ticks);
  j.at("sync_limit_ticks").get_to(v.sync_limit_ticks);
  j.at("seed").get_to(v.seed);
  j.at("server_startup_ns").get_to(v.server_startup_ns);
  j.at("snapshots").get_to(v.snapshots);
}
ZKSIM_CODEC(StrategyOptions, virtual_nodes, load_bound_factor, maglev_table_size, load_staleness_ns,
            active_request_bias, sticky_inner, weights)
ZKSIM_CODEC(ClientConfig, id, servers, session_timeout_ns, max_queued, seed, start_ns, spin_delay_ns, strategy,
            rebalance, rebalance_delay_ns_max, strategy_options, library, curator_expiry)
ZKSIM_CODEC(AppServerConfig, session, service_path, reply_bytes)
ZKSIM_CODEC(AppClientConfig, session, service_path, strategy, strategy_options, rate_per_s, keys, request_bytes,
            request_timeout_ns, list_retry_ns, max_in_flight)
ZKSIM_CODEC(WorkloadSpec, loop, rate_per_s, outstanding, read_ratio, keys, zipf_s, value_bytes)

}  // namespace models
