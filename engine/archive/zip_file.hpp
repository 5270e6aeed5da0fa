// ZIP files in memory (libarchive): writing an archive package's files in order, deflated, and
// reading every file of a ZIP back (a package's round trip, an archive's import check).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/clock.hpp"

namespace amtsweg {

// One file: its path inside the archive ("C-1/case.json") and its bytes.
using ZipMember = std::pair<std::string, std::string>;

// The ZIP of `members` in this order, each stamped with `modified`. Throws Error{Io} when
// libarchive fails.
std::string write_zip(const std::vector<ZipMember>& members, Timestamp modified);

// Every regular file of the ZIP `bytes`, in archive order. Throws Error{InvalidArgument} for bytes
// that are no readable ZIP.
std::vector<ZipMember> read_zip(std::string_view bytes);

}  // namespace amtsweg
