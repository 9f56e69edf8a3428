#pragma once

#include <stdexcept>
#include <string>

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
};

}  // namespace talentmatch
