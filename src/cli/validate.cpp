// talentmatch validate PROBLEM.json: every problem of the document, each with its JSON path (exit 2), or a summary.

#include <iostream>
#include <string>

#include "commands.hpp"
#include "common.hpp"

namespace talentmatch::cli {

command_spec validate_spec() {
  return {"validate",
          "PROBLEM.json",
          "Check a problem document: every problem found is listed with its JSON path (exit code 2); a valid "
          "document prints what it holds.",
          {}};
}

int validate(const arguments& a) {
  const model::problem p = load_problem_file(a.positional);
  auto count = [](const auto& v) { return std::to_string(v ? v->size() : 0); };
  std::cout << a.positional << ": valid talentmatch/1 document: " << p.skills.size() << " skills, " << p.experts.size()
            << " experts, " << p.posts.size() << " posts, " << count(p.staff) << " staff, " << count(p.hosts)
            << " hosts, " << count(p.pairs) << " pair rules, " << count(p.constraints) << " constraints\n";
  return 0;
}

}  // namespace talentmatch::cli
