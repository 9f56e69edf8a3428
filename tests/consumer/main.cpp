// Solves a small assignment and checks its certificate, through the public headers only.
#include <cstdio>
#include <talentmatch/talentmatch.hpp>
#include <vector>

int main() {
  namespace ts = talentmatch::solver;
  const std::vector<double> cost = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(cost.data(), 3, 3);
  const auto sol = ts::solve_dense(view);
  ts::verify(view, sol);
  std::printf("talentmatch %s: objective %g\n", talentmatch::version, sol.objective);
  return sol.objective == 5.0 ? 0 : 1;
}
