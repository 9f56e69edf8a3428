#pragma once

// Files, read whole and written whole: talentmatch::io::read_file and write_file_atomically, the one reader and the
// one writer of the library, the Python package (talentmatch._core) and the command line (DESIGN.md section 9:
// nothing is written half).
//
//   talentmatch::io::write_file_atomically("out/plan.json", text);  // out/plan.json is the old file or the new one
//   const std::string text = talentmatch::io::read_file("problem.json");
//
// write_file_atomically writes a new file beside the target under a unique name (O_CREAT | O_EXCL, so two writers
// never share one), flushes it to the disk (fsync), renames it over the target (atomic within one file system on
// POSIX) and flushes the folder, so that after a crash the target is either the old file or the whole new one. The
// temporary file is created with mode 0666, so the umask gives the result the permissions of any new file (a
// mkstemp file is 0600, and the rename would hand that to the target). On any failure the temporary file is removed
// and a file_error names the path (or folder) and the operating system's reason; the target is left as it was.
//
// POSIX only (Linux, macOS, the BSDs): the project builds on nothing else yet.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "talentmatch/error.hpp"

namespace talentmatch::io {

// A file that cannot be read or written. `code` is the errno value (0 when there is none), so that callers can tell
// a missing folder from a full disk; the Python binding raises the matching OSError (FileNotFoundError,
// PermissionError, ...).
class file_error : public error {
 public:
  file_error(const std::string& what, int code, std::string path) : error(what), code_(code), path_(std::move(path)) {}
  int code() const { return code_; }
  const std::string& path() const { return path_; }  // the file or folder the message names

 private:
  int code_;
  std::string path_;
};

namespace detail_file {

// The folder of `path` as the operating system will resolve it: "." for a bare name, "/" at the root.
inline std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

inline std::string reason(int code) { return std::strerror(code); }

// A name no other writer in this or another process uses at the same moment: the process id, a counter and the
// clock. O_EXCL makes a clash an error (EEXIST), and the caller then tries the next name.
inline std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned long> counter{0};
  const std::string folder = folder_of(path);
  const std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  const auto now = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".%ld.%lu.%llx.tmp", static_cast<long>(::getpid()), counter++, now);
  return (folder == "/" ? std::string("/") : folder + "/") + "." + name + suffix;
}

// Closes fd once, keeping the first error.
class descriptor {
 public:
  explicit descriptor(int fd) : fd_(fd) {}
  descriptor(const descriptor&) = delete;
  descriptor& operator=(const descriptor&) = delete;
  ~descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // 0, or the errno of a failed close (NFS reports a failed write only here).
  int close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

// Why a file cannot be created in `folder`, in words the user can act on.
inline file_error cannot_create(const std::string& path, const std::string& folder, int code) {
  if (code == ENOENT) {
    return file_error("cannot write " + path + ": the folder " + folder + " does not exist", code, folder);
  }
  if (code == ENOTDIR) {
    return file_error("cannot write " + path + ": " + folder + " is not a folder", code, folder);
  }
  return file_error("cannot write " + path + ": cannot create a file in the folder " + folder + ": " + reason(code),
                    code, folder);
}

}  // namespace detail_file

// Writes `text` to `path` whole or not at all (see the header comment). Throws file_error naming the path or its
// folder and the reason: a missing folder, one that is not a folder or cannot be written, a full disk, a target
// that is a folder.
inline void write_file_atomically(const std::string& path, std::string_view text) {
  namespace df = detail_file;
  if (path.empty()) throw file_error("cannot write a file without a name (the path is empty)", ENOENT, path);
  if (path.back() == '/') throw file_error("cannot write " + path + ": the path names a folder", EISDIR, path);
  const std::string folder = df::folder_of(path);
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tmp = df::temporary_name(path);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST && errno != EINTR) throw df::cannot_create(path, folder, errno);
  }
  if (fd < 0) throw df::cannot_create(path, folder, EEXIST);
  df::descriptor file(fd);
  auto fail = [&](const std::string& what, int code) {
    if (file.get() >= 0) file.close();
    ::unlink(tmp.c_str());
    return file_error("cannot write " + path + ": " + what + ": " + df::reason(code), code, path);
  };
  const char* at = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t wrote = ::write(file.get(), at, left);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      throw fail("writing failed", errno);
    }
    at += wrote;
    left -= static_cast<std::size_t>(wrote);
  }
  // Without fsync, a crash soon after the rename can leave the new name pointing at a file whose data never reached
  // the disk: an empty target, the very thing the temporary file is there to prevent.
  if (::fsync(file.get()) != 0) throw fail("flushing to the disk failed", errno);
  if (const int code = file.close(); code != 0) throw fail("closing failed", code);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int code = errno;
    ::unlink(tmp.c_str());
    if (code == EISDIR || code == ENOTEMPTY || code == EEXIST) {
      throw file_error("cannot write " + path + ": a folder of that name exists", code, path);
    }
    throw file_error("cannot write " + path + ": renaming the new file over it failed: " + df::reason(code), code,
                     path);
  }
  // The rename lives in the folder: flush it too, so that the new name survives a crash. Some file systems cannot
  // fsync a folder (EINVAL); the file itself is complete by now, so that is not an error.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
}

// The whole content of the file at `path`. Throws file_error naming the path and the reason (no such file, a
// folder, no permission).
inline std::string read_file(const std::string& path) {
  namespace df = detail_file;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int code = errno;
    throw file_error("cannot read " + path + ": " + df::reason(code), code, path);
  }
  df::descriptor file(fd);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    throw file_error("cannot read " + path + ": it is a folder, not a file", EISDIR, path);
  }
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int code = errno;
      throw file_error("cannot read " + path + ": " + df::reason(code), code, path);
    }
    out.append(buffer, static_cast<std::size_t>(got));
  }
  return out;
}

}  // namespace talentmatch::io
