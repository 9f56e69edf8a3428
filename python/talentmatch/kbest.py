"""The k best assignments: Murty's ranking method with the Miller-Stone-Cox improvements (C++ core)."""

from __future__ import annotations

import numpy as np

from talentmatch import _core
from talentmatch._convert import ArrayLike, as_cost_matrix, whole_number
from talentmatch.solution import Solution

__all__ = ["k_best"]


def k_best(cost: ArrayLike, k: int, *, maximize: bool = False) -> list[Solution]:
    """The ``k`` best distinct full assignments of ``cost`` (``min(n, m)`` pairs each), best first.

    Parameters
    ----------
    cost : array_like, shape (n, m)
        As for :func:`talentmatch.solve`: ``+inf`` (``-inf`` with ``maximize``) marks a forbidden pair; NaN is
        rejected.
    k : int
        How many to return at most (a whole number from 0 to the largest int64).
    maximize : bool, optional
        Maximise the sum instead.

    Returns
    -------
    list of Solution
        Fewer than ``k`` when fewer exist; equal objectives come in a fixed order. The first is
        :func:`talentmatch.solve`'s optimum (kind ``"dense"``), certified against ``cost``. Each later one (kind
        ``"k_best"``) is optimal for its Murty subproblem, ``cost`` with ``Solution.forbidden`` pairs forbidden and
        ``Solution.fixed`` pairs enforced, and its ``u``, ``v`` certify it for that subproblem; :meth:`Solution.verify`
        checks exactly that.

    Raises
    ------
    talentmatch.InfeasibleError
        When no full assignment exists.
    talentmatch.Error
        When ``k`` is not a whole number in range, or ``cost`` is invalid.

    Notes
    -----
    The GIL is released while solving.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> sols = tm.k_best(np.array([[1, 2], [3, 5]]), 5)
    >>> [(s.cols.tolist(), s.objective) for s in sols]
    [([1, 0], 5), ([0, 1], 6)]
    """
    count = whole_number(k, "k", minimum=0, floats=False)
    a = as_cost_matrix(cost)
    if a.dtype.kind == "i" and a.size:
        # Forbidding pairs of an integer problem needs headroom (see solver/kbest.hpp); beyond it, solve in double.
        if max(abs(int(a.max())), abs(int(a.min()))) > _core.k_best_cost_magnitude_limit(True, *a.shape):
            a = a.astype(np.float64)
    mx = bool(maximize)
    out: list[Solution] = []
    for result in _core.k_best(a, count, mx):
        # The first is the plain optimum; each later one is optimal for its Murty subproblem.
        out.append(Solution(result, a, mx, "k_best" if out else "dense"))
    return out
