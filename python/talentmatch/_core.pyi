"""Type stubs for talentmatch._core, the compiled half of the package (pybind11)."""

from typing import Any

import numpy as np
import numpy.typing as npt

__version__: str

class Error(ValueError): ...
class InfeasibleError(Error): ...

# Solvers (register_solver.cpp, register_kbest.cpp, register_sparse.cpp, register_batch.cpp, register_flow.cpp).
# Results are small bound structs with read-only fields; their arrays are read-only too.

class CertificateReport:
    @property
    def ok(self) -> bool: ...
    @property
    def gap(self) -> float: ...
    @property
    def min_reduced_cost(self) -> float: ...
    @property
    def max_slackness(self) -> float: ...
    @property
    def tolerance(self) -> float: ...
    @property
    def message(self) -> str: ...

class Assignment:
    @property
    def col4row(self) -> npt.NDArray[np.int64]: ...
    @property
    def row4col(self) -> npt.NDArray[np.int64]: ...
    @property
    def u(self) -> npt.NDArray[Any]: ...
    @property
    def v(self) -> npt.NDArray[Any]: ...
    @property
    def objective(self) -> float | int: ...

class RankedAssignment(Assignment):
    @property
    def fixed(self) -> npt.NDArray[np.int64]: ...
    @property
    def forbidden(self) -> npt.NDArray[np.int64]: ...

class FlowAssignment:
    @property
    def rows(self) -> npt.NDArray[np.int64]: ...
    @property
    def cols(self) -> npt.NDArray[np.int64]: ...
    @property
    def row_degree(self) -> npt.NDArray[np.int64]: ...
    @property
    def col_degree(self) -> npt.NDArray[np.int64]: ...
    @property
    def u(self) -> npt.NDArray[Any]: ...
    @property
    def v(self) -> npt.NDArray[Any]: ...
    @property
    def row_group_dual(self) -> npt.NDArray[Any]: ...
    @property
    def col_group_dual(self) -> npt.NDArray[Any]: ...
    @property
    def row_price(self) -> float | int: ...
    @property
    def col_price(self) -> float | int: ...
    @property
    def objective(self) -> float | int: ...

def solve_dense(
    cost: object,
    maximize: object = False,
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
) -> Assignment | None: ...
def _solve_dense_pairs(
    cost: object, maximize: object = False
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None: ...
def resolve_dense(
    cost: npt.NDArray[Any],
    col4row: npt.NDArray[np.int64],
    row4col: npt.NDArray[np.int64],
    u: npt.NDArray[Any],
    v: npt.NDArray[Any],
    objective: float | int,
    row_origin: npt.NDArray[np.int64],
    col_origin: npt.NDArray[np.int64],
    maximize: bool = False,
) -> Assignment: ...
def cost_magnitude_limit(integer: bool, k: int) -> float: ...
def check_certificate(
    cost: npt.NDArray[Any],
    col4row: npt.NDArray[np.int64],
    row4col: npt.NDArray[np.int64],
    u: npt.NDArray[Any],
    v: npt.NDArray[Any],
    objective: float | int,
    maximize: bool = False,
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
    rtol: float = 1e-9,
) -> CertificateReport: ...
def k_best(cost: npt.NDArray[Any], k: int, maximize: bool = False) -> list[RankedAssignment]: ...
def k_best_cost_magnitude_limit(integer: bool, rows: int, cols: int) -> float: ...
def check_kbest_certificate(
    cost: npt.NDArray[Any],
    col4row: npt.NDArray[np.int64],
    row4col: npt.NDArray[np.int64],
    u: npt.NDArray[Any],
    v: npt.NDArray[Any],
    objective: float | int,
    maximize: bool = False,
    fixed: npt.NDArray[np.int64] | None = None,
    forbidden: npt.NDArray[np.int64] | None = None,
    rtol: float = 1e-9,
) -> CertificateReport: ...
def solve_sparse(
    rows: int,
    cols: int,
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int64],
    data: npt.NDArray[Any],
    maximize: bool = False,
    mode: str = "full",
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
) -> Assignment: ...
def check_certificate_sparse(
    rows: int,
    cols: int,
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int64],
    data: npt.NDArray[Any],
    col4row: npt.NDArray[np.int64],
    row4col: npt.NDArray[np.int64],
    u: npt.NDArray[Any],
    v: npt.NDArray[Any],
    objective: float | int,
    maximize: bool = False,
    mode: str = "full",
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
    rtol: float = 1e-9,
) -> CertificateReport: ...
def solve_batch(
    costs: list[npt.NDArray[Any]] | npt.NDArray[Any],
    row_costs: list[npt.NDArray[Any] | None] | None = None,
    col_costs: list[npt.NDArray[Any] | None] | None = None,
    maximize: bool = False,
    threads: int = 0,
) -> list[Assignment] | None: ...

