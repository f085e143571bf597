#include "tests/golden/script.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "models/client/client.hpp"
#include "models/server/zk_server.hpp"
#include "sim/trace/trace_lines.hpp"
#include "tests/harness/cluster.hpp"

namespace golden {

using namespace models;
using ojson = nlohmann::ordered_json;

namespace {

constexpr std::size_t kArrayShown = 8;  // longer arrays (a SNAP's history, a log) print as a count

void elide(ojson& j) {
  if (j.is_array() && j.size() > kArrayShown) {
    j = "<" + std::to_string(j.size()) + " items>";
    return;
  }
  if (j.is_structured())
    for (auto& item : j) elide(item);
}

std::string elided(const std::string& line) {
  ojson j = ojson::parse(line);
  elide(j);
  return j.dump();
}

// Collects a command's transcript: every input and effect, as trace lines.
class Transcript final : public harness::Tap {
 public:
  void input(Time now, NodeId node, const Input& input) override {
    lines.push_back(elided(sim::trace::input_line(now, node, input)));
    ++inputs;
  }
  void effects(Time, NodeId node, const Effects& effects) override {
    std::vector<std::string> fx;
    sim::trace::append_effect_lines(node, effects, fx);
    for (const std::string& line : fx) lines.push_back(elided(line));
    effect_count += fx.size();
  }
  std::vector<std::string> lines;
  std::size_t inputs = 0;
  std::size_t effect_count = 0;
};

struct Args {
  std::vector<std::string> words;            // the command, then positional arguments
  std::map<std::string, std::string> named;  // key=value
  bool quiet = false;
};

Args split(const std::string& command) {
  Args args;
  std::istringstream in(command);
  for (std::string word; in >> word;) {
    if (word == "quiet") args.quiet = true;
    else if (auto eq = word.find('='); eq != std::string::npos) args.named[word.substr(0, eq)] = word.substr(eq + 1);
    else args.words.push_back(word);
  }
  return args;
}

std::vector<NodeId> id_list(const std::string& text) {
  std::vector<NodeId> ids;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) ids.push_back(static_cast<NodeId>(std::stoul(item)));
  return ids;
}

std::string hex(Zxid zxid) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(zxid));
  return buffer;
}

class Runner {
 public:
  explicit Runner(ProtocolBugs extra_bugs) : bugs_(extra_bugs) {}
  std::vector<std::string> run(const std::string& command);

 private:
  void ensemble(const Args& args);
  void wait_stable();
  NodeId server(const std::string& word);
  NodeId leader();
  void reconfig(const Args& args);
  std::vector<std::string> state();
  harness::Cluster& cluster();

  ProtocolBugs bugs_;
  std::unique_ptr<harness::Cluster> cluster_;
  std::shared_ptr<const Workload> workload_;
  std::vector<NodeId> servers_, voters_, clients_;
  Transcript transcript_;
  std::uint64_t next_cxid_ = 1;
  std::set<NodeId> connected_to_;  // the servers the writing client has connected to
  std::uint64_t next_reconfig_ = 1;
};

harness::Cluster& Runner::cluster() {
  if (!cluster_) throw std::runtime_error("no ensemble yet: the first command must be `ensemble`");
  return *cluster_;
}

void Runner::ensemble(const Args& args) {
  const auto number = [&](const char* key, double fallback) {
    auto it = args.named.find(key);
    return it == args.named.end() ? fallback : std::stod(it->second);
  };
  const int servers = static_cast<int>(number("servers", 3));
  const int voters = static_cast<int>(number("voters", servers));
  const Time session_timeout_ns = static_cast<Time>(number("session_timeout_ms", 6000)) * kMillisecond;
  const auto seed = static_cast<std::uint64_t>(number("seed", 1));
  if (auto it = args.named.find("bug"); it != args.named.end() && !enable_protocol_bug(bugs_, it->second))
    throw std::runtime_error("unknown bug " + it->second);
  workload_ = std::make_shared<const Workload>(WorkloadSpec{LoopKind::open, number("rate", 0), 1, 0.5, 100, 0.0, 100});
  for (int i = 1; i <= servers; ++i) servers_.push_back(static_cast<NodeId>(i));
  voters_.assign(servers_.begin(), servers_.begin() + voters);
  for (int i = 0; i < static_cast<int>(number("clients", 0)); ++i) clients_.push_back(kFirstClientId + static_cast<NodeId>(i));
  cluster_ = std::make_unique<harness::Cluster>([this, session_timeout_ns, seed](NodeId id, const PersistentState& disk) -> std::unique_ptr<Node> {
    if (is_client(id)) return std::make_unique<Client>(ClientConfig{id, voters_, session_timeout_ns, 1000, seed}, workload_);
    return std::make_unique<ZkServer>(ServerConfig{id, voters_, {}, ms(2000), 10, 5, seed}, disk, bugs_);
  });
  cluster_->set_tap(&transcript_);
  for (NodeId id : servers_) cluster_->add(id);
  for (NodeId id : clients_) cluster_->add(id);
}

NodeId Runner::leader() {
  for (NodeId id : servers_)
    if (cluster().alive(id) && cluster().node_as<ZkServer>(id).zab().established_leader()) return id;
  return kNoNode;
}

NodeId Runner::server(const std::string& word) {
  if (word == "leader") {
    if (leader() == kNoNode) throw std::runtime_error("there is no established leader");
    return leader();
  }
  if (word == "follower") {
    for (NodeId id : voters_)
      if (id != leader() && cluster().alive(id)) return id;
    throw std::runtime_error("there is no live follower");
  }
  return static_cast<NodeId>(std::stoul(word));
}

