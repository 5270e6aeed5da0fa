// A child process for end-to-end tests of long-running commands (`amtsweg serve`): started with
// its standard output and error on a pipe that the test reads line by line, signalled, awaited.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace amtsweg::testing {

class ChildProcess {
 public:
  // Starts `program` with `arguments` (no shell). Throws std::runtime_error when it cannot.
  ChildProcess(const std::string& program, const std::vector<std::string>& arguments);
  // Kills the process if it still runs, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next output line, or nullopt at end of output or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Reads lines until one contains `text`; returns it (nullopt on timeout or end of output).
  // Every line read on the way is kept in output().
  std::optional<std::string> wait_for(const std::string& text,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  const std::string& output() const { return output_; }

  void signal(int signal_number);
  // Waits for the exit, reads the rest of its output into output(), and returns its exit code
  // (-1 when killed by a signal or on timeout).
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));

 private:
  pid_t pid_ = -1;
  int output_fd_ = -1;
  std::string buffer_;  // read but not yet returned as a line
  std::string output_;  // every line returned so far
  bool exited_ = false;
};

}  // namespace amtsweg::testing
