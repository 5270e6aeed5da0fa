// Case data helpers: writing a value at a dotted path ("payment.reference") and the top-level
// diff between two versions of the data that history entries record.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace amtsweg {

// Sets `value` at `dotted_path`, creating intermediate objects; a non-object in the way is replaced.
void set_data_path(boost::json::object& data, std::string_view dotted_path, boost::json::value value);

// {field: [old, new]} for every top-level field that differs (absent fields count as null).
boost::json::object diff_data(const boost::json::object& before, const boost::json::object& after);

}  // namespace amtsweg
