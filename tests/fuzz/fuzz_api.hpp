// The REST API over a real engine for the fuzz targets: an in-memory SQLite store, the shipped
// Meldebescheinigung deployed, real tokens of an integrator, a clerk and an admin, and one open task.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/rest/http_message.hpp"
#include "adapters/rest/router.hpp"
#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::fuzz {

// A file of the source tree (processes, corpora).
std::string source_path(std::string_view relative);
std::string read_source_file(std::string_view relative);

// Ends the process with a message on stderr: libFuzzer then keeps the input as a crash, and the
// corpus replayer fails.
[[noreturn]] void finding(const std::string& what, std::string_view input);

// A real engine on an in-memory store, its clock at Monday 2026-03-02 09:00 UTC.
struct FuzzEngine {
  FuzzEngine();
  ManualClock clock;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<Engine> engine;
};

class FuzzApi {
 public:
  FuzzApi();
  ~FuzzApi();

  // Fresh state every `inputs` calls, so the in-memory database does not grow without end while
  // a fuzzer runs millions of inputs (and a finding depends on few inputs before it).
  static FuzzApi& shared(int inputs = 500);

  // Replaces the placeholders TOKEN-INTEGRATOR, TOKEN-CLERK, TOKEN-ADMIN and TASK-ID in `text`
  // by the real tokens and the open task's id, so inputs can reach authenticated routes.
  std::string with_secrets(std::string_view text) const;

  // Routes the request; a 500 (an exception the handlers did not expect) is a finding.
  rest::Response handle(const rest::Request& request, std::string_view input) const;
  // GETs `target` with `token` through handle(): it must answer, and never with a 500.
  rest::Response read_back(const std::string& target, const std::string& token, std::string_view input) const;

  rest::Request request(std::string method, std::string target, const std::string& token, std::string body) const;

  std::string integrator_token, clerk_token, admin_token, task_id, case_id;

 private:
  FuzzEngine engine_;
  std::unique_ptr<rest::Router> router_;
};

}  // namespace amtsweg::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
