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
  plan::plan result;
  {
    progress line("matching " + a.positional);
    result = plan::match(p, opt);
  }
  emit(a, render_plan(result, p, f, !a.has("--output") && stdout_is_terminal()));
  return 0;
}

}  // namespace talentmatch::cli
