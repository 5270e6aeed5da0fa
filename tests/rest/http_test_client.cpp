// The raw-socket HTTP test client (see http_test_client.hpp). Deliberately independent of Beast,
// so the server is checked by a second implementation of the protocol.
#include "tests/rest/http_test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace amtsweg::testing {

HttpTestClient::HttpTestClient(unsigned short port, int timeout_seconds) {
  socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  timeval timeout{timeout_seconds, 0};
  ::setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(socket_);
    throw std::runtime_error("connect: " + reason);
  }
}

HttpTestClient::~HttpTestClient() {
  if (socket_ >= 0) ::close(socket_);
}

void HttpTestClient::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) throw std::runtime_error("send: " + std::string(std::strerror(errno)));
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

std::optional<char> HttpTestClient::next_byte() {
  if (position_ == buffer_.size()) {
    buffer_.clear();
    position_ = 0;
    char chunk[4096];
    const ssize_t received = ::recv(socket_, chunk, sizeof chunk, 0);
    if (received <= 0) return std::nullopt;
    buffer_.assign(chunk, static_cast<std::size_t>(received));
  }
  return buffer_[position_++];
}

std::string HttpTestClient::read_line() {
  std::string line;
  while (true) {
    const auto c = next_byte();
    if (!c) throw std::runtime_error("connection closed or timed out while reading a response");
    if (*c == '\n') break;
    if (*c != '\r') line += *c;
  }
  return line;
}

HttpReply HttpTestClient::read_reply() {
  HttpReply reply;
  const std::string status_line = read_line();  // "HTTP/1.1 200 OK"
  if (status_line.size() < 12) throw std::runtime_error("bad status line: " + status_line);
  reply.status = std::stoi(status_line.substr(9, 3));
  for (std::string line = read_line(); !line.empty(); line = read_line()) {
    const std::size_t colon = line.find(':');
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    reply.headers[line.substr(0, colon)] = value;
  }
  const auto length = reply.headers.find("Content-Length");
  const std::size_t size = length == reply.headers.end() ? 0 : std::stoul(length->second);
  while (reply.body.size() < size) {
    const auto c = next_byte();
    if (!c) throw std::runtime_error("connection closed while reading a body");
    reply.body += *c;
  }
  return reply;
}

std::string HttpTestClient::format_request(const std::string& method, const std::string& target,
                                           const std::string& body, const std::string& extra_headers) {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + extra_headers + "\r\n" + body;
}

HttpReply HttpTestClient::request(const std::string& method, const std::string& target, const std::string& body,
                                  const std::string& extra_headers) {
  send_raw(format_request(method, target, body, extra_headers));
  return read_reply();
}

bool HttpTestClient::closed_by_server() { return !next_byte().has_value(); }

}  // namespace amtsweg::testing
