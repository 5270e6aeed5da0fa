// ZIP writing and reading with libarchive, to and from memory (see zip_file.hpp).
#include "engine/archive/zip_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "engine/error.hpp"

namespace amtsweg {

namespace {

struct WriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t append_to(archive*, void* target, const void* bytes, size_t length) {
  static_cast<std::string*>(target)->append(static_cast<const char*>(bytes), length);
  return static_cast<la_ssize_t>(length);
}

void check(archive* a, int status, const char* what) {
  if (status < ARCHIVE_WARN) {
    const char* reason = archive_error_string(a);
    throw Error(ErrorKind::Io, std::string("zip: ") + what + ": " + (reason ? reason : "libarchive failed"));
  }
}

}  // namespace

std::string write_zip(const std::vector<ZipMember>& members, Timestamp modified) {
  std::string out;
  std::unique_ptr<archive, WriteDeleter> zip(archive_write_new());
  if (!zip) throw Error(ErrorKind::Io, "zip: out of memory");
  check(zip.get(), archive_write_set_format_zip(zip.get()), "format");
  check(zip.get(), archive_write_zip_set_compression_deflate(zip.get()), "compression");
  // Whole blocks would pad the file; a ZIP needs none.
  check(zip.get(), archive_write_set_bytes_in_last_block(zip.get(), 1), "block size");
  check(zip.get(), archive_write_open(zip.get(), &out, nullptr, append_to, nullptr), "open");
  for (const auto& [path, bytes] : members) {
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    archive_entry_set_pathname_utf8(entry.get(), path.c_str());
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), 0644);
    archive_entry_set_mtime(entry.get(), static_cast<time_t>(modified / 1000), 0);
    check(zip.get(), archive_write_header(zip.get(), entry.get()), path.c_str());
    if (!bytes.empty() && archive_write_data(zip.get(), bytes.data(), bytes.size()) < 0)
      check(zip.get(), ARCHIVE_FATAL, path.c_str());
  }
  check(zip.get(), archive_write_close(zip.get()), "close");
  return out;
}

std::vector<ZipMember> read_zip(std::string_view bytes) {
  std::unique_ptr<archive, ReadDeleter> zip(archive_read_new());
  if (!zip) throw Error(ErrorKind::Io, "zip: out of memory");
  archive_read_support_format_zip(zip.get());
  const auto refuse = [&](const std::string& what) {
    const char* reason = archive_error_string(zip.get());
    return Error(ErrorKind::InvalidArgument, "zip: " + what + ": " + (reason ? reason : "not a readable ZIP"));
  };
  if (archive_read_open_memory(zip.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) throw refuse("open");
  std::vector<ZipMember> members;
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = archive_read_next_header(zip.get(), &entry);
    if (status == ARCHIVE_EOF) break;
    if (status < ARCHIVE_WARN) throw refuse("entry header");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* name = archive_entry_pathname_utf8(entry);
    ZipMember member{name ? name : "", {}};
    char buffer[16384];
    for (;;) {
      const la_ssize_t read = archive_read_data(zip.get(), buffer, sizeof buffer);
      if (read < 0) throw refuse(member.first);
      if (read == 0) break;
      member.second.append(buffer, static_cast<std::size_t>(read));
    }
    members.push_back(std::move(member));
  }
  return members;
}

}  // namespace amtsweg
