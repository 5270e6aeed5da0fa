// Query-string and header helpers of the plain request type (see http_message.hpp).
// Kept free of Beast so that routing and handlers compile and test quickly.
#include "adapters/rest/http_message.hpp"

#include <atomic>
#include <memory>

#include <algorithm>
#include <cctype>

namespace amtsweg::rest {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    const int ca = std::tolower(static_cast<unsigned char>(a[i]));
    const int cb = std::tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca < cb;
  }
  return a.size() < b.size();
}

std::string_view Request::path() const {
  const std::string_view whole(target);
  return whole.substr(0, whole.find('?'));
}

std::map<std::string, std::string> Request::query_parameters() const {
  std::map<std::string, std::string> parameters;
  const std::size_t mark = target.find('?');
  if (mark == std::string::npos) return parameters;
  std::string_view rest = std::string_view(target).substr(mark + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string name = decode_query_component(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : decode_query_component(pair.substr(eq + 1));
    parameters.emplace(std::move(name), std::move(value));  // the first occurrence wins
  }
  return parameters;
}

std::optional<std::string> Request::query(std::string_view name) const {
  auto parameters = query_parameters();
  const auto found = parameters.find(std::string(name));
  if (found == parameters.end()) return std::nullopt;
  return found->second;
}

std::string Request::header(std::string_view name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

std::string decode_query_component(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      decoded += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      decoded += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      decoded += c;
    }
  }
  return decoded;
}

void respond_guarded(const std::function<void(Respond)>& start, Respond respond,
                     const std::function<Response(const std::exception_ptr&)>& on_throw) {
  auto responded = std::make_shared<std::atomic<bool>>(false);
  try {
    start([respond, responded](Response response) {
      responded->store(true);
      respond(std::move(response));
    });
  } catch (...) {
    if (!responded->load()) respond(on_throw(std::current_exception()));
  }
}

}  // namespace amtsweg::rest
