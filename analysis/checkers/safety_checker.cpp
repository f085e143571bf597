#include "analysis/checkers/safety_checker.hpp"

#include <algorithm>

namespace analysis {

namespace {

using models::NodeId;
using models::Zxid;
using Entry = CommittedHistory::Entry;

// Beyond this many issued requests without a completion the oldest is forgotten, so that a client
// that never hears back cannot grow the checker without bound; forgetting only weakens a check.
constexpr std::size_t kOutstandingMax = 1u << 16;

std::string server_text(NodeId node) { return "server " + std::to_string(node); }

std::string client_text(NodeId node) { return "client " + std::to_string(node); }

std::string origin_text(TxnOrigin origin) {
  return client_text(origin.client) + " cxid " + std::to_string(origin.cxid);
}

std::string zxid_word(Zxid zxid) { return "zxid " + zxid_text(zxid); }

// Where the history passes over a zxid it does not contain: "from zxid a to zxid b".
std::string place_text(const CommittedHistory& history, Zxid zxid) {
  const Zxid before = history.previous_before(zxid);
  const std::optional<Zxid> after = history.next_after(zxid);
  if (!after) return "ends at " + zxid_word(before);
  return "goes straight from " + zxid_word(before) + " to " + zxid_word(*after);
}

std::string skipped_text(const Entry* entry, Zxid zxid) {
  std::string text = "committed " + zxid_word(zxid);
  if (entry != nullptr && !entry->known)
    text += " (known from " + server_text(entry->source) + "'s StateSynced)";
  return text;
}

}  // namespace

void SafetyChecker::record(models::Time time_ns, NodeId node, const models::Observation& what) {
  const Now now{time_ns, node};
  if (const auto* o = std::get_if<models::LeaderEstablished>(&what)) on_leader_established(now, o->epoch);
  else if (const auto* o = std::get_if<models::TxnDelivered>(&what)) on_delivered(now, *o);
  else if (const auto* o = std::get_if<models::StateSynced>(&what)) on_synced(now, o->zxid);
  else if (const auto* o = std::get_if<models::RequestIssued>(&what)) on_issued(now, *o);
  else if (const auto* o = std::get_if<models::RequestCompleted>(&what)) on_completed(now, *o);
  else if (std::holds_alternative<models::ProcessStarted>(what)) on_process_restarted(now, true);
  else if (std::holds_alternative<models::ProcessStopped>(what)) on_process_restarted(now, false);
  ++position_;
}

std::string SafetyChecker::summary() const {
  if (!first_) return "no violation in " + std::to_string(position_) + " observations";
  std::string text = describe(*first_);
  if (violations_ > 1) text += " (" + std::to_string(violations_ - 1) + " more violations after it)";
  return text;
}

void SafetyChecker::report(Now now, ViolationKind kind, std::string message) {
  ++violations_;
  if (first_) return;
  first_ = Violation{kind, std::move(message), now.time_ns, now.node, position_};
  if (on_first_violation_) on_first_violation_(*first_);
}

void SafetyChecker::on_leader_established(Now now, models::Epoch epoch) {
  const auto [it, inserted] = leaders_.emplace(epoch, now.node);
  if (inserted || it->second == now.node) return;
  report(now, ViolationKind::two_leaders_in_epoch,
         server_text(now.node) + " established leadership in epoch " + std::to_string(epoch) +
             ", which " + server_text(it->second) + " had already established");
}

// A process that stopped or started has lost its in-memory state: a server rebuilds its state
// from disk and is trusted again only after its next StateSynced; a client starts a new session.
void SafetyChecker::on_process_restarted(Now now, bool live) {
  auto it = servers_.find(now.node);
  if (it != servers_.end()) {
    it->second.synced = false;
    it->second.live = live;
    it->second.block_last = 0;
  } else if (models::is_server(now.node)) {
    servers_[now.node].live = live;
  }
  clients_.erase(now.node);
  folded_awaiting_.erase(now.node);
}

// Folds what every live synced server has delivered, keeping `window` entries beyond it (and at
// most window_max in all): at a cost of one pass over the servers per block of new entries.
void SafetyChecker::maybe_compact() {
  if (history_.size() < options_.window + options_.block_entries) return;
  models::Zxid upto = UINT64_MAX;
  for (const auto& [id, server] : servers_)
    if (server.live && server.synced) upto = std::min(upto, server.cursor);
  const auto on_fold = [this](const Entry& entry) {
    if (!entry.known) {
      folded_unknown_.insert(entry.zxid);
      return;
    }
    auto client = clients_.find(entry.origin.client);
    if (client == clients_.end()) return;
    const auto& waiting = client->second.outstanding;
    if (std::find(waiting.begin(), waiting.end(), entry.origin.cxid) != waiting.end())
      folded_awaiting_[entry.origin.client][entry.origin.cxid] = entry.zxid;
  };
  history_.compact_upto(upto, options_.window, options_.block_entries, on_fold);
  history_.compact_upto(UINT64_MAX, options_.window_max, options_.block_entries, on_fold);
}

void SafetyChecker::on_delivered(Now now, const models::TxnDelivered& delivered) {
  ServerCursor& server = servers_[now.node];
  if (!agrees(now, delivered)) {
    if (server.synced) server.cursor = std::max(server.cursor, delivered.zxid);
    return;
  }
  if (!server.synced) {
    learn_unsynced(now, delivered);
    return;
  }
  deliver_synced(now, server, delivered);
}

// Agreement: a zxid stands for one transaction everywhere, whoever delivers or acknowledges it.
bool SafetyChecker::agrees(Now now, const models::TxnDelivered& delivered) {
  const TxnOrigin origin{delivered.client, delivered.cxid};
  Entry* entry = history_.find(delivered.zxid);
  if (entry == nullptr) return true;
  if (!entry->known) {  // a zxid known only from a StateSynced: this is its first delivery
    entry->origin = origin;
    entry->known = true;
    return true;
  }
  if (entry->origin == origin) return true;
  const std::string head = server_text(now.node) + " delivered " + zxid_word(delivered.zxid) +
                           " as " + origin_text(origin) + ", but ";
  if (entry->acknowledged)
    report(now, ViolationKind::lost_acknowledged_write,
           head + origin_text(entry->origin) + " was told its write committed at that zxid");
  else
    report(now, ViolationKind::conflicting_delivery,
           head + "it was first delivered as " + origin_text(entry->origin));
  return false;
}

// An unsynced server's state is unknown, so its order proves nothing; what it delivers must still
// be committed, and teaches the checker zxids beyond the known history.
void SafetyChecker::learn_unsynced(Now now, const models::TxnDelivered& delivered) {
  const Zxid zxid = delivered.zxid;
  const Entry entry{zxid, TxnOrigin{delivered.client, delivered.cxid}, true, false, now.node};
  if (history_.find(zxid) != nullptr) return;
  if (zxid > history_.end()) {
    history_.add_pending(entry);
  } else if (history_.in_unknown_range(zxid) && zxid > history_.compacted_upto()) {
    history_.insert_inside(entry);
  } else if (history_.in_compacted(zxid) || history_.in_unknown_range(zxid)) {
    return;  // folded: known to be in the history, its write no longer kept
  } else {
    report(now, ViolationKind::divergent_history,
           server_text(now.node) + " (not synced) delivered " + zxid_word(zxid) +
               ", which the committed history does not contain: it " +
               place_text(history_, zxid));
  }
}

void SafetyChecker::deliver_synced(Now now, ServerCursor& server, const models::TxnDelivered& delivered) {
  const Zxid from = server.cursor;
  const Zxid zxid = delivered.zxid;
  if (zxid <= from) {
    report(now, ViolationKind::zxid_not_increasing,
           server_text(now.node) + " delivered " + zxid_word(zxid) + " after " + zxid_word(from) +
               " since its last StateSynced");
    return;
  }
  server.cursor = zxid;
  const std::optional<Zxid> expected = history_.next_after(from);
  if (!expected) {
    deliver_beyond_end(now, delivered);
    maybe_compact();
  } else if (zxid == *expected) {
    if (zxid <= history_.compacted_upto()) deliver_folded(now, server, delivered);
  } else if (zxid > *expected) {
    deliver_skipping(now, from, *expected, delivered);
  } else if (history_.in_unknown_range(zxid)) {
    server.block_last = 0;  // an entry the folded part lacks: that block cannot be summed
    if (zxid > history_.compacted_upto())
      history_.insert_inside(Entry{zxid, TxnOrigin{delivered.client, delivered.cxid}, true, false, now.node});
  } else {
    report(now, ViolationKind::divergent_history,
           server_text(now.node) + " delivered " + zxid_word(zxid) + " right after " + zxid_word(from) +
               ", but the committed history's next zxid after it is " + zxid_text(*expected));
  }
}

// The delivering server is at the end of the history and extends it. Claims made about zxids it
// passes (by unsynced servers, or acknowledgements to clients) were false.
void SafetyChecker::deliver_beyond_end(Now now, const models::TxnDelivered& delivered) {
  const Zxid old_end = history_.end();
  const CommittedHistory::Dropped dropped =
      history_.extend(delivered.zxid, TxnOrigin{delivered.client, delivered.cxid});
  const std::string head = server_text(now.node) + " extended the committed history from " +
                           zxid_word(old_end) + " to " + zxid_word(delivered.zxid) + " without ";
  if (dropped.first_acknowledged) {
    const Entry& lost = *dropped.first_acknowledged;
    report(now, ViolationKind::lost_acknowledged_write,
           head + zxid_word(lost.zxid) + ", at which " + origin_text(lost.origin) +
               " was told its write committed");
  } else if (dropped.first) {
    report(now, ViolationKind::divergent_history,
           head + zxid_word(dropped.first->zxid) + ", which " + server_text(dropped.first->source) +
               " had delivered while not synced");
  }
}

void SafetyChecker::deliver_skipping(Now now, Zxid from, Zxid skipped, const models::TxnDelivered& delivered) {
  const Zxid zxid = delivered.zxid;
  const std::string head = server_text(now.node) + " delivered " + zxid_word(zxid) + " right after " +
                           zxid_word(from) + ", skipping ";
  if (const std::optional<Zxid> lost = history_.first_acknowledged(skipped, zxid)) {
    report(now, ViolationKind::lost_acknowledged_write,
           head + zxid_word(*lost) + ", at which " + origin_text(history_.find(*lost)->origin) +
               " was told its write committed");
  } else {
    report(now, ViolationKind::delivery_gap, head + skipped_text(history_.find(skipped), skipped));
  }
  // Keep the history whole so that the run can go on being checked after this violation.
  const TxnOrigin origin{delivered.client, delivered.cxid};
  if (zxid > history_.end()) history_.extend(zxid, origin);
  else if (history_.find(zxid) == nullptr && history_.in_unknown_range(zxid) && zxid > history_.compacted_upto())
    history_.insert_inside(Entry{zxid, origin, true, false, now.node});
}

void SafetyChecker::on_synced(Now now, Zxid zxid) {
  ServerCursor& server = servers_[now.node];
  server.synced = true;
  server.cursor = zxid;
  server.block_last = 0;
  if (zxid == 0) return;
  if (zxid > history_.end()) {  // ahead of every delivery seen: believed, see the header
    history_.sync_ahead(zxid, now.node);
  } else if (history_.find(zxid) != nullptr || history_.in_compacted(zxid)) {
    return;
  } else if (history_.in_unknown_range(zxid)) {
    if (zxid > history_.compacted_upto()) history_.insert_inside(Entry{zxid, TxnOrigin{}, false, false, now.node});
  } else {
    report(now, ViolationKind::divergent_history,
           server_text(now.node) + " synced to " + zxid_word(zxid) +
               ", which the committed history does not contain: it " +
               place_text(history_, zxid));
  }
}

void SafetyChecker::on_issued(Now now, const models::RequestIssued& issued) {
  std::deque<std::uint64_t>& outstanding = clients_[now.node].outstanding;
  // Clients issue in cxid order, so the search for a re-sent request is almost never needed.
  const bool in_order = outstanding.empty() || outstanding.back() < issued.cxid;
  if (!in_order && std::find(outstanding.begin(), outstanding.end(), issued.cxid) != outstanding.end()) return;
  outstanding.push_back(issued.cxid);
  if (outstanding.size() > kOutstandingMax) outstanding.pop_front();
}

void SafetyChecker::on_completed(Now now, const models::RequestCompleted& completed) {
  check_client_order(now, completed);
  if (completed.kind == models::OpKind::write && completed.status == models::Status::ok)
    check_acknowledged(now, completed);
}

// ZooKeeper's FIFO client order: one connection, answered in the order the requests were sent.
void SafetyChecker::check_client_order(Now now, const models::RequestCompleted& completed) {
  ClientOrder& client = clients_[now.node];
  auto it = std::find(client.outstanding.begin(), client.outstanding.end(), completed.cxid);
  const bool issued = it != client.outstanding.end();
  const bool ok = completed.status == models::Status::ok;
  if (!issued && !ok) return;  // rejected by the client itself: it never reached a server
  const auto head = [&] {  // only for a report: most completions are in order
    return client_text(now.node) + "'s request cxid " + std::to_string(completed.cxid) + " completed (" +
           models::status_name(completed.status) + ")";
  };
  if (client.completed_any && completed.cxid <= client.last_completed_cxid) {
    report(now, ViolationKind::client_fifo_order,
           head() + " after cxid " + std::to_string(client.last_completed_cxid) + " had completed");
  } else if (issued && ok && it != client.outstanding.begin()) {
    report(now, ViolationKind::client_fifo_order,
           head() + " while cxid " + std::to_string(client.outstanding.front()) +
               ", issued before it, is still outstanding");
  }
  if (issued) client.outstanding.erase(it);
  if (!folded_awaiting_.empty() && completed.status != models::Status::ok) {  // it will not be acknowledged
    auto waiting = folded_awaiting_.find(now.node);
    if (waiting != folded_awaiting_.end()) waiting->second.erase(completed.cxid);
  }
  client.last_completed_cxid = client.completed_any ? std::max(client.last_completed_cxid, completed.cxid)
                                                    : completed.cxid;
  client.completed_any = true;
}

// A synced server delivers folded entries again (it synced below the folded point): its writes
// are summed block by block and compared with the block's digest when it reaches the block's end.
// A block it entered in the middle is not summed.
void SafetyChecker::deliver_folded(Now now, ServerCursor& server, const models::TxnDelivered& delivered) {
  const CommittedHistory::Block* block = history_.in_compacted(delivered.zxid) ? history_.block_of(delivered.zxid) : nullptr;
  if (block == nullptr) {
    server.block_last = 0;
    return;
  }
  const std::uint64_t digest = CommittedHistory::digest_of(delivered.zxid, TxnOrigin{delivered.client, delivered.cxid});
  if (delivered.zxid == block->first) {
    server.block_last = block->last;
    server.block_digest = digest;
  } else if (server.block_last == block->last) {
    server.block_digest += digest;
  } else {
    return;
  }
  if (delivered.zxid != block->last) return;
  server.block_last = 0;
  if (!block->verifiable || server.block_digest == block->digest) return;
  report(now, ViolationKind::conflicting_delivery,
         server_text(now.node) + " delivered " + zxid_word(block->first) + " to " + zxid_word(block->last) +
             " again, but not as the history holds them (the writes' digest differs)");
}

// The write's entry was folded while its client waited: it was kept here, with its zxid.
void SafetyChecker::check_folded_ack(Now now, const models::RequestCompleted& completed) {
  const Zxid zxid = completed.zxid;
  const TxnOrigin origin{now.node, completed.cxid};
  const std::string head = origin_text(origin) + " was told its write committed at " + zxid_word(zxid);
  auto client = folded_awaiting_.find(now.node);
  if (client != folded_awaiting_.end()) {
    auto it = client->second.find(completed.cxid);
    if (it != client->second.end()) {
      const Zxid at = it->second;
      client->second.erase(it);
      if (at != zxid)
        report(now, ViolationKind::lost_acknowledged_write, head + ", but the history holds it at " + zxid_word(at));
      return;
    }
  }
  if (folded_unknown_.count(zxid)) return;  // its write was never seen: nothing to compare
  if (!history_.in_compacted(zxid) && !history_.in_unknown_range(zxid))
    report(now, ViolationKind::lost_acknowledged_write,
           head + ", which the committed history does not contain: it " + place_text(history_, zxid));
  else
    report(now, ViolationKind::lost_acknowledged_write, head + ", which holds another write");
}

// An acknowledged write is a promise: its zxid holds this client's write, now and forever.
void SafetyChecker::check_acknowledged(Now now, const models::RequestCompleted& completed) {
  const Zxid zxid = completed.zxid;
  if (zxid != 0 && zxid <= history_.compacted_upto()) return check_folded_ack(now, completed);
  const TxnOrigin origin{now.node, completed.cxid};
  const std::string head = origin_text(origin) + " was told its write committed at " + zxid_word(zxid);
  Entry* entry = history_.find(zxid);
  if (entry != nullptr) {
    if (entry->known && entry->origin != origin) {
      report(now, ViolationKind::lost_acknowledged_write, head + ", which holds " + origin_text(entry->origin));
      return;
    }
    entry->origin = origin;
    entry->known = true;
    entry->acknowledged = true;
  } else if (zxid != 0 && zxid > history_.end()) {
    history_.add_pending(Entry{zxid, origin, true, true, models::kNoNode});
  } else if (zxid != 0 && history_.in_unknown_range(zxid)) {
    history_.insert_inside(Entry{zxid, origin, true, true, models::kNoNode});
  } else if (zxid == 0) {
    report(now, ViolationKind::lost_acknowledged_write, head + ", which no transaction can have");
  } else {
    report(now, ViolationKind::lost_acknowledged_write,
           head + ", which the committed history does not contain: it " + place_text(history_, zxid));
  }
}

}  // namespace analysis
