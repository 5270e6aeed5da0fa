// Where webhooks may go: the URL hosts refused at subscription (loopback, private, link-local,
// reserved, and every numeric spelling of them), the operator's allow list, and how numeric hosts
// are read. Subscriptions go through a real engine; nothing here opens a connection.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/runtime/ip_address.hpp"
#include "engine/runtime/webhook_target_policy.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

EngineOptions allowing(const std::vector<std::string>& allow) {
  EngineOptions options;
  options.webhook_targets = WebhookTargetPolicy(allow);
  return options;
}

// The refusal of subscribing to `url`, or "" when the subscription was made.
std::string refusal(EngineFixture& f, const std::string& url) {
  try {
    f.engine->create_webhook(NewWebhook{"giessen", url, {"*"}, std::nullopt});
    return "";
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::InvalidArgument);
    CHECK(error.details().at("field") == "url");
    return error.what();
  }
}

}  // namespace

TEST_CASE("webhook targets: internal addresses and their numeric spellings are refused at subscription",
          "[webhooks][ssrf]") {
  EngineFixture f;  // nothing allowed: the default of `amtsweg serve`
  // URL -> what the refusal must say.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"http://127.0.0.1/hook", "127.0.0.1 is a loopback address (127.0.0.0/8)"},
      {"http://127.8.9.10:8080/x", "loopback"},
      {"http://[::1]:9/", "::1 is a loopback address (::1/128)"},
      {"http://localhost/", "'localhost' is a loopback name"},
      {"http://LocalHost.:8080/", "'localhost' is a loopback name"},
      {"http://api.localhost/", "'api.localhost' is a loopback name"},
      {"http://0.0.0.0/", "unspecified"},
      {"http://0/", "'0' means 0.0.0.0 is an unspecified address"},
      {"http://[::]/", ":: is the unspecified address"},
      {"http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"},
      {"http://[fe80::1]/", "fe80::1 is a link-local address (fe80::/10)"},
      {"http://10.1.2.3/", "10.1.2.3 is a private address (10.0.0.0/8)"},
      {"http://172.16.0.1/", "private address (172.16.0.0/12)"},
      {"http://172.31.255.255/", "private address (172.16.0.0/12)"},
      {"http://192.168.1.1/", "private address (192.168.0.0/16)"},
      {"http://[fc00::1]/", "private address (unique local)"},
      {"http://[fd12:3456::1]/", "private address (unique local) (fc00::/7)"},
      {"http://100.64.0.1/", "carrier-grade NAT"},
      {"http://224.0.0.1/", "multicast"},
      {"http://[ff02::1]/", "multicast"},
      {"http://255.255.255.255/", "the broadcast address"},
      {"http://240.0.0.1/", "reserved"},
      {"http://192.0.2.10/", "documentation"},
      {"http://[2001:db8::1]/", "documentation"},
      {"http://[100::1]/", "discard only"},
      {"http://[4000::1]/", "outside 2000::/3"},
      // IPv4 inside IPv6: mapped, NAT64, 6to4, IPv4-compatible.
      {"http://[::ffff:127.0.0.1]/", "'::ffff:127.0.0.1' means 127.0.0.1 is a loopback address"},
      {"http://[::ffff:7f00:1]/", "means 127.0.0.1 is a loopback address"},
      {"http://[::ffff:a9fe:a9fe]/", "169.254.169.254 is a link-local address"},
      {"http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 carries 10.0.0.1, a private address"},
      {"http://[2002:7f00:1::]/", "carries 127.0.0.1, a loopback address"},
      {"http://[::127.0.0.1]/", "IPv4-compatible"},
      // Numeric hosts a resolver (inet_aton) and a browser read as IPv4.
      {"http://2130706433/", "'2130706433' means 127.0.0.1 is a loopback address"},
      {"http://0x7f000001/", "'0x7f000001' means 127.0.0.1"},
      {"http://0X7F000001/", "means 127.0.0.1"},
      {"http://0177.0.0.1/", "'0177.0.0.1' means 127.0.0.1"},
      {"http://017700000001/", "means 127.0.0.1"},
      {"http://127.1/", "'127.1' means 127.0.0.1"},
      {"http://127.0.1/", "means 127.0.0.1"},
      {"http://0x7f.1/", "means 127.0.0.1"},
      {"http://0x7f.0.0.01/", "means 127.0.0.1"},
      {"http://127.0.0.1./", "means 127.0.0.1"},
      {"http://0xa9.0376.43518/", "means 169.254.169.254"},
      {"http://0xa9fea9fe/", "means 169.254.169.254"},
      {"http://3232235777/", "means 192.168.1.1"},
      {"http://10.1/", "means 10.0.0.1"},
      // Hosts that end in a number but are no IPv4 address: refused, not looked up as names.
      {"http://1.2.3.256/", "ends in a number but is not a valid IPv4 address"},
      {"http://1.2.3.4.5/", "not a valid IPv4 address"},
      {"http://08.1.1.1/", "not a valid IPv4 address"},
      {"http://0x100000000/", "not a valid IPv4 address"},
      {"http://256.1/", "not a valid IPv4 address"},
      {"http://crm..1/", "not a valid IPv4 address"},
  };
  for (const auto& [url, why] : refused) {
    INFO(url);
    const std::string message = refusal(f, url);
    CHECK_THAT(message, Catch::Contains(why) && Catch::Contains("--webhook-allow"));
  }
  CHECK(f.engine->webhooks("giessen").empty());

  // Public receivers, numeric or named: a name is checked again at every connection.
  for (const std::string url :
       {"https://crm.example.org/hooks", "http://93.184.216.34:8080/", "http://[2606:4700:4700::1111]/",
        "http://0x5db8d822/", "http://localhost.example.org/", "http://127.0.0.1.nip.io/", "http://crm-1.example/"}) {
    INFO(url);
    CHECK(refusal(f, url).empty());
  }
  CHECK(f.engine->webhooks("giessen").size() == 7);
}

