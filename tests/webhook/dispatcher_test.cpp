// The webhook dispatcher against real receivers on local ports: signed POSTs a receiver can
// verify, retries while a receiver is down, order per case, dead letters and redelivery, a hanging
// receiver that holds up nobody else, and https with a certificate made for the test.
#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>

#include "adapters/webhook/webhook_dispatcher.hpp"
#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/webhook/fixed_host_resolver.hpp"
#include "tests/webhook/relay_process.hpp"
#include "tests/webhook/self_signed_certificate.hpp"
#include "tests/webhook/test_receiver.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr const char* kSecret = "test-secret-0123456789";

// Webhook targets allowed besides public addresses: the test receivers listen on loopback, which
// webhooks reach only where the operator allows it (serve --webhook-allow 127.0.0.1).
EngineOptions allowing(std::vector<std::string> allow = {"127.0.0.1"}) {
  EngineOptions options;
  options.webhook_targets = WebhookTargetPolicy(allow);
  return options;
}

// The dispatcher runs on real time (backoff delays are waited for), so the engine does too.
struct DispatchFixture {
  TempDir dir;
  SystemClock clock;
  std::unique_ptr<SqliteStore> store = SqliteStore::open(dir.file("cases.db"));
  std::unique_ptr<Engine> engine;

  explicit DispatchFixture(EngineOptions options = allowing())
      : engine(std::make_unique<Engine>(*store, clock, std::move(options))) {
    engine->deploy(kRelayYaml, "relay.yaml", "admin");
  }

  WebhookSubscription subscribe(const std::string& url) {
    return engine->create_webhook(NewWebhook{"giessen", url, {"*"}, std::string(kSecret)});
  }

  std::vector<WebhookDelivery> deliveries(const WebhookSubscription& hook) {
    DeliveryQuery query;
    query.tenant = "giessen";
    query.subscription_id = hook.id;
    return engine->webhook_deliveries(query);
  }

