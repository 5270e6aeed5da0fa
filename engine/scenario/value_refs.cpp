// Finding and replacing ${...} references in the JSON values of a scenario.
#include "engine/scenario/value_refs.hpp"

#include <boost/json.hpp>
#include <regex>

#include "engine/error.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

const std::regex& any_ref() {
  static const std::regex pattern{R"(\$\{([^}]*)\})"};
  return pattern;
}

bool well_formed(const std::string& ref) {
  static const std::regex pattern{R"(case\.id|now|data(\.[A-Za-z0-9_]+)+)"};
  return std::regex_match(ref, pattern);
}

json::value lookup(const std::string& ref, const RefContext& context) {
  if (ref == "now") return json::value(format_timestamp(context.now));
  if (context.record == nullptr)
    throw Error(ErrorKind::NotFound, "${" + ref + "} refers to a case, but none was started");
  if (ref == "case.id") return json::value(context.record->id);
  const json::value root = context.record->data;
  const json::value* at = &root;
  std::size_t start = 5;  // after "data."
  while (start <= ref.size()) {
    std::size_t end = ref.find('.', start);
    if (end == std::string::npos) end = ref.size();
    const std::string name = ref.substr(start, end - start);
    if (!at->is_object() || !at->as_object().contains(name))
      throw Error(ErrorKind::NotFound, "${" + ref + "}: the case has no " + ref);
    at = &at->as_object().at(name);
    start = end + 1;
  }
  return *at;
}

std::string as_text(const json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : json::serialize(value);
}

template <class Visit>
void for_each_string(const json::value& value, Visit visit) {
  if (value.is_string()) visit(std::string(value.as_string()));
  if (value.is_array())
    for (const auto& item : value.as_array()) for_each_string(item, visit);
  if (value.is_object())
    for (const auto& [key, item] : value.as_object()) for_each_string(item, visit);
}

}  // namespace

std::optional<std::string> find_bad_ref(const json::value& value) {
  std::optional<std::string> bad;
  for_each_string(value, [&](const std::string& text) {
    for (std::sregex_iterator it(text.begin(), text.end(), any_ref()), end; it != end && !bad; ++it)
      if (!well_formed((*it)[1])) bad = (*it)[0];
  });
  return bad;
}

json::value resolve_refs(const json::value& value, const RefContext& context) {
  if (value.is_array()) {
    json::array out;
    for (const auto& item : value.as_array()) out.push_back(resolve_refs(item, context));
    return out;
  }
  if (value.is_object()) {
    json::object out;
    for (const auto& [key, item] : value.as_object()) out[key] = resolve_refs(item, context);
    return out;
  }
  if (!value.is_string()) return value;
  const std::string text(value.as_string());
  std::smatch whole;
  if (std::regex_match(text, whole, any_ref())) return lookup(whole[1], context);
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), any_ref()), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    out += as_text(lookup((*it)[1], context));
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return json::value(out);
}

}  // namespace amtsweg
