#pragma once
// The skeleton every report.html shares: one self-contained HTML document (an inline stylesheet
// with a print variant, no script, no external resource), built section by section. Every text
// given to it is escaped here, so a scenario name or a description cannot break the page; only
// HtmlPage::raw() and the inlined SVG plots (html_svg.hpp) pass markup through.
#include <string>
#include <string_view>
#include <vector>

namespace analysis {

// Text made safe inside an element or a quoted attribute: & < > " ' become entities.
std::string html_escape(std::string_view text);

// A table of text cells; a cell may carry the JSON pointer of the report figure it shows
// (data-figure="..."), so that a reader (the browser test) can find every figure by its name.
struct HtmlCell {
  std::string text;
  std::string figure;  // a JSON pointer into the report beside the page, or ""
};
struct HtmlTable {
  std::vector<std::string> header;
  std::vector<std::vector<HtmlCell>> rows;
};

class HtmlPage {
 public:
  // title: the document's title and its first heading.
  explicit HtmlPage(std::string_view title);

  void section(std::string_view heading);  // a new <h2>, with an anchor from its position
  void subheading(std::string_view text);
  void paragraph(std::string_view text);
  void preformatted(std::string_view text);  // a terminal table, a JSON document
  void table(const HtmlTable& table);
  void link(std::string_view href, std::string_view text);  // a relative link to a file beside the page
  void raw(std::string_view html);                          // markup made elsewhere (an inlined plot)
  // The whole document, ending with a newline.
  std::string finish() const;

 private:
  std::string title_;
  std::string body_;
  int sections_ = 0;
};

}  // namespace analysis
