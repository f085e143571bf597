// The trace codec: every models:: value that crosses a state machine's boundary is written as JSON
// and read back to an equal value (compared through its encoding, which is what replay compares).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/trace/codec.hpp"
#include "sim/trace/decode_error.hpp"
#include "sim/trace/trace_lines.hpp"

namespace {

using ojson = nlohmann::ordered_json;

template <typename T>
void check_round_trip(const T& value) {
  const ojson encoded = value;
  const T decoded = ojson::parse(encoded.dump()).get<T>();
  CHECK(ojson(decoded).dump() == encoded.dump());
}

models::Txn txn(models::Zxid zxid) {
  models::Txn t{zxid, models::kFirstClientId + 3, 17, 2, {models::OpKind::write, 42, 512}};
  if (zxid % 2 == 0) {  // every field of Op and Txn, with values other than their defaults
    t.op.code = models::OpCode::create;
    t.op.path = "/svc/a-";
    t.op.flags = models::kEphemeral | models::kSequential;
    t.op.expected_version = 3;
    t.op.watch = true;
    t.session = 0x0100000000000007;
    t.session_timeout_ns = models::sec(6);
    t.status = models::Status::bad_version;
    t.version = 4;
  }
  return t;
}
// A tree holding initial data, some of it changed, a session and an ephemeral: its image.
std::shared_ptr<const models::SnapshotImage> image() {
  const auto bulk = std::make_shared<const models::BulkLayer>(
      models::InitialData{50, models::ValueSizes{models::ValueSizes::Kind::uniform, 10, 300}, 7, models::make_zxid(1, 50)});
  models::DataTree tree(bulk);
  models::Txn session{models::make_zxid(2, 1)};
  session.op = {models::OpKind::write, 0, 0, models::OpCode::create_session};
  session.session = 9;
  session.session_timeout_ns = models::sec(4);
  tree.apply(session);
  models::Txn set{models::make_zxid(2, 2), models::kFirstClientId, 1, 1, {models::OpKind::write, 0, 77}};
  set.op.path = "/data/3";
  set.session = 9;
  set.version = 1;
  tree.apply(set);
  models::Txn removed = set;
  removed.zxid = models::make_zxid(2, 3);
  removed.op = {models::OpKind::write, 0, 0, models::OpCode::remove, "/data/4"};
  tree.apply(removed);
  return tree.image();
}

models::Txn reconfig_txn(models::Zxid zxid) {
  models::Txn t{zxid, models::kNoNode, 8, models::kNoNode, {models::OpKind::write, UINT64_MAX, 168}};
  t.config = std::make_shared<const models::Configuration>(models::Configuration{zxid, {1, 2, 3}, {4}});
  return t;
}

}  // namespace

TEST_CASE("trace: every message kind survives the codec round trip") {
  const auto config = std::make_shared<const models::Configuration>(models::Configuration{4, {1, 2, 3}, {}});
  const std::vector<models::Message> messages{
      models::Notification{models::PeerState::leading, 3, models::make_zxid(2, 5), 7, 2, 1},
      models::FollowerInfo{2, 9, true}, models::LeaderInfo{4}, models::AckEpoch{3, 11}, models::Diff{12},
      models::Trunc{13}, models::Snap{14, 4096, image(), config}, models::Snap{15, 0, nullptr, nullptr}, models::NewLeader{16, 1},
      models::UpToDate{}, models::Proposal{txn(17)}, models::Ack{18}, models::Commit{19}, models::Inform{txn(20)},
      models::Ping{21, {7, 9}}, models::ForwardedRequest{models::kFirstClientId, 5, txn(2).op, 77, models::sec(4)},
      models::ConnectRequest{99, models::sec(30), 22}, models::ConnectResponse{99, models::sec(30), true, true, 5},
      models::ClientRequest{6, txn(4).op},
      models::ClientReply{6, models::OpKind::read, models::Status::not_leader, 23, 1024, "/a0000000001", 3, 2, {"x", "y"}},
      models::ClientPing{true}, models::CloseConnection{},
      models::WatchEvent{models::WatchEventType::children_changed, "/svc", 24},
      models::ReconfigRequest{7, {4, 5}, {6}, {2}}, models::CommitAndActivate{24, 3},
      models::InformAndActivate{reconfig_txn(25), 3}, models::ConfigChanged{25, {1, 2, 3, 4}},
      models::AppRequest{26, 200}, models::AppReply{26, 1000},
      models::SetWatches{27, {"/a"}, {"/b", "/c"}, {"/svc"}}, models::Revalidate{models::kFirstClientId + 3, 99, models::sec(30), true}};
  std::size_t kinds_seen = 0;
  for (const auto& m : messages) {
    check_round_trip(m);
    CHECK(ojson(m).at("type") == models::message_name(m));
    kinds_seen |= std::size_t{1} << m.index();
  }
  CHECK(kinds_seen == (std::size_t{1} << std::variant_size_v<models::Message>) - 1);
}

