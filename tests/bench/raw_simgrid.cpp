// The overhead floor: a bare SimGrid program that replays the traffic of a zksim run (the pattern
// written by comm_pattern.cpp) with none of zksim's work. The same platform shape (one full zone,
// a split-duplex NIC per host carrying half the latency, a route between every pair), one actor per
// host with a permanent receiver, and per (from, to) pair the same number of detached comms with
// the same total bytes, spread evenly over the simulated duration. zksim sends what one host sends
// another at one instant as one comm (a batch of messages), so the pattern counts comms, not
// messages, and this program replays the same comms. zksim's wall time per comm
// divided by this program's is the cost of everything zksim adds to SimGrid. A wake (an empty
// comm that wakes a zksim host for a packet, which it then waits for) is replayed as an empty comm
// after which the receiver waits once more, briefly: the same SimGrid work; the packets themselves
// are zksim's work, not SimGrid's.
//   raw_simgrid PATTERN.txt
#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <queue>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

struct HostSpec {
  std::string name;
  double speed_flops = 0, nic_bytes_per_s = 0, latency_s = 0;
};

struct Flow {  // the comms of one (from, to) pair, or its wakes
  std::size_t to = 0;
  std::uint64_t count = 0;
  double bytes_each = 0;
  bool wakes = false;
};

constexpr std::uint64_t kWake = UINT64_MAX;  // a wake's payload
constexpr double kPacketWait_s = 1e-6;     // about a packet's last bytes after its wake

struct Pattern {
  std::string model;
  double duration_s = 0;
  std::vector<HostSpec> hosts;
  std::vector<std::vector<Flow>> flows_from;  // by sending host
};

Pattern read_pattern(const char* file) {
  std::ifstream in(file);
  Pattern p;
  std::string key;
  std::size_t count = 0;
  while (in >> key) {
    if (key == "model") in >> p.model;
    if (key == "duration_s") in >> p.duration_s;
    if (key == "hosts") in >> count, p.flows_from.resize(count);
    if (key == "host") {
      HostSpec h;
      in >> h.name >> h.speed_flops >> h.nic_bytes_per_s >> h.latency_s;
      p.hosts.push_back(h);
    }
    if (key == "wake") {
      std::size_t from = 0;
      Flow f;
      f.wakes = true;
      in >> from >> f.to >> f.count;
      p.flows_from.at(from).push_back(f);
    }
    if (key == "pair") {
      std::size_t from = 0;
      Flow f;
      double bytes = 0;
      in >> from >> f.to >> f.count >> bytes;
      f.bytes_each = bytes / static_cast<double>(f.count);
      p.flows_from.at(from).push_back(f);
    }
  }
  if (p.hosts.size() != count || p.duration_s <= 0) throw std::runtime_error("bad pattern file");
  return p;
}

std::vector<sg4::Host*> build_platform(const Pattern& p) {
  sg4::Engine::set_config("network/model:" + p.model);
  if (p.model == "CM02") sg4::Engine::set_config("network/crosstraffic:0");  // as zksim configures CM02
  auto* zone = sg4::create_full_zone("datacenter");
  std::vector<sg4::Host*> hosts;
  std::vector<sg4::SplitDuplexLink*> nics;
  for (const HostSpec& h : p.hosts) {
    hosts.push_back(zone->create_host(h.name, h.speed_flops));
    nics.push_back(zone->create_split_duplex_link(h.name + "_nic", h.nic_bytes_per_s));
    nics.back()->set_latency(h.latency_s / 2);
    nics.back()->seal();
  }
  using Direction = sg4::LinkInRoute::Direction;
  for (std::size_t a = 0; a < hosts.size(); ++a)
    for (std::size_t b = a + 1; b < hosts.size(); ++b)
      zone->add_route(hosts[a]->get_netpoint(), hosts[b]->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(nics[a], Direction::UP), sg4::LinkInRoute(nics[b], Direction::DOWN)}, true);
  zone->seal();
  return hosts;
}

struct Due {
  double at_s;
  std::size_t flow;
  std::uint64_t sent;
  bool operator>(const Due& o) const { return at_s > o.at_s; }
};

// One host: receives whatever arrives and sends each flow's comms at evenly spaced times, waiting
// for both in one wait_any_for as zksim's host actor does (Activity's: Comm's copies the vector).
void host_actor(const Pattern& p, std::size_t self, std::vector<sg4::Mailbox*> mailboxes) {
  mailboxes[self]->set_receiver(sg4::Actor::self());
  const std::vector<Flow>& flows = p.flows_from[self];
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> due;
  const auto time_of = [&](std::size_t f, std::uint64_t k) {
    return (static_cast<double>(k) + 0.5) * p.duration_s / static_cast<double>(flows[f].count);
  };
  for (std::size_t f = 0; f < flows.size(); ++f) due.push({time_of(f, 0), f, 0});
  std::uint64_t* incoming = nullptr;
  std::vector<sg4::ActivityPtr> receive{mailboxes[self]->get_async<std::uint64_t>(&incoming)};
  for (;;) {
    const double timeout_s = due.empty() ? -1.0 : std::max(0.0, due.top().at_s - sg4::Engine::get_clock());
    bool woken = sg4::Activity::wait_any_for(receive, timeout_s) == 0;
    while (woken) {
      const bool wake = *incoming == kWake;
      delete incoming;
      receive[0] = mailboxes[self]->get_async<std::uint64_t>(&incoming);
      woken = wake && sg4::Activity::wait_any_for(receive, kPacketWait_s) == 0;
    }
    while (!due.empty() && due.top().at_s <= sg4::Engine::get_clock()) {
      const Due d = due.top();
      due.pop();
      const Flow& f = flows[d.flow];
      mailboxes[f.to]->put_init(new std::uint64_t(f.wakes ? kWake : d.sent), static_cast<std::uint64_t>(f.bytes_each))
          ->detach([](void* m) { delete static_cast<std::uint64_t*>(m); });
      if (d.sent + 1 < f.count) due.push({time_of(d.flow, d.sent + 1), d.flow, d.sent + 1});
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PATTERN.txt\n", argv[0]);
    return 2;
  }
  const Pattern p = read_pattern(argv[1]);
  const auto wall_start = std::chrono::steady_clock::now();
  int engine_argc = 2;
  char arg0[] = "raw_simgrid", arg1[] = "--log=root.thres:critical";
  char* engine_argv[] = {arg0, arg1, nullptr};
  sg4::Engine engine(&engine_argc, engine_argv);
  const auto hosts = build_platform(p);
  std::vector<sg4::Mailbox*> mailboxes;
  for (const HostSpec& h : p.hosts) mailboxes.push_back(sg4::Mailbox::by_name(h.name));
  std::uint64_t comms = 0;
  for (const auto& flows : p.flows_from)
    for (const Flow& f : flows) comms += f.count;
  for (std::size_t h = 0; h < hosts.size(); ++h)
    sg4::Actor::create(p.hosts[h].name, hosts[h], [&p, h, mailboxes] { host_actor(p, h, mailboxes); });
  engine.run_until(p.duration_s + 1);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  std::printf("comms %llu wall_s %.3f\n", static_cast<unsigned long long>(comms), wall_s);
  return 0;
}
