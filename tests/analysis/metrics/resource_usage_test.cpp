// Resource utilization (analysis/metrics/resource_usage.hpp) on hand-made work: busy time spread
// over the intervals it overlaps, queue length by Little's law, only the measured window kept,
// the bottleneck the busiest resource, and the CSV's columns.
#include <doctest/doctest.h>

#include "analysis/metrics/resource_usage.hpp"

using namespace analysis;
using models::ms;
using models::sec;

namespace {
// Measured from 1 s to 4 s, in intervals of 1 s.
MetricsWindow window() { return {sec(1), sec(4), sec(1)}; }
}  // namespace

TEST_CASE("resources: work is spread over the intervals it overlaps, and the warm-up is left out") {
  ResourceUsage u(window());
  REQUIRE(u.interval_count() == 3);
  const auto cpu = u.add(ResourceKind::cpu, "server1", 1);
  u.add_work(cpu, ms(500), ms(1500), ms(1000));   // half in the warm-up: 500 ms counted, at 1 s
  u.add_work(cpu, ms(2500), ms(3500), ms(500));   // half busy over a second: 250 ms in each
  const auto& in = u.resources()[cpu].intervals;
  CHECK(in[0].busy_ns == doctest::Approx(5e8));
  CHECK(in[1].busy_ns == doctest::Approx(2.5e8));
  CHECK(in[2].busy_ns == doctest::Approx(2.5e8));
  const ResourceFigures f = resource_figures(u, u.resources()[cpu]);
  CHECK(f.mean_utilization == doctest::Approx(1.0 / 3));
  CHECK(f.peak_utilization == doctest::Approx(0.5));
  CHECK(f.peak_at_s == doctest::Approx(1.0));
}

TEST_CASE("resources: the queue is the jobs' time present over the interval (Little's law), and latencies average") {
  ResourceUsage u(window());
  const auto disk = u.add(ResourceKind::disk, "server1", 1);
  for (int i = 0; i < 10; ++i) {  // ten fsyncs of 200 ms, two at a time, in the second interval
    u.add_presence(disk, sec(2) + ms(200) * (i / 2), sec(2) + ms(200) * (i / 2 + 1));
    u.add_latency(disk, sec(2) + ms(200) * (i / 2 + 1), ms(200));
  }
  u.add_bytes(disk, sec(2), 4096);
  const ResourceFigures f = resource_figures(u, u.resources()[disk]);
  CHECK(f.peak_queue == doctest::Approx(2.0));
  CHECK(f.mean_queue == doctest::Approx(2.0 / 3));
  CHECK(f.mean_latency_ms == doctest::Approx(200));
  CHECK(f.bytes == 4096);
}

TEST_CASE("resources: the bottleneck is the busiest resource, named with its server's role") {
  ResourceUsage u(window());
  const auto cpu1 = u.add(ResourceKind::cpu, "server1", 1);
  const auto cpu2 = u.add(ResourceKind::cpu, "server2", 2);
  const auto nic = u.add(ResourceKind::nic_out, "clients1");
  u.add_work(cpu1, sec(1), sec(4), ms(600));
  u.add_work(cpu2, sec(1), sec(4), ms(2910));
  u.add_work(nic, sec(1), sec(4), ms(1500));
  const auto json = resources_json(u, {{1, models::PeerState::following}, {2, models::PeerState::leading}});
  CHECK(json["bottleneck"]["label"] == "server2 (leader) CPU");
  CHECK(json["bottleneck"]["mean_utilization"].get<double>() == doctest::Approx(0.97));
  CHECK(json["resources"].size() == 3);
  CHECK(json["resources"][2].contains("mean_queue") == false);  // an interface shares, it does not queue
  CHECK(bottleneck_summary(json).find("server2 (leader) CPU 97.0 % busy") != std::string::npos);
  CHECK(resources_json(ResourceUsage(window()), {})["bottleneck"].is_null());
  CHECK(bottleneck_summary(resources_json(ResourceUsage(window()), {})).find("none") != std::string::npos);
}

TEST_CASE("resources: the CSV has a row per interval and resource, queue and latency where they are measured") {
  ResourceUsage u(window());
  const auto disk = u.add(ResourceKind::disk, "server1", 1);
  const auto nic = u.add(ResourceKind::nic_in, "server1", 1);
  u.add_work(disk, sec(1), sec(2), ms(250));
  u.add_latency(disk, ms(1500), ms(2));
  u.add_bytes(nic, ms(1500), 1000);
  const std::string csv = resources_csv(u);
  CHECK(csv.rfind("start_s,resource,kind,utilization,queue,bytes,latency_ms\n", 0) == 0);
  CHECK(csv.find("1,server1,disk,0.2500,0.0000,0,2.000\n") != std::string::npos);
  CHECK(csv.find("1,server1,nic_in,0.0000,,1000,\n") != std::string::npos);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3 * 2);
}
