#pragma once
// Writing outputs so that they never claim more than they hold. Every write and every close is
// checked (a full disk or a file-size limit is an error, exit code 3, never an empty report with
// exit 0). A command's results are written under a temporary sibling name and renamed into place
// only once they are complete, so an output that exists at its path is a whole one; and an
// earlier output at that path is removed when the command starts, so a command that fails or is
// interrupted leaves nothing there rather than an earlier run's results.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/report/html_svg.hpp"
#include "sim/exit_codes.hpp"

namespace sim {

// An output could not be written (the disk is full, a file-size limit, an I/O error): the command
// exits kExitCannotWrite. The message names the path and the system's reason.
struct WriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An output path that cannot be used, found before anything ran (a folder that is not writable, a
// folder zksim did not write, a file named where a folder is): the command exits kExitBadInput.
struct OutputRefused : BadInput {
  using BadInput::BadInput;
};

// Writes text to path (its folder must exist) in one go; every write and the close are checked.
// Throws WriteError.
void write_text_file(const std::filesystem::path& path, std::string_view text);

// The SVG plots just written into dir, for a report.html to inline. One that cannot be read back
// is a failed write: throws WriteError.
std::vector<analysis::SvgFile> read_written_plots(const std::filesystem::path& dir);

// The file every folder of results holds, so that a later command may replace the folder: zksim
// never removes a folder that does not hold it (nor an empty one that it did not create).
constexpr const char* kOutputMarker = ".zksim-output";

// A folder of results (a run's report, a sweep's tables...) written under a temporary sibling
// (`.NAME.tmp-XXXXXX` beside NAME) and renamed onto its path by commit(). Destroyed without a
// commit (an error, an interruption), it removes the temporary folder.
//
// A command opens all its outputs first (each checks that it can be written), then calls
// remove_earlier() on each before it starts its work: from then until the commit nothing is at
// the path, so a command that fails or is interrupted leaves no earlier run's results there; and
// a command refused for a bad input or an unusable path has not touched them.
class StagedFolder {
 public:
  // Checks that final_dir can be replaced (absent, empty, or a folder zksim wrote: it holds
  // kOutputMarker) and that its parent can be written (it creates it and the temporary folder).
  // Throws OutputRefused.
  explicit StagedFolder(const std::filesystem::path& final_dir);
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  // Removes the output at the final path (an earlier run's). Throws OutputRefused.
  void remove_earlier();
  // Where to write until commit(): the temporary folder.
  const std::filesystem::path& path() const { return staging_; }
  const std::filesystem::path& final_path() const { return final_; }
  // A message written while the results were being made (a plot warning) names the temporary
  // folder: the same text with the final path instead.
  std::string with_final_path(std::string text) const;
  // Renames the temporary folder onto the final path, unless the process was interrupted (then
  // throws Interrupted and the results are discarded). Throws WriteError when the rename fails.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

// One output file written piece by piece (a trace) or in one go, under a temporary sibling name
// (`.NAME.tmp-XXXXXX`) renamed onto its path by commit(). A path that exists and is not a regular
// file (/dev/null, /dev/full, a FIFO read by another program) is written directly instead, and
// never removed. Writes are buffered; the first failed write makes every later one a no-op and
// commit() throw, so that a caller inside the simulation (where exceptions must not fly) can keep
// going and learn of it later (failed()).
class OutputFile {
 public:
  // Checks that the path can be written (creating its folder and the temporary file) and opens.
  // Throws OutputRefused.
  explicit OutputFile(const std::filesystem::path& path, std::size_t buffer_bytes = 1 << 16);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Removes an earlier file at the path (not a device or a FIFO, which is written in place).
  // Throws OutputRefused.
  void remove_earlier();
  void write(std::string_view bytes);
  bool failed() const { return !error_.empty(); }
  // Flushes, closes (both checked) and renames into place. Throws WriteError, or Interrupted when
  // the process was interrupted (the file is then discarded).
  void commit();
  const std::filesystem::path& path() const { return final_; }

 private:
  void flush();
  void fail(const char* what);

  std::filesystem::path final_;
  std::filesystem::path staging_;  // empty when the path is written directly
  int fd_ = -1;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::string error_;
  bool committed_ = false;
};

// Writes text to path through an OutputFile (temporary sibling, renamed into place; nothing is
// removed before: the rename replaces an earlier file at once).
void write_output_file(const std::filesystem::path& path, std::string_view text);

// True when `inner` is `outer` or lies inside it (both made absolute and normal first).
bool path_within(const std::filesystem::path& inner, const std::filesystem::path& outer);

}  // namespace sim
