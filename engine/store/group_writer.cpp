// The writer thread's loop: take up to max_group queued commands, run each in a savepoint of one
// transaction, commit once, then run every caller's completion callback with its own outcome.
#include "engine/store/group_writer.hpp"

#include <algorithm>

#include "engine/error.hpp"

namespace amtsweg {

GroupWriter::GroupWriter(Store& store, std::size_t max_group)
    : writer_(store.open_writer()), max_group_(max_group), thread_([this] { loop(); }) {}

GroupWriter::~GroupWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void GroupWriter::finish(Job& job, const std::exception_ptr& error) {
  try {
    job.finish(error);
  } catch (...) {
    // A completion callback must not throw; one that does must not end the writer thread.
  }
}

void GroupWriter::enqueue(Job job) {
  std::exception_ptr refused;
  {
    std::lock_guard lock(mutex_);
    if (broken_)
      refused = broken_;
    else if (stopping_)
      refused = std::make_exception_ptr(Error(ErrorKind::Io, "store: writer is shutting down"));
    else
      queue_.push_back(std::move(job));
    stats_.queue_depth = queue_.size();
  }
  // Outside the lock: a callback may submit again.
  if (refused) return finish(job, refused);
  wake_.notify_one();
}

GroupWriterStats GroupWriter::stats() const {
  std::lock_guard lock(mutex_);
  GroupWriterStats stats = stats_;
  if (broken_) {
    try {
      std::rethrow_exception(broken_);
    } catch (const std::exception& e) {
      stats.refusing_writes = e.what();
    } catch (...) {
      stats.refusing_writes = "unknown error";
    }
  }
  return stats;
}

void GroupWriter::loop() {
  for (;;) {
    std::deque<Job> group;
    std::exception_ptr broken;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && group.size() < max_group_) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      stats_.queue_depth = queue_.size();
      broken = broken_;
    }
    if (broken) {  // commands queued before the store broke are refused too
      for (auto& job : group) finish(job, broken);
      continue;
    }
    run_group(group);
  }
}

void GroupWriter::undo_command(const Job& job) {
  try {
    writer_->rollback_to_savepoint();
  } catch (...) {
    // The store lost the whole transaction with this command (an I/O error, a full disk): every
    // command of the group fails, with this command's error, which says what went wrong.
    std::rethrow_exception(job.error);
  }
}

void GroupWriter::commit_group() {
  try {
    writer_->commit();
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::Io) throw;  // a full disk: nothing was written, later commits may work
    // A commit that failed for I/O may or may not be on disk (a failed fsync leaves the file's
    // state unknown). As LevelDB does, refuse every later command with this error until the
    // store is opened again, which recovers the file to its last durable commit.
    std::lock_guard lock(mutex_);
    broken_ = std::make_exception_ptr(Error(
        ErrorKind::Io, std::string(error.what()) + "; the writer refuses further writes until amtsweg is restarted"));
    std::rethrow_exception(broken_);
  }
}

void GroupWriter::run_group(std::deque<Job>& group) {
  std::exception_ptr commit_error;
  try {
    writer_->begin();
    for (auto& job : group) {
      writer_->savepoint();
      try {
        job.body(*writer_);
        writer_->release_savepoint();
      } catch (...) {
        job.error = std::current_exception();
        undo_command(job);
        if (job.on_failure) {
          try {
            job.on_failure(*writer_, job.error);
          } catch (...) {
            // Recording the failure failed; the caller still gets the command's own error, and the
            // group's other commands must not pay for it.
          }
        }
      }
    }
    commit_group();
  } catch (...) {
    commit_error = std::current_exception();
    try {
      writer_->rollback();
    } catch (...) {
      // The store can no longer say what is on disk: refuse everything from now on (sticky).
      std::lock_guard lock(mutex_);
      broken_ = commit_error;
    }
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.groups;
    stats_.commands += group.size();
    stats_.largest_group = std::max<std::uint64_t>(stats_.largest_group, group.size());
    const auto bucket = std::lower_bound(kGroupSizeBounds.begin(), kGroupSizeBounds.end(), group.size());
    ++stats_.groups_by_size[static_cast<std::size_t>(bucket - kGroupSizeBounds.begin())];
  }
  for (auto& job : group) finish(job, commit_error ? commit_error : job.error);
}

}  // namespace amtsweg
