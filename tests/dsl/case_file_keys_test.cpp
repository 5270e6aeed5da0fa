// The language's case-file keys: top-level `documents:` (max_size, types) with its defaults, a
// task's `requires_document:`, sizes as written, and every finding at its exact position.
#include <catch2/catch.hpp>

#include "engine/dsl/byte_size.hpp"
#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;
using amtsweg::testing::findings;
using amtsweg::testing::yaml;
using Lines = std::vector<std::string>;

namespace {

ProcessDefinition loaded(std::string_view text) {
  auto result = load_definition(yaml(text), "t.yaml");
  CAPTURE(amtsweg::testing::formatted(result.diagnostics));
  REQUIRE(result.ok());
  return *result.definition;
}

}  // namespace

TEST_CASE("sizes: bytes, or a number with a decimal or binary unit", "[dsl]") {
  CHECK(parse_byte_size("10 MiB") == 10 * 1024 * 1024);
  CHECK(parse_byte_size("10MiB") == 10 * 1024 * 1024);
  CHECK(parse_byte_size("10 mib") == 10 * 1024 * 1024);
  CHECK(parse_byte_size("500 kB") == 500'000);
  CHECK(parse_byte_size("500 KB") == 500'000);
  CHECK(parse_byte_size("64 KiB") == 65'536);
  CHECK(parse_byte_size("2 MB") == 2'000'000);
  CHECK(parse_byte_size("1.5 MiB") == 1'572'864);
  CHECK(parse_byte_size("1 GiB") == 1024LL * 1024 * 1024);
  CHECK(parse_byte_size("12 B") == 12);
  CHECK(parse_byte_size("10485760") == 10'485'760);
  CHECK(parse_byte_size("0.5 B") == 0);  // a fraction of a byte is dropped
  for (const char* bad : {"", "MiB", "10 parsecs", "-1", "1.", ".5 MiB", "10 MiB extra", "1e6", "10 M iB",
                          "99999999999999999999", "2000000 GiB"}) {
    INFO(bad);
    CHECK_FALSE(parse_byte_size(bad));
  }
  CHECK(format_byte_size(10 * 1024 * 1024) == "10 MiB");
  CHECK(format_byte_size(2048) == "2 KiB");
  CHECK(format_byte_size(1000) == "1000 bytes");
  CHECK(format_byte_size(1) == "1 byte");
}

TEST_CASE("without documents: a definition accepts 10 MiB of pdf, png, jpeg, xml and plain text", "[dsl]") {
  const auto d = loaded(R"(
id: t
title: T
start: a
states:
  a: {final: true}
)");
  CHECK(d.documents.max_size == 10 * 1024 * 1024);
  CHECK(d.documents.types == std::vector<std::string>{"application/pdf", "image/png", "image/jpeg", "application/xml",
                                                      "text/xml", "text/plain"});
  CHECK(d.documents.pos.line == 0);
}

TEST_CASE("documents: sets the size limit and the media types, lower-cased", "[dsl]") {
  const auto d = loaded(R"(
id: t
title: T
start: a
documents:
  max_size: 2.5 MB
  types: [application/pdf, IMAGE/*, application/vnd.oasis.opendocument.text]
states:
  a:
    task: {title: Bescheid erstellen, role: amt, requires_document: bescheid}
    on: {task.completed: b}
  b: {final: true}
)");
  CHECK(d.documents.max_size == 2'500'000);
  CHECK(d.documents.types ==
        std::vector<std::string>{"application/pdf", "image/*", "application/vnd.oasis.opendocument.text"});
  CHECK(d.documents.pos.line == 4);
  CHECK(d.find_state("a")->task->requires_document == "bescheid");
  CHECK(loaded(R"(
id: t
title: T
start: a
documents: {max_size: 4096}
states:
  a: {final: true}
)")
            .documents.max_size == 4096);
}

TEST_CASE("documents: findings name the value and where it is", "[dsl]") {
  CHECK(findings(R"(
id: t
title: T
start: a
documents:
  max_size: 10 parsecs
  types: [application/pdf, pdf, application/pdf, {a: b}]
  maxsize: 1
states:
  a: {final: true}
)") == Lines{
           "t.yaml:5:13: '10 parsecs' is not a size: write a number of bytes or a number with B, kB, KiB, MB "
           "or MiB (e.g. 10 MiB)",
           "t.yaml:6:28: 'pdf' is not a media type: write type/subtype (e.g. application/pdf) or type/* "
           "(e.g. image/*)",
           "t.yaml:6:33: media type 'application/pdf' is listed twice",
           "t.yaml:6:50: a media type must be text such as application/pdf",
           "t.yaml:7:3: unknown key 'maxsize'; did you mean 'max_size'?",
       });
  CHECK(findings(R"(
id: t
title: T
start: a
documents:
  max_size: 64 MiB
  types: []
states:
  a: {final: true}
)") == Lines{
           "t.yaml:5:13: 'max_size' of 64 MiB exceeds the largest allowed, 32 MiB",
           "t.yaml:6:10: 'types' must be a non-empty list of media types (e.g. [application/pdf, image/*])",
       });
  CHECK(findings(R"(
id: t
title: T
start: a
documents: {max_size: 0, types: image/png}
states:
  a: {final: true}
)") == Lines{
           "t.yaml:4:23: 'max_size' must be at least 1 byte",
           "t.yaml:4:33: 'types' must be a non-empty list of media types (e.g. [application/pdf, image/*])",
       });
  CHECK(findings(R"(
id: t
title: T
start: a
documents: [application/pdf]
document: {}
states:
  a: {final: true}
)") == Lines{
           "t.yaml:4:12: 'documents' must be a mapping {max_size: ..., types: [...]}",
           "t.yaml:5:1: unknown key 'document'; did you mean 'documents'?",
       });
}

TEST_CASE("requires_document: names a document kind", "[dsl]") {
  CHECK(findings(R"(
id: t
title: T
start: a
states:
  a:
    task:
      title: A
      role: r
      requires_document: Urkunde (signiert)
    on: {task.completed: b}
  b:
    task: {title: B, role: r, requires_document: [a, b], require_document: c}
    on: {task.completed: c}
  c: {final: true}
)") == Lines{
           "t.yaml:9:26: invalid document kind 'Urkunde (signiert)': use lower-case letters, digits, '_', '-' "
           "and '.', starting with a letter or digit, at most 64 characters",
           "t.yaml:12:50: 'requires_document' must be the kind of a document (e.g. certificate)",
           "t.yaml:12:58: unknown key 'require_document'; did you mean 'requires_document'?",
       });
}
