// The JSON checks of json_checks.hpp: one depth-first walk that stops at the first problem and
// names where it is, so a user learns which field to fix.
#include "engine/model/json_checks.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/error.hpp"
#include "engine/model/json_parse.hpp"

namespace amtsweg {
namespace {

namespace json = boost::json;

struct Finding {
  std::string path;
  std::string problem;
};

bool is_identifier(std::string_view text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text.front()))) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; });
}

bool is_forbidden_control(unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F; }

// "" when `text` is clean, else what is wrong with it.
std::string control_problem(std::string_view text) {
  const auto found = std::find_if(text.begin(), text.end(), [](char c) { return is_forbidden_control(c); });
  if (found == text.end()) return "";
  char code[8];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(*found)));
  return std::string("contains the control character ") + code + " at byte " + std::to_string(found - text.begin()) +
         "; text may hold no control characters but tab, line feed and "
         "carriage return";
}

class Walk {
 public:
  explicit Walk(bool text_too) : text_too_(text_too) {}

  std::optional<Finding> first(const json::value& value, std::string path) {
    if (!has_problem(value)) return std::nullopt;  // the common case, without building paths
    path_ = std::move(path);
    if (visit(value)) return Finding{path_, problem_};
    return std::nullopt;
  }

 private:
  bool has_problem(const json::value& value) const {
    switch (value.kind()) {
      case json::kind::double_:
        return !std::isfinite(value.get_double());
      case json::kind::string:
        return text_too_ && !control_problem(value.get_string()).empty();
      case json::kind::array:
        return std::any_of(value.get_array().begin(), value.get_array().end(),
                           [this](const json::value& item) { return has_problem(item); });
      case json::kind::object:
        return std::any_of(value.get_object().begin(), value.get_object().end(), [this](const auto& member) {
          return (text_too_ && !control_problem(member.key()).empty()) || has_problem(member.value());
        });
      default:
        return false;
    }
  }

  // True when a problem was found; path_ then names it.
  bool visit(const json::value& value) {
    switch (value.kind()) {
      case json::kind::double_:
        if (std::isfinite(value.get_double())) return false;
        problem_ = "the number is out of range (larger than a double can hold, e.g. 1e400); JSON cannot store it";
        return true;
      case json::kind::string:
        if (!text_too_) return false;
        problem_ = control_problem(value.get_string());
        return !problem_.empty();
      case json::kind::array:
        return visit_array(value.get_array());
      case json::kind::object:
        return visit_object(value.get_object());
      default:
        return false;
    }
  }

  bool visit_array(const json::array& array) {
    const std::size_t length = path_.size();
    for (std::size_t i = 0; i < array.size(); ++i) {
      path_ = json_element_path(path_, i);
      if (visit(array[i])) return true;
      path_.resize(length);
    }
    return false;
  }

  bool visit_object(const json::object& object) {
    const std::size_t length = path_.size();
    for (const auto& member : object) {
      path_ = json_member_path(path_, member.key());
      if (text_too_) {
        problem_ = control_problem(member.key());
        if (!problem_.empty()) {
          problem_ = "the key " + problem_;
          return true;
        }
      }
      if (visit(member.value())) return true;
      path_.resize(length);
    }
    return false;
  }

  bool text_too_;
  std::string path_;
  std::string problem_;
};

[[noreturn]] void refuse(const Finding& finding, std::string_view context = "") {
  const std::string field = finding.path.empty() ? "(the whole value)" : finding.path;
  throw Error(ErrorKind::InvalidArgument,
              (context.empty() ? "" : std::string(context) + ": ") + field + ": " + finding.problem,
              json::object{{"field", finding.path}});
}

}  // namespace

std::string json_member_path(std::string_view root, std::string_view key) {
  if (is_identifier(key)) return root.empty() ? std::string(key) : std::string(root) + "." + std::string(key);
  return std::string(root) + "[" + json::serialize(json::string_view(key.data(), key.size())) + "]";
}

std::string json_element_path(std::string_view root, std::size_t index) {
  return std::string(root) + "[" + std::to_string(index) + "]";
}

std::optional<std::string> first_non_finite(const json::value& value, std::string_view root) {
  auto finding = Walk(false).first(value, std::string(root));
  if (!finding) return std::nullopt;
  return finding->path;
}

void require_finite_json(const json::value& value, std::string_view root) {
  if (auto finding = Walk(false).first(value, std::string(root))) refuse(*finding);
}

void require_clean_json(const json::value& value, std::string_view root) {
  if (auto finding = Walk(true).first(value, std::string(root))) refuse(*finding);
}

std::string finite_json_text(const json::value& value, std::string_view what) {
  if (auto finding = Walk(false).first(value, std::string(what))) refuse(*finding, "refusing to store");
  return json::serialize(value);
}

json::value parse_clean_json(std::string_view text, std::string_view root) {
  boost::system::error_code error;
  std::size_t consumed = 0;
  json::value value = parse_json(text, error, consumed);
  if (error)
    throw Error(ErrorKind::InvalidArgument,
                std::string(root.empty() ? "the value" : root) + " is not valid JSON: " + error.message() +
                    " at byte " + std::to_string(consumed),
                json::object{{"field", root}, {"offset", consumed}});
  require_clean_json(value, root);
  return value;
}

}  // namespace amtsweg
