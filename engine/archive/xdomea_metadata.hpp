// The metadata file of a case's archive package, oriented on xdomea (the German records-management
// exchange standard): the process as Akte, the case as Vorgang, its documents as Dokument.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/clock.hpp"

namespace amtsweg {

struct ArchiveDocument {
  std::string id;
  std::string name;
  std::string content_type;
  std::string path;  // inside the package
  std::string sha256;
  std::int64_t size = 0;
  Timestamp added_at = 0;
};

// What the metadata says about one case.
struct ArchiveFacts {
  std::string tenant;
  std::string case_id;  // also its file reference (Aktenzeichen): amtsweg has no file plan
  std::string process_id;
  int process_version = 0;
  std::string process_title;
  std::string state_title;
  std::string status;
  std::string outcome;
  Timestamp created_at = 0;
  std::optional<Timestamp> closed_at;
  std::string retention_rule;                // "issued: P1Y"; empty: none applies (yet)
  std::optional<Timestamp> retention_until;  // when its personal data is deleted
  std::string history_head;
  std::int64_t history_length = 0;
  std::vector<ArchiveDocument> documents;
};

// UTF-8 XML: Akte > Vorgang > Dokument with Identifikation, AllgemeineMetadaten (Betreff,
// Kennzeichen), Laufzeit, Archivbewertung (Aussonderungsart "B", to be appraised by the archive;
// the retention rule as Aufbewahrungsdauer, its end as Fristende) and, per document, format, file
// and SHA-256. Not a schema-valid xdomea message.
std::string xdomea_metadata(const ArchiveFacts& facts);

}  // namespace amtsweg
