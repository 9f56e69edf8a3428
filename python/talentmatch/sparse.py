"""The sparse assignment solver: a drop-in for :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching` and
the richer :func:`solve_sparse`.

Both call the C++ core (``talentmatch._core.solve_sparse``), which reads the CSR arrays in place (int32 indices are
widened to int64 first). scipy is needed only to accept scipy sparse matrices and arrays; it is imported when one is
passed, so talentmatch itself does not depend on it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from talentmatch import _core
from talentmatch._convert import CostPair, Csr, with_unassigned
from talentmatch.solution import Solution

__all__ = ["min_weight_full_bipartite_matching", "solve_sparse"]


def solve_sparse(
    biadjacency: Any,
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | None = None,
    mode: str = "full",
) -> Solution:
    """Solves the assignment problem on the entries stored in a scipy sparse matrix or array.

    Every stored entry is an edge, explicit zeros included (scipy's own function drops them); every missing entry
    and a stored ``+inf`` (``-inf`` with ``maximize``) are forbidden.

    Parameters
    ----------
    biadjacency : scipy sparse matrix or array, shape (n, m)
        Any format (anything with ``.tocsr()``); it is not modified. Duplicate entries of a non-canonical matrix are
        summed, as scipy.sparse's own conversions (``tocoo``, ``todense``) do. NaN is rejected.
    maximize : bool, optional
        Maximise the sum instead.
    unassigned_cost : (row_cost, col_cost), optional
        As in :func:`talentmatch.solve` (``mode`` must then be ``"full"``).
    mode : {"full", "max_cardinality"}, optional
        ``"full"``: a full matching of ``min(n, m)`` pairs. ``"max_cardinality"``: as many pairs as the edges allow,
        the cheapest among those.

    Returns
    -------
    Solution
        Kind ``"sparse"``; its certificate covers the stored edges.

    Raises
    ------
    talentmatch.InfeasibleError
        ``mode="full"`` and no full matching exists: names rows that cannot be matched.
    talentmatch.Error
        Invalid input (NaN, a bad mode, inconsistent CSR arrays).
    TypeError
        When ``biadjacency`` is not a sparse matrix, or its data are not numbers.

    Examples
    --------
    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> import talentmatch as tm
    >>> graph = sp.csr_array(np.array([[0, 2, 0], [1, 0, 3], [0, 0, 4]]))
    >>> sol = tm.solve_sparse(graph)
    >>> sol.cols, sol.objective
    (array([1, 0, 2]), 7)
    """
    csr = Csr(biadjacency)
    mx = bool(maximize)
    csr, row, col = with_unassigned(csr, unassigned_cost, mx)
    result = _core.solve_sparse(*csr.args(), mx, mode, row, col)
    return Solution(result, csr, mx, "sparse", row, col, mode)


def min_weight_full_bipartite_matching(biadjacency: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Drop-in for :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`: same call, same return shapes.

    Parameters
    ----------
    biadjacency : scipy sparse matrix or array, shape (n, m)
        The edge weights. Unlike scipy, explicit zeros are edges (and no warning is given); duplicate entries are
        summed.
    maximize : bool, optional
        Maximise the sum instead (scipy's positional argument).

    Returns
    -------
    row_ind, col_ind : numpy.ndarray
        ``min(n, m)`` pairs, ``row_ind`` ascending (``arange(n)`` when ``n <= m``), as scipy returns them.

    Raises
    ------
    ValueError
        ``talentmatch.InfeasibleError`` when no full matching exists (scipy raises ValueError too).
    TypeError
        When ``biadjacency`` is not a sparse matrix.

    Examples
    --------
    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> import talentmatch as tm
    >>> graph = sp.csr_array(np.array([[0, 2], [1, 0], [5, 4]]))
    >>> tm.min_weight_full_bipartite_matching(graph)
    (array([0, 1]), array([1, 0]))
    """
    csr = Csr(biadjacency)
    col4row = np.asarray(_core.solve_sparse(*csr.args(), bool(maximize), "full", None, None).col4row)
    # Rows ascending in both orientations (scipy sorts them for tall input too); fresh, writeable arrays, as scipy's.
    rows = np.flatnonzero(col4row >= 0)
    return rows, col4row[rows]
