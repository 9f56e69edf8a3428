"""Capacitated assignment (transportation / b-matching): rows and columns that take several pairs, minimums, and
nested quotas over groups of rows or columns. Reached through :func:`talentmatch.solve` whenever one of its
capacity arguments is given; it calls the C++ core (``talentmatch._core.solve_flow``, or ``solve_flow_sparse`` for a
scipy sparse matrix, whose stored entries are the allowed pairs), which reads the cost matrix, or the CSR arrays, in
place: a sparse problem is never made dense.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from talentmatch import _core
from talentmatch._convert import (
    ArrayLike,
    CostPair,
    Csr,
    Quota,
    as_cost_matrix,
    counts,
    is_sparse,
    quotas,
    with_unassigned,
)
from talentmatch.solution import FlowSolution

__all__ = ["solve_flow"]


def solve_flow(
    cost: ArrayLike,
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | None = None,
    row_capacity: int | ArrayLike | None = None,
    col_capacity: int | ArrayLike | None = None,
    row_min: int | ArrayLike | None = None,
    col_min: int | ArrayLike | None = None,
    col_groups: Sequence[Quota] | None = None,
    row_groups: Sequence[Quota] | None = None,
) -> FlowSolution:
    """The capacitated problem behind :func:`talentmatch.solve`: always a :class:`FlowSolution`.

    Parameters
    ----------
    cost : array_like or scipy sparse matrix or array, shape (n, m)
        As for :func:`talentmatch.solve`. A scipy sparse matrix or array of any format (csr, csc, coo, lil, dok,
        bsr, dia) lists the allowed pairs: every stored entry is one, explicit zeros included; a missing entry, or
        a stored ``+inf`` (``-inf`` with ``maximize``), is forbidden; duplicate entries are summed, as scipy.sparse
        does; NaN is rejected. It is read as CSR arrays, never made dense, and not modified.
    maximize, unassigned_cost, row_capacity, col_capacity, row_min, col_min, col_groups, row_groups
        As for :func:`talentmatch.solve`.

    Returns
    -------
    FlowSolution
        The optimal plan, with its duals.

    Raises
    ------
    talentmatch.InfeasibleError
        When a minimum or quota cannot be met (named).
    talentmatch.Error
        Invalid bounds (negative, not whole numbers, beyond int64, crossing quotas), named with their index.

    Examples
    --------
    >>> import numpy as np
    >>> from talentmatch.flow import solve_flow
    >>> sol = solve_flow(np.array([[1, 2], [3, 4], [5, 6]]), col_capacity=2, col_groups=[([0, 1], 2, 2)])
    >>> sol.rows, sol.cols, sol.objective
    (array([0, 1]), array([0, 0]), 4)
    >>> sol.verify().ok
    True

    On a sparse matrix only the stored pairs are allowed (here row 2 may only go to column 1):

    >>> import scipy.sparse as sp
    >>> graph = sp.csr_array(([1, 2, 3, 6], ([0, 0, 1, 2], [0, 1, 0, 1])), shape=(3, 2))
    >>> sol = solve_flow(graph, col_capacity=2)
    >>> sol.rows, sol.cols, sol.objective
    (array([0, 1, 2]), array([0, 0, 1]), 10)
    >>> sol.verify().ok
    True
    """
    col_groups = None if col_groups is None else list(col_groups)
    row_groups = None if row_groups is None else list(row_groups)
    # Exact int64 arithmetic needs more headroom here than in the plain solver: paths run through every node.
    quota_nodes = len(col_groups or ()) + len(row_groups or ())
    mx = bool(maximize)
    a: np.ndarray | Csr = Csr(cost, quota_nodes + 2) if is_sparse(cost) else as_cost_matrix(cost, quota_nodes + 2)
    n, m = a.shape
    args: dict[str, Any] = {
        "maximize": mx,
        "row_capacity": counts(row_capacity, n, "row_capacity"),
        "col_capacity": counts(col_capacity, m, "col_capacity"),
        "row_min": counts(row_min, n, "row_min"),
        "col_min": counts(col_min, m, "col_min"),
        "row_groups": quotas(row_groups, n, "row_groups"),
        "col_groups": quotas(col_groups, m, "col_groups"),
    }
    a, args["row_cost"], args["col_cost"] = with_unassigned(a, unassigned_cost, mx)
    if isinstance(a, Csr):
        return FlowSolution(_core.solve_flow_sparse(*a.args(), **args), a, mx, args)
    return FlowSolution(_core.solve_flow(a, **args), a, mx, args)
