// io::write_file_atomically and io::read_file (include/talentmatch/io/file.hpp): the content arrives whole, an
// existing target is replaced, a failure names the path or folder and the operating system's reason, leaves the
// target as it was and no temporary file behind. The oracle is the file system itself (std::filesystem, std::ifstream).

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/io/file.hpp"

namespace fs = std::filesystem;
namespace io = talentmatch::io;

namespace {

// A fresh, empty folder for one test, removed afterwards.
class scratch {
 public:
  explicit scratch(const std::string& name) : dir_(fs::temp_directory_path() / ("talentmatch_test_file_" + name)) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~scratch() {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }
  const fs::path& dir() const { return dir_; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(dir_)) out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path dir_;
};

std::string content(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(FileWriter, WritesTheWholeContent) {
  const scratch s("content");
  const fs::path out = s.dir() / "plan.json";
  // Larger than any one write() need take, with NUL bytes and non-ASCII text.
  std::string text;
  for (int k = 0; k < 200000; ++k) text += "line " + std::to_string(k) + " \xE5\xAF\x8C\xE8\x95\xB4\n";
  text += std::string("\0tail", 5);
  io::write_file_atomically(out.string(), text);
  EXPECT_EQ(content(out), text);
  EXPECT_EQ(s.names(), std::vector<std::string>{"plan.json"});  // no temporary file left
  EXPECT_EQ(io::read_file(out.string()), text);
  io::write_file_atomically(out.string(), "");
  EXPECT_EQ(fs::file_size(out), 0u);
}

TEST(FileWriter, ReplacesAnExistingTarget) {
  const scratch s("replace");
  const fs::path out = s.dir() / "plan.json";
  std::ofstream(out) << "the old plan, longer than the new one";
  io::write_file_atomically(out.string(), "new");
  EXPECT_EQ(content(out), "new");
  EXPECT_EQ(s.names(), std::vector<std::string>{"plan.json"});
  // A relative name is written in the working folder.
  const fs::path here = fs::current_path();
  fs::current_path(s.dir());
  io::write_file_atomically("relative.json", "r");
  fs::current_path(here);
  EXPECT_EQ(content(s.dir() / "relative.json"), "r");
}

TEST(FileWriter, TheResultHasTheUsualPermissions) {
  // Created with 0666 and the umask applied, as any new file, not a temporary file's 0600.
  const scratch s("mode");
  const mode_t mask = ::umask(022);
  io::write_file_atomically((s.dir() / "plan.json").string(), "x");
  ::umask(mask);
  EXPECT_EQ(fs::status(s.dir() / "plan.json").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST(FileWriter, AMissingFolderIsNamed) {
  const scratch s("missing");
  const fs::path folder = s.dir() / "no" / "such";
  const std::string out = (folder / "plan.json").string();
  try {
    io::write_file_atomically(out, "x");
    FAIL() << "written";
  } catch (const io::file_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + out + ": the folder " + folder.string() + " does not exist");
    EXPECT_EQ(e.code(), ENOENT);
    EXPECT_EQ(e.path(), folder.string());
  }
  EXPECT_TRUE(s.names().empty());
  // A file where a folder should be.
  std::ofstream(s.dir() / "file") << "x";
  try {
    io::write_file_atomically((s.dir() / "file" / "plan.json").string(), "x");
    FAIL() << "written";
  } catch (const io::file_error& e) {
    EXPECT_TRUE(contains(e.what(), "is not a folder")) << e.what();
    EXPECT_EQ(e.code(), ENOTDIR);
  }
  EXPECT_EQ(s.names(), std::vector<std::string>{"file"});
}

TEST(FileWriter, AReadOnlyFolderIsNamedAndItsFileKept) {
  const scratch s("read_only");
  const fs::path folder = s.dir() / "locked";
  fs::create_directories(folder);
  const fs::path out = folder / "plan.json";
  std::ofstream(out) << "original";
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  // Root may write into a read-only folder: then the attempt runs in a child process as user "nobody".
  auto attempt = [&]() -> int {
    try {
      io::write_file_atomically(out.string(), "new");
    } catch (const io::file_error& e) {
      const bool named = contains(e.what(), "cannot write " + out.string() + ": cannot create a file in the folder " +
                                                folder.string() + ": Permission denied");
      return named && e.code() == EACCES ? 0 : 2;
    }
    return 1;  // written
  };
  int result = 0;
  if (::geteuid() != 0) {
    result = attempt();
  } else {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
      ::_exit(attempt());
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    result = WEXITSTATUS(status);
  }
  EXPECT_EQ(result, 0) << "1: written, 2: a different error, 3: could not become nobody";
  EXPECT_EQ(content(out), "original");
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(folder)) left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"plan.json"});
}

TEST(FileWriter, AFolderAsTheTargetFailsAndLeavesNoTemporary) {
  // The rename fails (a non-empty folder has the name): the temporary file is removed, the folder kept.
  const scratch s("target_folder");
  const fs::path out = s.dir() / "plan.json";
  fs::create_directories(out / "inside");
  try {
    io::write_file_atomically(out.string(), "x");
    FAIL() << "written";
  } catch (const io::file_error& e) {
    EXPECT_TRUE(contains(e.what(), "cannot write " + out.string() + ": a folder of that name exists")) << e.what();
  }
  EXPECT_EQ(s.names(), std::vector<std::string>{"plan.json"});
  EXPECT_TRUE(fs::is_directory(out / "inside"));
  EXPECT_THROW(io::write_file_atomically((s.dir() / "sub/").string(), "x"), io::file_error);
  EXPECT_THROW(io::write_file_atomically("", "x"), io::file_error);
}

TEST(FileWriter, ConcurrentWritersNeverShareATemporaryFile) {
  // Each child writes its own text to the same target many times; the target always holds one writer's whole text.
  const scratch s("concurrent");
  const fs::path out = s.dir() / "plan.json";
  std::vector<pid_t> children;
  for (int w = 0; w < 4; ++w) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const std::string text(100000, static_cast<char>('a' + w));
      try {
        for (int k = 0; k < 20; ++k) io::write_file_atomically(out.string(), text);
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const std::string text = content(out);
  ASSERT_EQ(text.size(), 100000u);
  EXPECT_EQ(text, std::string(100000, text[0]));
  EXPECT_EQ(s.names(), std::vector<std::string>{"plan.json"});
}

TEST(FileReader, NamesThePathAndTheReason) {
  const scratch s("reader");
  const std::string missing = (s.dir() / "none.json").string();
  try {
    io::read_file(missing);
    FAIL() << "read";
  } catch (const io::file_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read " + missing + ": No such file or directory");
    EXPECT_EQ(e.code(), ENOENT);
  }
  try {
    io::read_file(s.dir().string());
    FAIL() << "read";
  } catch (const io::file_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read " + s.dir().string() + ": it is a folder, not a file");
    EXPECT_EQ(e.code(), EISDIR);
  }
  // file_error is a talentmatch::error: one catch serves every library error.
  EXPECT_THROW(io::read_file(missing), talentmatch::error);
}
