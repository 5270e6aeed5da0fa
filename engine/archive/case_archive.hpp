// The case file as an archive package: one ZIP with the case, its history as JSON lines with the
// hash chain, its notes, every document with its SHA-256, xdomea-oriented metadata and a manifest.
#pragma once

#include <string>

#include "engine/runtime/engine.hpp"

namespace amtsweg {

// The package of the tenant's case, all under the folder CASE_ID/:
//   case.json, history.jsonl (one entry a line), notes.json, documents.json, documents/ID_NAME,
//   xdomea.xml, README.txt (how to verify), sha256sums.txt (every other file; `sha256sum -c`).
// Unredacted: it is for the archive. Error{NotFound} for no such case of the tenant.
std::string case_archive(Engine& engine, const std::string& tenant, const std::string& case_id, Timestamp now);

}  // namespace amtsweg
