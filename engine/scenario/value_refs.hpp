// References from a scenario to the case under test: "${case.id}", "${data.payment_ref}", "${now}"
// in event correlations and payloads, task data, applications and expected values.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "engine/clock.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {

// What references resolve against: the step's case (null before any case was started) and the clock.
struct RefContext {
  const CaseRecord* record = nullptr;
  Timestamp now = 0;
};

// The first malformed reference in any string of `value` ("${date.fee}"), or nullopt.
std::optional<std::string> find_bad_ref(const boost::json::value& value);

// `value` with every reference replaced: a string that is exactly one reference becomes the
// referenced JSON value (numbers stay numbers); references inside longer text become text.
// Throws Error{NotFound} naming the reference when there is no case or no such data.
boost::json::value resolve_refs(const boost::json::value& value, const RefContext& context);

}  // namespace amtsweg
