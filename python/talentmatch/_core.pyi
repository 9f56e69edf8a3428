"""Type stubs for talentmatch._core, the compiled half of the package (pybind11)."""

from typing import Any

import numpy as np
import numpy.typing as npt

__version__: str

class Error(ValueError): ...
class InfeasibleError(Error): ...

def solve_dense(
    cost: npt.NDArray[Any],
    maximize: bool = False,
    row_cost: npt.NDArray[Any] | None = None,
    col_cost: npt.NDArray[Any] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[Any], npt.NDArray[Any], float | int]: ...
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
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[Any], npt.NDArray[Any], float | int]: ...
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
) -> dict[str, Any]: ...
def k_best(
    cost: npt.NDArray[Any], k: int, maximize: bool = False
) -> list[
    tuple[
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
        npt.NDArray[Any],
        npt.NDArray[Any],
        float | int,
        npt.NDArray[np.int64],
        npt.NDArray[np.int64],
    ]
]: ...
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
) -> dict[str, Any]: ...
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
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[Any], npt.NDArray[Any], float | int]: ...
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
) -> dict[str, Any]: ...
def solve_batch(
    costs: list[npt.NDArray[Any]],
    row_costs: list[npt.NDArray[Any] | None],
    col_costs: list[npt.NDArray[Any] | None],
    maximize: bool = False,
    threads: int = 0,
) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[Any], npt.NDArray[Any], float | int]]: ...

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
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[Any],
    npt.NDArray[Any],
    npt.NDArray[Any],
    npt.NDArray[Any],
    float | int,
    float | int,
    float | int,
]: ...
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
) -> dict[str, Any]: ...

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

def score(problem: Problem) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.uint8]]: ...
def score_candidates(
    problem: Problem,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], int, int
]: ...
def explain(problem: Problem, expert: str, post: str) -> dict[str, Any]: ...
