// The data device shared by a server's log fsyncs and its disk tasks: alone a job takes its lead
// time plus its device time; together the transfers share the device equally, so that a snapshot
// being written slows the log's fsyncs down (and is slowed by them).
#include <doctest/doctest.h>

#include "sim/runtime/disk_device.hpp"

using models::ms;
using sim::DiskDevice;

TEST_CASE("disk device: a job alone takes its lead time, then its device time") {
  DiskDevice disk;
  const auto job = disk.start(0, ms(2), ms(10));
  CHECK(disk.next_done_ns() == ms(12));
  CHECK(disk.finish_upto(ms(11)).empty());
  const auto done = disk.finish_upto(ms(12));
  REQUIRE(done.size() == 1);
  CHECK(done[0] == job);
  CHECK(disk.idle());
}

TEST_CASE("disk device: an fsync during a snapshot's write shares the device with it") {
  DiskDevice disk;
  // A snapshot: 100 ms of device time. An fsync starts 10 ms into it: 2 ms of flush latency, then
  // 4 ms of bytes, which take 8 ms at half the device; the snapshot is held back by as much.
  const auto snapshot = disk.start(0, 0, ms(100));
  CHECK(disk.finish_upto(ms(10)).empty());
  const auto fsync = disk.start(ms(10), ms(2), ms(4));
  CHECK(disk.next_done_ns() == ms(20));
  auto done = disk.finish_upto(ms(20));
  REQUIRE(done.size() == 1);
  CHECK(done[0] == fsync);
  CHECK(disk.next_done_ns() == ms(104));
  done = disk.finish_upto(ms(200));
  REQUIRE(done.size() == 1);
  CHECK(done[0] == snapshot);
}

TEST_CASE("disk device: jobs that end together are all reported, and a job with no bytes ends after its lead") {
  DiskDevice disk;
  const auto a = disk.start(0, 0, ms(10));
  const auto b = disk.start(0, 0, ms(10));
  const auto c = disk.start(0, ms(3), 0);
  auto done = disk.finish_upto(ms(3));
  REQUIRE(done.size() == 1);
  CHECK(done[0] == c);
  done = disk.finish_upto(ms(20));
  CHECK(done.size() == 2);
  CHECK(((done[0] == a && done[1] == b) || (done[0] == b && done[1] == a)));
  CHECK(disk.idle());
}
