// talentmatch match PROBLEM.json: the optimal plan of a problem document.

#include "commands.hpp"
#include "common.hpp"

namespace talentmatch::cli {

command_spec match_spec() {
  command_spec c{"match",
                 "PROBLEM.json",
                 "Match experts to posts: the plan of most value under every rule of the document, with its "
                 "certificate, recruiting briefs for unfilled posts, alternates and shadow prices.",
                 {}};
  add_plan_options(c);
  return c;
}

int match(const arguments& a) {
  const format f = format_of(a);
  const plan::match_options opt = match_options_of(a);
  const model::problem p = load_problem_file(a.positional);
  return match_and_emit(a, f, opt, p, "matching " + a.positional);
}

}  // namespace talentmatch::cli
