// The case file as an archive package: the ZIP read back holds the case, its history as JSON lines
// whose hash chain verifies, notes, every document byte for byte, xdomea-oriented metadata and a
// manifest; every hash in it checks, and a changed byte or entry is found.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "engine/archive/case_archive.hpp"
#include "engine/archive/zip_file.hpp"
#include "engine/error.hpp"
#include "engine/runtime/history_chain.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

constexpr const char* kPermitYaml = R"(id: permit
title: Baumfällgenehmigung
start: review
retention: {issued: P1Y, default: P6M}
form:
  type: object
  properties:
    name: {type: string, personal: true}
    parcel: {type: string}
states:
  review:
    title: In Prüfung
    task: {title: Antrag prüfen, role: umwelt}
    on: {task.completed: issued}
  issued:
    title: Genehmigt
    final: true
    outcome: issued
)";

const std::string kPdf = std::string("%PDF-1.7\0\r\n\xff\xfe binary\0end", 24);

using Package = std::map<std::string, std::string>;  // path below the case folder -> bytes

Package package_of(const std::string& zip, const std::string& case_id) {
  Package files;
  for (auto& [path, bytes] : read_zip(zip)) {
    REQUIRE(path.rfind(case_id + "/", 0) == 0);
    files[path.substr(case_id.size() + 1)] = std::move(bytes);
  }
  return files;
}

// A history entry read back from its JSON line, as an archive's import would.
HistoryEntry entry_of(const json::object& line, const std::string& case_id) {
  HistoryEntry e;
  e.case_id = case_id;
  e.seq = line.at("seq").as_int64();
  e.at = *parse_timestamp(line.at("at").as_string());
  e.actor = line.at("actor").as_string();
  e.event_type = line.at("event").as_string();
  e.event_id = line.at("event_id").as_string();
  e.from_state = line.at("from").as_string();
  e.to_state = line.at("to").as_string();
  e.changes = line.at("changes").as_object();
  e.detail = line.at("detail").as_object();
  e.chain_version = static_cast<int>(line.at("chain_version").as_int64());
  e.sealed = line.at("sealed").as_object();
  e.prev_hash = line.at("prev_hash").as_string();
  e.hash = line.at("hash").as_string();
  return e;
}

// Everything that does not check in a package: the manifest, the documents' hashes, the chain.
std::vector<std::string> problems_of(const Package& files, const std::string& case_id) {
  std::vector<std::string> problems;
  std::istringstream sums(files.at("sha256sums.txt"));
  std::string line;
  std::size_t listed = 0;
  while (std::getline(sums, line)) {
    const std::string hash = line.substr(0, 64), path = line.substr(66);
    ++listed;
    if (!files.count(path))
      problems.push_back(path + " is missing");
    else if (sha256_hex(files.at(path)) != hash)
      problems.push_back(path + " does not match its SHA-256");
  }
  if (listed != files.size() - 1) problems.push_back("the manifest does not list every file");
  const json::value documents = json::parse(files.at("documents.json"));
  for (const auto& document : documents.as_array()) {
    const std::string path(document.at("path").as_string());
    if (!files.count(path) || sha256_hex(files.at(path)) != document.at("sha256").as_string())
      problems.push_back(path + " does not match documents.json");
  }
  std::vector<HistoryEntry> entries;
  std::istringstream history(files.at("history.jsonl"));
  while (std::getline(history, line)) entries.push_back(entry_of(json::parse(line).as_object(), case_id));
  const auto view = json::parse(files.at("case.json"));
  const auto length = view.at("history_length").as_int64();
  const std::string head = entries.empty() ? "" : entries.back().hash;
  if (auto broken = verify_history_chain(entries, head, length)) problems.push_back("history: " + broken->reason);
  if (files.at("xdomea.xml").find("<Kopf>" + head + "</Kopf>") == std::string::npos)
    problems.push_back("xdomea.xml names another head");
  return problems;
}

