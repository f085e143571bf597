#include "models/client/app_server.hpp"

#include <cassert>

#include "models/core/visit.hpp"

namespace models {

AppServer::AppServer(AppServerConfig config) : config_(std::move(config)), zk_(make_session_client(config_.session)) {
  assert(config_.service_path.size() > 1 && config_.service_path.front() == '/');
}

std::string AppServer::registration_path() const { return config_.service_path + "/" + std::to_string(id()); }

std::vector<std::string> ancestor_paths(const std::string& path) {
  std::vector<std::string> paths;
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
    paths.push_back(path.substr(0, slash));
  paths.push_back(path);
  return paths;
}

Effects AppServer::on_start(Time now) { return after_session(now, zk_->on_start(now)); }

Effects AppServer::on_message(Time now, NodeId from, const Message& message) {
  // The ZooKeeper session's kinds, and those no node of this host is sent (the session ignores them).
  const auto to_session = [&](const auto&) { return after_session(now, zk_->on_message(now, from, message)); };
  return dispatch(message, Overloaded{
      [&](const AppRequest& request) {
        Effects out;
        out.send(from, AppReply{request.request_id, config_.reply_bytes});
        return out;
      },
      each<ConnectResponse, ClientReply, WatchEvent, CloseConnection, ConfigChanged>(to_session),
      each<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate, Proposal, Ack,
           Commit, Inform, Ping, CommitAndActivate, InformAndActivate, ForwardedRequest, ConnectRequest,
           ClientRequest, ClientPing, ReconfigRequest, AppReply, SetWatches, Revalidate>(to_session),
  });
}

Effects AppServer::on_timer(Time now, TimerId timer) { return after_session(now, zk_->on_timer(now, timer)); }

Effects AppServer::on_peer_lost(Time now, NodeId peer) { return after_session(now, zk_->on_peer_lost(now, peer)); }

// A session is fresh once per life of this process and again after each expiry: that is when the
// ephemeral registration is missing. The parents are created each time (an existing one answers
// node_exists, which is harmless); the session's FIFO order puts them before the registration.
Effects AppServer::after_session(Time now, Effects effects) {
  if (session_established(effects, /*fresh_only=*/true)) register_self(now, effects);
  return effects;
}

void AppServer::register_self(Time now, Effects& out) {
  for (const std::string& path : ancestor_paths(config_.service_path)) {
    Op create{OpKind::write, 0, 0, OpCode::create, path};
    out.merge(zk_->submit(now, create));
  }
  Op registration{OpKind::write, 0, 64, OpCode::create, registration_path()};
  registration.flags = kEphemeral;
  out.merge(zk_->submit(now, registration));
}

}  // namespace models
