#include "analysis/report/html_svg.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace analysis {

namespace {

// Removes every <script ...>...</script> (or an unclosed one, to the end).
std::string without_scripts(std::string svg) {
  for (std::size_t at = svg.find("<script"); at != std::string::npos; at = svg.find("<script", at)) {
    const std::size_t end = svg.find("</script>", at);
    svg.erase(at, end == std::string::npos ? std::string::npos : end + 9 - at);
  }
  return svg;
}

// Inserts prefix after every occurrence of `marker` (the attribute's opening up to where the
// name starts): `id='` + gpPt0 -> `id='p1-gpPt0`. The marker must follow a space or a line break,
// so that an attribute such as data-id= is not taken for id=.
void prefix_after(std::string& svg, std::string_view marker, std::string_view prefix, bool needs_space) {
  for (std::size_t at = svg.find(marker); at != std::string::npos; at = svg.find(marker, at + 1)) {
    if (needs_space && at > 0 && svg[at - 1] != ' ' && svg[at - 1] != '\n' && svg[at - 1] != '\t') continue;
    svg.insert(at + marker.size(), prefix);
    at += prefix.size();
  }
}

// Names in reading order: digit runs compare as numbers, so knee-2 comes before knee-10.
bool reading_order(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i_end = i, j_end = j;
      while (i_end < a.size() && std::isdigit(static_cast<unsigned char>(a[i_end]))) ++i_end;
      while (j_end < b.size() && std::isdigit(static_cast<unsigned char>(b[j_end]))) ++j_end;
      const std::string x = a.substr(i, i_end - i), y = b.substr(j, j_end - j);
      if (x.size() != y.size() || x != y) return x.size() != y.size() ? x.size() < y.size() : x < y;
      i = i_end, j = j_end;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i, ++j;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

std::string inline_svg(std::string_view svg, std::string_view id_prefix) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string_view::npos) return "";
  std::string out = without_scripts(std::string(svg.substr(start)));
  for (const char* marker : {"id='", "id=\""}) prefix_after(out, marker, id_prefix, true);
  for (const char* marker : {"href='#", "href=\"#", "url(#"}) prefix_after(out, marker, id_prefix, false);
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

std::vector<SvgFile> read_svg_folder(const std::filesystem::path& dir) {
  std::vector<SvgFile> files;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".svg") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + entry.path().string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw std::runtime_error("cannot read " + entry.path().string());
    files.push_back({entry.path().stem().string(), text.str()});
  }
  std::sort(files.begin(), files.end(), [](const SvgFile& a, const SvgFile& b) { return reading_order(a.name, b.name); });
  return files;
}

}  // namespace analysis