TEST_CASE("trace: storage operations, observations, durable state and configs survive the codec round trip") {
  for (const models::StorageOp& op : std::vector<models::StorageOp>{
           models::AppendTxn{txn(3)}, models::RollLog{}, models::TruncateAfter{2}, models::SetAcceptedEpoch{4},
           models::SetCurrentEpoch{4}, models::SaveSnapshot{{1, 100}, image(), true}, models::AppendTxn{reconfig_txn(4)},
           models::SetConfiguration{models::Configuration{4, {1, 2, 3}, {4}}},
           models::SetNextConfiguration{models::Configuration{5, {1, 2, 3, 4}, {}}}, models::CompactLog{3},
           models::PurgeBefore{2}})
    check_round_trip(op);
  const auto decoded = ojson::parse(ojson(models::StorageOp{models::SaveSnapshot{{1, 100}, image()}}).dump())
                           .get<models::StorageOp>();
  CHECK(models::DataTree::from_image(std::get<models::SaveSnapshot>(decoded).image) ==
        models::DataTree::from_image(image()));  // the tree itself, not only its encoding
  for (const models::Observation& o : std::vector<models::Observation>{
           models::RequestIssued{1, 2, models::OpKind::write},
           models::RequestCompleted{1, 2, models::OpKind::read, models::Status::timeout, 5, 6},
           models::RequestServed{models::kFirstClientId, models::OpKind::read}, models::StateChanged{models::PeerState::observing},
           models::ElectionFinished{2, 3, 4, 5}, models::LeaderEstablished{3}, models::LeadershipLost{3},
           models::TxnDelivered{7, 8, 9}, models::StateSynced{10}, models::ProcessStopped{true}, models::ProcessStarted{}, models::ProcessPaused{5}, models::ProcessResumed{},
           models::NetworkPartitioned{{{1, 2}, {3}}, 1, true},
           models::SessionMoved{1, 2}, models::SessionEstablished{1, 99, true}, models::SessionExpired{2, 99, 3, true}, models::SessionClosed{99, 2, true},
           models::WatchTriggered{3, models::WatchEventType::deleted, "/svc/a", 25},
           models::ReconfigEvent{models::ReconfigPhase::refused, 3, 0, models::ReconfigRefusal::reconfig_in_progress,
                                 std::make_shared<const models::Configuration>(models::Configuration{0, {1, 2, 3}, {}}),
                                 nullptr},
           models::AppRequestSent{models::kFirstAppServerId, 4}, models::AppRequestDone{models::kFirstAppServerId, 4, false, 9},
           models::BackendsChanged{3}, models::DataWorkDone{models::DataWorkDone::Kind::sync_snap, 4096, 7, 8}})
    check_round_trip(o);
  models::PersistentState durable;
  durable.accepted_epoch = 3;
  durable.current_epoch = 2;
  durable.files.snapshots = {{1, 100}};
  durable.files.logs = {{2, 3, 2, 700}};
  durable.files.rolled = false;
  durable.image = image();
  durable.log = {txn(2), txn(3)};
  durable.log_base = 1;
  durable.config = models::Configuration{3, {1, 2, 3}, {4}};
  durable.next_config = models::Configuration{4, {1, 2, 3, 4}, {}};
  check_round_trip(durable);
  check_round_trip(models::ServerConfig{2, {1, 2, 3}, {4}, models::ms(500), 10, 5, 77, models::ms(19),
                                        models::zab::SnapshotSettings{500, 1024, -1, 4, models::sec(3600)}});
  check_round_trip(models::ClientConfig{models::kFirstClientId, {1, 2, 3}, models::sec(10), 100, 7, models::sec(1),
                                        models::ms(5), "power_of_two", false, models::ms(300)});
  models::ClientConfig with_options;
  with_options.strategy = "bounded_load_hash";
  with_options.strategy_options.virtual_nodes = 40;
  with_options.strategy_options.load_bound_factor = 1.5;
  with_options.strategy_options.load_staleness_ns = models::ms(20);
  with_options.strategy_options.weights = {{1, 3.0}, {2, 0.5}};
  with_options.curator_expiry = true;
  check_round_trip(with_options);
  // Fields the encoding could leave out unseen by a round trip: decoded, they must be there.
  const auto client = ojson::parse(ojson(with_options).dump()).get<models::ClientConfig>();
  CHECK(client.strategy_options.weights == with_options.strategy_options.weights);
  CHECK(client.curator_expiry);
  check_round_trip(models::AppServerConfig{with_options, "/services/api", 512});
  models::AppClientConfig app_client;
  app_client.session = with_options;
  app_client.strategy = "power_of_two";
  app_client.rate_per_s = 12.5;
  check_round_trip(app_client);
  check_round_trip(models::WorkloadSpec{models::LoopKind::closed, 1.5, 3, 0.25, 100, 0.99, 64});
}

TEST_CASE("trace: decoding refuses unknown names and missing keys") {
  CHECK_THROWS_AS(ojson::parse(R"({"type":"gossip"})").get<models::Message>(), sim::trace::DecodeError);
  CHECK_THROWS_AS(ojson::parse(R"({"type":"ack"})").get<models::Message>(), nlohmann::json::exception);
  CHECK_THROWS_AS(ojson::parse(R"({"type":"state_changed","state":"DANCING"})").get<models::Observation>(),
                  sim::trace::DecodeError);
  CHECK_THROWS_AS(sim::trace::parse_input(ojson::parse(R"({"t":1,"node":1,"in":"dream"})")), sim::trace::DecodeError);
}

TEST_CASE("trace: the trace and replay code includes no SimGrid and no part of the SimGrid runtime") {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(ZKSIM_SOURCE_DIR) + "/sim/trace")) {
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("#include", 0) != 0) continue;
      INFO(entry.path().string() << ": " << line);
      CHECK(line.find("simgrid") == std::string::npos);
      CHECK(line.find("sim/runtime") == std::string::npos);
      CHECK(line.find("sim/run.hpp") == std::string::npos);
    }
  }
}
