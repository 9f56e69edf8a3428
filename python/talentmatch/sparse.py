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
from talentmatch._core import Error
from talentmatch.solver import CostPair, Solution, _int_limit, _unassigned_costs

__all__ = ["min_weight_full_bipartite_matching", "solve_sparse"]

_NATIVE = (np.float64, np.float32, np.int64, np.int32)


class _Csr:
    """The CSR arrays as the core reads them."""

    __slots__ = ("shape", "indptr", "indices", "data")

    def __init__(self, biadjacency: Any):
        try:
            csr = biadjacency.tocsr()
        except AttributeError:
            raise Error(
                f"expected a scipy sparse matrix or array (anything with .tocsr()), got {type(biadjacency).__name__}"
            ) from None
        if len(csr.shape) != 2:
            raise Error(f"expected a 2-D sparse matrix, got shape {csr.shape}")
        self.shape = (int(csr.shape[0]), int(csr.shape[1]))
        self.indptr = np.ascontiguousarray(csr.indptr, dtype=np.int64)  # no copy when already int64
        self.indices = np.ascontiguousarray(csr.indices, dtype=np.int64)
        data = np.asarray(csr.data)
        if data.dtype.type not in _NATIVE or not data.dtype.isnative:
            if data.dtype.kind in "biu" and not (data.dtype.kind == "u" and data.dtype.itemsize == 8):
                data = data.astype(np.int64)
            elif data.dtype.kind in "fiu":
                data = data.astype(np.float64)
            else:
                raise Error(f"expected a sparse matrix containing numerical entries, got dtype {data.dtype}")
        data = np.ascontiguousarray(data)
        if data.dtype.kind == "i" and data.size:
            # Integers are solved exactly in int64 when their magnitude allows it, else in double (as scipy).
            if max(abs(int(data.max())), abs(int(data.min()))) > _int_limit(self.shape):
                data = data.astype(np.float64)
        self.data = data

    def args(self) -> tuple:
        return (self.shape[0], self.shape[1], self.indptr, self.indices, self.data)


def _unassigned(csr: _Csr, unassigned_cost: CostPair | None, maximize: bool):
    """Unassigned costs as the core takes them (the dense solver's rules: exact int64 when the problem allows it)."""
    if unassigned_cost is None:
        return None, None
    integer = csr.data.dtype.kind == "i"
    row, col, exact = _unassigned_costs(unassigned_cost, csr.shape, integer, maximize)
    if integer and not exact:
        csr.data = csr.data.astype(np.float64)
    return row, col


def solve_sparse(
    biadjacency: Any,
    *,
    maximize: bool = False,
    unassigned_cost: CostPair | None = None,
    mode: str = "full",
) -> Solution:
    """Solves the assignment problem on the entries stored in a scipy sparse matrix; returns a :class:`Solution`.

    Every stored entry is an edge, explicit zeros included (scipy's function drops them); a stored ``+inf``
    (``-inf`` with ``maximize``) and every missing entry are forbidden; NaN is rejected; duplicate entries are summed
    by scipy's conversion to CSR. ``mode="full"``: a full matching of ``min(n, m)`` pairs
    (:class:`talentmatch.InfeasibleError`, naming rows that cannot be matched, when none exists).
    ``mode="max_cardinality"``: as many pairs as possible, the cheapest among those. ``unassigned_cost=(row_cost,
    col_cost)`` prices leaving a row or column unmatched, as in :func:`talentmatch.solve` (mode must be "full").
    """
    csr = _Csr(biadjacency)
    row, col = _unassigned(csr, unassigned_cost, bool(maximize))
    col4row, row4col, u, v, objective = _core.solve_sparse(*csr.args(), bool(maximize), mode, row, col)

    def check(sol: Solution, rtol: float) -> dict:
        return _core.check_certificate_sparse(
            *csr.args(),
            sol.col_for_row,
            sol.row_for_col,
            sol.u,
            sol.v,
            sol.objective,
            sol.maximize,
            mode,
            row,
            col,
            rtol,
        )

    return Solution(check, row, col, col4row, row4col, u, v, objective, bool(maximize))


def min_weight_full_bipartite_matching(biadjacency: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Drop-in for :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`: same call, same return shapes.

    Returns ``(row_ind, col_ind)`` with ``min(n, m)`` pairs: for ``n <= m`` ``row_ind`` is ``arange(n)``, else
    ``col_ind`` is ``arange(m)`` (the order scipy uses). Raises :class:`talentmatch.InfeasibleError` (a
    ``ValueError``, as scipy raises) when no full matching exists. Unlike scipy, explicit zeros are edges.
    """
    csr = _Csr(biadjacency)
    col4row, row4col = _core.solve_sparse(*csr.args(), bool(maximize), "full", None, None)[:2]
    n, m = csr.shape
    if n <= m:
        return np.arange(n, dtype=np.int64), col4row
    return row4col, np.arange(m, dtype=np.int64)
