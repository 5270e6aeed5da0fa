// Fields whose allowed values are a tenant's param (`x-enum-param` in a form): checked when the
// data arrives, against the params of the case's tenant, as JSON Schema's `enum` would be.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "engine/model/definition.hpp"

namespace amtsweg {

// Throws Error{RuleViolation} as a form error does ("application is invalid: /zone: ...", details
// [{"field": "/zone", "message", "allowed"}]) when a field of `form.param_enums` present in `data`
// holds a value that the param's list (in `params`) does not contain. `what` names the form.
void check_param_enums(const FormSchema& form, const boost::json::value& data, const boost::json::value& params,
                       std::string_view what);

// `form`'s JSON Schema with the tenant's allowed values written in: each `x-enum-param` field gets
// `enum` with the param's list from `params`, so that a form renderer offers exactly the values
// intake accepts. Fields the path does not reach through `properties` (and `items` for "[]"),
// such as those inside an `if`/`then`, are left as they are: intake still checks them.
boost::json::value schema_with_param_enums(const FormSchema& form, const boost::json::value& params);

// Throws Error{InvalidArgument} naming the param ("zones: must be a list of the allowed values ...")
// when a tenant's `overrides` give a param that a form's `x-enum-param` uses anything but a list.
void check_param_enum_overrides(const ProcessDefinition& definition, const boost::json::object& overrides);

}  // namespace amtsweg