struct ArchivedPermit {
  EngineFixture f;
  std::string id;
  ArchivedPermit() {
    f.deploy(kPermitYaml);
    id = f.start("permit", R"({"name": "Erika Mustermann", "parcel": "Gießen, Flur 3, Flurstück 12/4"})").id;
    f.engine->attach_document(
        DocumentUpload{"giessen", id, "bescheid.pdf", "certificate", "application/pdf", kPdf, "clerk.anna"});
    f.engine->add_note("giessen", id, "Ortsbesichtigung am 3. März", "clerk.anna");
    const TaskRecord task = f.open_task("giessen", id);
    f.engine->claim("giessen", task.id, "clerk.anna");
    f.engine->complete("giessen", task.id, "clerk.anna", json::object{});
  }
};

}  // namespace

TEST_CASE("an archive package read back: every hash checks and the chain verifies", "[archive]") {
  ArchivedPermit permit;
  const std::string zip = case_archive(*permit.f.engine, "giessen", permit.id, permit.f.clock.now());
  REQUIRE(zip.substr(0, 2) == "PK");
  const Package files = package_of(zip, permit.id);
  for (const char* name :
       {"case.json", "history.jsonl", "notes.json", "documents.json", "xdomea.xml", "README.txt", "sha256sums.txt"})
    CHECK(files.count(name) == 1);
  const auto documents = json::parse(files.at("documents.json")).as_array();
  REQUIRE(documents.size() == 1);
  const std::string path(documents[0].at("path").as_string());
  CHECK(path == "documents/" + std::string(documents[0].at("id").as_string()) + "_bescheid.pdf");
  CHECK(files.at(path) == kPdf);  // byte for byte, NUL and high bytes included
  CHECK(json::parse(files.at("notes.json")).at(0).at("text") == "Ortsbesichtigung am 3. März");
  CHECK(problems_of(files, permit.id).empty());

  // The metadata maps the case onto xdomea's Akte, Vorgang and Dokument.
  const std::string& xml = files.at("xdomea.xml");
  CHECK(xml.find("<Akte>") != std::string::npos);
  CHECK(xml.find("<Kennzeichen>" + permit.id + "</Kennzeichen>") != std::string::npos);
  CHECK(xml.find("<Betreff>Baumfällgenehmigung: Genehmigt</Betreff>") != std::string::npos);
  CHECK(xml.find("<Laufzeit><Beginn>2026-03-02</Beginn><Ende>2026-03-02</Ende></Laufzeit>") != std::string::npos);
  CHECK(xml.find("<Aussonderungsart>B</Aussonderungsart><Aufbewahrungsdauer>issued: P1Y</Aufbewahrungsdauer>"
                 "<Fristende>2027-03-02</Fristende>") != std::string::npos);
  CHECK(xml.find("<Pruefsumme Verfahren=\"SHA-256\">" + sha256_hex(kPdf) + "</Pruefsumme>") != std::string::npos);
  CHECK(files.at("README.txt").find("Chain version 2") != std::string::npos);
}

TEST_CASE("a changed byte or history entry in an archive package is found", "[archive]") {
  ArchivedPermit permit;
  const Package good =
      package_of(case_archive(*permit.f.engine, "giessen", permit.id, permit.f.clock.now()), permit.id);
  REQUIRE(problems_of(good, permit.id).empty());

  Package document = good;
  const std::string path(json::parse(good.at("documents.json")).at(0).at("path").as_string());
  document[path][3] = 'X';
  CHECK(problems_of(document, permit.id) ==
        std::vector<std::string>{path + " does not match its SHA-256", path + " does not match documents.json"});

  Package history = good;
  const auto at = history["history.jsonl"].find("\"actor\":\"portal\"");
  REQUIRE(at != std::string::npos);
  history["history.jsonl"].replace(at, 16, "\"actor\":\"mallet\"");
  const auto found = problems_of(history, permit.id);
  REQUIRE(found.size() == 2);
  CHECK(found[0] == "history.jsonl does not match its SHA-256");
  CHECK(found[1] == "history: content does not match its hash");
}

TEST_CASE("read_zip refuses bytes that are no ZIP", "[archive]") {
  CHECK_THROWS_AS(read_zip("not a zip at all"), Error);
  const std::string zip = write_zip({{"a.txt", "eins"}, {"b/c.bin", std::string("\0\1", 2)}}, kMonday);
  const auto members = read_zip(zip);
  REQUIRE(members.size() == 2);
  CHECK(members[1] == ZipMember{"b/c.bin", std::string("\0\1", 2)});
}
