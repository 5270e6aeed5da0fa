// JSON Merge Patch (RFC 7386): how a scenario's application is written as the differences from
// the file's base application.
#pragma once

#include <boost/json/value.hpp>

namespace amtsweg {

// `target` changed by `patch`: a mapping patch merges field by field (recursively), a null field
// removes that field, anything else replaces the target as a whole.
boost::json::value merge_patch(boost::json::value target, const boost::json::value& patch);

}  // namespace amtsweg
