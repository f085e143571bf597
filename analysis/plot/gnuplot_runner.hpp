#pragma once
// Runs gnuplot on a script in a folder. Rendering is a convenience: a missing or failing gnuplot
// must never fail a run, so nothing here throws for it; callers get a status to print instead.
#include <optional>
#include <string>

namespace analysis {

// The full path of `program` (a bare name searched on PATH, or a path checked as given), if it
// exists and is executable.
std::optional<std::string> find_program(const std::string& program);

struct GnuplotRun {
  bool ok = false;
  std::string output;  // what gnuplot printed (stdout and stderr), for a failure message
};

// Runs `gnuplot_path script` with `dir` as the working folder, so that the script's bare data and
// image names resolve there.
GnuplotRun run_gnuplot(const std::string& gnuplot_path, const std::string& dir, const std::string& script);

}  // namespace analysis