  // True once every delivery of `hook` satisfies `condition` (and there are `count` of them).
  bool eventually(const WebhookSubscription& hook, std::size_t count,
                  const std::function<bool(const WebhookDelivery&)>& condition,
                  std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto all = deliveries(hook);
      if (all.size() == count && std::all_of(all.begin(), all.end(), condition)) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

bool is_delivered(const WebhookDelivery& d) { return d.status == DeliveryStatus::Delivered; }

webhook::DispatcherOptions fast_options() {
  webhook::DispatcherOptions options;
  options.poll_interval = 10ms;
  options.connect_timeout = 2s;
  options.write_timeout = 2s;
  options.read_timeout = 2s;
  options.retry = RetryPolicy{20ms, 100ms, 5, 0.0};
  return options;
}

// The receiver's side of the documented scheme, written independently of the dispatcher's code.
std::string expected_signature(const std::string& secret, const std::string& timestamp, const std::string& body) {
  const std::string text = timestamp + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest, &length);
  char hex[3];
  std::string out = "v1=";
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

json::object body_of(const ReceivedRequest& request) { return json::parse(request.body).as_object(); }

}  // namespace

TEST_CASE("dispatcher: a signed POST the receiver can verify, with an id for deduplication", "[dispatcher]") {
  DispatchFixture f;
  TestReceiver receiver;
  const auto hook = f.subscribe(receiver.url());
  webhook::WebhookDispatcher dispatcher(*f.engine, fast_options());
  dispatcher.start();
  const std::string case_id = start_relay(*f.engine);

  REQUIRE(receiver.wait_for(1));
  REQUIRE(f.eventually(hook, 1, is_delivered));
  const ReceivedRequest request = receiver.requests().at(0);
  CHECK(request.method == "POST");
  CHECK(request.target == "/hook");
  CHECK(request.headers.at("Content-Type") == "application/json");
  const std::string timestamp = request.headers.at("Webhook-Timestamp");
  CHECK(std::abs(std::stoll(timestamp) - f.clock.now() / 1000) < 60);
  CHECK(request.headers.at("Webhook-Signature") == expected_signature(kSecret, timestamp, request.body));
  CHECK(request.headers.at("Webhook-Signature") != expected_signature("another-secret-value", timestamp, request.body));

  const auto message = f.engine->outbox("giessen", case_id).at(0);
  const json::object body = body_of(request);
  CHECK(body.at("id") == message.id);
  CHECK(body.at("type") == "case.started");
  CHECK(body.at("kind") == "case");
  CHECK(body.at("tenant") == "giessen");
  CHECK(body.at("case_id").as_string() == case_id);
  CHECK(body.at("created_at").as_string() == format_timestamp(message.created_at));
  CHECK(body.at("payload").at("process") == "relay");

  const WebhookDelivery delivery = f.deliveries(hook).at(0);
  CHECK(request.headers.at("Webhook-Id") == delivery.id);
  CHECK(delivery.attempts == 1);
  CHECK(delivery.last_status == 200);
  CHECK(delivery.delivered_at);
  dispatcher.stop();
  CHECK(dispatcher.stats().delivered == 1);
}

TEST_CASE("dispatcher: retries while the receiver is down or failing, then delivers", "[dispatcher]") {
  DispatchFixture f;
  const unsigned short port = unused_port();
  const auto hook = f.subscribe("http://127.0.0.1:" + std::to_string(port) + "/hook");
  auto options = fast_options();
  options.retry.max_attempts = 100;
  webhook::WebhookDispatcher dispatcher(*f.engine, options);
  dispatcher.start();
  start_relay(*f.engine);

  // Nobody listens: connection refused, recorded without a status.
  REQUIRE(f.eventually(hook, 1, [](const WebhookDelivery& d) { return d.attempts >= 2; }));
  const WebhookDelivery refused = f.deliveries(hook).at(0);
  CHECK(refused.status == DeliveryStatus::Pending);
  CHECK_FALSE(refused.last_status);
  CHECK_THAT(refused.last_error, Catch::Contains("connecting to 127.0.0.1"));

  // The receiver comes up but fails once with 500, then accepts.
  TestReceiver receiver([](const ReceivedRequest&, std::size_t earlier) { return earlier == 0 ? 500 : 204; },
                        std::nullopt, port);
  REQUIRE(f.eventually(hook, 1, is_delivered));
  const auto requests = receiver.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].headers.at("Webhook-Id") == requests[1].headers.at("Webhook-Id"));
  CHECK(requests[0].body == requests[1].body);
  const WebhookDelivery delivered = f.deliveries(hook).at(0);
  CHECK(delivered.attempts >= 4);
  CHECK(delivered.last_status == 204);
  CHECK(delivered.last_error.empty());
}

TEST_CASE("dispatcher: messages of a case arrive in order, even across a failure", "[dispatcher]") {
  DispatchFixture f;
  // The very first request fails: its message must be repeated before any later one of its case.
  TestReceiver receiver([](const ReceivedRequest&, std::size_t earlier) { return earlier == 0 ? 500 : 200; });
  const auto hook = f.subscribe(receiver.url());
  webhook::WebhookDispatcher dispatcher(*f.engine, fast_options());
  const std::string a = start_relay(*f.engine);
  const std::string b = start_relay(*f.engine);
  for (int n = 1; n <= 3; ++n) {
    ping(*f.engine, "giessen", a, n);
    ping(*f.engine, "giessen", b, n);
  }
  dispatcher.start();
  REQUIRE(f.eventually(hook, 8, is_delivered));

  std::map<std::string, std::vector<std::int64_t>> received;  // case -> message ids as they came
  for (const auto& request : receiver.requests()) {
    const json::object body = body_of(request);
    received[std::string(body.at("case_id").as_string())].push_back(body.at("id").as_int64());
  }
  CHECK(receiver.requests().size() == 9);
  for (const std::string& c : {a, b}) {
    std::vector<std::int64_t> expected;
    for (const auto& message : f.engine->outbox("giessen", c)) expected.push_back(message.id);
    std::vector<std::int64_t> ids = received[c];
    CHECK(std::is_sorted(ids.begin(), ids.end()));  // a repeat, never an overtaking
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    CHECK(ids == expected);
  }
}

