"""The assignment solvers: scipy-compatible drop-ins and the richer :func:`solve`.

All of them call the same C++ core (``talentmatch._core``), which reads the caller's array in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

import numpy as np

from talentmatch import _core
from talentmatch._core import Error

__all__ = ["Certificate", "Solution", "linear_sum_assignment", "resolve", "solve"]

ArrayLike = Any
CostPair = tuple[Union[float, ArrayLike], Union[float, ArrayLike]]

# dtypes the core reads in place; everything else numeric is converted first.
_NATIVE = (np.float64, np.float32, np.int64, np.int32)
_INT_MAX = np.iinfo(np.int64).max
_INT_MIN = np.iinfo(np.int64).min


def _as_cost_matrix(cost_matrix: ArrayLike, extra_nodes: int | None = None) -> np.ndarray:
    """The matrix as the core reads it: the caller's own array whenever its dtype allows (no copy).

    Integer matrices stay exact when their magnitude allows it at the solver's size: k = min(n, m) for the
    assignment solvers, or n + m + ``extra_nodes`` for the capacitated one, whose paths run through every node."""
    a = np.asarray(cost_matrix)
    if a.ndim != 2:
        raise Error(f"expected a matrix (2-D array), got a {a.ndim}-D array")
    if a.dtype.kind in "fi" and a.dtype.type in _NATIVE:
        if not a.dtype.isnative or not a.flags.aligned or any(s % a.itemsize for s in a.strides):
            a = np.array(a, dtype=a.dtype.newbyteorder("="), order="C")
        return _exact_or_float(a, extra_nodes) if a.dtype.kind == "i" else a
    if a.dtype.kind in "biu":
        # Integers the core does not take (and booleans) convert exactly to int64; uint64 may not fit.
        if a.dtype.kind == "u" and a.dtype.itemsize == 8:
            return a.astype(np.float64)
        return _exact_or_float(a.astype(np.int64), extra_nodes)
    if a.dtype.kind == "f":
        return a.astype(np.float64)  # float16, longdouble: computed in double, as scipy does
    raise Error(f"expected a matrix containing numerical entries, got dtype {a.dtype}")


def _int_limit(shape: tuple[int, ...]) -> float:
    return _core.cost_magnitude_limit(True, min(shape))


def _exact_or_float(a: np.ndarray, extra_nodes: int | None = None) -> np.ndarray:
    """Integer matrices are solved exactly in int64 when their magnitude allows it, else in double (as scipy)."""
    n, m = a.shape
    limit = _int_limit(a.shape) if extra_nodes is None else _core.cost_magnitude_limit(True, n + m + extra_nodes)
    if a.size and max(abs(int(a.max())), abs(int(a.min()))) > limit:
        return a.astype(np.float64)
    return a


def _side_costs(x: float | ArrayLike, n: int, side: str) -> np.ndarray:
    try:
        c = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise Error(f"unassigned_cost: {side} costs must be numbers") from None
    if c.ndim == 0:
        c = np.full(n, float(c))
    if c.ndim != 1 or c.shape[0] != n:
        raise Error(f"unassigned_cost: {side} costs must be a scalar or a 1-D array of length {n}, got shape {c.shape}")
    if np.isnan(c).any():
        raise Error(f"unassigned_cost: {side} cost {int(np.flatnonzero(np.isnan(c))[0])} is NaN")
    return np.ascontiguousarray(c)


def _unassigned_costs(
    unassigned_cost: CostPair, shape: tuple[int, int], integer: bool, maximize: bool
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The unassigned costs as the core takes them, for a problem of ``shape``: float64 arrays, or int64 arrays when
    the problem is ``integer`` and the costs allow exact arithmetic. The flag says whether they stayed integer (when
    not, the caller solves in float64)."""
    try:
        row_x, col_x = unassigned_cost
    except (TypeError, ValueError):
        raise Error("unassigned_cost must be a pair (row_cost, col_cost) of scalars or 1-D arrays") from None
    n, m = shape
    row, col = _side_costs(row_x, n, "row"), _side_costs(col_x, m, "column")
    if not integer:
        return row, col, False
    both = np.concatenate([row, col])
    finite = both[np.isfinite(both)]
    if not (np.all(finite == np.round(finite)) and np.all(np.abs(finite) <= _int_limit(shape))):
        return row, col, False
    # Integer problems stay exact. "Must be matched" is +inf (-inf with maximize); the core's integer form of it
    # is the largest int64 (the smallest with maximize). The other infinity can never be beaten: rejected here.
    if (np.isposinf(both) if maximize else np.isneginf(both)).any():
        raise Error("unassigned_cost: " + ("+inf" if maximize else "-inf") + ", which no assignment can beat")
    out = []
    for c in (row, col):
        k = np.zeros(c.shape, dtype=np.int64)
        fin = np.isfinite(c)
        k[fin] = c[fin].astype(np.int64)
        k[np.isneginf(c) if maximize else np.isposinf(c)] = _INT_MIN if maximize else _INT_MAX
        out.append(k)
    return out[0], out[1], True


