"""Many independent assignment problems at once, on the C++ thread pool (``solver/batch.hpp``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from talentmatch import _core
from talentmatch._convert import ArrayLike, CostPair, as_cost_matrix, whole_number, with_unassigned
from talentmatch._core import Error
from talentmatch.solution import Solution

__all__ = ["solve_batch"]


def solve_batch(
    costs: Sequence[ArrayLike],
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | Sequence[CostPair | None] | None = None,
    threads: int | None = None,
) -> list[Solution]:
    """Solves every matrix of ``costs`` as :func:`talentmatch.solve` would and returns the solutions in order.

    Parameters
    ----------
    costs : sequence of array_like, or array_like of shape (B, n, m)
        The matrices; they may differ in shape and dtype. Each is prepared (and read in place) exactly as ``solve``
        does, and each result is identical to ``solve``'s. A 3-D array is the stack of its B matrices, as lapx's
        ``*_batch`` functions take it; a float64 or float32 stack is read in place in one call (the fast path for
        many small problems).
    maximize : bool, optional
        Maximise every sum instead.
    unassigned_cost : (row_cost, col_cost) or list, optional
        None, one pair for every problem (a tuple), or a list with one pair (or None) per problem.
    threads : int, optional
        How many threads to solve on (None: one per core); never more than the problems.

    Returns
    -------
    list of Solution
        One per matrix, in order.

    Raises
    ------
    talentmatch.InfeasibleError, talentmatch.Error
        When problems fail, the others are still solved, then the failure of the lowest index is raised, its
        message starting with ``problem <index>:``. An invalid ``threads`` is an Error naming it.

    Notes
    -----
    The GIL is released for the whole batch.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> sols = tm.solve_batch([np.array([[1, 2], [3, 1]]), np.array([[5.0, 1.0]])], threads=2)
    >>> [s.objective for s in sols]
    [2, 1.0]
    """
    stack = isinstance(costs, np.ndarray)
    if stack and costs.ndim == 2:
        raise Error("solve_batch takes a sequence of matrices; for one matrix use talentmatch.solve")
    count = len(costs) if stack and costs.ndim else None
    if count is None:
        costs = list(costs)
        count = len(costs)
    if threads is None:
        n_threads = 0  # the core's "one per core"
    else:
        # The core never starts more threads than problems; capping here keeps any int64 count within its
        # unsigned int.
        n_threads = min(whole_number(threads, "threads", minimum=1, floats=False), max(count, 1))
    mx = bool(maximize)
    if stack and unassigned_cost is None:
        # A (B, n, m) float stack the core reads as it is is solved in one call, with no per-matrix Python checks
        # (None otherwise: then each matrix is prepared as solve prepares it).
        results = _core.solve_batch(costs, None, None, mx, n_threads)
        if results is not None:
            return [Solution(r, a, mx, "dense") for r, a in zip(results, costs)]
    mats = list(costs)
    if isinstance(unassigned_cost, list):
        if len(unassigned_cost) != len(mats):
            raise Error(f"unassigned_cost: {len(unassigned_cost)} entries for {len(mats)} problems")
        per_problem = unassigned_cost
    else:
        per_problem = [unassigned_cost] * len(mats)

    prepared, rows, cols = [], [], []
    for k, (c, un) in enumerate(zip(mats, per_problem)):
        try:
            a, row, col = with_unassigned(as_cost_matrix(c), un, mx)
        except (Error, TypeError) as e:
            raise type(e)(f"problem {k}: {e}") from None
        prepared.append(a)
        rows.append(row)
        cols.append(col)
    results = _core.solve_batch(prepared, rows, cols, mx, n_threads)
    return [Solution(r, a, mx, "dense", row, col) for r, a, row, col in zip(results, prepared, rows, cols)]
