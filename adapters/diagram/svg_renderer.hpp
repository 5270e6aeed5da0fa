// Lays out and draws DOT text as SVG with Graphviz's C library (libgvc, the "dot" layout), the
// only file that includes Graphviz.
#pragma once

#include <string>
#include <string_view>

namespace amtsweg::diagram {

// The SVG document of `dot`. Throws Error{InvalidArgument} when Graphviz cannot read the text and
// Error{Io} when layout or rendering fails. Thread-safe: calls are serialized, because Graphviz
// keeps global state and is not safe to call from two threads at once.
std::string render_svg(std::string_view dot);

}  // namespace amtsweg::diagram
