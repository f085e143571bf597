// `zksim diff-reports A B [--out DIR]`: two output folders of `zksim run` (report.json) or of
// `zksim run --replications K` (replications.json), every figure side by side with its change,
// and with replications on both sides a verdict per figure (analysis/report/report_diff.hpp).
// Exit 0 once compared (a difference is the answer, not a problem), 2 when a folder or a file in
// it cannot be read or is not what zksim writes, 3 when --out cannot be written.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include "analysis/report/report_diff.hpp"
#include "sim/cli/commands.hpp"
#include "sim/output_file.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/json_reader.hpp"

namespace sim::cli {

namespace {

namespace fs = std::filesystem;

struct DiffReportsArgs {
  std::string a, b;
  std::string out_dir;
};

// The file as one JSON document in its own key order (figures keep the report's order), checked
// as every input is (regular file, size, nesting, duplicate keys). Throws BadInput naming the file.
nlohmann::ordered_json read_document(const fs::path& path) {
  std::string problem;
  const std::optional<std::string> text = read_input_file(path.string(), &problem);
  std::vector<InputError> errors;
  if (!text) errors.push_back({"$", "cannot read the file: " + problem, "check the path"});
  else parse_document(*text, errors);
  if (!errors.empty()) {
    std::string message = format_input_errors(path.string(), errors);
    message.pop_back();  // main adds the line's end
    throw BadInput(message);
  }
  return nlohmann::ordered_json::parse(*text);
}

// The first seed's report of a replicated run, for its duration: absent is no error (the header
// then says the duration is unknown), a damaged one is.
std::optional<nlohmann::ordered_json> first_report(const fs::path& dir, const nlohmann::ordered_json& replications) {
  if (!replications.contains("first_seed") || !replications["first_seed"].is_number_unsigned()) return std::nullopt;
  const fs::path path = dir / ("seed-" + replications["first_seed"].dump()) / "report.json";
  std::error_code error;
  if (!fs::exists(path, error)) return std::nullopt;
  return read_document(path);
}

analysis::DiffSide side_of(const fs::path& file, const std::function<analysis::DiffSide()>& make) {
  try {
    return make();
  } catch (const analysis::DiffInputError& e) {
    throw BadInput(file.string() + ": " + e.what());
  }
}

// One folder: replications.json when it has one (a replicated run), else report.json.
analysis::DiffSide load_side(const std::string& folder) {
  const fs::path dir(folder);
  std::error_code error;
  if (!fs::is_directory(dir, error)) throw BadInput(folder + ": not a folder (give an output folder of zksim run)");
  const fs::path replications = dir / "replications.json", report = dir / "report.json";
  analysis::DiffSide side;
  if (fs::exists(replications, error)) {
    const nlohmann::ordered_json doc = read_document(replications);
    const std::optional<nlohmann::ordered_json> first = first_report(dir, doc);
    side = side_of(replications, [&] { return analysis::side_from_replications(doc, first ? &*first : nullptr); });
  } else if (fs::exists(report, error)) {
    const nlohmann::ordered_json doc = read_document(report);
    side = side_of(report, [&] { return analysis::side_from_report(doc); });
  } else {
    throw BadInput(folder + ": holds neither report.json nor replications.json (give an output folder of zksim run)");
  }
  side.folder = folder;
  return side;
}

void write_outputs(const analysis::ReportDiff& diff, StagedFolder& out) {
  write_text_file(out.path() / "diff.json", analysis::diff_json(diff).dump(2) + "\n");
  write_text_file(out.path() / "diff.csv", analysis::diff_csv(diff));
  out.commit();
}

int diff_reports(const DiffReportsArgs& args) {
  analysis::DiffSide a = load_side(args.a), b = load_side(args.b);
  std::optional<StagedFolder> out;  // opened before anything is written: an unusable path is exit 2
  if (!args.out_dir.empty()) {
    out.emplace(args.out_dir);
    out->remove_earlier();
  }
  const analysis::ReportDiff diff = analysis::diff_reports(std::move(a), std::move(b));
  if (out) write_outputs(diff, *out);
  std::fputs(analysis::diff_table(diff).c_str(), stdout);
  if (out) std::printf("\n  diff: %s/diff.json and diff.csv\n", args.out_dir.c_str());
  return kExitOk;
}

}  // namespace

Command add_diff_reports_command(CLI::App& app) {
  auto args = std::make_shared<DiffReportsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff-reports", "Compare two runs' reports (or replicated runs'): every figure with its change, and a verdict with replications");
  cmd->add_option("a", args->a, "Output folder of zksim run (report.json) or of zksim run --replications (replications.json)")
      ->required();
  cmd->add_option("b", args->b, "The folder to compare with A (the change is B - A)")->required();
  cmd->add_option("--out", args->out_dir, "Folder for diff.json and diff.csv (default: none, the table only)");
  return [cmd, args] { return cmd->parsed() ? diff_reports(*args) : -1; };
}

}  // namespace sim::cli