TEST_CASE("dispatcher: dead letter after the last attempt, then redelivery", "[dispatcher]") {
  DispatchFixture f;
  std::atomic<int> status{500};
  TestReceiver receiver([&](const ReceivedRequest&, std::size_t) { return status.load(); });
  const auto hook = f.subscribe(receiver.url());
  auto options = fast_options();
  options.retry.max_attempts = 3;
  webhook::WebhookDispatcher dispatcher(*f.engine, options);
  dispatcher.start();
  start_relay(*f.engine);

  REQUIRE(f.eventually(hook, 1, [](const WebhookDelivery& d) { return d.status == DeliveryStatus::Dead; }));
  std::this_thread::sleep_for(100ms);  // ten polls: nothing more goes out for a dead letter
  CHECK(receiver.requests().size() == 3);
  const WebhookDelivery dead = f.deliveries(hook).at(0);
  CHECK(dead.attempts == 3);
  CHECK(dead.last_status == 500);
  CHECK_THAT(dead.last_error, Catch::StartsWith("HTTP 500") && Catch::Contains("receiver says no"));

  status = 200;
  f.engine->redeliver("giessen", dead.id);
  REQUIRE(f.eventually(hook, 1, is_delivered));
  const auto requests = receiver.requests();
  REQUIRE(requests.size() == 4);
  for (const auto& request : requests) CHECK(request.headers.at("Webhook-Id") == dead.id);
  CHECK(f.deliveries(hook).at(0).attempts == 1);
}

TEST_CASE("dispatcher: one keep-alive connection per receiver, closed when idle, reopened when the receiver closed it",
          "[dispatcher]") {
  DispatchFixture f;
  TestReceiver receiver;
  receiver.keep_alive(10s);
  const auto hook = f.subscribe(receiver.url());
  auto options = fast_options();
  options.keep_alive_idle = 1s;
  webhook::WebhookDispatcher dispatcher(*f.engine, options);
  dispatcher.start();

  // One case: its four messages go one after the other, all over the first connection.
  const std::string c = start_relay(*f.engine);
  for (int n = 1; n <= 3; ++n) ping(*f.engine, "giessen", c, n);
  REQUIRE(f.eventually(hook, 4, is_delivered));
  CHECK(receiver.connections() == 1);

  // Unused for longer than keep_alive_idle, the dispatcher's side closes it: the next one is new.
  std::this_thread::sleep_for(1500ms);
  receiver.keep_alive(100ms);  // from now on the receiver drops connections idle for 100 ms
  ping(*f.engine, "giessen", c, 4);
  REQUIRE(f.eventually(hook, 5, is_delivered));
  CHECK(receiver.connections() == 2);

  // The receiver closed the kept connection (while the dispatcher still held it): the request goes
  // out again on a new connection, not as a failed attempt.
  std::this_thread::sleep_for(400ms);
  ping(*f.engine, "giessen", c, 5);
  REQUIRE(f.eventually(hook, 6, is_delivered));
  CHECK(receiver.connections() == 3);
  for (const auto& d : f.deliveries(hook)) CHECK(d.attempts == 1);
  CHECK(receiver.requests().size() == 6);
}

TEST_CASE("dispatcher: a receiver that answers Connection: close gets a new connection per request", "[dispatcher]") {
  DispatchFixture f;
  TestReceiver receiver;  // no keep-alive
  const auto hook = f.subscribe(receiver.url());
  webhook::WebhookDispatcher dispatcher(*f.engine, fast_options());
  dispatcher.start();
  const std::string c = start_relay(*f.engine);
  for (int n = 1; n <= 2; ++n) ping(*f.engine, "giessen", c, n);
  REQUIRE(f.eventually(hook, 3, is_delivered));
  CHECK(receiver.connections() == 3);
  CHECK(receiver.requests().size() == 3);
}

