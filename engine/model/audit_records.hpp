// The audit log of administrative actions as the store keeps it: who changed a tenant's
// definitions, params, tokens, webhooks or cases, when, and what. Plain values, never secrets.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/clock.hpp"

namespace amtsweg {

// The actions that leave an entry; the target each names.
namespace audit_action {
inline constexpr const char* kDefinitionDeployed = "definition.deployed";  // process id
inline constexpr const char* kParamsChanged = "params.changed";            // process id
inline constexpr const char* kTokenIssued = "token.issued";                // the token's name
inline constexpr const char* kTokenRevoked = "token.revoked";              // the token's name
inline constexpr const char* kWebhookSubscribed = "webhook.subscribed";    // subscription id
inline constexpr const char* kWebhookUnsubscribed = "webhook.unsubscribed";
inline constexpr const char* kCaseCancelled = "case.cancelled";  // case id
inline constexpr const char* kCaseSuspended = "case.suspended";
inline constexpr const char* kCaseResumed = "case.resumed";
inline constexpr const char* kCaseMigrated = "case.migrated";  // case id; detail: versions and states
}  // namespace audit_action

// Who acts when nobody signed in: the command line and the server's own start on the host.
inline constexpr const char* kHostActor = "host";

struct AuditEntry {
  std::int64_t seq = 0;  // given by the store: increases with every entry, never reused
  // Whose log it is: the acting principal's tenant ('' for shared definitions deployed on the host).
  std::string tenant;
  Timestamp at = 0;
  std::string actor;   // the principal's name, or kHostActor
  std::string action;  // one of audit_action
  std::string target;
  // What changed (a deployment's version, a token's roles, a webhook's events ...). Never a token
  // or webhook secret, never a URL's query string.
  boost::json::object detail;
};

struct AuditQuery {
  std::optional<std::string> tenant;  // required for tenants; nullopt: every tenant (the host's view)
  std::optional<Timestamp> from;      // at or after
  std::optional<Timestamp> to;        // before
  std::string action;                 // empty: any
  std::int64_t after_seq = 0;         // cursor: entries after this one (oldest first)
  int limit = 100;
};

}  // namespace amtsweg
