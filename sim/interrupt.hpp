#pragma once
// Ctrl-C (SIGINT) and SIGTERM stop zksim cleanly. The first signal only sets a flag: a simulation
// stops at its next step, a reader of a trace at its next line, a command that runs child
// processes passes the signal on to them and stops starting new ones. The command then unwinds
// (an Interrupted exception), which discards every output not yet renamed into place, and main
// says so on stderr and exits 128 + the signal's number (130 for SIGINT, 143 for SIGTERM). A
// second signal ends the process at once, and so does the first one after 30 s.
#include <sys/types.h>

#include <exception>
#include <vector>

namespace sim {

// Installs the handlers and starts the thread that passes a signal on to the children. Called at
// the start of main, and again after SimGrid starts an engine (SimGrid installs its own SIGINT
// handler, which exits 1 without a word).
void install_interrupt_handlers();

// SIGINT or SIGTERM once the process has been interrupted, else 0. A child made with fork()
// inherits the flag, so one started after the signal stops at its first step.
int interrupt_signal();
inline bool interrupted() { return interrupt_signal() != 0; }

// Thrown where a command notices the interruption; main turns it into the exit code.
struct Interrupted : std::exception {
  int signal = 0;
  explicit Interrupted(int s) : signal(s) {}
  const char* what() const noexcept override { return "interrupted"; }
};
void throw_if_interrupted();

// For a child started just now: when the signal came before the watcher could see this child,
// sends it the signal. Call after every fork() and posix_spawn().
void pass_interrupt_to(pid_t child);

// The processes whose parent is `parent`, from /proc.
std::vector<pid_t> child_processes(pid_t parent);

// Signals every child process still running with the interrupting signal and waits for them.
// Main calls it before exiting on an interruption, so that no child outlives zksim.
void stop_children();

}  // namespace sim
