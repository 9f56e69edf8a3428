"""Capacitated assignment (transportation / b-matching): rows and columns that take several pairs, minimums, and
nested quotas over groups of rows or columns. Reached through :func:`talentmatch.solve` whenever one of its
capacity arguments is given; it calls the C++ core (``talentmatch._core.solve_flow``), which reads the cost matrix
in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

import numpy as np

from talentmatch import _core
from talentmatch._core import Error
from talentmatch.solver import Certificate, CostPair, Solution, _as_cost_matrix, _unassigned

__all__ = ["FlowSolution", "solve_flow"]

ArrayLike = Any
Quota = tuple[ArrayLike, Optional[int], Optional[int]]


def _counts(x: int | ArrayLike | None, n: int, name: str) -> np.ndarray | None:
    """A per-row or per-column count (scalar or 1-D array of whole numbers) as an int64 array of length n."""
    if x is None:
        return None
    a = np.asarray(x)
    if a.dtype.kind not in "biuf":
        raise Error(f"{name} must be whole numbers, got dtype {a.dtype}")
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)) or np.any(a != np.round(a)):
            raise Error(f"{name} must be whole numbers")
    if a.ndim == 0:
        a = np.full(n, int(a), dtype=np.int64)
    if a.ndim != 1 or a.shape[0] != n:
        raise Error(f"{name} must be a scalar or a 1-D array of length {n}, got shape {a.shape}")
    return np.ascontiguousarray(a, dtype=np.int64)


def _quotas(groups: Sequence[Quota] | None, n: int, name: str) -> list[tuple[np.ndarray, int, int]]:
    """Quotas as the core takes them: (members as int64, min, max) with max -1 for "no maximum"."""
    if groups is None:
        return []
    out = []
    for k, g in enumerate(groups):
        try:
            members, lo, hi = g
        except (TypeError, ValueError):
            raise Error(f"{name}[{k}] must be a triple (indices, min, max); min or max may be None") from None
        idx = np.asarray(members)
        if idx.dtype == bool:
            if idx.shape != (n,):
                raise Error(f"{name}[{k}]: a boolean mask must have length {n}")
            idx = np.flatnonzero(idx)
        if idx.size and idx.dtype.kind not in "iu":
            raise Error(f"{name}[{k}]: members must be integer indices or a boolean mask")
        idx = np.ascontiguousarray(idx.reshape(-1), dtype=np.int64)
        lo_i = 0 if lo is None else int(lo)
        hi_i = -1 if hi is None else int(hi)
        if hi is not None and hi_i < 0:
            raise Error(f"{name}[{k}]: max is negative ({hi_i})")
        out.append((idx, lo_i, hi_i))
    return out


class FlowSolution(Solution):
    """An optimal capacitated assignment with its duals: :class:`Solution`'s shape, where a row or column may
    appear in several pairs.

    ``rows``, ``cols``: the pairs, by row then column. ``row_degree``, ``col_degree``: how many pairs each takes.
    ``u``, ``v``: duals of the minimisation form (with ``maximize=True``, of the negated matrix); for every allowed
    pair ``cost[i, j] - u[i] - v[j]`` minus the duals of the quotas holding ``i`` and ``j`` is ``>= 0`` when the pair
    is unused and ``<= 0`` when used. ``group_duals`` (column quotas, in the order given) and ``row_group_duals``:
    the shadow price of each quota, negative only when it is at its maximum, positive only at its minimum.
    A column's ``v[j]`` above its unassigned cost (``col_price`` without unassigned costs) is the shadow price of its
    minimum; below, the value of one more slot. ``row_price``, ``col_price``: without unassigned costs, the cost of an
    unused unit of capacity at which this plan is also optimal (their sum is the marginal cost of one more pair).
    ``objective``: the cost of the pairs plus the unassigned costs paid, in the caller's sign.
    """

    __slots__ = (
        "_rows",
        "_cols",
        "_args",
        "row_degree",
        "col_degree",
        "group_duals",
        "row_group_duals",
        "row_price",
        "col_price",
    )

    def __init__(self, cost, args, result, maximize):
        rows, cols, row_deg, col_deg, u, v, row_gd, col_gd, row_price, col_price, objective = result
        super().__init__(cost, args["row_cost"], args["col_cost"], None, None, u, v, objective, maximize)
        self._rows: np.ndarray = rows
        self._cols: np.ndarray = cols
        self._args = args
        self.row_degree: np.ndarray = row_deg
        self.col_degree: np.ndarray = col_deg
        self.group_duals: np.ndarray = col_gd
        self.row_group_duals: np.ndarray = row_gd
        self.row_price = row_price
        self.col_price = col_price

    @property
    def rows(self) -> np.ndarray:
        return self._rows

    @property
    def cols(self) -> np.ndarray:
        return self._cols

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.row_degree), len(self.col_degree))

    def __len__(self) -> int:
        return len(self._rows)

    def certificate(self, rtol: float = 1e-9) -> Certificate:
        """Checks bounds, quotas, the duals and (without unassigned costs) that no plan has more pairs."""
        d = _core.check_flow_certificate(
            self._cost,
            **self._args,
            rows=self._rows,
            cols=self._cols,
            u=self.u,
            v=self.v,
            row_group_dual=self.row_group_duals,
            col_group_dual=self.group_duals,
            row_price=self.row_price,
            col_price=self.col_price,
            objective=self.objective,
            rtol=rtol,
        )
        return Certificate(**d)

    def __repr__(self) -> str:
        n, m = self.shape
        sense = "max" if self.maximize else "min"
        return f"<FlowSolution {n}x{m} {sense} objective={self.objective!r} pairs={len(self)}>"


def solve_flow(
    cost: ArrayLike,
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | None = None,
    row_capacity: int | ArrayLike | None = None,
    col_capacity: int | ArrayLike | None = None,
    row_min: int | ArrayLike | None = None,
    col_min: int | ArrayLike | None = None,
    groups: Sequence[Quota] | None = None,
    row_groups: Sequence[Quota] | None = None,
) -> FlowSolution:
    """The capacitated problem behind :func:`talentmatch.solve` (see there)."""
    groups = None if groups is None else list(groups)
    row_groups = None if row_groups is None else list(row_groups)
    # Exact int64 arithmetic needs more headroom here than in the plain solver: paths run through every node.
    quota_nodes = len(groups or ()) + len(row_groups or ())
    a = _as_cost_matrix(cost, extra_nodes=quota_nodes + 2)
    n, m = a.shape
    args = {
        "maximize": bool(maximize),
        "row_capacity": _counts(row_capacity, n, "row_capacity"),
        "col_capacity": _counts(col_capacity, m, "col_capacity"),
        "row_min": _counts(row_min, n, "row_min"),
        "col_min": _counts(col_min, m, "col_min"),
        "row_groups": _quotas(row_groups, n, "row_groups"),
        "col_groups": _quotas(groups, m, "groups"),
    }
    a, row, col = _unassigned(a, unassigned_cost, bool(maximize))
    args["row_cost"], args["col_cost"] = row, col
    result = _core.solve_flow(a, **args)
    return FlowSolution(a, args, result, bool(maximize))
