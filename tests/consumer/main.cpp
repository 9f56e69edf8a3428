// Uses the installed (or added) package through the public headers only: solves a small assignment and checks its
// certificate, fills slots under a quota, and reads, validates and scores a tiny problem document.
#include <cstdio>
#include <talentmatch/talentmatch.hpp>
#include <vector>

int main() {
  namespace ts = talentmatch::solver;
  const std::vector<double> cost = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(cost.data(), 3, 3);
  const auto sol = ts::solve_dense(view);
  ts::verify(view, sol);

  ts::flow_options<double> opt;
  opt.col_capacity = {2, 1, 1};
  opt.col_groups = {ts::quota{{0, 1}, 1, 2}};
  const auto plan = ts::solve_flow(view, opt);
  ts::verify(view, plan, opt);

  const auto problem = talentmatch::io::parse_problem(R"({
    "skills": [{"id": "med.icu", "name": "Intensive care"}],
    "experts": [{"id": "e1", "available_months": 6, "skills": {"med.icu": 5}}],
    "posts": [{"id": "p1", "department": "health", "unit": "hospital", "slots": 1,
               "requires": [{"skill": "med.icu", "importance": 5, "min_level": 5}]}]})");
  const auto scores = talentmatch::scoring::score(problem);

  std::printf("talentmatch %s: objective %g, %td pairs under the quota, fit %g\n", talentmatch::version, sol.objective,
              plan.size(), scores.fit(0, 0));
  return sol.objective == 5.0 && plan.size() == 3 && scores.fit(0, 0) == 1.0 ? 0 : 1;
}
