// The case file routes on the real server over TCP: documents uploaded as raw bodies and
// downloaded byte for byte, notes, roles and tenants, the definition's limits (413, 415), and the
// server's separate body limit for uploads.
#include <catch2/catch.hpp>

#include "adapters/rest/http_server.hpp"
#include "engine/runtime/history_chain.hpp"
#include "tests/rest/http_test_client.hpp"
#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;
using amtsweg::rest::HttpServer;
using amtsweg::rest::ServerOptions;
namespace json = boost::json;

namespace {

// Small limits so that "too large" is cheap to send.
constexpr const char* kPermitYaml = R"(id: permit
title: Building permit
start: review
documents:
  max_size: 1 KiB
  types: [application/pdf, image/*]
states:
  review:
    task: {title: Issue the permit, role: standesamt, requires_document: permit}
    on:
      task.completed: issued
  issued:
    final: true
)";

struct CaseFileServer : RestFixture {
  explicit CaseFileServer(ServerOptions options = {})
      : server([this](const amtsweg::rest::Request& request) { return router.handle(request); }, options) {
    deploy(kPermitYaml, "permit.yaml");
    server.start();
  }
  // A permit case, started through the API.
  std::string start_permit() {
    const auto response = call("POST", "/api/v1/processes/permit/cases", "portal-giessen", "{}");
    REQUIRE(response.status == 201);
    return std::string(json_of(response).at("id").as_string());
  }
  HttpReply send(const std::string& method, const std::string& target, const std::string& token,
                 const std::string& body = "", const std::string& content_type = "") {
    HttpTestClient client(server.port());
    const auto known = tokens.find(token);  // a principal's key sends its real token
    std::string headers =
        token.empty() ? "" : "Authorization: Bearer " + (known == tokens.end() ? token : known->second) + "\r\n";
    if (!content_type.empty()) headers += "Content-Type: " + content_type + "\r\n";
    return client.request(method, target, body, headers);
  }
  HttpServer server;
};

const std::string kBytes = std::string("%PDF-1.7\0\r\n\xff\xfe\x80 binary\0\0end", 26);

json::value json_of(const HttpReply& reply) { return json::parse(reply.body); }
std::string error_code(const HttpReply& reply) {
  return std::string(json_of(reply).at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("documents: uploaded bytes come back byte for byte with their type, name and SHA-256", "[rest]") {
  CaseFileServer api;
  const std::string case_id = api.start_certificate();
  const std::string documents = "/api/v1/cases/" + case_id + "/documents";

  const auto created =
      api.send("POST", documents + "?name=urkunde.pdf&kind=certificate", "anna-giessen", kBytes, "application/pdf");
  REQUIRE(created.status == 201);
  const json::value document = json_of(created);
  const std::string id(document.at("id").as_string());
  CHECK(created.headers.at("Location") == documents + "/" + id);
  CHECK(document.at("case_id") == json::value(case_id));
  CHECK(document.at("name") == "urkunde.pdf");
  CHECK(document.at("kind") == "certificate");
  CHECK(document.at("content_type") == "application/pdf");
  CHECK(document.at("size") == 26);
  CHECK(document.at("sha256") == json::value(amtsweg::sha256_hex(kBytes)));
  CHECK(document.at("added_by") == "anna");
  CHECK(document.at("added_at") == json::value(amtsweg::format_timestamp(api.clock.now())));

  // An integrator adds one too, without a kind; the list has both in order.
  REQUIRE(api.send("POST", documents + "?name=scan.png", "portal-giessen", "\x89PNG", "image/png").status == 201);
  const auto listed = api.send("GET", documents, "bert-giessen");
  REQUIRE(listed.status == 200);
  const json::value listed_json = json_of(listed);
  const auto& list = listed_json.at("documents").as_array();
  REQUIRE(list.size() == 2);
  CHECK(list[0] == document);
  CHECK(list[1].at("kind").is_null());
  CHECK(list[1].at("added_by") == "portal");

  const auto download = api.send("GET", documents + "/" + id, "portal-giessen");
  REQUIRE(download.status == 200);
  CHECK(download.body == kBytes);
  CHECK(download.headers.at("Content-Type") == "application/pdf");
  CHECK(download.headers.at("Content-Disposition") == R"(attachment; filename="urkunde.pdf")");
  CHECK(download.headers.at("ETag") == "\"" + amtsweg::sha256_hex(kBytes) + "\"");
  CHECK(download.headers.at("X-Content-Type-Options") == "nosniff");

  // The history names the document with its hash; the chain still verifies.
  const auto history = json_of(api.send("GET", "/api/v1/cases/" + case_id + "/history", "admin-giessen"));
  const auto& entries = history.at("history").as_array();
  const auto& added = entries[entries.size() - 2];
  CHECK(added.at("event") == "document.added");
  CHECK(added.at("detail").at("document_id") == json::value(id));
  CHECK(added.at("detail").at("sha256") == json::value(amtsweg::sha256_hex(kBytes)));
  CHECK(api.engine->verify().empty());
}

TEST_CASE("documents: a name in any script is sent as filename* (RFC 6266)", "[rest]") {
  CaseFileServer api;
  const std::string documents = "/api/v1/cases/" + api.start_certificate() + "/documents";
  const auto created =
      api.send("POST", documents + "?name=%C3%96l%22s%20Bescheid.pdf", "anna-giessen", kBytes, "application/pdf");
  REQUIRE(created.status == 201);
  CHECK(json_of(created).at("name") == "Öl\"s Bescheid.pdf");
  const auto download =
      api.send("GET", documents + "/" + std::string(json_of(created).at("id").as_string()), "anna-giessen");
  CHECK(download.headers.at("Content-Disposition") ==
        R"(attachment; filename="__l\"s Bescheid.pdf"; filename*=UTF-8''%C3%96l%22s%20Bescheid.pdf)");
}

TEST_CASE("documents: callers without a token, role or tenant are refused, and nothing is stored", "[rest]") {
  CaseFileServer api;
  const std::string case_id = api.start_certificate();
  const std::string documents = "/api/v1/cases/" + case_id + "/documents";
  const std::string id(json_of(api.send("POST", documents + "?name=a.pdf", "anna-giessen", kBytes, "application/pdf"))
                           .at("id")
                           .as_string());

  CHECK(api.send("POST", documents + "?name=b.pdf", "", kBytes, "application/pdf").status == 401);
  CHECK(api.send("POST", documents + "?name=b.pdf", "stolen", kBytes, "application/pdf").status == 401);
  CHECK(api.send("POST", documents + "?name=b.pdf", "operator", kBytes, "application/pdf").status == 403);
  CHECK(api.send("GET", documents, "operator").status == 403);
  CHECK(api.send("GET", documents + "/" + id, "").status == 401);
  // Another tenant's case does not exist for the caller: 404, not 403.
  const auto foreign = api.send("POST", documents + "?name=b.pdf", "admin-marburg", kBytes, "application/pdf");
  CHECK(foreign.status == 404);
  CHECK(error_code(foreign) == "not_found");
  CHECK(api.send("GET", documents, "admin-marburg").status == 404);
  CHECK(api.send("GET", documents + "/" + id, "admin-marburg").status == 404);
  CHECK(api.send("GET", documents + "/D-nope", "anna-giessen").status == 404);
  CHECK(api.send("GET", "/api/v1/cases/C-nope/documents", "anna-giessen").status == 404);
  // A document is only reachable through its own case.
  const std::string other = api.start_certificate();
  CHECK(api.send("GET", "/api/v1/cases/" + other + "/documents/" + id, "anna-giessen").status == 404);

  CHECK(api.engine->documents("giessen", case_id).size() == 1);
}

TEST_CASE("documents: bad names and parameters are 400, wrong types 415, too large 413", "[rest]") {
  CaseFileServer api;
  const std::string case_id = api.start_permit();
  const std::string documents = "/api/v1/cases/" + case_id + "/documents";
  const auto history_length = api.engine->history("giessen", case_id).size();

  SECTION("names and parameters") {
    const auto no_name = api.send("POST", documents, "anna-giessen", kBytes, "application/pdf");
    CHECK(no_name.status == 400);
    CHECK(json_of(no_name).at("error").at("details") == json::object{{"parameter", "name"}});
    const auto path =
        api.send("POST", documents + "?name=..%2Fetc%2Fpasswd", "anna-giessen", kBytes, "application/pdf");
    CHECK(path.status == 400);
    CHECK(json_of(path).at("error").at("message") ==
          "name: '../etc/passwd' is a path; give the file name only, without '/' or '\\'");
    CHECK(json_of(path).at("error").at("details") == json::object{{"field", "name"}});
    CHECK(api.send("POST", documents + "?name=a%0Ab.pdf", "anna-giessen", kBytes, "application/pdf").status == 400);
    CHECK(api.send("POST", documents + "?name=", "anna-giessen", kBytes, "application/pdf").status == 400);
    CHECK(
        api.send("POST", documents + "?name=a.pdf&kind=Bad%20Kind", "anna-giessen", kBytes, "application/pdf").status ==
        400);
    CHECK(api.send("POST", documents + "?name=a.pdf&knd=x", "anna-giessen", kBytes, "application/pdf").status == 400);
    CHECK(api.send("POST", documents + "?name=a.pdf", "anna-giessen", "", "application/pdf").status == 400);
  }
  SECTION("a media type the definition does not list") {
    const auto html = api.send("POST", documents + "?name=a.html", "anna-giessen", "<p>hi</p>", "text/html");
    CHECK(html.status == 415);
    CHECK(error_code(html) == "unsupported_media_type");
    CHECK(json_of(html).at("error").at("details").at("allowed") == json::array{"application/pdf", "image/*"});
    CHECK(api.send("POST", documents + "?name=a.pdf", "anna-giessen", kBytes).status == 415);  // no Content-Type
    CHECK(api.send("POST", documents + "?name=a.png", "anna-giessen", "png", "image/png").status == 201);
  }
  SECTION("more bytes than the definition's max_size") {
    const auto large =
        api.send("POST", documents + "?name=a.pdf", "anna-giessen", std::string(1025, 'x'), "application/pdf");
    CHECK(large.status == 413);
    CHECK(error_code(large) == "payload_too_large");
    CHECK(json_of(large).at("error").at("details") == json::object{{"size", 1025}, {"max_size", 1024}});
    CHECK(
        api.send("POST", documents + "?name=a.pdf", "anna-giessen", std::string(1024, 'x'), "application/pdf").status ==
        201);
  }
  const auto stored = api.engine->documents("giessen", case_id).size();
  CHECK(api.engine->history("giessen", case_id).size() == history_length + stored);
}

TEST_CASE("documents: uploads have their own body limit, JSON bodies keep theirs", "[rest]") {
  REQUIRE(ServerOptions{}.upload_limit >= static_cast<std::size_t>(amtsweg::kLargestDocumentSize));
  ServerOptions options;
  options.body_limit = 64;
  options.upload_limit = 512;
  CaseFileServer api(options);
  const std::string case_id = api.start_certificate();
  const std::string documents = "/api/v1/cases/" + case_id + "/documents";
  const std::string body(300, 'x');

  // Larger than body_limit, within upload_limit: only the upload route takes it.
  CHECK(api.send("POST", documents + "?name=a.txt", "anna-giessen", body, "text/plain").status == 201);
  CHECK(api.send("POST", "/api/v1/cases/" + case_id + "/notes", "anna-giessen", R"({"text": ")" + body + R"("})",
                 "application/json")
            .status == 413);
  CHECK(api.send("POST", "/api/v1/cases/" + case_id + "/documentsx?name=a.txt", "anna-giessen", body, "text/plain")
            .status == 413);

  // Beyond upload_limit the server answers 413 from the header alone and closes the connection.
  HttpTestClient client(api.server.port());
  client.send_raw("POST " + documents + "?name=big.pdf HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                  api.tokens.at("anna-giessen") + "\r\n" +
                  "Content-Type: application/pdf\r\nContent-Length: 100000\r\n\r\n%PDF");
  const auto refused = client.read_reply();
  CHECK(refused.status == 413);
  CHECK_THAT(refused.body, Catch::Contains("the body exceeds the limit of 512 bytes"));
  CHECK(client.closed_by_server());
  CHECK(api.engine->documents("giessen", case_id).size() == 1);
}

TEST_CASE("notes: clerks and admins write and read them, others are refused", "[rest]") {
  CaseFileServer api;
  const std::string case_id = api.start_certificate();
  const std::string notes = "/api/v1/cases/" + case_id + "/notes";

  const auto created = api.send("POST", notes, "anna-giessen", R"({"text": "Rückruf vereinbart"})", "application/json");
  REQUIRE(created.status == 201);
  CHECK(json_of(created).at("text") == "Rückruf vereinbart");
  CHECK(json_of(created).at("author") == "anna");
  CHECK(json_of(created).at("case_id") == json::value(case_id));
  REQUIRE(api.send("POST", notes, "admin-giessen", R"({"text": "geprüft"})", "application/json").status == 201);

  const auto listed = api.send("GET", notes, "carl-giessen");
  REQUIRE(listed.status == 200);
  const json::value listed_json = json_of(listed);
  const auto& list = listed_json.at("notes").as_array();
  REQUIRE(list.size() == 2);
  CHECK(list[0] == json_of(created));
  CHECK(list[1].at("author") == "alice");
  const auto history = api.engine->history("giessen", case_id);
  CHECK(history.back().event_type == "note.added");
  CHECK(history.back().detail.at("text") == "geprüft");

  CHECK(api.send("POST", notes, "", R"({"text": "x"})", "application/json").status == 401);
  CHECK(api.send("POST", notes, "portal-giessen", R"({"text": "x"})", "application/json").status == 403);
  CHECK(api.send("GET", notes, "portal-giessen").status == 403);
  CHECK(api.send("POST", notes, "admin-marburg", R"({"text": "x"})", "application/json").status == 404);
  CHECK(api.send("GET", notes, "admin-marburg").status == 404);

  const auto unknown = api.send("POST", notes, "anna-giessen", R"({"text": "x", "pinned": true})", "application/json");
  CHECK(unknown.status == 400);
  CHECK(json_of(unknown).at("error").at("details") == json::object{{"field", "pinned"}});
  CHECK(api.send("POST", notes, "anna-giessen", R"({"text": 42})", "application/json").status == 400);
  CHECK(api.send("POST", notes, "anna-giessen", R"({"text": )", "application/json").status == 400);
  CHECK(api.send("POST", notes, "anna-giessen", R"({"text": "x"})", "text/plain").status == 415);
  const auto blank = api.send("POST", notes, "anna-giessen", R"({"text": "  \n "})", "application/json");
  CHECK(blank.status == 400);
  CHECK(json_of(blank).at("error").at("message") == "text: a note needs text");
  CHECK(api.engine->notes("giessen", case_id).size() == 2);
}

TEST_CASE("a task that requires a document answers 422 until one is attached", "[rest]") {
  CaseFileServer api;
  const std::string case_id = api.start_permit();
  const std::string task = api.open_task("giessen", case_id).id;
  REQUIRE(api.send("POST", "/api/v1/tasks/" + task + "/claim", "anna-giessen", "{}", "application/json").status == 200);
  const auto refused =
      api.send("POST", "/api/v1/tasks/" + task + "/complete", "anna-giessen", R"({"data": {}})", "application/json");
  CHECK(refused.status == 422);
  CHECK(error_code(refused) == "rule_violation");
  CHECK(json_of(refused).at("error").at("details").at("requires_document") == "permit");
  REQUIRE(api.send("POST", "/api/v1/cases/" + case_id + "/documents?name=genehmigung.pdf&kind=permit", "anna-giessen",
                   kBytes, "application/pdf")
              .status == 201);
  CHECK(api.send("POST", "/api/v1/tasks/" + task + "/complete", "anna-giessen", R"({"data": {}})", "application/json")
            .status == 200);
  CHECK(api.engine->find_case("giessen", case_id)->record.state == "issued");
}
