#pragma once
// Golden interaction scripts, in the style of etcd-io/raft's testdata/*.txt: a small command
// language over the in-memory harness whose output, every input a node handles and every effect
// it returns, is compared with a checked-in transcript. A protocol test then reads as the whole
// interaction, and a behaviour change shows as a diff (rewritten with ZKSIM_GOLDEN_REWRITE=1).
//
// A file is a sequence of blocks: optional "# comment" lines, one command line, a "----" line,
// the command's output, a blank line. Commands (X is a server id, `leader` or `follower`):
//   ensemble servers=S voters=V [clients=C] [rate=R] [session_timeout_ms=T] [seed=N] [bug=NAME]
//            servers 1..S, of which 1..V form the starting configuration (the rest are joiners);
//            clients know the voters and issue R requests/s each (default 0)
//   wait-stable [quiet]          advances until one established leader and every voter serves
//   advance MS [quiet]           advances the clock by MS milliseconds
//   crash X | power-off X | restart X
//   cut A B | cut-one-way A B | isolate X | heal
//   write X count=N [quiet]      N writes straight to server X from a client known only by id
//   reconfig [add=ID,ID] [remove=ID,ID]    an operator's request, given to the leader
//   print-state                  every server's role, epoch and log; every client's server
// `quiet` prints a count of what happened instead of the transcript.
#include <string>
#include <vector>

#include "models/core/protocol_bugs.hpp"

namespace golden {

struct Block {
  std::vector<std::string> comments;
  std::string command;
  std::vector<std::string> output;
};

// Throws std::runtime_error naming the line when the text is not a script.
std::vector<Block> parse_script(const std::string& text);
std::string format_script(const std::vector<Block>& blocks);

// Runs the blocks' commands in order and returns the blocks with the output they produced now.
// extra_bugs are enabled on top of what the script's ensemble asks (tests of the tests).
std::vector<Block> run_script(const std::vector<Block>& blocks, models::ProtocolBugs extra_bugs = {});

}  // namespace golden
