// Loading the UI for `amtsweg serve` (see web_site.hpp). /config.json is how the static pages
// learn what the server was started with; it is public, so it holds demo tokens only in demo mode.
#include "adapters/cli/web_site.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <iostream>

#include "engine/error.hpp"

namespace amtsweg::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

bool signs_in(const DemoPrincipal& principal) { return principal.kind == "clerk" || principal.kind == "admin"; }

// The token the Online-Antrag submits applications with: the demo portal's, or the file's first line.
std::string portal_token(const Arguments& args, const std::vector<DemoPrincipal>& demo_users) {
  if (auto file = args.get("portal-token-file")) {
    if (!fs::is_regular_file(*file)) throw Error(ErrorKind::NotFound, "--portal-token-file: no file " + *file);
    std::string token = read_text_argument("@" + *file);
    token = token.substr(0, token.find_first_of("\r\n"));
    if (token.empty()) throw Error(ErrorKind::InvalidArgument, "--portal-token-file: " + *file + " holds no token");
    return token;
  }
  for (const auto& principal : demo_users)
    if (principal.kind == "integrator") return principal.token;  // the first municipality's portal
  return "";
}

std::string site_config(const std::vector<DemoPrincipal>& demo_users, const std::string& portal) {
  json::array users;
  for (const auto& principal : demo_users)
    if (signs_in(principal))
      users.push_back(json::object{{"tenant", principal.tenant},
                                   {"name", principal.name},
                                   {"kind", principal.kind},
                                   {"token", principal.token}});
  return json::serialize(
      json::object{{"demo", !demo_users.empty()},
                   {"demo_users", std::move(users)},
                   {"portal", portal.empty() ? json::value(nullptr) : json::value(json::object{{"token", portal}})}});
}

}  // namespace

std::unique_ptr<rest::StaticFiles> load_web_site(const Arguments& args, const std::vector<DemoPrincipal>& demo_users) {
  const fs::path dir = args.value_or("web", "web/dist");
  if (!args.has("web") && !fs::is_regular_file(dir / "index.html")) {
    std::cout << "Web UI: not served (" << dir.string() << " has no index.html; scripts/build builds it)\n";
    return nullptr;
  }
  const std::string portal = portal_token(args, demo_users);
  std::vector<std::string> excluded;
  if (portal.empty()) excluded.push_back("/antrag/");
  return std::make_unique<rest::StaticFiles>(
      dir, std::map<std::string, std::string>{{"/config.json", site_config(demo_users, portal)}}, excluded);
}

void print_web_site(std::ostream& out, const rest::StaticFiles& site, const std::string& url,
                    const std::vector<DemoPrincipal>& demo_users) {
  out << "\nWeb UI: " << url << "/  (sign-in and Postkorb for clerks";
  if (site.has("/antrag/index.html")) out << "; Online-Antrag for citizens: " << url << "/antrag/";
  out << ")\n";
  if (demo_users.empty()) return;
  out << "Sign in as a demo user (the sign-in page holds the token; it never appears in a URL):\n";
  for (const auto& principal : demo_users)
    if (signs_in(principal))
      out << "  " << url << "/anmelden?nutzer=" << principal.tenant << "/" << principal.name << "\n";
}

}  // namespace amtsweg::cli
