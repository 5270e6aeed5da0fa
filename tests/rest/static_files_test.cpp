// The UI's files served by the real server on a real socket: media types, ETag and 304,
// Cache-Control, no directory listing, no way out of the folder (encoded or not), page fallback,
// and the security headers on the UI's and the API's answers.
#include <catch2/catch.hpp>
#include <fstream>

#include "adapters/rest/http_server.hpp"
#include "adapters/rest/static_files.hpp"
#include "tests/rest/http_test_client.hpp"
#include "tests/support/temp_dir.hpp"

using namespace amtsweg::testing;
namespace rest = amtsweg::rest;

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A site folder `web/` beside a secret file outside it, served with a stand-in API that names itself.
struct SiteFixture {
  SiteFixture() {
    write(dir.path() / "secret.txt", "TOP-SECRET");
    write(dir.path() / "web" / "index.html", "<!doctype html><title>Postkorb</title>");
    write(dir.path() / "web" / "assets" / "app-3F2A.js", "console.log('app')");
    write(dir.path() / "web" / "assets" / "kern.css", "body{}");
    write(dir.path() / "web" / "antrag" / "index.html", "<!doctype html><title>Online-Antrag</title>");
    write(dir.path() / "web" / ".env", "HIDDEN");
    site = std::make_unique<rest::StaticFiles>(
        dir.path() / "web", std::map<std::string, std::string>{{"/config.json", R"({"demo":false})"}}, excluded);
    server = std::make_unique<rest::HttpServer>(rest::site_handler(
        [](const rest::Request& request) {
          rest::Response response;
          response.body = R"({"api":")" + std::string(request.path()) + "\"}";
          return response;
        },
        site.get()));
    server->start();
  }
  HttpReply get(const std::string& target, const std::string& headers = "") {
    HttpTestClient client(server->port());
    return client.request("GET", target, "", headers);
  }

  TempDir dir;
  std::vector<std::string> excluded;
  std::unique_ptr<rest::StaticFiles> site;
  std::unique_ptr<rest::HttpServer> server;
};

void check_security_headers(const HttpReply& reply) {
  const std::string csp = reply.headers.at("Content-Security-Policy");
  CHECK_THAT(csp, Catch::Contains("script-src 'self' 'unsafe-eval';"));
  CHECK_THAT(csp, Catch::Contains("frame-ancestors 'none'"));
  CHECK_THAT(csp, !Catch::Contains("unsafe-inline"));
  CHECK(reply.headers.at("X-Content-Type-Options") == "nosniff");
  CHECK(reply.headers.at("Referrer-Policy") == "no-referrer");
}

}  // namespace

TEST_CASE("web: files have their media type, an ETag, Cache-Control and the security headers", "[rest][web]") {
  SiteFixture site;
  const auto index = site.get("/");
  REQUIRE(index.status == 200);
  CHECK(index.headers.at("Content-Type") == "text/html; charset=utf-8");
  CHECK_THAT(index.body, Catch::Contains("<title>Postkorb</title>"));
  CHECK(index.headers.at("Cache-Control") == "no-cache");
  check_security_headers(index);

  const auto script = site.get("/assets/app-3F2A.js");
  CHECK(script.status == 200);
  CHECK(script.headers.at("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(script.headers.at("Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(site.get("/assets/kern.css").headers.at("Content-Type") == "text/css; charset=utf-8");
  const auto config = site.get("/config.json");
  CHECK(config.headers.at("Content-Type") == "application/json");
  CHECK(config.body == R"({"demo":false})");

  // The API behind the same handler gets the security headers too.
  const auto api = site.get("/api/v1/health");
  CHECK(api.body == R"({"api":"/api/v1/health"})");
  check_security_headers(api);
}

TEST_CASE("web: If-None-Match with the current ETag answers 304 without a body", "[rest][web]") {
  SiteFixture site;
  const auto first = site.get("/assets/app-3F2A.js");
  const std::string etag = first.headers.at("ETag");
  CHECK(etag.size() > 2);
  const auto again = site.get("/assets/app-3F2A.js", "If-None-Match: " + etag + "\r\n");
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(again.headers.at("ETag") == etag);
  CHECK(site.get("/assets/app-3F2A.js", "If-None-Match: \"other\"\r\n").status == 200);
  CHECK(site.get("/").headers.at("ETag") != etag);
}

TEST_CASE("web: the UI's own routes answer their page, unknown files 404, folders are never listed", "[rest][web]") {
  SiteFixture site;
  CHECK_THAT(site.get("/postkorb").body, Catch::Contains("Postkorb"));
  CHECK_THAT(site.get("/vorgang/C-123").body, Catch::Contains("Postkorb"));
  CHECK_THAT(site.get("/antrag/meldebescheinigung").body, Catch::Contains("Online-Antrag"));
  CHECK(site.get("/nothing.css").status == 404);
  const auto folder = site.get("/assets/");
  CHECK(folder.status == 404);
  CHECK_THAT(folder.body, !Catch::Contains("app-3F2A"));
  CHECK(site.get("/.env").status == 400);  // a hidden name is refused, never read
  CHECK(site.get("/x/.env").status == 400);
  HttpTestClient client(site.server->port());
  CHECK(client.request("POST", "/index.html", "{}").status == 405);
}

TEST_CASE("web: no path leads out of the folder, plain or encoded", "[rest][web]") {
  SiteFixture site;
  for (const std::string target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
        "/assets/..%2F..%2Fsecret.txt", "/..%5csecret.txt", "/%5c..%5csecret.txt", "/index.html%00.js",
        "/assets/%2e/app-3F2A.js", "/%zz"}) {
    INFO(target);
    const auto reply = site.get(target);
    CHECK(reply.status == 400);
    CHECK_THAT(reply.body, !Catch::Contains("TOP-SECRET"));
    check_security_headers(reply);
  }
}

TEST_CASE("web: a page left out (no portal configured) answers 404, not the clerks' page", "[rest][web]") {
  SiteFixture site;
  site.server.reset();
  site.excluded = {"/antrag/"};
  site.site =
      std::make_unique<rest::StaticFiles>(site.dir.path() / "web", std::map<std::string, std::string>{}, site.excluded);
  site.server = std::make_unique<rest::HttpServer>(
      rest::site_handler([](const rest::Request&) { return rest::Response{}; }, site.site.get()));
  site.server->start();
  CHECK(site.get("/antrag/").status == 404);
  CHECK(site.get("/antrag/meldebescheinigung").status == 404);
  CHECK(site.get("/antrag").status == 404);
  CHECK(site.get("/").status == 200);
  CHECK_THROWS(rest::StaticFiles(site.dir.path() / "web" / "assets"));  // no index.html
}
