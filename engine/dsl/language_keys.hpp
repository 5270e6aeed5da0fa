// The keys of every fixed mapping of the process language, one table per kind of mapping: the
// readers refuse any other key with these tables, and a test holds process.schema.json to them.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "engine/dsl/yaml_reader.hpp"

namespace amtsweg::language_keys {

inline const AllowedKeys kTopLevel = {"id",     "version",   "title",  "description", "summary", "start",     "form",
                                      "params", "correlate", "states", "documents",   "events",  "retention", "stats"};
inline const AllowedKeys kParam = {"default", "description"};  // a param's long form
inline const AllowedKeys kCorrelate = {"keys", "related"};
inline const AllowedKeys kState = {"title", "description", "entry", "exit",    "on",       "always",
                                   "after", "task",        "final", "outcome", "parallel", "join"};
inline const AllowedKeys kRegion = {"start", "states"};
inline const AllowedKeys kTransition = {"to", "when", "do"};
inline const AllowedKeys kTimer = {"in", "at", "to", "when", "do"};
inline const AllowedKeys kAction = {"set", "emit", "notify", "script", "assign", "when"};
inline const AllowedKeys kEmit = {"type", "payload"};
inline const AllowedKeys kNotify = {"to", "subject", "text"};
inline const AllowedKeys kAssign = {"user", "role"};
inline const AllowedKeys kTask = {"title", "description", "role",     "assignee",  "form",
                                  "due",   "remind",      "escalate", "four_eyes", "requires_document"};
inline const AllowedKeys kRequiredDocument = {"kind", "when"};
inline const AllowedKeys kEscalation = {"after", "notify", "reassign"};
inline const AllowedKeys kDocuments = {"max_size", "types"};
inline const AllowedKeys kEvent = {"buffer", "description"};
inline const AllowedKeys kStats = {"success", "amount", "dimensions"};

// Every table with the name of the definition in process.schema.json that describes the same
// mapping ("" for the top level), so the schema test can compare them both ways.
inline const std::vector<std::pair<std::string_view, const AllowedKeys*>> kSchemaDefinitions = {
    {"", &kTopLevel},
    {"paramLongForm", &kParam},
    {"correlate", &kCorrelate},
    {"state", &kState},
    {"region", &kRegion},
    {"transition", &kTransition},
    {"timer", &kTimer},
    {"action", &kAction},
    {"emit", &kEmit},
    {"notify", &kNotify},
    {"assign", &kAssign},
    {"task", &kTask},
    {"requiredDocument", &kRequiredDocument},
    {"escalation", &kEscalation},
    {"documents", &kDocuments},
    {"eventDeclaration", &kEvent},
    {"stats", &kStats},
};

}  // namespace amtsweg::language_keys
