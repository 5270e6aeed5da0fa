// An engine over a store that commits another command at a chosen moment of a read: the first time
// any reader is about to run a named query, a test's `commit` runs (and its own reads pass).
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "tests/support/engine_fixture.hpp"

namespace amtsweg::testing {

struct CommitHookFixture : EngineFixture {
  explicit CommitHookFixture(std::shared_ptr<StoreFaults> hooks = std::make_shared<StoreFaults>())
      : EngineFixture({}, hooks), faults(std::move(hooks)) {}
  // Runs `commit` once, the first time a reader is about to run `query`.
  void commit_before(std::string_view query, std::function<void()> commit) {
    faults->before_read([this, query, commit](std::string_view next) {
      if (commits > 0 || committing || next != query) return;
      committing = true;  // the commit's own reads come back here
      commit();
      committing = false;
      ++commits;
    });
  }
  std::shared_ptr<StoreFaults> faults;
  bool committing = false;
  int commits = 0;
};

}  // namespace amtsweg::testing
