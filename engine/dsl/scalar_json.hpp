// How a YAML scalar becomes a JSON value: quoted and block scalars are strings; plain ones are
// resolved like YAML 1.2's core schema (null, true/false, integers, floats, else strings).
#pragma once

#include <yaml-cpp/yaml.h>

#include <boost/json/value.hpp>
#include <optional>

namespace amtsweg {

// The JSON value of a scalar or null node (integers stay integers, floats become doubles).
boost::json::value scalar_to_json(const YAML::Node& node);

// True when the node is a scalar written in quotes or as a block (| >) or tagged !!str:
// certainly a string, even when it reads "true" or "12".
bool is_string_scalar(const YAML::Node& node);

// The value of a plain `true`/`false` scalar; nullopt for anything else.
std::optional<bool> plain_boolean(const YAML::Node& node);

}  // namespace amtsweg
