"""Many independent assignment problems at once, on the C++ thread pool (``solver/batch.hpp``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from talentmatch import _core
from talentmatch._core import Error
from talentmatch.solver import ArrayLike, CostPair, Solution, _as_cost_matrix, _unassigned

__all__ = ["solve_batch"]


def solve_batch(
    costs: Sequence[ArrayLike],
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | Sequence[CostPair | None] | None = None,
    threads: int | None = None,
) -> list[Solution]:
    """Solves every matrix of ``costs`` as :func:`talentmatch.solve` would and returns the solutions in order.

    The matrices may differ in shape and dtype; each is prepared (and read in place) exactly as ``solve`` does, and
    each result is identical to ``solve``'s. ``unassigned_cost`` is ``None``, one pair ``(row_cost, col_cost)`` for
    every problem (a tuple), or a list with one pair (or ``None``) per problem. ``threads``: how many threads to solve
    on (``None``: one per core, never more than the problems).

    The GIL is released for the whole batch. When problems fail, the others are still solved, then the failure of the
    lowest index is raised (:class:`talentmatch.InfeasibleError` or :class:`talentmatch.Error`), its message starting
    with ``problem <index>:``.
    """
    if isinstance(costs, np.ndarray) and costs.ndim == 2:
        raise Error("solve_batch takes a sequence of matrices; for one matrix use talentmatch.solve")
    mats = list(costs)
    if threads is None:
        n_threads = 0
    elif isinstance(threads, (bool, np.bool_)) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise Error(f"threads must be a positive integer or None, got {threads!r}")
    else:
        n_threads = int(threads)
    if isinstance(unassigned_cost, list):
        if len(unassigned_cost) != len(mats):
            raise Error(f"unassigned_cost: {len(unassigned_cost)} entries for {len(mats)} problems")
        per_problem = unassigned_cost
    else:
        per_problem = [unassigned_cost] * len(mats)

    mx = bool(maximize)
    prepared, rows, cols = [], [], []
    for k, (c, un) in enumerate(zip(mats, per_problem)):
        try:
            a, row, col = _unassigned(_as_cost_matrix(c), un, mx)
        except Error as e:
            raise type(e)(f"problem {k}: {e}") from None
        prepared.append(a)
        rows.append(row)
        cols.append(col)
    results = _core.solve_batch(prepared, rows, cols, mx, n_threads)
    return [
        Solution(a, row, col, col4row, row4col, u, v, objective, mx)
        for a, row, col, (col4row, row4col, u, v, objective) in zip(prepared, rows, cols, results)
    ]
