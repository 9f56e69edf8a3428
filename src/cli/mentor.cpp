// talentmatch mentor PROBLEM.json [--post-plan PLAN.json]: experts with mentor capacity paired with local staff by
// the staff's skill goals (plan::pair_mentors, as Python's talentmatch.pair_mentors).

#include <string>

#include "commands.hpp"
#include "common.hpp"
#include "talentmatch/plan/mentoring.hpp"

namespace talentmatch::cli {

command_spec mentor_spec() {
  command_spec c{
      "mentor",
      "PROBLEM.json",
      "Pair mentors with local staff: the experts' mentor_capacity against the staff's skill goals, the "
      "pairing of most value (or the stable one) with its certificate, the goals each pair teaches, the "
      "staff left unpaired and why, and the goals no mentor covers (the skills and levels to recruit "
      "for). Plan JSON of kind \"mentors\".",
      {{"--post-plan", "", "PLAN.json",
        "the post plan of the same problem (plan JSON, as match -o writes it): mentors pair only with "
        "staff of the units they are posted to (or departments, by settings.mentoring.scope); without it, any "
        "mentor with any staff member"},
       {"--pairing", "", "FORMAT",
        "one_to_many (default: up to mentor_capacity staff each), one_to_one, or team (the mentors "
        "posted to one unit mentor its staff together; needs --post-plan)"},
       {"--stable", "", "", "the stable pairing (deferred acceptance) instead of the most value"},
       {"--optimal", "", "SIDE", "with --stable: whose optimal stable pairing, staff (default) or mentors"}}};
  add_output_options(c);
  return c;
}

int mentor(const arguments& a) {
  const format f = format_of(a);
  plan::mentor_options opt;
  opt.format = choice_of(a, "--pairing", {"one_to_many", "one_to_one", "team"}, opt.format);
  opt.stable = a.has("--stable");
  opt.optimal = choice_of(a, "--optimal", {"staff", "mentors"}, opt.optimal);
  if (a.has("--optimal") && !opt.stable)
    throw usage_error("talentmatch mentor: --optimal takes effect only with --stable");
  if (opt.format == "team" && !a.has("--post-plan")) {
    throw usage_error(
        "talentmatch mentor: --pairing team needs --post-plan PLAN.json (a team is the mentors posted to one unit)");
  }
  const model::problem p = load_problem_file(a.positional);
  plan::plan posts;
  if (a.has("--post-plan")) posts = load_post_plan_file(a.get("--post-plan"));
  plan::pairing_plan result;
  {
    progress line("pairing mentors in " + a.positional);
    result = plan::pair_mentors(p, a.has("--post-plan") ? &posts : nullptr, opt);
  }
  emit(a, render_pairing(result, p, f, output_is_terminal(a)));
  return 0;
}

}  // namespace talentmatch::cli
