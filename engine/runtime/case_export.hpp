// A case exported whole for reports and archives: the case view, its history with the chain, its
// notes and its documents' metadata with their SHA-256, optionally with personal values hidden.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "engine/runtime/engine.hpp"

namespace amtsweg {

// {"case": ..., "history": [...], "notes": [...], "documents": [...], "verification": "...",
//  "redacted": "personal" (only when redacted)}. Error{NotFound} for no such case of the tenant.
boost::json::object export_case(Engine& engine, const std::string& tenant, const std::string& case_id, bool redact,
                                Timestamp now);

// How to check the exported history: the hash rules of each chain version, in words.
extern const char* const kChainVerificationHint;

}  // namespace amtsweg
