// Runs every golden script (tests/golden/testdata/*.txt) and compares its transcript with the
// checked-in one. ZKSIM_GOLDEN_REWRITE=1 writes the new transcripts instead, for a change that is
// meant: review the diff as you would review code.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/golden/script.hpp"

namespace {

std::string path_of(const std::string& name) { return std::string(ZKSIM_SOURCE_DIR) + "/tests/golden/testdata/" + name + ".txt"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first difference between two transcripts, as "block B (command), line L: expected / got",
// or "" when they are equal.
std::string first_difference(const std::vector<golden::Block>& expected, const std::vector<golden::Block>& got) {
  for (std::size_t b = 0; b < expected.size() && b < got.size(); ++b) {
    const auto& e = expected[b].output;
    const auto& g = got[b].output;
    for (std::size_t l = 0; l < std::max(e.size(), g.size()); ++l) {
      const std::string want = l < e.size() ? e[l] : "(nothing)";
      const std::string have = l < g.size() ? g[l] : "(nothing)";
      if (want != have)
        return "block " + std::to_string(b + 1) + " (" + expected[b].command + "), output line " + std::to_string(l + 1) +
               ":\n  expected: " + want + "\n  got:      " + have;
    }
  }
  return expected.size() == got.size() ? "" : "the number of blocks differs";
}

void check_golden(const std::string& name) {
  const std::string path = path_of(name);
  const std::vector<golden::Block> expected = golden::parse_script(read_file(path));
  const std::vector<golden::Block> got = golden::run_script(expected);
  if (const char* rewrite = std::getenv("ZKSIM_GOLDEN_REWRITE"); rewrite && std::string(rewrite) == "1") {
    std::ofstream(path) << golden::format_script(got);
    MESSAGE("rewrote " << path);
    return;
  }
  const std::string difference = first_difference(expected, got);
  CHECK_MESSAGE(difference.empty(), name << ": " << difference << "\n(ZKSIM_GOLDEN_REWRITE=1 rewrites it, if the change is meant)");
}

}  // namespace

TEST_CASE("golden: an election after the leader's process crashes") { check_golden("election_leader_crash"); }
TEST_CASE("golden: a follower a few writes behind syncs with a DIFF") { check_golden("sync_diff"); }
TEST_CASE("golden: a follower with an uncommitted proposal syncs with a TRUNC") { check_golden("sync_trunc"); }
TEST_CASE("golden: a follower more than the committed log behind syncs with a SNAP") { check_golden("sync_snap"); }
TEST_CASE("golden: an incremental reconfig adds a joiner") { check_golden("reconfig_add"); }
TEST_CASE("golden: clients rebalance onto a server the ensemble adds") { check_golden("client_rebalance"); }

// The transcripts are a test only if they catch a change: a protocol variant that orders votes
// differently (vote_ignores_epoch) or proposes a reused epoch must not reproduce them.
TEST_CASE("golden: a deliberately broken protocol does not reproduce the election transcript") {
  const auto expected = golden::parse_script(read_file(path_of("election_leader_crash")));
  models::ProtocolBugs reuse;
  reuse.reuse_epoch = true;
  CHECK_FALSE(first_difference(expected, golden::run_script(expected, reuse)).empty());
  models::ProtocolBugs commit_early;
  commit_early.commit_without_quorum = true;
  CHECK_FALSE(first_difference(expected, golden::run_script(expected, commit_early)).empty());
}

TEST_CASE("golden: a script that is not one is refused with its line") {
  CHECK_THROWS_WITH(golden::parse_script("ensemble servers=3\nprint-state\n"), doctest::Contains("line 2"));
  CHECK_THROWS_WITH(golden::run_script(golden::parse_script("jump\n----\n")), doctest::Contains("unknown command"));
}
