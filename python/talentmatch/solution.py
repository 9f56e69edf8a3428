"""What the solvers return: :class:`Solution` (one-to-one assignments), :class:`FlowSolution` (capacitated plans),
their common base :class:`SolutionBase`, and the :class:`Certificate` that checks either.

Each is a thin Python class over the small struct the C++ core returns (``talentmatch._core.Assignment``,
``RankedAssignment``, ``FlowAssignment``), whose arrays are read-only: a solution is also the evidence its
certificate and a warm start (:func:`talentmatch.resolve`) read back, so it cannot be changed by accident.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

import numpy as np

from talentmatch import _core
from talentmatch._core import Error

__all__ = ["Certificate", "FlowSolution", "Solution", "SolutionBase"]


@dataclass(frozen=True)
class Certificate:
    """The result of checking a solution's duals against its problem (see :meth:`SolutionBase.certificate`).

    Parameters
    ----------
    ok : bool
        Whether every condition holds within ``tolerance``.
    gap : float
        ``|primal objective - dual objective|`` in the minimisation form.
    min_reduced_cost : float
        The most negative reduced cost ``cost[i, j] - u[i] - v[j]`` over the allowed pairs (``>= -tolerance`` when
        ``ok``).
    max_slackness : float
        The largest violation of complementary slackness.
    tolerance : float
        The absolute tolerance used (0 for integer costs, which are checked exactly).
    message : str
        What failed and where; empty when ``ok``.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> cert = tm.solve(np.array([[4.0, 1.0], [2.0, 0.0]])).certificate()
    >>> cert.ok, cert.gap, cert.message
    (True, 0.0, '')
    """

    ok: bool
    gap: float
    min_reduced_cost: float
    max_slackness: float
    tolerance: float
    message: str


def _certificate(report: Any) -> Certificate:
    return Certificate(
        ok=bool(report.ok),
        gap=float(report.gap),
        min_reduced_cost=float(report.min_reduced_cost),
        max_slackness=float(report.max_slackness),
        tolerance=float(report.tolerance),
        message=str(report.message),
    )


class SolutionBase(ABC):
    """What every solution has: the pairs, the duals, the objective and a certificate check.

    Solutions are made by the solvers (:func:`talentmatch.solve` and the others), not by hand.

    Attributes
    ----------
    rows, cols : numpy.ndarray
        The matched pairs (int64, read-only), by row.
    u, v : numpy.ndarray
        Dual potentials of the rows and columns, in the minimisation form (with ``maximize=True``, of the negated
        matrix); read-only. float64 for floating-point costs, int64 for integer costs.
    objective : float or int
        The cost of the pairs plus the unassigned costs paid, in the caller's sign.
    maximize : bool
        Whether the problem was a maximisation.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> isinstance(tm.solve(np.eye(2)), tm.SolutionBase)
    True
    """

    __slots__ = ("_cost", "_maximize")

    def __init__(self, cost: Any, maximize: bool) -> None:
        self._cost = cost  # the matrix (or CSR arrays) the solution was computed from: read in place, not copied
        self._maximize = bool(maximize)

    @abstractmethod
    def _report(self, rtol: float) -> Any:
        """The core's certificate check of this solution against the problem it was computed from."""

    @property
    def maximize(self) -> bool:
        """Whether the problem was a maximisation."""
        return self._maximize

    @property
    @abstractmethod
    def u(self) -> np.ndarray:
        """Row duals (minimisation form)."""

    @property
    @abstractmethod
    def v(self) -> np.ndarray:
        """Column duals (minimisation form)."""

    @property
    @abstractmethod
    def objective(self) -> float | int:
        """The cost of the pairs plus the unassigned costs paid, in the caller's sign."""

    @property
    @abstractmethod
    def rows(self) -> np.ndarray:
        """The row of each pair."""

    @property
    @abstractmethod
    def cols(self) -> np.ndarray:
        """The column of each pair."""

    @property
    @abstractmethod
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)`` of the cost matrix."""

    def __len__(self) -> int:
        return len(self.rows)

    def certificate(self, *, rtol: float = 1e-9) -> Certificate:
        """Checks the duals against the problem the solution was computed from.

        Parameters
        ----------
        rtol : float, optional
            Relative tolerance for floating-point costs (scaled by the largest cost magnitude); integer costs are
            checked exactly.

        Returns
        -------
        Certificate
            What the check found; ``ok`` is False when a condition fails.

        Raises
        ------
        talentmatch.Error
            Only when the solution's arrays do not fit its problem at all (which no solver produces); a wrong value
            is reported in the certificate instead.

        Examples
        --------
        >>> import numpy as np
        >>> import talentmatch as tm
        >>> tm.solve(np.array([[1, 2], [3, 1]])).certificate().ok
        True
        """
        return _certificate(self._report(float(rtol)))

    def verify(self, *, rtol: float = 1e-9) -> Certificate:
        """Checks the certificate and raises unless it holds.

        Parameters
        ----------
        rtol : float, optional
            As for :meth:`certificate`.

        Returns
        -------
        Certificate
            The certificate, when it holds.

        Raises
        ------
        talentmatch.Error
            When it does not, with what failed and where.

        Examples
        --------
        >>> import numpy as np
        >>> import talentmatch as tm
        >>> tm.solve(np.array([[1, 2], [3, 1]])).verify().ok
        True
        """
        cert = self.certificate(rtol=rtol)
        if not cert.ok:
            raise Error("certificate check failed: " + cert.message)
        return cert

    def __repr__(self) -> str:
        n, m = self.shape
        sense = "max" if self.maximize else "min"
        return f"<{type(self).__name__} {n}x{m} {sense} objective={self.objective!r} pairs={len(self)}>"


def _read_only(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


class Solution(SolutionBase):
    """An optimal one-to-one assignment with its dual potentials.

    ``cost[i, j] - u[i] - v[j] >= 0`` on every allowed pair, ``= 0`` on matched pairs, and ``u.sum() + v.sum()``
    equals the minimisation-form objective (with ``maximize=True``, of the negated matrix).

    Attributes
    ----------
    rows, cols : numpy.ndarray
        The matched pairs, rows ascending (int64, read-only).
    col_for_row : numpy.ndarray
        The column matched to each row, or -1 (int64, read-only).
    row_for_col : numpy.ndarray
        The row matched to each column, or -1 (int64, read-only).
    u, v : numpy.ndarray
        Row and column potentials (read-only).
    objective : float or int
        The matched costs plus the unassigned costs paid, in the caller's sign.
    maximize : bool
        Whether the problem was a maximisation.
    kind : str
        Which problem the duals certify: ``"dense"`` (a full matching of a dense matrix: :func:`talentmatch.solve`,
        :func:`talentmatch.solve_batch`, :func:`talentmatch.resolve`, the first of :func:`talentmatch.k_best`),
        ``"dense_unassigned"`` (with unassigned costs), ``"sparse"`` (:func:`talentmatch.solve_sparse`) or
        ``"k_best"`` (a later :func:`talentmatch.k_best` solution, optimal for its Murty subproblem).
    fixed, forbidden : numpy.ndarray or None
        For ``kind == "k_best"``: the ``(p, 2)`` arrays of ``(row, col)`` pairs its Murty subproblem enforces and
        forbids; :meth:`verify` checks the solution against ``cost`` with those. None otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> sol = tm.solve(np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]]))
    >>> sol
    <Solution 3x3 min objective=5 pairs=3>
    >>> sol.rows, sol.cols
    (array([0, 1, 2]), array([1, 0, 2]))
    >>> sol.col_for_row.flags.writeable
    False
    """

    __slots__ = ("_result", "_kind", "_rows", "_cols", "_row_cost", "_col_cost", "_mode")

    def __init__(
        self,
        result: Any,
        cost: Any,
        maximize: bool,
        kind: str,
        row_cost: np.ndarray | None = None,
        col_cost: np.ndarray | None = None,
        mode: str = "full",
    ) -> None:
        self._cost = cost  # a matrix, or the CSR arrays (talentmatch._convert.Csr) for kind "sparse"
        self._maximize = bool(maximize)
        self._result = result  # _core.Assignment or _core.RankedAssignment
        # The kind names the problem the duals certify; a dense solve with unassigned costs is its own problem.
        if kind == "dense" and (row_cost is not None or col_cost is not None):
            kind = "dense_unassigned"
        self._kind = kind
        self._row_cost, self._col_cost, self._mode = row_cost, col_cost, mode
        self._rows: np.ndarray | None = None
        self._cols: np.ndarray | None = None

    def _report(self, rtol: float) -> Any:
        r, mx = self._result, self._maximize
        if self._kind == "sparse":
            n, m, indptr, indices, data = self._cost.args()
            return _core.check_certificate_sparse(
                n,
                m,
                indptr,
                indices,
                data,
                r.col4row,
                r.row4col,
                r.u,
                r.v,
                r.objective,
                mx,
                self._mode,
                self._row_cost,
                self._col_cost,
                rtol,
            )
        if self._kind == "k_best":
            return _core.check_kbest_certificate(
                self._cost, r.col4row, r.row4col, r.u, r.v, r.objective, mx, r.fixed, r.forbidden, rtol
            )
        return _core.check_certificate(
            self._cost, r.col4row, r.row4col, r.u, r.v, r.objective, mx, self._row_cost, self._col_cost, rtol
        )

    @property
    def kind(self) -> str:
        """Which problem the duals certify (see the class docstring)."""
        return self._kind

    @property
    def col_for_row(self) -> np.ndarray:
        """The column matched to each row, or -1."""
        return self._result.col4row

    @property
    def row_for_col(self) -> np.ndarray:
        """The row matched to each column, or -1."""
        return self._result.row4col

    @property
    def u(self) -> np.ndarray:
        """Row potentials (minimisation form)."""
        return self._result.u

    @property
    def v(self) -> np.ndarray:
        """Column potentials (minimisation form)."""
        return self._result.v

    @property
    def objective(self) -> float | int:
        """The matched costs plus the unassigned costs paid, in the caller's sign."""
        return self._result.objective

    @property
    def fixed(self) -> np.ndarray | None:
        """The pairs a k-best solution's subproblem enforces, ``(p, 2)``; None unless ``kind == "k_best"``."""
        return self._result.fixed if self._kind == "k_best" else None

    @property
    def forbidden(self) -> np.ndarray | None:
        """The pairs a k-best solution's subproblem forbids, ``(p, 2)``; None unless ``kind == "k_best"``."""
        return self._result.forbidden if self._kind == "k_best" else None

    @property
    def rows(self) -> np.ndarray:
        """The matched rows, ascending."""
        if self._rows is None:
            self._rows = _read_only((self.col_for_row >= 0).nonzero()[0])
        return self._rows

    @property
    def cols(self) -> np.ndarray:
        """The column matched to each of :attr:`rows`."""
        if self._cols is None:
            self._cols = _read_only(self.col_for_row[self.rows])
        return self._cols

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)`` of the cost matrix."""
        return (len(self.col_for_row), len(self.row_for_col))


class FlowSolution(SolutionBase):
    """An optimal capacitated assignment (transportation / b-matching) with its duals: a row or column may appear
    in several pairs.

    For every allowed pair, ``cost[i, j] - u[i] - v[j]`` minus the duals of the quotas holding ``i`` and ``j`` is
    ``>= 0`` when the pair is unused and ``<= 0`` when used (minimisation form).

    Attributes
    ----------
    rows, cols : numpy.ndarray
        The pairs used, by row then column (int64, read-only).
    row_degree, col_degree : numpy.ndarray
        How many pairs each row and column takes (int64, read-only).
    u, v : numpy.ndarray
        Row and column duals (read-only). A column's ``v[j]`` above its unassigned cost (``col_price`` without
        unassigned costs) is the shadow price of its minimum; below, the value of one more slot.
    col_group_duals, row_group_duals : numpy.ndarray
        The shadow price of each column (row) quota, in the order given: negative only when the quota is at its
        maximum, positive only at its minimum (read-only).
    row_price, col_price : float or int
        Without unassigned costs, the cost of an unused unit of row (column) capacity at which this plan is also
        optimal; their sum is the marginal cost of one more pair. 0 with unassigned costs.
    objective : float or int
        The cost of the pairs plus the unassigned costs paid, in the caller's sign.
    maximize : bool
        Whether the problem was a maximisation.

    Examples
    --------
    >>> import numpy as np
    >>> import talentmatch as tm
    >>> sol = tm.solve(np.array([[1, 2], [3, 4], [5, 6]]), col_capacity=2)
    >>> sol
    <FlowSolution 3x2 min objective=10 pairs=3>
    >>> sol.col_degree
    array([2, 1])

    From a scipy sparse matrix (only its stored entries are allowed pairs), the certificate covers those entries:

    >>> import scipy.sparse as sp
    >>> sol = tm.solve(sp.coo_array(np.array([[1, 0], [3, 4], [0, 6]])), col_capacity=2)
    >>> sol.rows, sol.cols, sol.objective
    (array([0, 1, 2]), array([0, 0, 1]), 10)
    >>> sol.verify().ok
    True
    """

    __slots__ = ("_result", "_args")

    def __init__(self, result: Any, cost: Any, maximize: bool, args: dict[str, Any]) -> None:
        self._cost = cost  # the matrix, or for sparse input the CSR arrays (talentmatch._convert.Csr) it was solved on
        self._maximize = bool(maximize)
        self._result = result  # _core.FlowAssignment
        self._args = args  # the bounds, quotas and unassigned costs as the core took them

    def _report(self, rtol: float) -> Any:
        r = self._result
        # A sparse problem is checked on its stored entries, the pairs it allows; an ndarray has no .args().
        sparse = not isinstance(self._cost, np.ndarray)
        check = _core.check_flow_certificate_sparse if sparse else _core.check_flow_certificate
        problem = self._cost.args() if sparse else (self._cost,)
        return check(
            *problem,
            **self._args,
            rows=r.rows,
            cols=r.cols,
            u=r.u,
            v=r.v,
            row_group_dual=r.row_group_dual,
            col_group_dual=r.col_group_dual,
            row_price=r.row_price,
            col_price=r.col_price,
            objective=r.objective,
            rtol=rtol,
        )

    @property
    def rows(self) -> np.ndarray:
        """The row of each pair used."""
        return self._result.rows

    @property
    def cols(self) -> np.ndarray:
        """The column of each pair used."""
        return self._result.cols

    @property
    def row_degree(self) -> np.ndarray:
        """How many pairs each row takes."""
        return self._result.row_degree

    @property
    def col_degree(self) -> np.ndarray:
        """How many pairs each column takes."""
        return self._result.col_degree

    @property
    def u(self) -> np.ndarray:
        """Row duals (minimisation form)."""
        return self._result.u

    @property
    def v(self) -> np.ndarray:
        """Column duals (minimisation form)."""
        return self._result.v

    @property
    def col_group_duals(self) -> np.ndarray:
        """The shadow price of each column quota, in the order given."""
        return self._result.col_group_dual

    @property
    def row_group_duals(self) -> np.ndarray:
        """The shadow price of each row quota, in the order given."""
        return self._result.row_group_dual

    @property
    def row_price(self) -> float | int:
        """The cost of an unused unit of row capacity at which this plan is also optimal."""
        return self._result.row_price

    @property
    def col_price(self) -> float | int:
        """The cost of an unused unit of column capacity at which this plan is also optimal."""
        return self._result.col_price

    @property
    def objective(self) -> float | int:
        """The cost of the pairs plus the unassigned costs paid, in the caller's sign."""
        return self._result.objective

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)`` of the cost matrix."""
        return (len(self.row_degree), len(self.col_degree))
