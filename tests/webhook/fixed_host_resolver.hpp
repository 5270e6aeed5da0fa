// A HostResolver for tests: answers every host with the addresses it was given, without asking
// any DNS, so the dispatcher's check of resolved addresses can be tested against forbidden ones.
#pragma once

#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "adapters/webhook/host_resolver.hpp"

namespace amtsweg::testing {

class FixedHostResolver : public webhook::HostResolver {
 public:
  explicit FixedHostResolver(std::vector<std::string> addresses) : addresses_(std::move(addresses)) {}

  void resolve(boost::asio::io_context& io, const std::string&, const std::string& port, std::chrono::milliseconds,
               Done done) override {
    ++asked_;
    webhook::ResolvedHost resolved;
    for (const std::string& address : addresses_)
      resolved.endpoints.emplace_back(boost::asio::ip::make_address(address),
                                      static_cast<unsigned short>(std::stoi(port)));
    boost::asio::post(io, [resolved = std::move(resolved), done = std::move(done)] { done(resolved); });
  }

  int asked() const { return asked_; }

 private:
  const std::vector<std::string> addresses_;
  std::atomic<int> asked_{0};
};

}  // namespace amtsweg::testing
