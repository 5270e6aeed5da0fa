// The browser UI's files (web/dist) served at "/": loaded into memory at start, answered with their
// media type, an ETag (304 on If-None-Match), Cache-Control and the UI's security headers.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/rest/http_message.hpp"
#include "adapters/rest/http_server.hpp"

namespace amtsweg::rest {

class StaticFiles {
 public:
  // Reads every regular file under `root` (hidden files and symbolic links left out) once, except
  // those under one of `excluded` ("/antrag/": a page not offered); `generated` adds files that
  // exist only in memory ("/config.json" -> JSON text), e.g. what `serve --demo` tells the
  // sign-in page. Throws Error{NotFound} when `root` has no index.html.
  explicit StaticFiles(const std::filesystem::path& root, std::map<std::string, std::string> generated = {},
                       const std::vector<std::string>& excluded = {});

  // GET of a file. A path is looked up among the loaded files only, so nothing outside `root` can
  // be reached; a path with "..", ".", a backslash or NUL (also percent-encoded) is answered 400.
  // An extensionless path that is no file answers the nearest index.html above it (a page's own
  // routes, e.g. /postkorb or /antrag/meldebescheinigung); any other unknown path 404.
  // Thread-safe (reads only).
  Response handle(const Request& request) const;

  std::size_t size() const { return files_.size(); }
  // Whether a file is served at `path` ("/antrag/index.html").
  bool has(std::string_view path) const { return files_.find(path) != files_.end(); }

 private:
  struct File {
    std::string content;
    std::string content_type;
    std::string etag;
    bool immutable = false;  // a name with a content hash (assets/...-HASH.js): cached for a year
  };
  void add(const std::string& path, std::string content);
  Response answer(const Request& request, const File& file) const;
  // The index.html of the deepest folder above `path` that has one.
  const File* page_for(std::string_view path) const;

  std::map<std::string, File, std::less<>> files_;
  std::vector<std::string> excluded_;  // nothing below these is answered, not even a page
};

// Adds the headers every response of the UI carries: a Content-Security-Policy without inline
// scripts and with frame-ancestors 'none', X-Content-Type-Options nosniff, Referrer-Policy,
// X-Frame-Options (for old browsers). Applied to the API's answers too: the browser loads both.
void add_security_headers(Response& response);

// One handler for the whole site: /api/... and /metrics go to `api`, every other path to `site`
// (when there is one; else `api`, which answers 404). Security headers on every response.
RequestHandler site_handler(RequestHandler api, const StaticFiles* site);
// The same over an API that answers asynchronously (Router::handle_async: what `serve` runs).
AsyncRequestHandler site_handler(AsyncRequestHandler api, const StaticFiles* site);

}  // namespace amtsweg::rest
