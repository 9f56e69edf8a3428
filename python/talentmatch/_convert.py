"""Conversions shared by the solver modules: cost matrices and CSR arrays as the C++ core reads them, unassigned
costs, capacities, quotas and the integer checks behind them, and the shared type aliases.

Private to the package: every public solver module imports from here and from :mod:`talentmatch.solution`, never
from each other, so there is no import cycle. Every rejection is a :class:`talentmatch.Error` (a ``ValueError``) that
names the argument, except input of the wrong type altogether (a string, ``None``, a dict, a string dtype), which is a
``TypeError`` as in numpy and scipy.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

import numpy as np

from talentmatch import _core
from talentmatch._core import Error

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "ArrayLike",
    "CostPair",
    "Csr",
    "Quota",
    "as_cost_matrix",
    "counts",
    "indices",
    "int_limit",
    "is_sparse",
    "quotas",
    "unassigned_costs",
    "whole_number",
    "with_unassigned",
]

ArrayLike = Any
CostPair = tuple[Union[float, ArrayLike], Union[float, ArrayLike]]
Quota = tuple[ArrayLike, Optional[int], Optional[int]]

INT64_MAX = int(np.iinfo(np.int64).max)
INT64_MIN = int(np.iinfo(np.int64).min)

# dtypes the core reads in place; everything else numeric is converted first.
_NATIVE = (np.float64, np.float32, np.int64, np.int32)
_EXPECTED = "a cost matrix (a 2-D array of numbers)"


def _type_name(x: Any) -> str:
    t = type(x)
    name = t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
    if isinstance(x, (str, bytes)):
        text = repr(x)
        return f"{name} {text if len(text) <= 40 else text[:37] + '...'}"
    return name


def _wrong_type(x: Any, expected: str) -> TypeError:
    hint = ""
    if type(x).__name__ == "Problem" and type(x).__module__.startswith("talentmatch"):
        # The solvers take numbers only (DESIGN.md section 2); a problem document is scored first.
        hint = "; score a talentmatch.Problem first: tm.solve(problem.score().masked_value(), maximize=True)"
    return TypeError(f"expected {expected}, got {'None' if x is None else _type_name(x)}{hint}")


def _frame_values(frame: Any) -> np.ndarray | None:
    """A pandas DataFrame whose columns use the nullable dtypes (``Int64``, ``Float64``, ``boolean``) as a numeric
    array: numpy sees those columns as objects. Missing values become NaN, which the solvers reject with their row
    and column. None when some column is not numeric (or the frame uses plain numpy dtypes only)."""
    try:
        dtypes = list(frame.dtypes)
    except TypeError:
        return None
    numeric, extension = [], False
    for dt in dtypes:
        nd = getattr(dt, "numpy_dtype", dt)  # pandas' masked dtypes name the numpy dtype of their values
        if not isinstance(nd, np.dtype) or nd.kind not in "biuf":
            return None
        extension = extension or not isinstance(dt, np.dtype)
        numeric.append(nd)
    if not extension or not numeric:
        return None
    if bool(np.asarray(frame.isna()).any()):
        return np.asarray(frame.to_numpy(dtype=np.float64, na_value=np.nan))
    return np.asarray(frame.to_numpy(dtype=np.result_type(*numeric)))


def _as_array(x: Any, expected: str = _EXPECTED) -> np.ndarray:
    """``x`` as a numpy array of numbers; TypeError for what is not numbers at all (scipy's and numpy's type)."""
    if type(x) is np.ndarray and x.dtype.kind in "biuf":
        return x  # the common case, first: this runs once per solve, and small solves are measured in microseconds
    if x is None or isinstance(x, (str, bytes, Mapping)):
        raise _wrong_type(x, expected)
    a = None
    if hasattr(x, "dtypes") and hasattr(x, "to_numpy") and hasattr(x, "isna"):
        a = _frame_values(x)
    if a is None:
        try:
            a = np.asarray(x)
        except (ValueError, TypeError) as e:  # ragged nested lists
            raise Error(f"expected {expected}: {e}") from None
    if a.dtype.kind not in "biuf":
        if a.ndim == 0 or a.dtype.kind == "O" and a.size and not isinstance(a.flat[0], numbers.Number):
            raise _wrong_type(x, expected)
        # scipy's own words ("Cannot cast array data ..."), so code written against scipy matches either.
        raise TypeError(
            f"Cannot cast array data from dtype({str(a.dtype)!r}) to a number: expected {expected}, got dtype {a.dtype}"
        )
    return a


def int_limit(shape: tuple[int, ...]) -> float:
    """The largest integer cost magnitude the assignment solvers take exactly at this size."""
    return _core.cost_magnitude_limit(True, min(shape))


def _exact_limit(shape: tuple[int, int], extra_nodes: int | None) -> float:
    """The largest integer cost magnitude solved exactly: :func:`int_limit` for the assignment solvers (None), or
    at n + m + ``extra_nodes`` nodes for the capacitated one, whose paths run through every node."""
    n, m = shape
    return int_limit(shape) if extra_nodes is None else _core.cost_magnitude_limit(True, n + m + extra_nodes)


def _exact_or_float(a: np.ndarray, extra_nodes: int | None = None) -> np.ndarray:
    """Integer matrices are solved exactly in int64 when their magnitude allows it, else in double (as scipy)."""
    if a.size and max(abs(int(a.max())), abs(int(a.min()))) > _exact_limit(a.shape, extra_nodes):
        return a.astype(np.float64)
    return a


def as_cost_matrix(cost_matrix: ArrayLike, extra_nodes: int | None = None) -> np.ndarray:
    """The matrix as the core reads it: the caller's own array whenever its dtype allows (no copy).

    Integer matrices stay exact when their magnitude allows it at the solver's size: k = min(n, m) for the
    assignment solvers, or n + m + ``extra_nodes`` for the capacitated one, whose paths run through every node."""
    a = _as_array(cost_matrix)
    if a.ndim != 2:
        got = f"the scalar {a.item()!r}" if a.ndim == 0 else f"a {a.ndim}-D array"
        raise Error(f"expected a matrix (2-D array), got {got}")
    if a.dtype.kind in "fi" and a.dtype.type in _NATIVE:
        rows, cols = a.strides
        if not a.dtype.isnative or rows % a.itemsize or cols % a.itemsize or not a.flags.aligned:
            a = np.array(a, dtype=a.dtype.newbyteorder("="), order="C")
        return _exact_or_float(a, extra_nodes) if a.dtype.kind == "i" else a
    if a.dtype.kind in "biu":
        # Integers the core does not take (and booleans) convert exactly to int64; uint64 may not fit.
        if a.dtype.kind == "u" and a.dtype.itemsize == 8:
            return a.astype(np.float64)
        return _exact_or_float(a.astype(np.int64), extra_nodes)
    return a.astype(np.float64)  # float16, longdouble: computed in double, as scipy does


# --- integers -------------------------------------------------------------------------------------------------------


def _fits(value: int, name: str, minimum: int | None) -> int:
    if value > INT64_MAX:
        raise Error(f"{name} = {value} is above the largest allowed, {INT64_MAX} (the largest 64-bit integer)")
    if value < (INT64_MIN if minimum is None else minimum):
        if minimum is None:
            raise Error(f"{name} = {value} is below the smallest allowed, {INT64_MIN} (the smallest 64-bit integer)")
        raise Error(f"{name} = {value} is below the smallest allowed, {minimum}")
    return value


def whole_number(x: Any, name: str, *, minimum: int | None = None, floats: bool = True) -> int:
    """``x`` as a Python int that fits int64 (and is at least ``minimum``); floats only when integral (and
    ``floats``). Our Error naming ``name`` otherwise, never numpy's OverflowError or TypeError."""
    if isinstance(x, (bool, np.bool_)) or x is None:
        raise Error(f"{name} must be a whole number, got {x!r}")
    if isinstance(x, (numbers.Integral, np.integer)):
        return _fits(int(x), name, minimum)
    if floats and isinstance(x, (float, np.floating)):
        if not np.isfinite(x) or float(x) != round(float(x)):
            raise Error(f"{name} must be a whole number, got {float(x)!r}")
        return _fits(int(x), name, minimum)
    raise Error(f"{name} must be a whole number, got {_type_name(x)}")