TEST_CASE("webhook targets: the operator allows ranges and named hosts, nothing more", "[webhooks][ssrf]") {
  EngineFixture f(allowing({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "CRM.intern."}));
  for (const std::string url :
       {"http://127.0.0.1:8080/hook", "http://2130706433/", "http://[::ffff:127.0.0.1]/", "http://10.200.1.1/",
        "http://crm.intern/", "http://Crm.Intern./", "http://[fd00::5]/"}) {
    INFO(url);
    CHECK(refusal(f, url).empty());
  }
  for (const std::string url : {"http://127.0.0.2/", "http://localhost/", "http://192.168.1.1/", "http://[fc00::1]/",
                                "http://169.254.169.254/", "http://other.intern.localhost/"}) {
    INFO(url);
    CHECK_FALSE(refusal(f, url).empty());
  }
  const WebhookTargetPolicy& policy = f.engine->webhook_targets();
  CHECK_FALSE(policy.refusal_for_address("crm.intern", "192.168.7.7"));  // an allowed name, any address
  CHECK(policy.refusal_for_address("crm.example.org", "192.168.7.7") ==
        "192.168.7.7 is a private address (192.168.0.0/16)");
  CHECK(policy.refusal_for_address("crm.example.org", "fe80::1%eth0"));  // unreadable: refused
  CHECK_FALSE(policy.refusal_for_address("crm.example.org", "93.184.216.34"));
}

TEST_CASE("webhook targets: a bad allow entry is refused with its text", "[webhooks][ssrf]") {
  for (const std::string entry :
       {"10.0.0.1/8", "10.0.0.0/33", "::1/129", "10.0.0.0/", "not a host", "1.2.3.4.5", "[::1]", "crm.intern/8"}) {
    INFO(entry);
    try {
      WebhookTargetPolicy policy({entry});
      FAIL("accepted");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::InvalidArgument);
      CHECK_THAT(error.what(), Catch::Contains("--webhook-allow '" + entry + "'"));
    }
  }
}

TEST_CASE("webhook targets: hosts are read as browsers and resolvers read them", "[webhooks][ssrf]") {
  const std::vector<std::pair<std::string, std::string>> numeric = {
      {"2130706433", "127.0.0.1"},
      {"0x7f000001", "127.0.0.1"},
      {"0177.0.0.1", "127.0.0.1"},
      {"127.1", "127.0.0.1"},
      {"0x7f.1", "127.0.0.1"},
      {"1.2.3", "1.2.0.3"},
      {"0", "0.0.0.0"},
      {"0x", "0.0.0.0"},
      {"4294967295", "255.255.255.255"},
      {"1.2.3.4.", "1.2.3.4"},
      {"::FFFF:1.2.3.4", "1.2.3.4"},
      {"fe80::0:1", "fe80::1"},
      {"0xa9.0376.43518", "169.254.169.254"},
  };
  for (const auto& [host, address] : numeric) {
    INFO(host);
    const HostMeaning meaning = read_host(host);
    REQUIRE(std::holds_alternative<IpAddress>(meaning));
    CHECK(std::get<IpAddress>(meaning).text() == address);
  }
  for (const std::string host : {"crm.example.org", "1.2.3.example", "0x7f.example", "x1", "example.0x1g"}) {
    INFO(host);
    CHECK(std::holds_alternative<HostName>(read_host(host)));
  }
  for (const std::string host : {"4294967296", "1.2.3.4.5", "09", "0xg.1", "1..2", "::1::2"}) {
    INFO(host);
    CHECK(std::holds_alternative<InvalidHost>(read_host(host)));
  }
  const auto range = parse_ip_range("172.16.0.0/12");
  REQUIRE(range);
  CHECK(range->contains(*parse_ip_literal("172.31.255.255")));
  CHECK_FALSE(range->contains(*parse_ip_literal("172.32.0.0")));
  CHECK(range->text() == "172.16.0.0/12");
  CHECK_FALSE(parse_ip_literal("0177.0.0.1"));  // a strict literal: no numeric tricks
  CHECK_FALSE(parse_ip_literal("127.1"));
}
