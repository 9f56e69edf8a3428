"""Independent oracles for the solver tests: brute force, a numpy check of the duals, random instances.

Nothing here calls talentmatch: the tests compare the package against these (and against scipy).
"""

from __future__ import annotations

import itertools
import math
from functools import cache

import numpy as np

INF = math.inf


def min_form(x, maximize):
    """``x`` in the minimisation form, as float64 (or int64 for integer input)."""
    x = np.asarray(x)
    if x.dtype.kind in "biu":
        x = x.astype(np.int64)
    else:
        x = x.astype(np.float64)
    return -x if maximize else x


def full_side_costs(n, m):
    """Unassigned costs (min form) that describe the plain full matching of min(n, m) pairs."""
    a = np.full(n, INF)
    b = np.full(m, INF)
    if n < m:
        b[:] = 0.0
    elif n > m:
        a[:] = 0.0
    return a, b


def _as_vector(x, n):
    c = np.asarray(x, dtype=np.float64)
    if c.ndim == 0:
        c = np.full(n, float(c))
    return c


def brute_partial(cost, row_cost, col_cost, maximize=False):
    """Optimum of sum(matched costs) + unassigned row costs + unassigned column costs over *all* partial
    matchings (an exhaustive dynamic programme over rows and sets of used columns, so n and m must be small).

    ``row_cost``/``col_cost`` are in the caller's sign; ``+inf`` (``-inf`` with ``maximize``) means "must be
    matched"; forbidden pairs are ``+inf`` (``-inf`` with ``maximize``). Returns None when no partial matching
    is feasible. Integer inputs are added as Python ints (exact).
    """
    c = np.asarray(cost)
    n, m = c.shape
    sign = -1 if maximize else 1
    is_int = c.dtype.kind in "biu"
    rc, cc = _as_vector(row_cost, n), _as_vector(col_cost, m)

    def conv(x):
        x = sign * x
        if is_int and math.isfinite(x) and float(x).is_integer():
            return int(x)
        return float(x)

    cm = [[conv(int(c[i, j]) if is_int else float(c[i, j])) for j in range(m)] for i in range(n)]
    am = [conv(float(x)) for x in rc]
    bm = [conv(float(x)) for x in cc]

    @cache
    def best(i, mask):
        if i == n:
            return sum((bm[j] for j in range(m) if not mask >> j & 1), 0)
        out = am[i] + best(i + 1, mask)  # row i unmatched (inf when it must be matched)
        for j in range(m):
            if not mask >> j & 1 and cm[i][j] != INF:
                out = min(out, cm[i][j] + best(i + 1, mask | 1 << j))
        return out

    r = best(0, 0)
    if r == INF:
        return None
    return sign * r


