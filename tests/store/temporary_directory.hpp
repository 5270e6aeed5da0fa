// A fresh directory under the system temp directory for one test, removed with everything in it
// when the test ends, so store tests work on real database files without leaving any behind.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace amtsweg::testing {

class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    // 64 random bits: unique enough for tests that run in parallel processes.
    std::random_device random;
    const auto name = "amtsweg-store-" + std::to_string(random()) + "-" + std::to_string(random());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // A file name inside the directory, as the store wants it.
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace amtsweg::testing
