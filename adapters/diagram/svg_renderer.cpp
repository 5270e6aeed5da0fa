// DOT -> SVG through gvContextPlugins/agmemread/gvLayout/gvRenderData (see svg_renderer.hpp). Every
// Graphviz resource is owned by an RAII holder, released in reverse order even when a step fails.
#include "adapters/diagram/svg_renderer.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

#include <memory>
#include <mutex>

#include "engine/error.hpp"

namespace amtsweg::diagram {
namespace {

struct ContextDeleter {
  void operator()(GVC_t* context) const { gvFreeContext(context); }
};
struct GraphDeleter {
  void operator()(Agraph_t* graph) const { agclose(graph); }
};
struct RenderDataDeleter {
  void operator()(char* data) const { gvFreeRenderData(data); }
};

// A layout computed for a graph; freed before the graph is closed.
class Layout {
 public:
  Layout(GVC_t* context, Agraph_t* graph) : context_(context), graph_(graph) {
    if (gvLayout(context_, graph_, "dot") != 0) throw Error(ErrorKind::Io, "graphviz could not lay out the diagram");
  }
  ~Layout() { gvFreeLayout(context_, graph_); }
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

 private:
  GVC_t* context_;
  Agraph_t* graph_;
};

// Only the plugins an SVG of a dot layout needs, linked in, none loaded from disk. Without the
// Pango plugin text widths come from Graphviz's built-in font metrics, and that is the point:
// Graphviz 2.42's Pango plugin keeps a pointer to the last font name in a static and compares the
// next name with it, after gvFreeContext freed it (AddressSanitizer: heap-use-after-free in
// textspan_size on the second diagram a process draws); Pango also brings fontconfig's caches.
extern "C" gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern "C" gvplugin_library_t gvplugin_core_LTX_library;
const lt_symlist_t kBuiltinPlugins[] = {
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {nullptr, nullptr},
};

}  // namespace

std::string render_svg(std::string_view dot) {
  // Graphviz's parser, layout and plugins keep process-wide state: one rendering at a time.
  static std::mutex graphviz;
  std::lock_guard lock(graphviz);

  const std::unique_ptr<GVC_t, ContextDeleter> context(gvContextPlugins(kBuiltinPlugins, 0));
  if (!context) throw Error(ErrorKind::Io, "graphviz could not create its context");
  const std::string text(dot);  // agmemread needs a terminating NUL
  const std::unique_ptr<Agraph_t, GraphDeleter> graph(agmemread(text.c_str()));
  if (!graph) throw Error(ErrorKind::InvalidArgument, "graphviz could not read the DOT text");
  const Layout layout(context.get(), graph.get());
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(context.get(), graph.get(), "svg", &data, &length);
  const std::unique_ptr<char, RenderDataDeleter> owned(data);
  if (rendered != 0 || !data) throw Error(ErrorKind::Io, "graphviz could not render the diagram as SVG");
  return std::string(data, length);
}

}  // namespace amtsweg::diagram
