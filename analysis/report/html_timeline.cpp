#include "analysis/report/html_timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/report/html_tables.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

struct Moment {
  double at_s;
  std::string what;
};

// The member as text, or "?" when the report lacks it.
std::string field(const Json& object, const char* key) {
  return object.is_object() && object.contains(key) ? figure_text(object[key]) : "?";
}

// Adds a moment when the element has a number at time_key.
void add(std::vector<Moment>& out, const Json& element, const char* time_key, std::string what) {
  if (element.is_object() && element.contains(time_key) && element[time_key].is_number())
    out.push_back({element[time_key].get<double>(), std::move(what)});
}

const Json& list_at(const Json& report, const char* pointer) {
  static const Json kEmpty = Json::array();
  const Json* list = member_at(report, pointer);
  return list && list->is_array() ? *list : kEmpty;
}

void add_leaders(std::vector<Moment>& out, const Json& report) {
  for (const Json& e : list_at(report, "/elections"))
    add(out, e, "finished_s", "server " + field(e, "server") + " ends an election: leader " + field(e, "leader") +
                                  ", epoch " + field(e, "epoch") + " (" + field(e, "duration_ms") + " ms)");
  for (const Json& l : list_at(report, "/leaderships")) {
    add(out, l, "from_s", "server " + field(l, "server") + " leads epoch " + field(l, "epoch"));
    add(out, l, "to_s", "server " + field(l, "server") + " stops leading epoch " + field(l, "epoch"));
  }
}

void add_disturbances(std::vector<Moment>& out, const Json& report) {
  for (const Json& f : list_at(report, "/faults/events"))
    add(out, f, "at_s", "fault: " + field(f, "kind") + " " + field(f, "target") + " (longest write gap " +
                            field(f, "longest_write_gap_ms") + " ms, " + field(f, "clients_disconnected") +
                            " clients disconnected)");
  for (const Json& w : list_at(report, "/availability/write_unavailability"))
    add(out, w, "start_s", "writes unavailable for " + field(w, "duration_ms") + " ms (" + field(w, "cause") + ")");
  for (const Json& s : list_at(report, "/storage/events"))
    add(out, s, "at_s", "server " + field(s, "server") + " " + field(s, "kind") + " (" + field(s, "mb") + " MB, " +
                            field(s, "duration_ms") + " ms)");
  for (const Json& c : list_at(report, "/membership/changes")) {
    add(out, c, "requested_s", "membership change requested: " + field(c, "label"));
    add(out, c, "committed_s", "membership change committed: " + field(c, "label"));
  }
}

}  // namespace

Timeline event_timeline(const Json& report, std::size_t max_rows) {
  std::vector<Moment> moments;
  add_leaders(moments, report);
  add_disturbances(moments, report);
  std::stable_sort(moments.begin(), moments.end(), [](const Moment& a, const Moment& b) { return a.at_s < b.at_s; });
  Timeline out;
  out.table.header = {"at_s", "what"};
  for (const Moment& m : moments) {
    if (out.table.rows.size() == max_rows) {
      out.rows_left_out = moments.size() - max_rows;
      break;
    }
    char at[32];
    std::snprintf(at, sizeof at, "%.3f", m.at_s);
    out.table.rows.push_back({{at, ""}, {m.what, ""}});
  }
  return out;
}

}  // namespace analysis
