#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace talentmatch {

// Every rejected input and every failed check raises an `error` (Python: talentmatch.Error, a ValueError).
// The message says what is wrong and where: a row and column, an argument name, a JSON path.
class error : public std::invalid_argument {
 public:
  explicit error(const std::string& what) : std::invalid_argument(what) {}
};

// The input is well formed but no assignment satisfies it: a row that cannot be matched, a quota that cannot be met.
// Kept apart from `error` so that callers (and the command line's exit code 3) can tell the two apart.
class infeasible_error : public error {
 public:
  explicit infeasible_error(const std::string& what) : error(what) {}
  // Where the solver knows what cannot be met: subject "row", "column", "row group" or "column group" and its index,
  // so that a caller with names (the plan layer) can say which expert, post or constraint it is.
  infeasible_error(const std::string& what, std::string subject, std::ptrdiff_t index)
      : error(what), subject_(std::move(subject)), index_(index) {}
  const std::string& subject() const { return subject_; }  // empty when not known
  std::ptrdiff_t index() const { return index_; }          // -1 when not known

 private:
  std::string subject_;
  std::ptrdiff_t index_ = -1;
};

// One problem found in an input document: where (a JSON pointer such as "/experts/3/skills/med.icu") and what.
struct issue {
  std::string path;
  std::string message;
};

// Everything wrong with a document at once: validation collects every issue before it throws, so that one run shows
// the planner the whole list. what() lists them, one per line.
class validation_error : public error {
 public:
  explicit validation_error(std::vector<issue> issues) : error(describe(issues)), issues_(std::move(issues)) {}
  const std::vector<issue>& issues() const { return issues_; }

 private:
  static std::string describe(const std::vector<issue>& issues) {
    std::string out =
        std::to_string(issues.size()) + (issues.size() == 1 ? " problem" : " problems") + " in the document:";
    for (const auto& i : issues) out += "\n  " + (i.path.empty() ? std::string("/") : i.path) + ": " + i.message;
    return out;
  }
  std::vector<issue> issues_;
};

}  // namespace talentmatch