def _unassigned(
    cost: np.ndarray, unassigned_cost: CostPair | None, maximize: bool
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """The unassigned costs as the core takes them, and the matrix (converted to float64 only when the costs of
    an integer problem are fractional or too large for exact arithmetic)."""
    if unassigned_cost is None:
        return cost, None, None
    integer = cost.dtype.kind == "i"
    row, col, exact = _unassigned_costs(unassigned_cost, cost.shape, integer, maximize)
    if integer and not exact:
        cost = cost.astype(np.float64)
    return cost, row, col


@dataclass(frozen=True)
class Certificate:
    """The result of checking a solution's duals: see :meth:`Solution.verify`."""

    ok: bool
    gap: float
    min_reduced_cost: float
    max_slackness: float
    tolerance: float
    message: str


class Solution:
    """An optimal assignment with its dual potentials.

    ``rows`` and ``cols`` are the matched pairs (rows ascending). ``u`` and ``v`` are the duals of the
    minimisation form (with ``maximize=True``, of the negated matrix): ``cost[i, j] - u[i] - v[j] >= 0`` on every
    allowed pair, ``= 0`` on matched pairs, and ``u.sum() + v.sum()`` equals the minimisation-form objective.
    ``objective`` is in the caller's sign: the matched costs plus the unassigned costs paid.

    A solution from :func:`talentmatch.k_best` other than the first is optimal only for its Murty subproblem, and its
    duals certify it for that: ``cost`` with the ``forbidden`` pairs forbidden and the ``fixed`` pairs enforced (both
    ``(p, 2)`` arrays of ``(row, col)``; ``None`` for an ordinary solution). :meth:`verify` checks exactly that.
    """

    __slots__ = (
        "_cost",
        "_row_cost",
        "_col_cost",
        "col_for_row",
        "row_for_col",
        "u",
        "v",
        "objective",
        "maximize",
        "fixed",
        "forbidden",
    )

    def __init__(
        self, cost, row_cost, col_cost, col4row, row4col, u, v, objective, maximize, fixed=None, forbidden=None
    ):
        self._cost = cost
        self._row_cost = row_cost
        self._col_cost = col_cost
        self.col_for_row: np.ndarray = col4row
        self.row_for_col: np.ndarray = row4col
        self.u: np.ndarray = u
        self.v: np.ndarray = v
        self.objective = objective
        self.maximize: bool = maximize
        self.fixed: np.ndarray | None = fixed
        self.forbidden: np.ndarray | None = forbidden

    @property
    def rows(self) -> np.ndarray:
        return np.flatnonzero(self.col_for_row >= 0)

    @property
    def cols(self) -> np.ndarray:
        return self.col_for_row[self.col_for_row >= 0]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.col_for_row), len(self.row_for_col))

    def __len__(self) -> int:
        return int(np.count_nonzero(self.col_for_row >= 0))

    def certificate(self, rtol: float = 1e-9) -> Certificate:
        """Checks the duals against the cost matrix the solution was computed from (still held, not copied), or
        against its Murty subproblem for a :func:`talentmatch.k_best` solution."""
        if callable(self._cost):  # a sparse solution holds its certificate check (talentmatch.sparse)
            return Certificate(**self._cost(self, rtol))
        if self.fixed is not None or self.forbidden is not None:
            d = _core.check_kbest_certificate(
                self._cost,
                self.col_for_row,
                self.row_for_col,
                self.u,
                self.v,
                self.objective,
                self.maximize,
                self.fixed,
                self.forbidden,
                rtol,
            )
            return Certificate(**d)
        d = _core.check_certificate(
            self._cost,
            self.col_for_row,
            self.row_for_col,
            self.u,
            self.v,
            self.objective,
            self.maximize,
            self._row_cost,
            self._col_cost,
            rtol,
        )
        return Certificate(**d)

    def verify(self, rtol: float = 1e-9) -> Certificate:
        """Raises :class:`talentmatch.Error` unless the certificate holds; returns it otherwise."""
        cert = self.certificate(rtol)
        if not cert.ok:
            raise Error("certificate check failed: " + cert.message)
        return cert

    def __repr__(self) -> str:
        n, m = self.shape
        sense = "max" if self.maximize else "min"
        return f"<Solution {n}x{m} {sense} objective={self.objective!r} pairs={len(self)}>"


