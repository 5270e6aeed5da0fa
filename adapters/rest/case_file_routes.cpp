// Routes of a case's file (eAkte): documents (upload with the file as the body, list, download)
// and clerks' notes. The engine checks names, media types and sizes against the case's definition.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>
#include <string_view>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/json_body.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;

// Documents are for everyone who works a case: integrators (portals), clerks of any group, admins.
Principal document_user(const ApiContext& context, const Request& request) {
  Principal caller = context.principal(request);
  if (caller.has_role("integrator") || caller.has_role("admin") || !caller.clerk_groups().empty()) return caller;
  throw HttpError(403, "forbidden", "this needs the role integrator, clerk:<group> or admin");
}

// RFC 6266: a quoted ASCII fallback, plus the exact UTF-8 name as filename* when it is not ASCII.
// (Names never hold '\' or control characters: the engine refuses them.)
std::string content_disposition(const std::string& name) {
  static constexpr std::string_view kAttrChars = "!#$&+-.^_`|~";
  std::string fallback, encoded;
  bool ascii = true;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    ascii = ascii && byte < 0x80;
    fallback += byte >= 0x80 ? std::string("_") : c == '"' ? std::string("\\\"") : std::string(1, c);
    if ((byte < 0x80 && std::isalnum(byte)) || kAttrChars.find(c) != std::string_view::npos) {
      encoded += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += {'%', kHex[byte >> 4], kHex[byte & 0xf]};
    }
  }
  std::string value = "attachment; filename=\"" + fallback + "\"";
  if (!ascii) value += "; filename*=UTF-8''" + encoded;
  return value;
}

// The body is the file; Content-Type its media type; ?name= its file name, ?kind= an optional label.
Response attach_document(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = document_user(context, request);
  reject_unknown_parameters(request, {"name", "kind"});
  const auto name = request.query("name");
  if (!name) throw bad_parameter("name", "is required: the document's file name");
  DocumentUpload upload{
      caller.tenant, params.at("id"), *name, request.query("kind").value_or(""), request.header("Content-Type"),
      request.body,  caller.name};
  const CaseDocument document = context.engine.attach_document(std::move(upload));
  Response response = json_response(201, to_json(document));
  response.headers["Location"] = "/api/v1/cases/" + document.case_id + "/documents/" + document.id;
  return response;
}

Response list_documents(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = document_user(context, request);
  reject_unknown_parameters(request, {});
  json::array documents;
  for (const auto& document : context.engine.documents(caller.tenant, params.at("id")))
    documents.push_back(to_json(document));
  return json_response(200, json::object{{"case_id", params.at("id")}, {"documents", std::move(documents)}});
}

// The bytes as stored, with their media type; the ETag is their SHA-256.
Response download_document(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = document_user(context, request);
  reject_unknown_parameters(request, {});
  CaseDocumentFile file = context.engine.document(caller.tenant, params.at("id"), params.at("document_id"));
  Response response;
  response.content_type = file.metadata.content_type;
  response.headers["Content-Disposition"] = content_disposition(file.metadata.name);
  response.headers["ETag"] = "\"" + file.metadata.sha256 + "\"";
  // The media type is the uploader's word: browsers must not guess another one (e.g. HTML).
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.body = std::move(file.content);
  return response;
}

Response add_note(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.clerk(request);
  const json::object body = parse_json_object_body(request);
  const JsonFields fields(body, {"text", "personal"});
  const json::value personal = fields.value_or("personal", false);
  if (!personal.is_bool())
    throw Error(ErrorKind::InvalidArgument, "personal: must be true or false", json::object{{"field", "personal"}});
  const CaseNote note = context.engine.add_note(caller.tenant, params.at("id"), fields.required_string("text"),
                                                caller.name, personal.as_bool());
  return json_response(201, to_json(note));
}

Response list_notes(const ApiContext& context, const Request& request, const PathParams& params) {
  const Principal caller = context.clerk(request);
  reject_unknown_parameters(request, {});
  json::array notes;
  for (const auto& note : context.engine.notes(caller.tenant, params.at("id"))) notes.push_back(to_json(note));
  return json_response(200, json::object{{"case_id", params.at("id")}, {"notes", std::move(notes)}});
}

}  // namespace

void add_case_file_routes(Router& router, const ApiContext& context) {
  auto bind = [&context](ApiHandler handler) { return bind_handler(context, handler); };
  router.add("POST", "/api/v1/cases/{id}/documents", bind(attach_document));
  router.add("GET", "/api/v1/cases/{id}/documents", bind(list_documents));
  router.add("GET", "/api/v1/cases/{id}/documents/{document_id}", bind(download_document));
  router.add("POST", "/api/v1/cases/{id}/notes", bind(add_note));
  router.add("GET", "/api/v1/cases/{id}/notes", bind(list_notes));
}

}  // namespace amtsweg::rest
