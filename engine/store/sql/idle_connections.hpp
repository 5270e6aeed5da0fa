// The idle connections a store keeps for its next readers (opening a connection and preparing its
// statements costs more than a query), for either backend.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace amtsweg {

// Thread-safe. Keeps at most `max_idle` connections; a connection given back beyond that is closed.
template <class Connection>
class IdleConnections {
 public:
  explicit IdleConnections(std::size_t max_idle) : max_idle_(max_idle) {}

  // An idle connection, or null when there is none (the caller opens one, outside any lock).
  std::unique_ptr<Connection> take() {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) return nullptr;
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }

  void give_back(std::unique_ptr<Connection> connection) noexcept {
    if (!connection) return;
    {
      std::lock_guard lock(mutex_);
      if (idle_.size() < max_idle_) {
        // push_back may need memory; if it cannot get any, the connection is simply closed below.
        try {
          idle_.push_back(std::move(connection));
        } catch (...) {
        }
      }
    }
    // A connection not kept is closed here, outside the lock.
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
  }

 private:
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
};

}  // namespace amtsweg
