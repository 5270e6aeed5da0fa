// A minimal blocking HTTP/1.1 client on a raw POSIX socket for the server tests: it can send
// exactly the bytes a test wants (pipelined, malformed, oversize) and read responses one by one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/rest/http_message.hpp"

namespace amtsweg::testing {

struct HttpReply {
  int status = 0;
  rest::HeaderMap headers;
  std::string body;
};

class HttpTestClient {
 public:
  // Connects to 127.0.0.1:port; reads give up after `timeout_seconds`. Throws std::runtime_error.
  explicit HttpTestClient(unsigned short port, int timeout_seconds = 10);
  ~HttpTestClient();
  HttpTestClient(const HttpTestClient&) = delete;
  HttpTestClient& operator=(const HttpTestClient&) = delete;

  void send_raw(std::string_view bytes);
  // Reads one response (the server always sends Content-Length). Throws when the connection
  // closes or times out first.
  HttpReply read_reply();
  // Sends a request with Host, Content-Length and the given extra header lines, then reads the reply.
  HttpReply request(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& extra_headers = "");
  // True when the server has closed the connection (the next read sees end of stream).
  bool closed_by_server();

  static std::string format_request(const std::string& method, const std::string& target, const std::string& body,
                                    const std::string& extra_headers);

 private:
  std::optional<char> next_byte();
  std::string read_line();

  int socket_ = -1;
  std::string buffer_;
  std::size_t position_ = 0;
};

}  // namespace amtsweg::testing
