// Reads the top-level `documents:` of a definition: the size limit and media types a case's file
// (eAkte) accepts, e.g. {max_size: 10 MiB, types: [application/pdf, image/*]}.
#pragma once

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The rules; what is not written keeps its default (DocumentRules). Findings go to `reader`.
DocumentRules read_document_rules(YamlReader& reader, const MapEntry& entry);

}  // namespace amtsweg
