// Media type syntax and matching (see media_type.hpp). Tokens are RFC 9110's tchar set.
#include "engine/model/media_type.hpp"

#include <algorithm>
#include <cctype>

namespace amtsweg {
namespace {

bool is_token(std::string_view text) {
  static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (std::isalnum(u) && !std::isupper(u)) || kSymbols.find(c) != std::string_view::npos;
  });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

bool is_media_range(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view type = text.substr(0, slash), subtype = text.substr(slash + 1);
  return type != "*" && is_token(type) && (subtype == "*" || is_token(subtype));
}

std::string media_type_of(std::string_view content_type) {
  std::string type(trim(content_type.substr(0, content_type.find(';'))));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!is_media_range(type) || type.ends_with("/*")) return {};  // a range names no one type
  return type;
}

bool media_type_allowed(std::string_view media_type, const std::vector<std::string>& allowed) {
  if (media_type.empty()) return false;
  const std::string_view type = media_type.substr(0, media_type.find('/') + 1);  // "image/"
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& entry) {
    return entry == media_type || (entry.ends_with("/*") && entry.substr(0, entry.size() - 1) == type);
  });
}

}  // namespace amtsweg
