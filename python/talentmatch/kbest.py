"""The k best assignments: Murty's ranking method with the Miller-Stone-Cox improvements (C++ core)."""

from __future__ import annotations

import numpy as np

from talentmatch import _core
from talentmatch._core import Error
from talentmatch.solver import ArrayLike, Solution, _as_cost_matrix

__all__ = ["k_best"]


def k_best(cost: ArrayLike, k: int, maximize: bool = False) -> list[Solution]:
    """The ``k`` best distinct full assignments of ``cost`` (``min(n, m)`` pairs each), best first.

    Fewer than ``k`` come back when fewer exist; :class:`talentmatch.InfeasibleError` when none does. ``+inf``
    entries (``-inf`` with ``maximize``) are forbidden pairs; NaN is rejected. Equal objectives come in a fixed order.

    The first solution is :func:`talentmatch.solve`'s optimum, certified against ``cost``. Each later one is optimal
    for its Murty subproblem (``cost`` with ``Solution.forbidden`` pairs forbidden and ``Solution.fixed`` pairs
    enforced), and its ``u``, ``v`` certify it for that subproblem; :meth:`Solution.verify` checks exactly that.
    The GIL is released while solving.
    """
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 0:
        raise Error(f"k must be a non-negative integer, got {k!r}")
    a = _as_cost_matrix(cost)
    if a.dtype.kind == "i" and a.size:
        # Forbidding pairs of an integer problem needs headroom (see solver/kbest.hpp); beyond it, solve in double.
        if max(abs(int(a.max())), abs(int(a.min()))) > _core.k_best_cost_magnitude_limit(True, *a.shape):
            a = a.astype(np.float64)
    mx = bool(maximize)
    out = []
    for col4row, row4col, u, v, objective, fixed, forbidden in _core.k_best(a, int(k), mx):
        first = not out
        out.append(
            Solution(
                a,
                None,
                None,
                col4row,
                row4col,
                u,
                v,
                objective,
                mx,
                None if first else fixed,
                None if first else forbidden,
            )
        )
    return out
