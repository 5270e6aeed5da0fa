// The correctly rounding JSON parser of json_parse.hpp: Boost.JSON's basic_parser with a handler
// that builds the value as Boost's own does, except that a double comes from its text.
#include "engine/model/json_parse.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <string>

namespace amtsweg {
namespace {

namespace json = boost::json;
using boost::system::error_code;

// The handler of Boost.JSON's own parser (boost/json/detail/handler.hpp), with on_double replaced.
struct ValueBuilder {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack stack;
  std::string number;  // the number's text so far, when the input ends inside a number

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code&) { return stack.push_object(n), true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) { return stack.push_array(n), true; }
  bool on_key_part(json::string_view s, std::size_t, error_code&) { return stack.push_chars(s), true; }
  bool on_key(json::string_view s, std::size_t, error_code&) { return stack.push_key(s), true; }
  bool on_string_part(json::string_view s, std::size_t, error_code&) { return stack.push_chars(s), true; }
  bool on_string(json::string_view s, std::size_t, error_code&) { return stack.push_string(s), true; }
  bool on_number_part(json::string_view s, error_code&) { return number.append(s.data(), s.size()), true; }
  bool on_int64(std::int64_t i, json::string_view, error_code&) { return number.clear(), stack.push_int64(i), true; }
  bool on_uint64(std::uint64_t u, json::string_view, error_code&) { return number.clear(), stack.push_uint64(u), true; }
  bool on_bool(bool b, error_code&) { return stack.push_bool(b), true; }
  bool on_null(error_code&) { return stack.push_null(), true; }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }

  // Boost's `approximate` is kept only where from_chars reports the number out of range: beyond
  // a double (infinity, refused later by name) or below the smallest subnormal (zero).
  bool on_double(double approximate, json::string_view last_part, error_code&) {
    number.append(last_part.data(), last_part.size());
    double exact = approximate;
    const auto [end, failure] = std::from_chars(number.data(), number.data() + number.size(), exact);
    stack.push_double(failure == std::errc() && end == number.data() + number.size() ? exact : approximate);
    number.clear();
    return true;
  }
};

}  // namespace

json::value parse_json(std::string_view text, error_code& error, std::size_t& consumed) {
  json::basic_parser<ValueBuilder> parser(json::parse_options{});
  parser.handler().stack.reset();
  consumed = parser.write_some(false, text.data(), text.size(), error);
  if (!error && consumed != text.size()) error = json::error::extra_data;
  if (error) return nullptr;
  return parser.handler().stack.release();
}

json::value parse_json(std::string_view text, error_code& error) {
  std::size_t consumed = 0;
  return parse_json(text, error, consumed);
}

json::value parse_json(std::string_view text) {
  error_code error;
  json::value value = parse_json(text, error);
  if (error) throw boost::system::system_error(error);
  return value;
}

}  // namespace amtsweg
