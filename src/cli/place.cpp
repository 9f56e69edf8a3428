// talentmatch place PROBLEM.json: local staff placed at training hosts by what each host offers against the staff's
// goals (plan::place_trainees, as Python's talentmatch.place_trainees).

#include "commands.hpp"
#include "common.hpp"
#include "talentmatch/plan/placement.hpp"

namespace talentmatch::cli {

command_spec place_spec() {
  command_spec c{
      "place",
      "PROBLEM.json",
      "Place local staff at training hosts: the hosts' capacities and offers against the staff's skill "
      "goals, the placement of most value (or the stable one) with its certificate, the staff left "
      "unplaced and why, and the goals no host covers. Plan JSON of kind \"placements\".",
      {{"--stable", "", "", "the stable placement (deferred acceptance) instead of the most value"},
       {"--optimal", "", "SIDE", "with --stable: whose optimal stable placement, staff (default) or hosts"}}};
  add_output_options(c);
  return c;
}

int place(const arguments& a) {
  const format f = format_of(a);
  plan::placement_options opt;
  opt.stable = a.has("--stable");
  opt.optimal = choice_of(a, "--optimal", {"staff", "hosts"}, opt.optimal);
  if (a.has("--optimal") && !opt.stable)
    throw usage_error("talentmatch place: --optimal takes effect only with --stable");
  const model::problem p = load_problem_file(a.positional);
  plan::pairing_plan result;
  {
    progress line("placing trainees of " + a.positional);
    result = plan::place_trainees(p, opt);
  }
  emit(a, render_pairing(result, p, f, output_is_terminal(a)));
  return 0;
}

}  // namespace talentmatch::cli
