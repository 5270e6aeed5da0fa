// One structured log line per request (JSON: time, method, route, principal, case, status,
// duration), written after each response so operators can grep and aggregate by route and status.
#pragma once

#include <chrono>
#include <string>

#include "adapters/rest/http_message.hpp"
#include "engine/clock.hpp"

namespace amtsweg::rest {

// {"time":"2026-...Z","method":"POST","route":"POST /api/v1/tasks/{id}/complete",
//  "path":"/api/v1/tasks/T-1/complete","principal":"giessen/anna","case_id":"C-...","status":200,
//  "duration_us":1234} without a trailing newline. The route is the pattern, so ids do not split
// the aggregation; the path keeps them for tracing one request. Unknown fields are null.
std::string request_log_line(const Request& request, const Response& response, std::chrono::microseconds duration,
                             Timestamp now);

}  // namespace amtsweg::rest
