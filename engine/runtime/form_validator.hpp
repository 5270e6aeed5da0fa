// Validates JSON data (an application, a clerk's task form) against a form's JSON Schema with
// valijson; compiled schemas are cached by their text, compiled patterns in the validators kept
// for reuse. Thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace valijson {
class Schema;
class Validator;
}  // namespace valijson

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
  // An idle validator, or a new one. A valijson::Validator keeps the std::regex of every pattern
  // it has met (compiling one costs more than a whole validation), and is not thread-safe: each
  // check borrows one and gives it back.
  std::unique_ptr<valijson::Validator> borrow_validator();
  void give_back(std::unique_ptr<valijson::Validator> validator);

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const valijson::Schema>> cache_;  // guarded by mutex_
  std::vector<std::unique_ptr<valijson::Validator>> idle_validators_;     // guarded by mutex_
};

}  // namespace amtsweg
