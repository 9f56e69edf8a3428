"""The dense assignment solvers: the scipy-compatible drop-in :func:`linear_sum_assignment`, the richer
:func:`solve`, and the warm start :func:`resolve`.

All of them call the same C++ core (``talentmatch._core``), which reads the caller's array in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from talentmatch import _core
from talentmatch._convert import ArrayLike, CostPair, Quota, as_cost_matrix, indices, with_unassigned
from talentmatch._core import Error
from talentmatch.flow import solve_flow
from talentmatch.solution import FlowSolution, Solution

__all__ = ["linear_sum_assignment", "resolve", "solve"]


def solve(
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
) -> Solution | FlowSolution:
    """Solves the rectangular assignment problem on ``cost``, with its duals and a certificate.

    Parameters
    ----------
    cost : array_like, shape (n, m)
        The cost of each pair. ``+inf`` (``-inf`` with ``maximize``) marks a forbidden pair; NaN and the other
        infinity are rejected. float64, float32, int64 and int32 arrays are read in place in any memory order;
        integer problems are solved exactly in int64 (in double, as scipy, when their magnitude is too large for
        exact arithmetic at this size). With a capacity, minimum or quota argument, ``cost`` may also be a scipy
        sparse matrix or array of any format: its stored entries are the allowed pairs (explicit zeros included,
        duplicates summed, a stored ``+inf``, or ``-inf`` with ``maximize``, forbidden), read as CSR arrays and never
        made dense. For the one-to-one problem on a sparse matrix use :func:`talentmatch.solve_sparse`.
    maximize : bool, optional
        Maximise the sum instead.
    unassigned_cost : (row_cost, col_cost), optional
        Scalars or 1-D arrays: leaving row ``i`` unmatched costs ``row_cost[i]``, column ``j`` ``col_cost[j]``; a
        pair is matched only when that is strictly cheaper; ``inf`` means "must be matched". None: a full
        matching of ``min(n, m)`` pairs.
    row_capacity, col_capacity : int or array_like, optional
        How many pairs a row or column may take (default 1), each pair at most once: a transportation /
        b-matching problem. Whole numbers that fit in int64.
    row_min, col_min : int or array_like, optional
        How many pairs a row or column must take.
    col_groups, row_groups : list of (indices, min, max), optional
        Quotas over groups of columns (rows): indices or a boolean mask, and whole-number bounds (``None`` for no
        bound). The groups of a side must nest (any two disjoint or one inside the other).

    Returns
    -------
    Solution or FlowSolution
        A :class:`Solution` for the one-to-one problem; a :class:`FlowSolution` when any capacity, minimum or
        quota is given. Without unassigned costs a capacitated plan has as many pairs as the constraints allow
        and is the cheapest among those; with them, the cheapest counting ``row_cost[i]`` (``col_cost[j]``) per
        unused unit of capacity.

    Raises
    ------
    talentmatch.InfeasibleError
        When no full matching avoids the forbidden pairs, or a minimum or quota cannot be met (named).
    talentmatch.Error
        Invalid input (NaN, wrong shapes, negative or non-integral capacities, numbers beyond int64, crossing
        quotas), each named with where it is.
    TypeError
        When ``cost`` is not an array of numbers at all (a string, None, a dict, a string dtype), or is a sparse
        matrix without any capacity, minimum or quota argument.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> sol = tm.solve(cost)
    >>> sol.rows, sol.cols, sol.objective
    (array([0, 1, 2]), array([1, 0, 2]), 5)
    >>> sol.verify().ok
    True

    When leaving a row unmatched costs 1.5, only row 1's pair of cost 0 is worth making:

    >>> sol = tm.solve(cost, unassigned_cost=(1.5, 0.0))
    >>> sol.rows, sol.cols, sol.objective
    (array([1]), array([1]), 3.0)

    Column 1 may take two rows:

    >>> tm.solve(cost, col_capacity=[1, 2, 1], row_capacity=1).cols
    array([1, 1, 2])

    The same on a sparse matrix: only the stored pairs are allowed (row 2 may go to column 0 only):

    >>> import scipy.sparse as sp
    >>> graph = sp.csr_array(([4, 1, 2, 0, 3], ([0, 0, 1, 1, 2], [0, 1, 0, 1, 0])), shape=(3, 3))
    >>> sol = tm.solve(graph, col_capacity=[1, 2, 1])
    >>> sol.rows, sol.cols, sol.objective
    (array([0, 1, 2]), array([1, 1, 0]), 4)
    """
    if (
        row_capacity is None
        and col_capacity is None
        and row_min is None
        and col_min is None
        and col_groups is None
        and row_groups is None
    ):
        if unassigned_cost is None:
            # The common case, first: the core solves an array it reads as it is at once (None otherwise), so a
            # small solve pays no Python checks; anything else is checked and converted first.
            result = _core.solve_dense(cost, maximize)
            if result is None:
                cost = as_cost_matrix(cost)
                result = _dense(cost, maximize)
            return Solution(result, cost, maximize, "dense")
        mx = bool(maximize)
        a, row, col = with_unassigned(as_cost_matrix(cost), unassigned_cost, mx)
        return Solution(_dense(a, mx, row, col), a, mx, "dense", row, col)
    return solve_flow(
        cost,
        maximize=maximize,
        unassigned_cost=unassigned_cost,
        row_capacity=row_capacity,
        col_capacity=col_capacity,
        row_min=row_min,
        col_min=col_min,
        col_groups=col_groups,
        row_groups=row_groups,
    )


def _dense(a: np.ndarray, maximize: bool, row: np.ndarray | None = None, col: np.ndarray | None = None) -> Any:
    """The core's solve of a matrix that as_cost_matrix prepared (which the core always reads as it is)."""
    result = _core.solve_dense(a, maximize, row, col)
    if result is None:
        raise RuntimeError("talentmatch internal error: as_cost_matrix returned an array the core does not read")
    return result