// In 5 ms steps, at most a minute: one established leader, every live voter serving.
void Runner::wait_stable() {
  const auto stable = [&] {
    if (leader() == kNoNode) return false;
    for (NodeId id : voters_)
      if (cluster().alive(id) && !cluster().node_as<ZkServer>(id).serving()) return false;
    return true;
  };
  for (Time waited_ns = 0; !stable(); waited_ns += ms(5)) {
    if (waited_ns > sec(60)) throw std::runtime_error("not stable after 60 s");
    cluster().advance_by(ms(5));
  }
}

void Runner::reconfig(const Args& args) {
  ReconfigRequest request{next_reconfig_++, {}, {}, {}};
  if (auto it = args.named.find("add"); it != args.named.end()) request.add_voters = id_list(it->second);
  if (auto it = args.named.find("remove"); it != args.named.end()) request.remove = id_list(it->second);
  cluster().control(server("leader"), RequestReconfig{request});
}

std::vector<std::string> Runner::state() {
  std::vector<std::string> lines;
  for (NodeId id : servers_) {
    if (!cluster().alive(id)) {
      lines.push_back("server " + std::to_string(id) + ": down, " + std::to_string(cluster().durable(id).log.size()) + " txns on disk");
      continue;
    }
    const ZkServer& s = cluster().node_as<ZkServer>(id);
    lines.push_back("server " + std::to_string(id) + ": " + peer_state_name(s.state()) + " leader " + std::to_string(s.leader()) +
                    " epoch " + std::to_string(s.zab().current_epoch()) + " last " + hex(s.zab().last_zxid()) +
                    " committed " + hex(s.zab().history().committed_zxid()) + " voters " +
                    std::to_string(s.configuration().voters.size()));
  }
  for (NodeId id : clients_) {
    const Client& c = cluster().node_as<Client>(id);
    lines.push_back("client " + std::to_string(id) + ": server " + std::to_string(c.server()) +
                    (c.connected() ? " connected" : " disconnected") + ", knows " + std::to_string(c.servers().size()));
  }
  return lines;
}

std::vector<std::string> Runner::run(const std::string& command) {
  const Args args = split(command);
  if (args.words.empty()) throw std::runtime_error("empty command");
  const std::string& verb = args.words[0];
  const auto arg = [&](std::size_t i) -> const std::string& {
    if (i >= args.words.size()) throw std::runtime_error("`" + verb + "` needs " + std::to_string(i) + " argument(s)");
    return args.words[i];
  };
  transcript_ = Transcript{};
  std::vector<std::string> extra;
  if (verb == "ensemble") ensemble(args);
  else if (verb == "wait-stable") wait_stable();
  else if (verb == "advance") cluster().advance_by(static_cast<Time>(std::stoll(arg(1))) * kMillisecond);
  else if (verb == "crash") cluster().crash(server(arg(1)));
  else if (verb == "power-off") cluster().power_off(server(arg(1)));
  else if (verb == "restart") cluster().restart(server(arg(1)));
  else if (verb == "cut") cluster().cut(server(arg(1)), server(arg(2)));
  else if (verb == "cut-one-way") cluster().cut_one_way(server(arg(1)), server(arg(2)));
  else if (verb == "isolate") cluster().isolate(server(arg(1)));
  else if (verb == "heal") cluster().heal();
  else if (verb == "reconfig") reconfig(args);
  else if (verb == "print-state") extra = state();
  else if (verb == "write") {
    const NodeId to = server(arg(1));
    const int count = args.named.count("count") ? std::stoi(args.named.at("count")) : 1;
    const NodeId client = kFirstClientId + 900;  // a client known only by id: no session rebalance
    if (connected_to_.insert(to).second) cluster().inject(to, client, ConnectRequest{0, sec(30), 0});
    for (int i = 0; i < count; ++i) {
      const std::uint64_t cxid = next_cxid_++;
      cluster().inject(to, client, ClientRequest{cxid, Op{OpKind::write, cxid, 100}});
    }
  } else {
    throw std::runtime_error("unknown command `" + verb + "`");
  }
  std::vector<std::string> out;
  if (args.quiet) out.push_back("(" + std::to_string(transcript_.inputs) + " inputs, " + std::to_string(transcript_.effect_count) + " effects)");
  else out = std::move(transcript_.lines);
  out.insert(out.end(), extra.begin(), extra.end());
  if (out.empty()) out.push_back("ok");
  return out;
}

}  // namespace

std::vector<Block> parse_script(const std::string& text) {
  std::vector<Block> blocks;
  std::istringstream in(text);
  Block block;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() && block.command.empty()) continue;
    if (line.rfind('#', 0) == 0 && block.command.empty()) {
      block.comments.push_back(line);
      continue;
    }
    if (block.command.empty()) {
      block.command = line;
      if (!std::getline(in, line) || line != "----")
        throw std::runtime_error("line " + std::to_string(number + 1) + ": expected ---- after the command");
      ++number;
      while (std::getline(in, line) && !line.empty()) {
        ++number;
        block.output.push_back(line);
      }
      ++number;
      blocks.push_back(std::move(block));
      block = Block{};
    }
  }
  if (!block.command.empty() || !block.comments.empty()) throw std::runtime_error("the script ends inside a block");
  return blocks;
}

std::string format_script(const std::vector<Block>& blocks) {
  std::string text;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (i > 0) text += "\n";
    for (const std::string& c : blocks[i].comments) text += c + "\n";
    text += blocks[i].command + "\n----\n";
    for (const std::string& o : blocks[i].output) text += o + "\n";
  }
  return text;
}

std::vector<Block> run_script(const std::vector<Block>& blocks, ProtocolBugs extra_bugs) {
  Runner runner(extra_bugs);
  std::vector<Block> ran = blocks;
  for (Block& block : ran) block.output = runner.run(block.command);
  return ran;
}

}  // namespace golden
