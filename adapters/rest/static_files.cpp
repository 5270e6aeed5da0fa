// Serving the UI's files from memory (see static_files.hpp): path checks, media types, ETags and
// the security headers. Files are loaded once, so a request never touches the file system.
#include "adapters/rest/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/etag.hpp"
#include "engine/error.hpp"
#include "engine/runtime/history_chain.hpp"

namespace amtsweg::rest {
namespace {

namespace fs = std::filesystem;

std::string media_type(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [extension, type] : types)
    if (path.ends_with(extension)) return std::string(type);
  return "application/octet-stream";
}

// The path's bytes with %XX decoded; nullopt for a malformed escape.
std::optional<std::string> percent_decode(std::string_view path) {
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      decoded += path[i];
      continue;
    }
    if (i + 2 >= path.size() || !std::isxdigit(static_cast<unsigned char>(path[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(path[i + 2])))
      return std::nullopt;
    decoded += static_cast<char>(std::stoi(std::string(path.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return decoded;
}

// Why `path` (decoded) is refused, or empty when it is a plain absolute path of named segments.
std::string refusal(std::string_view path) {
  if (path.empty() || path.front() != '/') return "the path must start with /";
  if (path.find('\0') != std::string_view::npos) return "the path contains a NUL byte";
  if (path.find('\\') != std::string_view::npos) return "the path contains a backslash";
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment.starts_with(".")) return "the path contains a segment starting with '.' ('..' or a hidden name)";
    start = end + 1;
  }
  return "";
}

bool has_extension(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  return last.find('.') != std::string_view::npos;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error(ErrorKind::Io, "cannot read " + file.string());
  return text.str();
}

bool is_hidden(const fs::path& relative) {
  for (const auto& part : relative)
    if (part.string().starts_with(".")) return true;
  return false;
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root, std::map<std::string, std::string> generated,
                         const std::vector<std::string>& excluded)
    : excluded_(excluded) {
  if (!fs::is_regular_file(root / "index.html"))
    throw Error(ErrorKind::NotFound, "--web: " + root.string() + " has no index.html (run scripts/build)");
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path relative = fs::relative(it->path(), root);
    if (is_hidden(relative) || it->is_symlink()) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const std::string path = "/" + relative.generic_string();
    const bool wanted =
        std::none_of(excluded.begin(), excluded.end(), [&](const auto& p) { return path.starts_with(p); });
    if (wanted && it->is_regular_file()) add(path, read_file(it->path()));
  }
  for (auto& [path, content] : generated) add(path, std::move(content));
}

void StaticFiles::add(const std::string& path, std::string content) {
  File file;
  file.etag = "\"" + sha256_hex(content).substr(0, 32) + "\"";
  file.content_type = media_type(path);
  file.immutable = path.starts_with("/assets/");
  file.content = std::move(content);
  files_[path] = std::move(file);
}

Response StaticFiles::handle(const Request& request) const {
  if (request.method != "GET") {
    Response response = error_response(405, "method_not_allowed", request.method + " is not allowed on the UI's files");
    response.headers["Allow"] = "GET";
    return response;
  }
  const auto path = percent_decode(request.path());
  if (!path) return error_response(400, "bad_path", "the path has a malformed %-escape");
  if (const std::string why = refusal(*path); !why.empty()) return error_response(400, "bad_path", why);
  for (const std::string& prefix : excluded_)
    if ((*path + "/").starts_with(prefix))
      return error_response(404, "not_found", "this server does not offer " + *path);
  const std::string key = path->ends_with('/') ? *path + "index.html" : *path;
  if (const auto found = files_.find(key); found != files_.end()) return answer(request, found->second);
  if (const File* page = has_extension(key) ? nullptr : page_for(key)) return answer(request, *page);
  return error_response(404, "not_found", "no file at " + *path);
}

const StaticFiles::File* StaticFiles::page_for(std::string_view path) const {
  while (!path.empty()) {
    path = path.substr(0, path.rfind('/'));
    if (const auto found = files_.find(std::string(path) + "/index.html"); found != files_.end()) return &found->second;
  }
  return nullptr;
}

Response StaticFiles::answer(const Request& request, const File& file) const {
  Response response;
  response.headers["ETag"] = file.etag;
  // Hashed asset names never change content; everything else is revalidated on every use.
  response.headers["Cache-Control"] = file.immutable ? "public, max-age=31536000, immutable" : "no-cache";
  if (matches_if_none_match(request, file.etag)) {
    response.status = 304;
    return response;
  }
  response.content_type = file.content_type;
  response.body = file.content;
  return response;
}

void add_security_headers(Response& response) {
  // No inline script or style at all. 'unsafe-eval' because ajv compiles each form's JSON Schema
  // into a validation function at run time (new Function); the schemas come from deployed
  // definitions, never from what a page shows, and no inline or foreign script can run.
  response.headers["Content-Security-Policy"] =
      "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; font-src "
      "'self'; "
      "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Referrer-Policy"] = "no-referrer";
  response.headers["X-Frame-Options"] = "DENY";
}

namespace {

bool to_api(const Request& request, const StaticFiles* site) {
  const std::string_view path = request.path();
  return !site || path.starts_with("/api/") || path == "/api" || path == "/metrics";
}

}  // namespace

RequestHandler site_handler(RequestHandler api, const StaticFiles* site) {
  return [api = std::move(api), site](const Request& request) {
    Response response = to_api(request, site) ? api(request) : site->handle(request);
    add_security_headers(response);
    return response;
  };
}

AsyncRequestHandler site_handler(AsyncRequestHandler api, const StaticFiles* site) {
  return [api = std::move(api), site](const Request& request, Respond respond) {
    Respond secured = [respond = std::move(respond)](Response response) {
      add_security_headers(response);
      respond(std::move(response));
    };
    if (!to_api(request, site)) return secured(site->handle(request));
    api(request, std::move(secured));
  };
}

}  // namespace amtsweg::rest