TEST_CASE("dispatcher: a receiver that never answers does not hold up another", "[dispatcher]") {
  DispatchFixture f;
  SilentReceiver silent;
  TestReceiver good;
  const auto hanging = f.subscribe(silent.url());
  const auto healthy = f.subscribe(good.url());
  auto options = fast_options();
  options.read_timeout = 2s;
  options.per_subscription = 2;
  webhook::WebhookDispatcher dispatcher(*f.engine, options);
  dispatcher.start();

  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) start_relay(*f.engine);
  REQUIRE(good.wait_for(3, 5s));
  // All three arrived while the silent receiver's requests were still waiting for an answer.
  CHECK(std::chrono::steady_clock::now() - started < options.read_timeout);
  REQUIRE(f.eventually(healthy, 3, is_delivered));

  dispatcher.stop();  // graceful: waits for the hanging requests to time out and records them
  const auto stuck = f.deliveries(hanging);
  REQUIRE(stuck.size() == 3);
  int attempted = 0;
  for (const auto& d : stuck) {
    CHECK(d.status == DeliveryStatus::Pending);
    if (d.attempts == 0) continue;  // beyond the subscription's share of two requests
    ++attempted;
    CHECK_FALSE(d.last_status);
    CHECK_THAT(d.last_error, Catch::Contains("timed out after 2000 ms reading the response"));
  }
  CHECK(attempted == 2);
}

TEST_CASE("dispatcher: https receivers, verified against the trusted CAs", "[dispatcher]") {
  DispatchFixture f;
  const TlsIdentity identity = make_self_signed_certificate();
  const std::string ca_file = f.dir.file("receiver-ca.pem");
  std::ofstream(ca_file) << identity.certificate_pem;
  TestReceiver receiver({}, identity);
  const auto hook = f.subscribe(receiver.url());
  REQUIRE(receiver.url().rfind("https://127.0.0.1:", 0) == 0);

  {  // Not trusted: the handshake fails and nothing is sent.
    auto options = fast_options();
    options.retry.max_attempts = 1;
    webhook::WebhookDispatcher untrusting(*f.engine, options);
    untrusting.start();
    start_relay(*f.engine);
    REQUIRE(f.eventually(hook, 1, [](const WebhookDelivery& d) { return d.status == DeliveryStatus::Dead; }));
    CHECK_THAT(f.deliveries(hook).at(0).last_error, Catch::Contains("TLS handshake"));
    CHECK(receiver.requests().empty());
  }

  auto options = fast_options();
  options.ca_file = ca_file;
  webhook::WebhookDispatcher trusting(*f.engine, options);
  trusting.start();
  f.engine->redeliver("giessen", f.deliveries(hook).at(0).id);
  REQUIRE(f.eventually(hook, 1, is_delivered));
  const ReceivedRequest request = receiver.requests().at(0);
  CHECK(request.headers.at("Webhook-Signature") ==
        expected_signature(kSecret, request.headers.at("Webhook-Timestamp"), request.body));

  options.ca_file = f.dir.file("missing.pem");
  CHECK_THROWS_AS(webhook::WebhookDispatcher(*f.engine, options), Error);
}