def _int64_array(x: Any, name: str) -> np.ndarray:
    """Whole numbers (any integer or integral float dtype, or a list of Python ints) as int64, each checked to fit:
    the first that does not is named with its index."""
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as e:
        raise Error(f"{name} must be whole numbers: {e}") from None
    if a.dtype.kind == "O" or (a.dtype.kind == "u" and a.dtype.itemsize == 8):
        # Python ints beyond int64 (numpy keeps them as objects), or uint64: checked one by one.
        flat = a.reshape(-1)
        for k, value in enumerate(flat.tolist()):
            whole_number(value, name if a.ndim == 0 else f"{name}[{k}]")
        return flat.astype(np.int64).reshape(a.shape)
    if a.dtype.kind in "biu":
        return a.astype(np.int64, copy=False)
    if a.dtype.kind == "f":
        f = a.reshape(-1)
        bad = ~np.isfinite(f) | (f != np.round(f)) | (f >= 2.0**63) | (f < -(2.0**63))
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            whole_number(float(f[k]), name if a.ndim == 0 else f"{name}[{k}]")
        return a.astype(np.int64)
    raise Error(f"{name} must be whole numbers, got dtype {a.dtype}")


def counts(x: int | ArrayLike | None, n: int, name: str) -> np.ndarray | None:
    """A per-row or per-column count (a scalar or a 1-D array of whole numbers) as an int64 array of length n."""
    if x is None:
        return None
    a = _int64_array(x, name)
    if a.ndim == 0:
        a = np.full(n, int(a), dtype=np.int64)
    if a.ndim != 1 or a.shape[0] != n:
        raise Error(f"{name} must be a scalar or a 1-D array of length {n}, got shape {a.shape}")
    return np.ascontiguousarray(a)


