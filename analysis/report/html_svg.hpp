#pragma once
// The plots gnuplot wrote (SVG files), made fit to sit inside one HTML page beside each other:
// reused as they are rather than drawn again, so the page shows exactly the plots beside it.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace analysis {

// One SVG file of a plots folder: its name without the extension, and its text.
struct SvgFile {
  std::string name;
  std::string text;
};

// The folder's *.svg files in name order, numbers read as numbers (knee-2 before knee-10; the
// page's order must not depend on the directory's);
// none when the folder does not exist (gnuplot was not installed). Throws std::runtime_error
// naming the file when one cannot be read.
std::vector<SvgFile> read_svg_folder(const std::filesystem::path& dir);

// The SVG element of a file, ready to inline: what precedes <svg (the XML prolog, a doctype,
// comments) is dropped, any script element removed (the page must be readable without one), and
// every id, with the references to it (href="#id", url(#id)), given id_prefix: gnuplot names its
// markers and groups the same in every file (gpPt0, gnuplot_canvas), and ids must be unique in
// one document. Text that holds no <svg element gives "".
std::string inline_svg(std::string_view svg, std::string_view id_prefix);

}  // namespace analysis