TEST_CASE("dispatcher: prunes delivered deliveries after the retention, a small batch per round", "[dispatcher]") {
  TempDir dir;
  ManualClock clock{1772442000000};  // the engine's time, moved by the test; the dispatcher polls in real time
  auto store = SqliteStore::open(dir.file("cases.db"));
  Engine engine(*store, clock, allowing());
  engine.deploy(kRelayYaml, "relay.yaml", "admin");
  TestReceiver receiver;
  const auto hook = engine.create_webhook(NewWebhook{"giessen", receiver.url(), {"*"}, std::string(kSecret)});
  DeliveryQuery query;
  query.tenant = "giessen";
  query.subscription_id = hook.id;
  auto options = fast_options();
  options.retention = std::chrono::hours(24);
  options.prune_batch = 2;
  options.prune_interval = 20ms;
  webhook::WebhookDispatcher dispatcher(engine, options);
  dispatcher.start();
  for (int i = 0; i < 5; ++i) start_relay(engine);
  REQUIRE(receiver.wait_for(5));

  auto wait_until = [](const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!condition() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    return condition();
  };
  REQUIRE(wait_until([&] { return dispatcher.stats().delivered == 5; }));
  std::this_thread::sleep_for(100ms);  // rounds pass; nothing is old enough yet
  CHECK(engine.webhook_deliveries(query).size() == 5);
  CHECK(dispatcher.stats().pruned == 0);

  clock.advance(std::chrono::hours(25));
  REQUIRE(wait_until([&] { return dispatcher.stats().pruned == 5; }));  // counted after the commit
  CHECK(engine.webhook_deliveries(query).empty());
}

TEST_CASE("dispatcher: an unreadable outbox message becomes a dead letter, every other delivery goes on",
          "[dispatcher][poison]") {
  DispatchFixture f;
  TestReceiver receiver;
  const auto hook = f.subscribe(receiver.url());
  const auto other_tenant = f.engine->create_webhook(NewWebhook{"marburg", receiver.url(), {"*"}, std::nullopt});
  const std::string damaged = start_relay(*f.engine);
  const std::string later = start_relay(*f.engine);
  start_relay(*f.engine, "marburg");
  {
    SQLite::Database db(f.store->path(), SQLite::OPEN_READWRITE);
    SQLite::Statement update(db, "UPDATE outbox SET payload = '{\"n\":Infinity}' WHERE case_id = ?");
    update.bind(1, damaged);
    REQUIRE(update.exec() == 1);
  }
  webhook::WebhookDispatcher dispatcher(*f.engine, fast_options());
  dispatcher.start();

  REQUIRE(receiver.wait_for(2));
  REQUIRE(f.eventually(hook, 2, [](const WebhookDelivery& d) { return d.status != DeliveryStatus::Pending; }));
  for (const auto& delivery : f.deliveries(hook)) {
    if (delivery.case_id == damaged) {
      CHECK(delivery.status == DeliveryStatus::Dead);
      CHECK_THAT(delivery.last_error, Catch::Contains("cannot be read") && Catch::Contains("not valid JSON"));
    } else {
      CHECK(delivery.case_id == later);
      CHECK(is_delivered(delivery));
    }
  }
  DeliveryQuery query;
  query.tenant = "marburg";
  query.subscription_id = other_tenant.id;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  auto others = f.engine->webhook_deliveries(query);
  while ((others.size() != 1 || !is_delivered(others[0])) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
    others = f.engine->webhook_deliveries(query);
  }
  REQUIRE(others.size() == 1);
  CHECK(is_delivered(others[0]));  // another tenant's deliveries never waited for the damaged one
  dispatcher.stop();
  CHECK(receiver.requests().size() == 2);
}

// Connect-time checks. The resolver seam answers a name with chosen addresses; the loopback
// receiver comes first among them, so a dispatcher that skipped the check would connect to it (and
// the test would see that), never to the forbidden address: no test traffic leaves loopback.
namespace {

bool is_dead(const WebhookDelivery& d) { return d.status == DeliveryStatus::Dead; }

// One delivery attempt to http://receiver.example.test:PORT/hook, whose name the resolver answers
// with `addresses`; returns the delivery once it is delivered or dead.
WebhookDelivery deliver_once(DispatchFixture& f, TestReceiver& receiver, std::vector<std::string> addresses) {
  const auto hook = f.subscribe("http://receiver.example.test:" + std::to_string(receiver.port()) + "/hook");
  auto resolver = std::make_shared<FixedHostResolver>(std::move(addresses));
  auto options = fast_options();
  options.retry.max_attempts = 1;
  options.resolver = resolver;
  webhook::WebhookDispatcher dispatcher(*f.engine, options);
  dispatcher.start();
  start_relay(*f.engine);
  REQUIRE(f.eventually(hook, 1, [](const WebhookDelivery& d) { return is_delivered(d) || is_dead(d); }));
  CHECK(resolver->asked() >= 1);
  return f.deliveries(hook).at(0);
}

}  // namespace