def solve(
    cost: ArrayLike,
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | None = None,
    row_capacity: int | ArrayLike | None = None,
    col_capacity: int | ArrayLike | None = None,
    col_min: int | ArrayLike | None = None,
    groups: Sequence[tuple[ArrayLike, int | None, int | None]] | None = None,
    row_min: int | ArrayLike | None = None,
    row_groups: Sequence[tuple[ArrayLike, int | None, int | None]] | None = None,
) -> Solution:
    """Solves the rectangular assignment problem on ``cost`` and returns a :class:`Solution`.

    ``+inf`` entries (``-inf`` with ``maximize``) are forbidden pairs; NaN is rejected. Without
    ``unassigned_cost`` the result is a full matching of ``min(n, m)`` pairs (:class:`talentmatch.InfeasibleError`
    if none avoids the forbidden pairs). ``unassigned_cost=(row_cost, col_cost)`` (scalars or 1-D arrays) prices
    leaving a row or column unmatched; a pair is matched only when that is strictly cheaper; ``inf`` means that row
    (or column) must be matched.

    Capacities (transportation / b-matching): ``row_capacity``, ``col_capacity`` (scalars or 1-D integer arrays,
    default 1) say how many pairs a row or column may take, each pair at most once; ``col_min`` / ``row_min`` how
    many it must take; ``groups=[(column_indices, min, max), ...]`` (indices or a boolean mask; ``None`` for no
    bound) are quotas over groups of columns, which must nest (any two disjoint or one inside the other), and
    ``row_groups`` the same over rows. With any of these the result is a :class:`talentmatch.FlowSolution`: without
    unassigned costs, as many pairs as the constraints allow and the cheapest among those; with them, the cheapest
    plan counting ``row_cost[i]`` (``col_cost[j]``) per unused unit of capacity, ``inf`` meaning "use to capacity".
    A minimum or quota that no plan meets raises :class:`talentmatch.InfeasibleError` naming it.

    float64, float32, int64 and int32 arrays are read in place in any memory order; integer problems are solved
    exactly in int64. The GIL is released while solving.
    """
    capacitated = (row_capacity, col_capacity, col_min, groups, row_min, row_groups)
    if any(x is not None for x in capacitated):
        from talentmatch.flow import solve_flow  # flow builds on this module

        return solve_flow(
            cost,
            maximize=maximize,
            unassigned_cost=unassigned_cost,
            row_capacity=row_capacity,
            col_capacity=col_capacity,
            row_min=row_min,
            col_min=col_min,
            groups=groups,
            row_groups=row_groups,
        )
    a = _as_cost_matrix(cost)
    a, row, col = _unassigned(a, unassigned_cost, maximize)
    col4row, row4col, u, v, objective = _core.solve_dense(a, bool(maximize), row, col)
    return Solution(a, row, col, col4row, row4col, u, v, objective, bool(maximize))


def resolve(
    cost: ArrayLike,
    previous: Solution,
    *,
    row_origin: ArrayLike | None = None,
    col_origin: ArrayLike | None = None,
    changed_rows: ArrayLike = (),
    changed_cols: ArrayLike = (),
) -> Solution:
    """Re-solves a full assignment after rows or columns were added, removed or changed, warm-started from
    ``previous`` (a :class:`Solution` of :func:`solve` without unassigned costs; its ``maximize`` is kept).

    ``row_origin[i]`` is the row of the previous matrix that row ``i`` of ``cost`` continues, or -1 for a new row
    or one whose costs changed; ``None`` means "the same rows" (the row count must not have changed). The same for
    ``col_origin``. ``changed_rows`` / ``changed_cols`` mark rows or columns whose costs changed (their origin
    becomes -1). Every entry whose row and column both carry over must be unchanged. Pairs whose row and column
    carry over are kept and only the rows left unmatched are augmented; the result is optimal for ``cost`` and
    carries its certificate.
    """
    if (
        not isinstance(previous, Solution)
        or previous._row_cost is not None
        or callable(previous._cost)
        or previous.fixed is not None
        or previous.forbidden is not None
    ):
        raise Error("resolve: previous must be a Solution of solve() (dense, without unassigned costs)")
    a = _as_cost_matrix(cost)
    if a.dtype.kind == "i" and previous.u.dtype.kind == "f":
        a = a.astype(np.float64)
    n, m = a.shape
    pn, pm = previous.shape

    def origins(given: ArrayLike | None, size: int, old: int, changed: ArrayLike, side: str) -> np.ndarray:
        if given is None:
            if size != old:
                raise Error(f"resolve: the {side} count changed ({old} -> {size}); pass {side}_origin")
            out = np.arange(size, dtype=np.int64)
        else:
            out = np.array(given, dtype=np.int64).reshape(-1)
        idx = np.asarray(changed, dtype=np.int64).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= size):
            raise Error(f"resolve: changed_{side}s has an index outside 0..{size - 1}")
        out[idx] = -1
        return out

    rows = origins(row_origin, n, pn, changed_rows, "row")
    cols = origins(col_origin, m, pm, changed_cols, "col")
    col4row, row4col, u, v, objective = _core.resolve_dense(
        a,
        previous.col_for_row,
        previous.row_for_col,
        previous.u,
        previous.v,
        previous.objective,
        rows,
        cols,
        previous.maximize,
    )
    return Solution(a, None, None, col4row, row4col, u, v, objective, previous.maximize)


def linear_sum_assignment(cost_matrix: ArrayLike, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Drop-in for :func:`scipy.optimize.linear_sum_assignment`: same call, same return shapes and dtypes.

    Returns ``(row_ind, col_ind)``, int64 arrays with ``row_ind`` ascending, so that
    ``cost_matrix[row_ind, col_ind].sum()`` is optimal.
    """
    a = _as_cost_matrix(cost_matrix)
    col4row = _core.solve_dense(a, bool(maximize), None, None)[0]
    rows = np.flatnonzero(col4row >= 0)
    return rows, col4row[rows]
