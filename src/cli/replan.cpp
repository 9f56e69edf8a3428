// talentmatch replan PROBLEM.json --plan OLD.json: the plan after the document changed, keeping pairs unless moving
// them gains more than the switching cost, with the diff.

#include <string>

#include "commands.hpp"
#include "common.hpp"

namespace talentmatch::cli {

command_spec replan_spec() {
  command_spec c{"replan",
                 "PROBLEM.json",
                 "Re-plan after the document changed (an expert left or arrived, posts or quotas changed): every "
                 "pair of the old plan that is still feasible earns the switching cost; the new plan lists what "
                 "was kept, moved, added and removed.",
                 {{"--plan", "", "OLD.json", "the old plan (plan JSON, as match -o writes it; required)"},
                  {"--switching-cost", "", "X", "what keeping a pair is worth (default 0: a fresh match)"}}};
  add_plan_options(c);
  return c;
}

int replan(const arguments& a) {
  if (!a.has("--plan")) throw usage_error("talentmatch replan: --plan OLD.json is required");
  double cost = 0;
  if (a.has("--switching-cost")) {
    const std::string s = a.get("--switching-cost");
    std::size_t used = 0;
    try {
      cost = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (s.empty() || used != s.size()) {
      throw usage_error("talentmatch replan: --switching-cost must be a number, got '" + s + "'");
    }
  }
  const format f = format_of(a);
  const plan::match_options opt = match_options_of(a);
  const model::problem p = load_problem_file(a.positional);
  const plan::plan old = load_post_plan_file(a.get("--plan"));
  plan::plan result;
  {
    progress line("re-planning " + a.positional);
    result = plan::replan(old, p, cost, opt);
  }
  emit(a, render_plan(result, p, f, output_is_terminal(a)));
  return 0;
}

}  // namespace talentmatch::cli