def brute_partial_enumerate(cost, row_cost, col_cost, maximize=False):
    """The same optimum by literally enumerating every partial matching (tiny inputs only): checks the DP."""
    c = np.asarray(cost, dtype=np.float64)
    n, m = c.shape
    sign = -1.0 if maximize else 1.0
    a = sign * _as_vector(row_cost, n)
    b = sign * _as_vector(col_cost, m)
    cm = sign * c
    best = INF
    for k in range(min(n, m) + 1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.permutations(range(m), k):
                if any(cm[i, j] == INF for i, j in zip(rows, cols)):
                    continue
                total = sum(cm[i, j] for i, j in zip(rows, cols))
                total += sum(a[i] for i in range(n) if i not in rows)
                total += sum(b[j] for j in range(m) if j not in cols)
                best = min(best, total)
    return None if best == INF else sign * best


def brute_full(cost, maximize=False):
    """Optimum over full matchings of min(n, m) pairs by itertools.permutations (None if infeasible)."""
    c = np.asarray(cost, dtype=np.float64)
    n, m = c.shape
    if n > m:
        c = c.T
        n, m = m, n
    sign = -1.0 if maximize else 1.0
    cm = sign * c
    best = INF
    for cols in itertools.permutations(range(m), n):
        total = sum(cm[i, j] for i, j in enumerate(cols))
        best = min(best, total)
    return None if best == INF else sign * best


def check_duals(sol, cost, maximize=False, unassigned=None, rtol=1e-9):
    """Checks the certificate of ``sol`` in numpy, without the package's own verify().

    cost - u[:, None] - v[None, :] >= 0 on allowed pairs (min form), == 0 on matched pairs; u <= a and
    v <= b (the unassigned costs, min form), with equality on unmatched rows / columns;
    u.sum() + v.sum() == objective (min form); and the reported objective equals the cost of the matching
    recomputed here.
    """
    c = np.asarray(cost)
    n, m = c.shape
    exact = c.dtype.kind in "biu" and sol.u.dtype.kind == "i"
    cm = min_form(c, maximize)
    u = np.asarray(sol.u)
    v = np.asarray(sol.v)
    assert u.shape == (n,) and v.shape == (m,)
    col4row = np.asarray(sol.col_for_row)
    row4col = np.asarray(sol.row_for_col)
    assert col4row.shape == (n,) and row4col.shape == (m,)
    rows = np.flatnonzero(col4row >= 0)
    cols = col4row[rows]
    # The matching is consistent.
    assert np.array_equal(np.asarray(sol.rows), rows)
    assert np.array_equal(np.asarray(sol.cols), cols)
    assert len(np.unique(cols)) == len(cols)
    assert np.array_equal(row4col[cols], rows)
    assert np.count_nonzero(row4col >= 0) == len(rows)

    if unassigned is None:
        a, b = full_side_costs(n, m)
        a_caller = b_caller = None
    else:
        a_caller = _as_vector(unassigned[0], n)
        b_caller = _as_vector(unassigned[1], m)
        a = -a_caller if maximize else a_caller.copy()
        b = -b_caller if maximize else b_caller.copy()
    unmatched_rows = col4row < 0
    unmatched_cols = row4col < 0
    assert not np.isinf(a[unmatched_rows]).any(), "a row that must be matched is not"
    assert not np.isinf(b[unmatched_cols]).any(), "a column that must be matched is not"

    if exact:
        cm = cm.astype(np.int64)
        u = u.astype(np.int64)
        v = v.astype(np.int64)
        red = cm - u[:, None] - v[None, :]
        assert (red >= 0).all(), f"negative reduced cost {red.min()}"
        assert (red[rows, cols] == 0).all()
        fa, fb = np.isfinite(a), np.isfinite(b)
        assert (u[fa] <= a[fa]).all() and (v[fb] <= b[fb]).all()
        assert (u[unmatched_rows] == a[unmatched_rows]).all()
        assert (v[unmatched_cols] == b[unmatched_cols]).all()
        primal = int(cm[rows, cols].sum()) + int(a[unmatched_rows].sum()) + int(b[unmatched_cols].sum())
        assert int(u.sum()) + int(v.sum()) == primal
        reported = -sol.objective if maximize else sol.objective
        assert reported == primal
        return

    cm = np.asarray(cm, dtype=np.float64)
    allowed = np.isfinite(cm)
    assert allowed[rows, cols].all(), "a forbidden pair is matched"
    scale = max(
        1.0,
        float(np.abs(cm[allowed]).max(initial=0.0)),
        float(np.abs(u).max(initial=0.0)),
        float(np.abs(v).max(initial=0.0)),
        float(np.abs(a[np.isfinite(a)]).max(initial=0.0)),
        float(np.abs(b[np.isfinite(b)]).max(initial=0.0)),
    )
    tol = rtol * scale
    with np.errstate(invalid="ignore"):
        red = cm - u[:, None] - v[None, :]
    assert red[allowed].min(initial=0.0) >= -tol, f"negative reduced cost {red[allowed].min()}"
    assert np.abs(red[rows, cols]).max(initial=0.0) <= tol
    fa, fb = np.isfinite(a), np.isfinite(b)
    assert (u[fa] <= a[fa] + tol).all() and (v[fb] <= b[fb] + tol).all()
    assert np.abs(u[unmatched_rows] - a[unmatched_rows]).max(initial=0.0) <= tol
    assert np.abs(v[unmatched_cols] - b[unmatched_cols]).max(initial=0.0) <= tol
    primal = cm[rows, cols].sum() + a[unmatched_rows].sum() + b[unmatched_cols].sum()
    sum_tol = rtol * max(scale, float(np.abs(u).sum() + np.abs(v).sum()), abs(primal)) * 4
    assert abs(u.sum() + v.sum() - primal) <= sum_tol, (u.sum() + v.sum(), primal)
    reported = -sol.objective if maximize else sol.objective
    assert abs(reported - primal) <= sum_tol, (reported, primal)


# --- random instances ---------------------------------------------------------------------------------------

CLASSES = (
    "uniform",
    "smallint",  # int64 0..3: many ties, solved exactly
    "shifted",  # uniform + 1e6
    "geometric",  # 2**k, k in 0..30
    "negative",
    "inf_uniform",  # uniform with random +inf (forbidden) entries
    "inf_smallint",  # 0..3 as float with random +inf entries: ties and forbidden pairs
    "bigint",  # int64 in +-1e9
)


def random_shape(rng, kind, max_size=60):
    if kind == "square":
        n = int(rng.integers(1, max_size + 1))
        return n, n
    if kind == "wide":
        n = int(rng.integers(1, max_size))
        return n, int(rng.integers(n + 1, max_size + 1))
    if kind == "tall":
        m = int(rng.integers(1, max_size))
        return int(rng.integers(m + 1, max_size + 1)), m
    if kind == "row":
        return 1, int(rng.integers(1, max_size + 1))
    if kind == "col":
        return int(rng.integers(1, max_size + 1)), 1
    if kind == "small":
        return int(rng.integers(1, 7)), int(rng.integers(1, 7))
    raise AssertionError(kind)


SHAPES = ("square", "wide", "tall", "row", "col", "small")


def random_cost(rng, cls, shape):
    n, m = shape
    if cls == "uniform":
        return rng.random(shape)
    if cls == "smallint":
        return rng.integers(0, 4, size=shape, dtype=np.int64)
    if cls == "shifted":
        return rng.random(shape) + 1e6
    if cls == "geometric":
        return 2.0 ** rng.integers(0, 31, size=shape)
    if cls == "negative":
        return -100.0 * rng.random(shape) - 1.0
    if cls == "inf_uniform":
        c = rng.random(shape) * 10
        c[rng.random(shape) < rng.choice([0.1, 0.4, 0.7])] = np.inf
        return c
    if cls == "inf_smallint":
        c = rng.integers(0, 4, size=shape).astype(np.float64)
        c[rng.random(shape) < rng.choice([0.1, 0.4, 0.7])] = np.inf
        return c
    if cls == "bigint":
        return rng.integers(-(10**9), 10**9, size=shape, dtype=np.int64)
    raise AssertionError(cls)


def scipy_objective(cost, maximize=False):
    """scipy's optimal objective on the matrix as float64, or None where scipy says it is infeasible."""
    from scipy.optimize import linear_sum_assignment

    c = np.asarray(cost, dtype=np.float64)
    try:
        r, k = linear_sum_assignment(c, maximize=maximize)
    except ValueError as e:
        assert "infeasible" in str(e)
        return None
    return c[r, k].sum()


def assert_close(got, want, rtol=1e-9):
    assert abs(float(got) - float(want)) <= rtol * max(1.0, abs(float(want))), (got, want)
