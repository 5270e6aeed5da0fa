// The checks a municipality's param overrides pass before they are stored: each names a param
// the definition declares, and has the kind of value its default has (a fee stays a number);
// "retention" (unless a param of that name is declared) overrides retention periods.
#pragma once

#include <boost/json/object.hpp>

#include "engine/model/definition.hpp"

namespace amtsweg {

// Throws Error{InvalidArgument} naming the param (details {"field": NAME}) when `overrides` names
// a param `definition` does not declare, or gives one a value of another kind than its default:
// number (integer or decimal), text, yes/no, list or mapping. A param whose default is null takes
// any value. Without this, `{"fee_first": "zwölf"}` would be stored and fail every case that
// computes a fee.
void check_param_overrides(const ProcessDefinition& definition, const boost::json::object& overrides);

}  // namespace amtsweg