def _origins(given: ArrayLike | None, size: int, old: int, changed: ArrayLike, side: str) -> np.ndarray:
    if given is None:
        if size != old:
            raise Error(f"resolve: the {side} count changed ({old} -> {size}); pass {side}_origin")
        out = np.arange(size, dtype=np.int64)
    else:
        out = indices(given, f"resolve: {side}_origin", old, allow_unset=True).copy()
        if out.shape[0] != size:
            raise Error(f"resolve: {side}_origin has {out.shape[0]} entries for {size} {side}s")
    out[indices(changed, f"resolve: changed_{side}s", size)] = -1
    return out


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
    ``previous``.

    Pairs whose row and column carry over are kept and only the rows left unmatched are augmented; the result is
    optimal for ``cost`` and carries its certificate.

    Parameters
    ----------
    cost : array_like, shape (n, m)
        The new cost matrix, as for :func:`solve`.
    previous : Solution
        A solution of kind ``"dense"``: from :func:`solve` or :func:`solve_batch` without unassigned costs, from
        :func:`resolve`, or the first of :func:`k_best`. Its ``maximize`` is kept.
    row_origin, col_origin : array_like of int, optional
        ``row_origin[i]``: the row of the previous matrix that row ``i`` of ``cost`` continues, or -1 for a new
        row; None means "the same rows" (the count must not have changed). The same for columns.
    changed_rows, changed_cols : array_like of int, optional
        Rows or columns of ``cost`` whose costs changed (their origin becomes -1). Every entry whose row and column
        both carry over must be unchanged.

    Returns
    -------
    Solution
        The optimum for ``cost`` (kind ``"dense"``).

    Raises
    ------
    talentmatch.Error
        When ``previous`` is not a dense full-matching solution (a :class:`FlowSolution`, a sparse, k-best or
        unassigned-cost solution), when it is inconsistent (indices out of range, not a matching, duals that do
        not certify it), or when an origin or changed index is out of range.
    talentmatch.InfeasibleError
        When no full matching of ``cost`` avoids its forbidden pairs.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> cost = np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]])
    >>> sol = tm.solve(cost)
    >>> cost[2] = [0.0, 9.0, 9.0]
    >>> tm.resolve(cost, sol, changed_rows=[2]).cols
    array([2, 1, 0])
    """
    if not isinstance(previous, Solution) or previous.kind != "dense":
        what = (
            f"a Solution of kind {previous.kind!r}"
            if isinstance(previous, Solution)
            else f"a {type(previous).__name__}"
        )
        raise Error(
            "resolve: previous must be a Solution of a dense full matching (kind 'dense': from solve() or "
            f"solve_batch() without unassigned costs or capacities, resolve(), or the first of k_best()), got {what}"
        )
    a = as_cost_matrix(cost)
    if a.dtype.kind == "i" and previous.u.dtype.kind == "f":
        a = a.astype(np.float64)
    n, m = a.shape
    pn, pm = previous.shape
    rows = _origins(row_origin, n, pn, changed_rows, "row")
    cols = _origins(col_origin, m, pm, changed_cols, "col")
    mx = previous.maximize
    try:
        result = _core.resolve_dense(
            a, previous.col_for_row, previous.row_for_col, previous.u, previous.v, previous.objective, rows, cols, mx
        )
    except Error as e:
        # The core checks `previous` under its C++ field names; say them as this Solution spells them.
        text = str(e).replace("previous.col4row", "previous.col_for_row")
        text = text.replace("previous.row4col", "previous.row_for_col")
        raise type(e)(text) from None
    return Solution(result, a, mx, "dense")


def linear_sum_assignment(cost_matrix: ArrayLike, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Drop-in for :func:`scipy.optimize.linear_sum_assignment`: same call, same return shapes and dtypes.

    Parameters
    ----------
    cost_matrix : array_like, shape (n, m)
        The cost matrix, as for :func:`solve`.
    maximize : bool, optional
        Maximise the sum instead (scipy's positional argument).

    Returns
    -------
    row_ind, col_ind : numpy.ndarray
        int64 arrays with ``row_ind`` ascending, so that ``cost_matrix[row_ind, col_ind].sum()`` is optimal.

    Raises
    ------
    ValueError
        ``talentmatch.InfeasibleError`` ("cost matrix is infeasible", as scipy) when no full matching avoids the
        forbidden pairs; ``talentmatch.Error`` for invalid input (NaN, -inf: "contains invalid numeric entries").
    TypeError
        When the input is not an array of numbers ("Cannot cast array data ...", as scipy).

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    >>> row_ind, col_ind = tm.linear_sum_assignment(cost)
    >>> row_ind, col_ind, int(cost[row_ind, col_ind].sum())
    (array([0, 1, 2]), array([1, 0, 2]), 5)
    """
    # As in solve: the core takes an array it reads as it is at once (None otherwise) and builds the two arrays.
    pairs = _core._solve_dense_pairs(cost_matrix, maximize)
    if pairs is None:
        pairs = _core._solve_dense_pairs(as_cost_matrix(cost_matrix), maximize)
        if pairs is None:
            raise RuntimeError("talentmatch internal error: as_cost_matrix returned an array the core does not read")
    return pairs