_Quota = tuple[npt.NDArray[np.int64], int, int]

def solve_flow(
    cost: npt.NDArray[Any],
    maximize: bool = False,
    row_capacity: npt.NDArray[np.int64] | None = None,
    col_capacity: npt.NDArray[np.int64] | None = None,
    row_min: npt.NDArray[np.int64] | None = None,
    col_min: npt.NDArray[np.int64] | None = None,
    row_groups: list[_Quota] = ...,
    col_groups: list[_Quota] = ...,
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
) -> FlowAssignment: ...
def check_flow_certificate(
    cost: npt.NDArray[Any],
    maximize: bool,
    row_capacity: npt.NDArray[np.int64] | None,
    col_capacity: npt.NDArray[np.int64] | None,
    row_min: npt.NDArray[np.int64] | None,
    col_min: npt.NDArray[np.int64] | None,
    row_groups: list[_Quota],
    col_groups: list[_Quota],
    row_cost: npt.NDArray[Any] | None,
    col_cost: npt.NDArray[Any] | None,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    u: npt.NDArray[Any],
    v: npt.NDArray[Any],
    row_group_dual: npt.NDArray[Any],
    col_group_dual: npt.NDArray[Any],
    row_price: float | int,
    col_price: float | int,
    objective: float | int,
    rtol: float = 1e-9,
) -> CertificateReport: ...
def solve_flow_sparse(
    n: int,
    m: int,
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int64],
    data: npt.NDArray[Any],
    maximize: bool = False,
    row_capacity: npt.NDArray[np.int64] | None = None,
    col_capacity: npt.NDArray[np.int64] | None = None,
    row_min: npt.NDArray[np.int64] | None = None,
    col_min: npt.NDArray[np.int64] | None = None,
    row_groups: list[_Quota] = ...,
    col_groups: list[_Quota] = ...,
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
) -> FlowAssignment: ...
def check_flow_certificate_sparse(
    n: int,
    m: int,
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int64],
    data: npt.NDArray[Any],
    maximize: bool,
    row_capacity: npt.NDArray[np.int64] | None,
    col_capacity: npt.NDArray[np.int64] | None,
    row_min: npt.NDArray[np.int64] | None,
    col_min: npt.NDArray[np.int64] | None,
    row_groups: list[_Quota],
    col_groups: list[_Quota],
    row_cost: npt.NDArray[Any] | None,
    col_cost: npt.NDArray[Any] | None,
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    u: npt.NDArray[Any],
    v: npt.NDArray[Any],
    row_group_dual: npt.NDArray[Any],
    col_group_dual: npt.NDArray[Any],
    row_price: float | int,
    col_price: float | int,
    objective: float | int,
    rtol: float = 1e-9,
) -> CertificateReport: ...

# Model (register_model.cpp)

class ValidationError(Error):
    issues: list[tuple[str, str]]

class Problem:
    def __init__(self, text: str | bytes) -> None: ...
    def to_json(self, indent: int = 2) -> str: ...
    def validate(self) -> list[tuple[str, str]]: ...
    @property
    def expert_ids(self) -> list[str]: ...
    @property
    def post_ids(self) -> list[str]: ...
    @property
    def skill_ids(self) -> list[str]: ...
    @property
    def staff_ids(self) -> list[str]: ...
    @property
    def host_ids(self) -> list[str]: ...

class ScoreMatrices:
    @property
    def value(self) -> npt.NDArray[np.float64]: ...
    @property
    def fit(self) -> npt.NDArray[np.float64]: ...
    @property
    def feasible(self) -> npt.NDArray[np.uint8]: ...

class CandidateList:
    @property
    def expert(self) -> npt.NDArray[np.int64]: ...
    @property
    def post(self) -> npt.NDArray[np.int64]: ...
    @property
    def value(self) -> npt.NDArray[np.float64]: ...
    @property
    def fit(self) -> npt.NDArray[np.float64]: ...
    @property
    def experts(self) -> int: ...
    @property
    def posts(self) -> int: ...

def score(problem: Problem) -> ScoreMatrices: ...
def score_candidates(problem: Problem) -> CandidateList: ...
def explain(problem: Problem, expert: str, post: str) -> dict[str, Any]: ...

# Files (register_io.cpp)

max_json_depth: int

def write_file_atomically(path: str | bytes, text: str | bytes) -> None: ...

# Plans (register_plan.cpp): properties are plain Python values with the plan JSON's keys.