def indices(x: ArrayLike, name: str, size: int, *, allow_unset: bool = False) -> np.ndarray:
    """Indices into 0..size-1 (-1 too when ``allow_unset``) as a 1-D int64 array, each checked."""
    if isinstance(x, (str, bytes, Mapping)) or x is None:
        raise Error(f"{name} must be integer indices, got {_type_name(x)}")
    a = np.asarray(x) if not isinstance(x, np.ndarray) else x
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if a.dtype.kind not in "iuO":
        raise Error(f"{name} must be integer indices, got dtype {a.dtype}")
    a = _int64_array(a, name).reshape(-1)
    low = -1 if allow_unset else 0
    bad = (a < low) | (a >= size)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        span = f"-1..{size - 1}" if allow_unset else f"0..{size - 1}"
        raise Error(f"{name}[{k}] = {int(a[k])} is outside {span}")
    return np.ascontiguousarray(a)


def quotas(groups: Sequence[Quota] | None, n: int, name: str) -> list[tuple[np.ndarray, int, int]]:
    """Quotas as the core takes them: (members as int64, min, max) with max -1 for "no maximum"."""
    if groups is None:
        return []
    if isinstance(groups, (str, bytes, Mapping)) or not isinstance(groups, Sequence):
        raise Error(f"{name} must be a list of (indices, min, max) triples, got {_type_name(groups)}")
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
        if idx.size and idx.dtype.kind not in "iuO":
            raise Error(f"{name}[{k}]: members must be integer indices or a boolean mask")
        idx = np.ascontiguousarray(_int64_array(idx, f"{name}[{k}] members").reshape(-1))
        lo_i = 0 if lo is None else whole_number(lo, f"{name}[{k}] min")
        hi_i = -1 if hi is None else whole_number(hi, f"{name}[{k}] max")
        if hi is not None and hi_i < 0:
            raise Error(f"{name}[{k}]: max is negative ({hi_i})")
        out.append((idx, lo_i, hi_i))
    return out


# --- unassigned costs -----------------------------------------------------------------------------------------------


def _side_costs(x: float | ArrayLike, n: int, side: str) -> np.ndarray:
    try:
        c = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise Error(f"unassigned_cost: {side} costs must be numbers") from None
    if c.ndim == 0:
        c = np.full(n, float(c))
    if c.ndim != 1 or c.shape[0] != n:
        raise Error(f"unassigned_cost: {side} costs must be a scalar or a 1-D array of length {n}, got shape {c.shape}")
    if np.isnan(c).any():
        raise Error(f"unassigned_cost: {side} cost {int(np.flatnonzero(np.isnan(c))[0])} is NaN")
    return np.ascontiguousarray(c)


