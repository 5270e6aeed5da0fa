// The browser UI that `amtsweg serve` offers at "/": the built web/ folder (--web DIR, default
// web/dist), the generated /config.json (demo users, the portal's token) and the sign-in links.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "adapters/cli/arguments.hpp"
#include "adapters/cli/demo_tenants.hpp"
#include "adapters/rest/static_files.hpp"

namespace amtsweg::cli {

// The UI's files, or null when --web is not given and web/dist was not built (the API is served
// alone, and the start says so). Throws Error when --web or --portal-token-file name what is not there.
// The Online-Antrag (/antrag/) is offered in demo mode (with the demo portal's integrator token)
// and with --portal-token-file; otherwise it answers 404.
std::unique_ptr<rest::StaticFiles> load_web_site(const Arguments& args, const std::vector<DemoPrincipal>& demo_users);

// What the start prints about the UI: its URL and, in demo mode, one sign-in link per clerk and
// administrator (the user is preselected; the token is never part of a URL).
void print_web_site(std::ostream& out, const rest::StaticFiles& site, const std::string& url,
                    const std::vector<DemoPrincipal>& demo_users);

}  // namespace amtsweg::cli
