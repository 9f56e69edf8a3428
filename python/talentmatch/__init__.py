"""talentmatch: exact, certified matching of expert skill profiles to the posts a county needs filled.

The solver layer is usable on its own, with scipy's call shapes::

    import talentmatch as tm
    rows, cols = tm.linear_sum_assignment(cost)          # drop-in for scipy.optimize.linear_sum_assignment
    sol = tm.solve(cost, unassigned_cost=(5.0, 0.0))     # richer result: duals and a certificate
    sol.verify()
"""

from talentmatch import data
from talentmatch._core import Error, InfeasibleError
from talentmatch._core import __version__ as __version__
from talentmatch.batch import solve_batch
from talentmatch.kbest import k_best
from talentmatch.pairing import PairingPlan, pair_mentors, place_trainees
from talentmatch.plan import Plan, match
from talentmatch.problem import Candidates, Explanation, Problem, Scores, ValidationError
from talentmatch.solution import Certificate, FlowSolution, Solution, SolutionBase
from talentmatch.solver import linear_sum_assignment, resolve, solve
from talentmatch.sparse import min_weight_full_bipartite_matching, solve_sparse
from talentmatch.stable import blocking_pairs, hospital_resident

__all__ = [
    "Certificate",
    "Error",
    "FlowSolution",
    "InfeasibleError",
    "Solution",
    "SolutionBase",
    "__version__",
    "linear_sum_assignment",
    "resolve",
    "solve",
    "k_best",
    "min_weight_full_bipartite_matching",
    "solve_sparse",
    "solve_batch",
    "Problem",
    "ValidationError",
    "Scores",
    "Candidates",
    "Explanation",
    "Plan",
    "match",
    "PairingPlan",
    "pair_mentors",
    "place_trainees",
    "hospital_resident",
    "blocking_pairs",
    "data",
]
