#include "analysis/report/html_page.hpp"

namespace analysis {

namespace {

// Screen: narrow text column, tables with rules, plots as wide as the page. Print: no
// background, every plot and table kept whole on a page where it fits.
constexpr const char* kStyle = R"(body{font-family:sans-serif;margin:1.5em auto;max-width:75em;padding:0 1em;color:#111;background:#fff}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:1.6em}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #bbb;padding:.15em .5em;text-align:right}
th{background:#eee}td:first-child,th:first-child{text-align:left}
pre{background:#f6f6f6;border:1px solid #ddd;padding:.5em;overflow-x:auto;font-size:.85em;white-space:pre}
figure{margin:1em 0}figure svg{max-width:100%;height:auto;display:block}figcaption{font-size:.9em;color:#444}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}pre{white-space:pre-wrap;background:none}
th{background:none}table{display:table;font-size:8pt}h2{break-after:avoid}figure,table,pre{break-inside:avoid}a{color:inherit;text-decoration:none}})";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

HtmlPage::HtmlPage(std::string_view title) : title_(title) {}

void HtmlPage::section(std::string_view heading) {
  body_ += "<h2 id=\"s" + std::to_string(++sections_) + "\">" + html_escape(heading) + "</h2>\n";
}

void HtmlPage::subheading(std::string_view text) { body_ += "<h3>" + html_escape(text) + "</h3>\n"; }

void HtmlPage::paragraph(std::string_view text) { body_ += "<p>" + html_escape(text) + "</p>\n"; }

void HtmlPage::preformatted(std::string_view text) { body_ += "<pre>" + html_escape(text) + "</pre>\n"; }

void HtmlPage::table(const HtmlTable& table) {
  body_ += "<table>\n<tr>";
  for (const std::string& h : table.header) body_ += "<th>" + html_escape(h) + "</th>";
  body_ += "</tr>\n";
  for (const auto& row : table.rows) {
    body_ += "<tr>";
    for (const HtmlCell& cell : row)
      body_ += (cell.figure.empty() ? "<td>" : "<td data-figure=\"" + html_escape(cell.figure) + "\">") +
               html_escape(cell.text) + "</td>";
    body_ += "</tr>\n";
  }
  body_ += "</table>\n";
}

void HtmlPage::link(std::string_view href, std::string_view text) {
  body_ += "<p><a href=\"" + html_escape(href) + "\">" + html_escape(text) + "</a></p>\n";
}

void HtmlPage::raw(std::string_view html) { body_ += html; }

std::string HtmlPage::finish() const {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title_) +
         "</title>\n<style>\n" + kStyle + "\n</style>\n</head>\n<body>\n<h1>" + html_escape(title_) + "</h1>\n" + body_ +
         "</body>\n</html>\n";
}

}  // namespace analysis
