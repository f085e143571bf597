#pragma once
// A realistic observation stream for the plot and trace tests, without SimGrid: five servers,
// an election at start, steady read/write traffic from twenty clients, the leader (server 3) crashed
// at 20 s with a failover election, and its restart at 40 s. Deterministic (fixed seed).
#include <algorithm>
#include <tuple>
#include <vector>

#include "analysis/metrics/run_metrics.hpp"
#include "analysis/plot/timeline_mark.hpp"
#include "analysis/recorder.hpp"
#include "models/core/rng.hpp"

namespace synthetic {

using models::ms;
using models::sec;

struct Run {
  analysis::MetricsWindow window{sec(5), sec(60), sec(1)};
  std::vector<models::NodeId> servers{1, 2, 3, 4, 5};
  std::vector<analysis::MemoryRecorder::Entry> entries;  // in time order
  std::vector<analysis::TimelineMark> marks{{20.0, "crash server 3"}, {40.0, "restart server 3"}};
};

struct Builder {
  struct Item {
    models::Time time_ns;
    std::uint64_t sequence;
    models::NodeId node;
    models::Observation what;
  };
  std::vector<Item> items;
  void add(models::Time t, models::NodeId node, models::Observation what) {
    items.push_back({t, items.size(), node, std::move(what)});
  }
  // Every server: LOOKING, an election that ends at `end`, then FOLLOWING or LEADING.
  void election(models::Time start, models::Time end, models::NodeId leader, models::Epoch epoch,
                const std::vector<models::NodeId>& voters) {
    for (models::NodeId s : voters) {
      add(start, s, models::StateChanged{models::PeerState::looking});
      add(end, s, models::ElectionFinished{leader, epoch, epoch, start});
      add(end, s, models::StateChanged{s == leader ? models::PeerState::leading : models::PeerState::following});
    }
    add(end + ms(150), leader, models::LeaderEstablished{epoch});
  }
};

// The server a client talks to: clients of the crashed server 3 move to server 4 until it restarts.
inline models::NodeId server_of(int client, models::Time t) {
  const models::NodeId home = static_cast<models::NodeId>(client % 5 + 1);
  return home == 3 && t >= sec(20) ? 4 : home;
}

inline void requests(Builder& b, models::Rng& rng) {
  const models::Time outage_start = sec(20), outage_end = ms(20'750);
  for (models::Time t = ms(300); t < sec(60); t += models::us(1) + static_cast<models::Time>(rng.exponential(6.67e5))) {
    const int client = static_cast<int>(rng.uniform_u64(20));
    const models::NodeId client_id = models::kFirstClientId + static_cast<models::NodeId>(client);
    const bool write = rng.bernoulli(0.2);
    models::Time latency = write ? ms(3) + static_cast<models::Time>(rng.exponential(2e6))
                                 : models::us(400) + static_cast<models::Time>(rng.exponential(6e5));
    models::Status status = models::Status::ok;
    if (write && t >= outage_start && t < outage_end) latency += outage_end - t;  // waits for a leader
    if (!write && server_of(client, t) == 4 && t >= outage_start && t < outage_start + ms(400))
      status = models::Status::connection_loss;  // reconnecting clients of server 3
    const models::Time done = t + latency;
    const models::OpKind kind = write ? models::OpKind::write : models::OpKind::read;
    if (status == models::Status::ok) b.add(done, server_of(client, t), models::RequestServed{client_id, kind});
    b.add(done, client_id, models::RequestCompleted{server_of(client, t), 1, kind, status, t, 0});
  }
}

inline Run make_run() {
  Run run;
  Builder b;
  models::Rng rng(42);
  for (models::NodeId s : run.servers) b.add(0, s, models::ProcessStarted{});
  b.election(ms(10), ms(210), 3, 1, run.servers);
  requests(b, rng);
  b.add(sec(20), 3, models::ProcessStopped{false});
  b.election(sec(20), ms(20'600), 5, 2, {1, 2, 4, 5});
  b.add(sec(40), 3, models::ProcessStarted{});
  b.add(sec(40), 3, models::StateChanged{models::PeerState::looking});
  b.add(ms(40'050), 3, models::ElectionFinished{5, 2, 2, sec(40)});
  b.add(ms(40'050), 3, models::StateChanged{models::PeerState::following});
  std::sort(b.items.begin(), b.items.end(),
            [](const auto& x, const auto& y) { return std::tie(x.time_ns, x.sequence) < std::tie(y.time_ns, y.sequence); });
  for (auto& item : b.items)
    if (item.time_ns <= run.window.end_ns) run.entries.push_back({item.time_ns, item.node, std::move(item.what)});
  return run;
}

inline void feed(const Run& run, analysis::Recorder& recorder) {
  for (const auto& e : run.entries) recorder.record(e.time_ns, e.node, e.what);
}

inline analysis::RunMetrics metrics_of(const Run& run) {
  analysis::RunMetrics metrics(run.window);
  feed(run, metrics);
  metrics.finish();
  return metrics;
}

}  // namespace synthetic
