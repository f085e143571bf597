#pragma once
// Reading and planning the scenario's membership events (add_servers, remove_servers, grow,
// rolling_replace, promote_observer). Reading checks each event's own keys; planning, done in
// file order, gives the servers each change starts their ids and checks the ids a change names
// against the members the earlier changes leave (assuming each of them succeeded).
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

void read_membership_fields(const JsonReader& e, const Scenario& s, Event& event);
// "datacenter": where the servers a change starts live ("" or absent: round robin).
void read_datacenter(const JsonReader& e, const Scenario& s, MembershipChange& m);
void plan_membership(const JsonReader& e, Scenario& s, Event& event);

// grow's rounding rule: N = n x m rounded half up, then made odd (N + 1) when keep_odd.
int grown_size(int n, double factor, bool keep_odd);

// A short label of a membership event for the plots' timeline marks ("grow x1.67: 3 -> 5").
std::string membership_label(const Event& event);

}  // namespace sim
