// The system resolver behind HostResolver (see host_resolver.hpp).
#include "adapters/webhook/host_resolver.hpp"

#include <boost/asio/steady_timer.hpp>

namespace amtsweg::webhook {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class SystemHostResolver : public HostResolver {
 public:
  void resolve(net::io_context& io, const std::string& host, const std::string& port, std::chrono::milliseconds timeout,
               Done done) override {
    // Both live until the last handler ran; the resolver has no deadline of its own, so the
    // timer cancels it.
    auto resolver = std::make_shared<tcp::resolver>(io);
    auto deadline = std::make_shared<net::steady_timer>(io);
    deadline->expires_after(timeout);
    deadline->async_wait([resolver](boost::system::error_code error) {
      if (!error) resolver->cancel();
    });
    resolver->async_resolve(host, port,
                            [resolver, deadline, host, timeout, done = std::move(done)](
                                boost::system::error_code error, const tcp::resolver::results_type& results) {
                              deadline->cancel();
                              ResolvedHost resolved;
                              if (error == net::error::operation_aborted)
                                resolved.error =
                                    "timed out after " + std::to_string(timeout.count()) + " ms resolving " + host;
                              else if (error)
                                resolved.error = "cannot resolve " + host + ": " + error.message();
                              for (const auto& entry : results) resolved.endpoints.push_back(entry.endpoint());
                              done(std::move(resolved));
                            });
  }
};

}  // namespace

std::shared_ptr<HostResolver> system_host_resolver() { return std::make_shared<SystemHostResolver>(); }

}  // namespace amtsweg::webhook