def unassigned_costs(
    unassigned_cost: CostPair, shape: tuple[int, int], integer: bool, maximize: bool
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The unassigned costs as the core takes them, for a problem of ``shape``: float64 arrays, or int64 arrays when
    the problem is ``integer`` and the costs allow exact arithmetic. The flag says whether they stayed integer (when
    not, the caller solves in float64)."""
    try:
        row_x, col_x = unassigned_cost
    except (TypeError, ValueError):
        raise Error("unassigned_cost must be a pair (row_cost, col_cost) of scalars or 1-D arrays") from None
    n, m = shape
    row, col = _side_costs(row_x, n, "row"), _side_costs(col_x, m, "column")
    if not integer:
        return row, col, False
    both = np.concatenate([row, col])
    finite = both[np.isfinite(both)]
    if not (np.all(finite == np.round(finite)) and np.all(np.abs(finite) <= int_limit(shape))):
        return row, col, False
    # Integer problems stay exact. "Must be matched" is +inf (-inf with maximize); the core's integer form of it
    # is the largest int64 (the smallest with maximize). The other infinity can never be beaten: rejected here.
    if (np.isposinf(both) if maximize else np.isneginf(both)).any():
        raise Error("unassigned_cost: " + ("+inf" if maximize else "-inf") + ", which no assignment can beat")
    out = []
    for c in (row, col):
        k = np.zeros(c.shape, dtype=np.int64)
        fin = np.isfinite(c)
        k[fin] = c[fin].astype(np.int64)
        k[np.isneginf(c) if maximize else np.isposinf(c)] = INT64_MIN if maximize else INT64_MAX
        out.append(k)
    return out[0], out[1], True


def with_unassigned(
    cost: Any, unassigned_cost: CostPair | None, maximize: bool
) -> tuple[Any, np.ndarray | None, np.ndarray | None]:
    """The unassigned costs as the core takes them, and the matrix (converted to float64 only when the costs of
    an integer problem are fractional or too large for exact arithmetic). ``cost`` may be a :class:`Csr`, whose data
    are then converted in place of the object (never the caller's matrix)."""
    if unassigned_cost is None:
        return cost, None, None
    values = cost.data if isinstance(cost, Csr) else cost
    integer = values.dtype.kind == "i"
    row, col, exact = unassigned_costs(unassigned_cost, cost.shape, integer, maximize)
    if integer and not exact:
        if isinstance(cost, Csr):
            cost.data = cost.data.astype(np.float64)
        else:
            cost = cost.astype(np.float64)
    return cost, row, col


# --- CSR ------------------------------------------------------------------------------------------------------------


def is_sparse(x: Any) -> bool:
    """Whether ``x`` is a scipy sparse matrix or array (anything with ``.tocsr()``, the test :class:`Csr` applies),
    told apart without importing scipy."""
    return not isinstance(x, np.ndarray) and callable(getattr(x, "tocsr", None))


class Csr:
    """The CSR arrays of a scipy sparse matrix or array as the core reads them.

    The caller's matrix is never modified: a non-canonical CSR (unsorted or duplicate entries) reaches the core as
    it is, and the core sums duplicates, as scipy.sparse's own conversions (``tocoo``, ``todense``) do."""

    __slots__ = ("shape", "indptr", "indices", "data")

    def __init__(self, biadjacency: Any, extra_nodes: int | None = None):
        # extra_nodes: as for as_cost_matrix (None: the assignment solvers' limit; else the capacitated one's).
        try:
            csr = biadjacency.tocsr()
        except AttributeError:
            raise _wrong_type(biadjacency, "a scipy sparse matrix or array (anything with .tocsr())") from None
        if len(csr.shape) != 2:
            raise Error(f"expected a 2-D sparse matrix, got shape {csr.shape}")
        self.shape = (int(csr.shape[0]), int(csr.shape[1]))
        self.indptr = np.ascontiguousarray(csr.indptr, dtype=np.int64)  # no copy when already int64
        self.indices = np.ascontiguousarray(csr.indices, dtype=np.int64)
        data = _as_array(csr.data, "a sparse matrix of numbers")
        if data.dtype.type not in _NATIVE or not data.dtype.isnative:
            if data.dtype.kind in "biu" and not (data.dtype.kind == "u" and data.dtype.itemsize == 8):
                data = data.astype(np.int64)
            else:
                data = data.astype(np.float64)
        data = np.ascontiguousarray(data)
        if data.dtype.kind == "i" and data.size:
            # Integers are solved exactly in int64 when their magnitude allows it, else in double (as scipy).
            if max(abs(int(data.max())), abs(int(data.min()))) > _exact_limit(self.shape, extra_nodes):
                data = data.astype(np.float64)
        self.data = data

    def args(self) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray]:
        """(rows, cols, indptr, indices, data), the leading arguments of the core's sparse functions."""
        return (self.shape[0], self.shape[1], self.indptr, self.indices, self.data)