class Plan:
    @property
    def kind(self) -> str: ...
    @property
    def fill_first(self) -> bool: ...
    @property
    def objective(self) -> float: ...
    @property
    def slots(self) -> int: ...
    @property
    def filled(self) -> int: ...
    @property
    def assignments(self) -> list[dict[str, Any]]: ...
    @property
    def unfilled(self) -> list[dict[str, Any]]: ...
    @property
    def unassigned(self) -> list[dict[str, Any]]: ...
    @property
    def alternates(self) -> dict[str, list[dict[str, Any]]]: ...
    @property
    def post_prices(self) -> dict[str, float]: ...
    @property
    def constraint_prices(self) -> list[dict[str, Any]]: ...
    @property
    def cert(self) -> CertificateReport: ...
    @property
    def has_diff(self) -> bool: ...
    @property
    def switching_cost(self) -> float: ...
    @property
    def warm_started(self) -> bool: ...
    @property
    def diff(self) -> dict[str, Any] | None: ...
    @property
    def timings(self) -> dict[str, float]: ...

def match(problem: Problem, fill_first: bool = False, alternates: int = 3, closest: int = 5) -> Plan: ...
def replan(
    plan: Plan,
    problem: Problem,
    switching_cost: float = 0.0,
    fill_first: bool = False,
    alternates: int = 3,
    closest: int = 5,
) -> Plan: ...
def alternatives(
    problem: Problem, plan: Plan, k: int, fill_first: bool = False, alternates: int = 3, closest: int = 5
) -> list[Plan]: ...
def plan_json(plan: Plan, indent: int = 2) -> str: ...
def save_plan(plan: Plan, path: str | bytes, indent: int = 2) -> None: ...
def plan_from_json(text: str | bytes) -> Plan: ...
def render_table(
    plan: Plan, problem: Problem, colour: bool = False, max_rows: int = 0, max_cell_width: int = 40
) -> str: ...
def render_html(plan: Plan, problem: Problem, compact: bool = False, compact_rows: int = 25) -> str: ...

class PairingPlan:
    @property
    def kind(self) -> str: ...
    @property
    def pairing(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def objective(self) -> float: ...
    @property
    def staff(self) -> int: ...
    @property
    def assignments(self) -> list[dict[str, Any]]: ...
    @property
    def unassigned(self) -> list[dict[str, Any]]: ...
    @property
    def uncovered(self) -> list[dict[str, Any]]: ...
    @property
    def partners(self) -> list[dict[str, Any]]: ...
    @property
    def blocking_pairs(self) -> list[tuple[str, str]]: ...
    @property
    def stable(self) -> bool: ...
    @property
    def optimal(self) -> str: ...
    @property
    def optimal_objective(self) -> float: ...
    @property
    def stability_cost(self) -> float: ...
    @property
    def cert(self) -> CertificateReport: ...

def pair_mentors(
    problem: Problem,
    post_plan: Plan | None = None,
    format: str = "one_to_many",
    stable: bool = False,
    optimal: str = "staff",
) -> PairingPlan: ...
def place_trainees(problem: Problem, stable: bool = False, optimal: str = "staff") -> PairingPlan: ...
def pairing_json(plan: PairingPlan, indent: int = 2) -> str: ...
def save_pairing(plan: PairingPlan, path: str | bytes, indent: int = 2) -> None: ...
def render_pairing_table(
    plan: PairingPlan, problem: Problem, colour: bool = False, max_rows: int = 0, max_cell_width: int = 40
) -> str: ...
def render_pairing_html(plan: PairingPlan, problem: Problem, compact: bool = False, compact_rows: int = 25) -> str: ...

# Stable matchings (register_stable.cpp), on index lists.

def stable_deferred_acceptance(
    resident_prefs: list[list[int]],
    hospital_prefs: list[list[int]],
    capacities: list[int],
    resident_optimal: bool = True,
) -> list[int]: ...
def stable_blocking_pairs(
    resident_prefs: list[list[int]], hospital_prefs: list[list[int]], capacities: list[int], hospital_of: list[int]
) -> list[tuple[int, int]]: ...
def expert_slice(problem: Problem, begin: int, end: int) -> Problem: ...
def match_candidates(
    problem: Problem,
    expert: npt.ArrayLike,
    post: npt.ArrayLike,
    value: npt.ArrayLike,
    fit: npt.ArrayLike,
    fill_first: bool = False,
    alternates: int = 3,
    closest: int = 5,
    start: Plan | None = None,
) -> Plan: ...
def pair_duals(
    plan: Plan, problem: Problem
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], float, npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
def required_pairs(problem: Problem) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
