// Walks dotted field paths through JSON values (see personal_values.hpp).
#include "engine/runtime/personal_values.hpp"

#include <algorithm>
#include <string_view>

namespace amtsweg {
namespace json = boost::json;

namespace {

struct Segment {
  std::string key;
  bool items = false;  // "name[]": the key holds a list, the path goes on in each item
};

std::vector<Segment> split_field(std::string_view field) {
  std::vector<Segment> segments;
  while (!field.empty()) {
    const auto dot = field.find('.');
    std::string_view part = field.substr(0, dot);
    Segment segment;
    segment.items = part.size() > 2 && part.substr(part.size() - 2) == "[]";
    if (segment.items) part.remove_suffix(2);
    segment.key = std::string(part);
    segments.push_back(std::move(segment));
    if (dot == std::string_view::npos) break;
    field.remove_prefix(dot + 1);
  }
  return segments;
}

// A pointer token: '~' and '/' escaped as RFC 6901 asks.
std::string token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

void walk(const json::value& value, const std::vector<Segment>& segments, std::size_t next, const std::string& pointer,
          std::vector<std::string>& out);

// `child` is what segment `next - 1` named; a list segment goes on in each of its items.
void walk_child(const json::value& child, const std::vector<Segment>& segments, std::size_t next,
                const std::string& pointer, std::vector<std::string>& out) {
  if (!segments[next - 1].items) return walk(child, segments, next, pointer, out);
  if (!child.is_array()) return;
  for (std::size_t i = 0; i < child.as_array().size(); ++i)
    walk(child.as_array()[i], segments, next, pointer + "/" + std::to_string(i), out);
}

void walk(const json::value& value, const std::vector<Segment>& segments, std::size_t next, const std::string& pointer,
          std::vector<std::string>& out) {
  if (value.is_null()) return;
  if (next == segments.size()) {
    out.push_back(pointer);
    return;
  }
  if (!value.is_object()) return;
  const auto it = value.as_object().find(segments[next].key);
  if (it == value.as_object().end()) return;
  walk_child(it->value(), segments, next + 1, pointer + "/" + token(segments[next].key), out);
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '~' && i + 1 < text.size()) {
      out += text[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> personal_pointers(const json::value& value, const std::vector<std::string>& fields,
                                           const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& field : fields) walk(value, split_field(field), 0, prefix, out);
  return out;
}

std::vector<std::string> personal_pointers_in_changes(const json::object& changes,
                                                      const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  for (const auto& field : fields) {
    const auto segments = split_field(field);
    if (segments.empty()) continue;
    const auto change = changes.find(segments[0].key);
    if (change == changes.end() || !change->value().is_array()) continue;
    const auto& old_and_new = change->value().as_array();
    for (std::size_t side = 0; side < old_and_new.size(); ++side)
      walk_child(old_and_new[side], segments, 1, "/changes/" + token(segments[0].key) + "/" + std::to_string(side),
                 out);
  }
  return out;
}

int remove_personal_values(json::value& data, const std::vector<std::string>& fields) {
  auto pointers = personal_pointers(data, fields, "");
  // Deepest first, so that removing a field never moves one still to be removed.
  std::sort(pointers.rbegin(), pointers.rend());
  int removed = 0;
  for (const auto& pointer : pointers) {
    const auto slash = pointer.rfind('/');
    boost::system::error_code error;
    json::value* parent = slash == 0 ? &data : data.find_pointer(pointer.substr(0, slash), error);
    if (!parent) continue;
    const std::string key = unescape(std::string_view(pointer).substr(slash + 1));
    if (parent->is_object()) {
      removed += parent->as_object().erase(key) > 0 ? 1 : 0;
    } else if (parent->is_array()) {
      json::value* item = data.find_pointer(pointer, error);
      if (item && !item->is_null()) {
        *item = nullptr;
        ++removed;
      }
    }
  }
  return removed;
}

}  // namespace amtsweg