TEST_CASE("dispatcher: a resolved address outside the policy fails the attempt before any connection",
          "[dispatcher][ssrf]") {
  DispatchFixture f;  // allows 127.0.0.1 only
  TestReceiver receiver;

  SECTION("only allowed addresses: delivered through the resolver's answer") {
    const auto delivery = deliver_once(f, receiver, {"127.0.0.1"});
    CHECK(is_delivered(delivery));
    REQUIRE(receiver.requests().size() == 1);
    CHECK(receiver.requests().at(0).headers.at("Host") == "receiver.example.test:" + std::to_string(receiver.port()));
  }
  SECTION("the cloud metadata address among them") {
    const auto delivery = deliver_once(f, receiver, {"127.0.0.1", "169.254.169.254"});
    CHECK(is_dead(delivery));
    CHECK_THAT(delivery.last_error, Catch::Contains("refused to connect to receiver.example.test") &&
                                        Catch::Contains("169.254.169.254 is a link-local address") &&
                                        Catch::Contains("nothing was sent"));
    CHECK(receiver.connections() == 0);
  }
  SECTION("a private address among them") {
    const auto delivery = deliver_once(f, receiver, {"127.0.0.1", "10.1.2.3"});
    CHECK(is_dead(delivery));
    CHECK_THAT(delivery.last_error, Catch::Contains("10.1.2.3 is a private address (10.0.0.0/8)"));
    CHECK(receiver.connections() == 0);
  }
  SECTION("an IPv4-mapped loopback address outside the allowed one") {
    const auto delivery = deliver_once(f, receiver, {"127.0.0.1", "::ffff:127.0.0.2"});
    CHECK(is_dead(delivery));
    CHECK_THAT(delivery.last_error, Catch::Contains("127.0.0.2 is a loopback address"));
    CHECK(receiver.connections() == 0);
  }
}

TEST_CASE("dispatcher: by default a name that resolves to loopback is refused, an allowed name is not",
          "[dispatcher][ssrf]") {
  TestReceiver receiver;
  SECTION("nothing allowed") {
    DispatchFixture f(allowing({}));
    const auto delivery = deliver_once(f, receiver, {"127.0.0.1"});
    CHECK(is_dead(delivery));
    CHECK_THAT(delivery.last_error, Catch::Contains("127.0.0.1 is a loopback address (127.0.0.0/8)"));
    CHECK(receiver.connections() == 0);
  }
  SECTION("the name allowed: whatever it resolves to") {
    DispatchFixture f(allowing({"Receiver.Example.Test"}));
    CHECK(is_delivered(deliver_once(f, receiver, {"127.0.0.1"})));
    CHECK(receiver.requests().size() == 1);
  }
}

TEST_CASE("dispatcher: a subscription made while allowed is refused at connect time once the operator withdraws it",
          "[dispatcher][ssrf]") {
  DispatchFixture f;
  TestReceiver receiver;
  const auto hook = f.subscribe(receiver.url());  // http://127.0.0.1:PORT/hook, allowed now
  f.engine.reset();                               // restarted without --webhook-allow:
  f.engine = std::make_unique<Engine>(*f.store, f.clock, allowing({}));
  auto options = fast_options();
  options.retry.max_attempts = 1;
  webhook::WebhookDispatcher dispatcher(*f.engine, options);  // the system resolver: a literal is itself
  dispatcher.start();
  start_relay(*f.engine);
  REQUIRE(f.eventually(hook, 1, is_dead));
  CHECK_THAT(f.deliveries(hook).at(0).last_error, Catch::Contains("127.0.0.1 is a loopback address"));
  CHECK(receiver.connections() == 0);
}
