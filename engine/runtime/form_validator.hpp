// Validates JSON data (an application, a clerk's task form) against a form's JSON Schema with
// valijson; compiled schemas are cached by their text. Thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace valijson {
class Schema;
}

namespace amtsweg {

class FormValidator {
 public:
  FormValidator();
  ~FormValidator();

  // Does nothing when `schema` is null. Otherwise throws Error{RuleViolation} whose message names
  // the failing fields and whose details are [{"field": "/applicant/name", "message": ...}, ...].
  // `what` names the form in the message ("application", "task form").
  void check(const boost::json::value& schema, const boost::json::value& data, std::string_view what);

 private:
  std::shared_ptr<const valijson::Schema> compiled(const boost::json::value& schema);

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const valijson::Schema>> cache_;  // guarded by mutex_
};

}  // namespace amtsweg
