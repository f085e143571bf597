#pragma once
// Debian's chromium, headless, as the browser test's reader of report.html: one call renders a
// page to a PNG screenshot, prints its DOM after rendering, and logs what the page wrote to its
// console. Every call has a fresh profile and a time bound; a chromium that outlives it is killed.
#include <string>

namespace tests {

// The chromium executable on PATH; "" when there is none.
std::string chromium_path();

struct Rendered {
  bool timed_out = false;
  int exit_code = -1;
  std::string dom;                   // --dump-dom: the serialized DOM after rendering
  std::string screenshot_png;        // the PNG file's bytes ("" when none was written)
  std::string console_lines;         // every stderr line of a console message, one per line
  std::string stderr_text;           // all of chromium's stderr, for a failure's message
};

// Renders the file (an absolute path) at width x height pixels, within timeout_s seconds: after
// it, chromium's whole process group is killed (it is started as a group of its own) and
// timed_out is set. Throws std::runtime_error when chromium cannot be started.
Rendered render_page(const std::string& html_file, int width, int height, double timeout_s = 30);

// Whether PNG bytes are a PNG of this width and height (read from its IHDR chunk).
bool png_has_size(const std::string& png, int width, int height);

// Text of the DOM with the entities chromium's serializer writes turned back into characters.
std::string html_unescape(const std::string& text);

}  // namespace tests
