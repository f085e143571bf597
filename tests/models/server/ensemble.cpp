#include "tests/models/server/ensemble.hpp"

#include <algorithm>
#include <sstream>

namespace zk_test {

Ensemble::Ensemble(EnsembleOptions options)
    : options_(std::move(options)), workload_(std::make_shared<const Workload>(options_.workload)) {
  for (int i = 1; i <= options_.voters; ++i) voters.push_back(static_cast<NodeId>(i));
  std::vector<NodeId> observers;
  for (int i = 1; i <= options_.observers; ++i) observers.push_back(static_cast<NodeId>(options_.voters + i));
  servers = voters;
  servers.insert(servers.end(), observers.begin(), observers.end());
  for (int i = 0; i < options_.clients; ++i) clients.push_back(kFirstClientId + static_cast<NodeId>(i));
  cluster_ = std::make_unique<harness::Cluster>(
      [this, observers](NodeId id, const PersistentState& disk) -> std::unique_ptr<Node> {
        if (is_client(id)) {
          ClientConfig config{id, servers, options_.session_timeout_ns, 1000, options_.seed};
          config.strategy = options_.client_strategy;
          const auto& libraries = options_.client_libraries;
          config.library = libraries[static_cast<std::size_t>(id - kFirstClientId) % libraries.size()];
          if (options_.client_tweak) options_.client_tweak(config);
          return std::make_unique<Client>(config, workload_);
        }
        ServerConfig config{id, voters, observers, options_.tick_ns, options_.init_limit_ticks,
                            options_.sync_limit_ticks, options_.seed};
        if (options_.tweak) options_.tweak(config);
        return std::make_unique<SpyServer>(config, disk, options_.bugs);
      },
      options_.net);
  if (options_.recorder) cluster_->add_recorder(options_.recorder);
  for (NodeId id : servers) cluster_->add(id, options_.initial_disk);
  for (NodeId id : clients) cluster_->add(id);
}

std::vector<NodeId> Ensemble::established_leaders() {
  std::vector<NodeId> found;
  for (NodeId id : servers)
    if (alive(id) && server(id).zab().established_leader()) found.push_back(id);
  return found;
}

NodeId Ensemble::leader() {
  const std::vector<NodeId> found = established_leaders();
  return found.size() == 1 ? found.front() : kNoNode;
}

bool Ensemble::stable(const std::vector<NodeId>& members) {
  if (leader() == kNoNode) return false;
  return std::all_of(members.begin(), members.end(), [&](NodeId id) { return !alive(id) || server(id).serving(); });
}

bool Ensemble::wait_until(const std::function<bool()>& pred, Time timeout_ns, Time step_ns) {
  const Time deadline = cluster_->now() + timeout_ns;
  while (!pred()) {
    if (cluster_->now() >= deadline) return false;
    cluster_->advance_by(step_ns);
  }
  return true;
}

std::size_t Ensemble::acknowledged_writes() const {
  std::size_t n = 0;
  for (const auto& [t, r] : all<RequestCompleted>())
    if (r.kind == OpKind::write && r.status == Status::ok) ++n;
  return n;
}

void Ensemble::partition(const std::vector<NodeId>& a, const std::vector<NodeId>& b) {
  for (NodeId x : a)
    for (NodeId y : b) cluster_->cut(x, y);
}

void Ensemble::inject_write(NodeId server, NodeId client, std::uint64_t cxid) {
  cluster_->inject(server, client, ConnectRequest{0, options_.session_timeout_ns, 0});
  cluster_->inject(server, client, ClientRequest{cxid, Op{OpKind::write, cxid, 100}});
}

void Ensemble::submit(NodeId client, const Op& op) {
  cluster_->control(client, Submit{op});
}

std::vector<std::string> Ensemble::check_trees_equal() {
  std::vector<std::string> problems;
  std::optional<NodeId> first;
  for (NodeId id : servers) {
    if (!alive(id) || !server(id).serving()) continue;
    server(id).tree().check_invariants();
    if (!first) first = id;
    else if (!(server(id).tree() == server(*first).tree()))
      problems.push_back("server " + std::to_string(id) + "'s tree differs from server " + std::to_string(*first) + "'s");
  }
  if (!first) problems.push_back("no serving server");
  return problems;
}

std::vector<Txn> Ensemble::committed(NodeId id) {
  const zab::History& h = server(id).zab().history();
  const auto& txns = h.txns();
  return {txns.begin(), txns.begin() + static_cast<std::ptrdiff_t>(h.upper_index(h.committed_zxid()))};
}

std::vector<Txn> Ensemble::reference_history() {
  std::vector<Txn> longest;
  for (NodeId id : servers)
    if (alive(id) && server(id).serving()) {
      std::vector<Txn> mine = committed(id);
      const auto last = [](const std::vector<Txn>& h) { return h.empty() ? Zxid{0} : h.back().zxid; };
      if (last(mine) > last(longest) || (last(mine) == last(longest) && mine.size() > longest.size()))
        longest = std::move(mine);
    }
  return longest;
}

std::vector<std::string> Ensemble::check_outcomes() {
  std::vector<std::string> problems;
  const std::vector<Txn> reference = reference_history();
  if (reference.empty()) problems.push_back("no serving server has a committed history");
  check_prefixes(reference, problems);
  check_deliveries(reference, problems);
  check_acknowledged(reference, problems);
  return problems;
}

// A server's log may start later than the reference's (after a SNAP, or once compacted): it must
// match the reference from where it starts.
void Ensemble::check_prefixes(const std::vector<Txn>& reference, std::vector<std::string>& problems) {
  for (NodeId id : servers) {
    if (!alive(id) || !server(id).serving()) continue;
    const std::vector<Txn> mine = committed(id);
    const auto same = [](const Txn& a, const Txn& b) { return a.zxid == b.zxid && a.client == b.client && a.cxid == b.cxid; };
    auto from = mine.begin();  // what the reference still holds of it
    while (from != mine.end() && !reference.empty() && from->zxid < reference.front().zxid) ++from;
    const auto start = from == mine.end() ? reference.end()
                                          : std::find_if(reference.begin(), reference.end(),
                                                         [&](const Txn& t) { return t.zxid == from->zxid; });
    const auto left = static_cast<std::size_t>(reference.end() - start);
    const auto checked = static_cast<std::size_t>(mine.end() - from);
    if (checked > left || !std::equal(from, mine.end(), start, same))
      problems.push_back("server " + std::to_string(id) + "'s committed history is not a prefix of the longest");
  }
}

// Replays each server's TxnDelivered / StateSynced stream against the reference history: within a
// synced incarnation, each delivery must be the reference's next transaction.
void Ensemble::check_deliveries(const std::vector<Txn>& reference, std::vector<std::string>& problems) const {
  std::map<Zxid, std::size_t> index;
  for (std::size_t i = 0; i < reference.size(); ++i) index[reference[i].zxid] = i + 1;  // 1-based position
  std::map<NodeId, std::optional<std::size_t>> cursor;  // position of the last applied txn
  for (const auto& e : cluster_->observations()) {
    if (!is_server(e.node)) continue;
    if (std::holds_alternative<ProcessStarted>(e.what)) cursor[e.node].reset();
    if (const auto* s = std::get_if<StateSynced>(&e.what)) {
      auto it = index.find(s->zxid);
      if (s->zxid == 0 || (!reference.empty() && s->zxid < reference.front().zxid)) cursor[e.node] = 0;
      else if (it != index.end()) cursor[e.node] = it->second;
      else cursor[e.node].reset();  // beyond what the reference knows (a server that died since)
    }
    if (const auto* d = std::get_if<TxnDelivered>(&e.what)) {
      std::optional<std::size_t>& c = cursor[e.node];
      if (!c || *c >= reference.size()) continue;
      if (d->zxid < reference.front().zxid) continue;  // compacted from every log: nothing to compare
      const Txn& expected = reference[*c];
      if (expected.zxid != d->zxid || expected.client != d->client || expected.cxid != d->cxid) {
        std::ostringstream s;
        s << "server " << e.node << " delivered zxid 0x" << std::hex << d->zxid << " where the history has 0x"
          << expected.zxid;
        problems.push_back(s.str());
        c.reset();
        continue;
      }
      ++*c;
    }
  }
}

void Ensemble::check_acknowledged(const std::vector<Txn>& reference, std::vector<std::string>& problems) const {
  std::map<Zxid, const Txn*> by_zxid;
  for (const Txn& txn : reference) by_zxid[txn.zxid] = &txn;
  for (const auto& e : cluster_->observations()) {
    const auto* r = std::get_if<RequestCompleted>(&e.what);
    if (!r || r->kind != OpKind::write || r->status != Status::ok) continue;
    auto it = by_zxid.find(r->zxid);
    if (it == by_zxid.end() && !reference.empty() && r->zxid < reference.front().zxid) continue;  // compacted
    if (it == by_zxid.end() || it->second->client != e.node || it->second->cxid != r->cxid)
      problems.push_back("acknowledged write of client " + std::to_string(e.node) + " cxid " +
                         std::to_string(r->cxid) + " is not in the committed history");
  }
}

std::string joined(const std::vector<std::string>& problems) {
  std::string s;
  for (std::size_t i = 0; i < problems.size() && i < 5; ++i) s += problems[i] + "; ";
  if (problems.size() > 5) s += "... (" + std::to_string(problems.size()) + " problems)";
  return s;
}

}  // namespace zk_test
