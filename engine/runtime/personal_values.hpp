// Where personal data sits in JSON values: the fields a form marks `personal: true` (dotted paths,
// `[]` for list items) found as JSON pointers, removed for retention and hidden for redaction.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace amtsweg {

// JSON pointers, each starting with `prefix`, of the non-null values inside `value` at the
// dotted `fields` ("applicant.name", "children[].name").
std::vector<std::string> personal_pointers(const boost::json::value& value, const std::vector<std::string>& fields,
                                           const std::string& prefix);

// The same inside a history entry's changes ({top-level field: [old, new]}): pointers
// "/changes/FIELD/0/..." and "/changes/FIELD/1/..." for the old and the new value.
std::vector<std::string> personal_pointers_in_changes(const boost::json::object& changes,
                                                      const std::vector<std::string>& fields);

// Removes the personal fields from `data` (a list item marked personal becomes null); returns how
// many values it removed.
int remove_personal_values(boost::json::value& data, const std::vector<std::string>& fields);

}  // namespace amtsweg
