// The faults section of report.json and its summary table, from a hand-made stream.
#include <doctest/doctest.h>

#include "analysis/report/fault_report.hpp"

using namespace models;

TEST_CASE("fault report: fields in ms, reconnect 0 without a lost client, null when one never came back") {
  analysis::FaultMetrics m(sec(1));
  m.record(0, kFirstClientId, SessionEstablished{1, 7, true});
  m.record(sec(1), kFirstClientId, RequestCompleted{1, 1, OpKind::write, Status::ok, 0, 0});
  m.record(sec(2), 2, ProcessPaused{ms(1500)});
  m.record(sec(3), 1, ProcessStopped{false});
  m.record(ms(3002), kFirstClientId, RequestCompleted{1, 2, OpKind::write, Status::connection_loss, sec(3), 0});
  m.finish(sec(5));
  const auto json = analysis::faults_json(m);
  CHECK(json["settle_ms"] == 1000.0);
  REQUIRE(json["events"].size() == 2);
  const auto& freeze = json["events"][0];
  CHECK(freeze["kind"] == "freeze");
  CHECK(freeze["node"] == 2);
  CHECK(freeze["duration_ms"] == 1500.0);
  CHECK(freeze["longest_write_gap_ms"] == 4000.0);  // (1, 5): no write after 1 s
  CHECK(freeze["write_gap_start_s"] == 1.0);
  CHECK(freeze["clients_disconnected"] == 0);
  CHECK(freeze["reconnect_ms"] == 0.0);
  const auto& crash = json["events"][1];
  CHECK(crash["kind"] == "crash");
  CHECK(crash["at_s"] == 3.0);
  CHECK(crash["duration_ms"].is_null());
  CHECK(crash["clients_disconnected"] == 1);
  CHECK(crash["clients_not_reconnected"] == 1);
  CHECK(crash["reconnect_ms"].is_null());
  CHECK(crash["longest_read_gap_ms"] == 5000.0);
  const std::string table = analysis::faults_summary(json);
  CHECK(table.find("freeze") != std::string::npos);
  CHECK(table.find("never") != std::string::npos);
  CHECK(analysis::fault_mark_label(crash) == "crash server 1, writes stopped 4.00 s");
}
