"""talentmatch.solve: unassigned costs against brute force, duals, dtypes and memory layouts, zero copy,
errors, pathological inputs, and the GIL."""

from __future__ import annotations

import threading
import time
import tracemalloc

import numpy as np
import pytest
import talentmatch as tm
from conftest import unlocked
from numpy.testing import assert_array_equal
from oracles import assert_close, brute_partial, brute_partial_enumerate, check_duals, scipy_objective
from talentmatch import _core

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_lsa = scipy_optimize.linear_sum_assignment


# --- unassigned costs against brute force -------------------------------------------------------------------


def test_brute_force_oracles_agree():
    """The DP oracle against literal enumeration of every partial matching (validates the oracle itself)."""
    rng = np.random.default_rng(99)
    for _ in range(60):
        n, m = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        c = rng.integers(-5, 6, size=(n, m)).astype(np.float64)
        c[rng.random((n, m)) < 0.2] = np.inf
        a = rng.integers(-2, 6, size=n).astype(np.float64)
        b = rng.integers(-2, 6, size=m).astype(np.float64)
        if rng.random() < 0.3:
            a[rng.random(n) < 0.5] = np.inf
        maximize = bool(rng.random() < 0.5)
        if maximize:
            c, a, b = -c, -a, -b
        assert brute_partial(c, a, b, maximize) == brute_partial_enumerate(c, a, b, maximize)


def _random_partial_instance(rng, seed):
    n, m = int(rng.integers(1, 7)), int(rng.integers(1, 7))
    integer = seed % 4 == 0
    if integer:
        c = rng.integers(-4, 10, size=(n, m), dtype=np.int64)
    else:
        c = np.round(rng.random((n, m)) * 10, 2)
        if seed % 3 == 0:
            c[rng.random((n, m)) < 0.3] = np.inf
    mode = seed % 5
    if mode == 0:  # scalars
        rc, cc = float(rng.integers(0, 8)), float(rng.integers(-2, 5))
    elif mode == 1:  # arrays
        rc = rng.integers(-2, 9, size=n).astype(np.float64)
        cc = rng.integers(-2, 9, size=m).astype(np.float64)
    elif mode == 2:  # some rows must be matched
        rc = rng.integers(0, 9, size=n).astype(np.float64)
        rc[rng.random(n) < 0.5] = np.inf
        cc = rng.integers(0, 9, size=m).astype(np.float64)
    elif mode == 3:  # every column must be matched (scalar inf), rows free
        rc = rng.integers(0, 9, size=n).astype(np.float64)
        cc = np.inf
    else:  # fractional costs
        rc = np.round(rng.random(n) * 6, 1)
        cc = np.round(rng.random(m) * 3, 1)
    if not integer and mode in (1, 4):
        rc = list(rc)  # plain sequences are accepted too
    return c, rc, cc


def _negate_side(x):
    if np.ndim(x) == 0:
        return -float(x)
    return -np.asarray(x, dtype=np.float64)


@pytest.mark.parametrize("seed", range(240))
def test_unassigned_against_brute_force(seed):
    rng = np.random.default_rng(5000 + seed)
    c, rc, cc = _random_partial_instance(rng, seed)
    maximize = seed % 2 == 1
    if maximize:
        # The same problem in maximisation form: gains, -inf forbidden pairs, -inf "must be matched".
        c, rc, cc = -c, _negate_side(rc), _negate_side(cc)
    want = brute_partial(c, rc, cc, maximize)
    if want is None:
        with pytest.raises(tm.InfeasibleError):
            tm.solve(c, maximize=maximize, unassigned_cost=(rc, cc))
        return
    sol = tm.solve(c, maximize=maximize, unassigned_cost=(rc, cc))
    if isinstance(want, int) and c.dtype.kind == "i":
        assert isinstance(sol.objective, (int, np.integer)), type(sol.objective)
        assert sol.objective == want
    else:
        assert_close(sol.objective, want)
    sol.verify()
    check_duals(sol, c, maximize, unassigned=(rc, cc))


def padded_scipy_objective(cost, row_cost, col_cost, maximize=False):
    """The unassigned-cost problem as scipy's full matching on the (n + m) x (m + n) padded matrix
    [[C, diag(a)], [diag(b), 0]] (off-diagonal padding forbidden); None if scipy finds it infeasible."""
    c = np.asarray(cost, dtype=np.float64)
    n, m = c.shape
    s = -1.0 if maximize else 1.0
    a = s * np.broadcast_to(np.asarray(row_cost, dtype=np.float64), (n,))
    b = s * np.broadcast_to(np.asarray(col_cost, dtype=np.float64), (m,))
    p = np.full((n + m, m + n), np.inf)
    p[:n, :m] = s * c
    p[np.arange(n), m + np.arange(n)] = a
    p[n + np.arange(m), np.arange(m)] = b
    p[n:, m:] = 0.0
    try:
        r, k = scipy_lsa(p)
    except ValueError:
        return None
    return s * p[r, k].sum()


@pytest.mark.parametrize("seed", range(60))
def test_unassigned_against_padded_scipy(seed):
    rng = np.random.default_rng(7000 + seed)
    n, m = int(rng.integers(1, 41)), int(rng.integers(1, 41))
    kind = seed % 4
    if kind == 0:
        c = rng.integers(0, 5, size=(n, m))
        rc, cc = rng.integers(0, 4, size=n).astype(float), rng.integers(0, 4, size=m).astype(float)
    else:
        c = rng.random((n, m)) * 10
        if kind == 2:
            c[rng.random((n, m)) < 0.5] = np.inf
        rc, cc = rng.random(n) * 6, rng.random(m) * 6
    if seed % 3 == 1:
        rc[rng.random(n) < 0.5] = np.inf
    elif seed % 3 == 2:
        cc[rng.random(m) < 0.5] = np.inf
    maximize = seed % 2 == 1
    if maximize:
        c, rc, cc = -c, -rc, -cc
    want = padded_scipy_objective(c, rc, cc, maximize)
    if want is None:
        with pytest.raises(tm.InfeasibleError):
            tm.solve(c, maximize=maximize, unassigned_cost=(rc, cc))
        return
    sol = tm.solve(c, maximize=maximize, unassigned_cost=(rc, cc))
    assert_close(sol.objective, want)
    sol.verify()
    check_duals(sol, c, maximize, unassigned=(rc, cc))


def test_unassigned_hand_checked():
    c = np.array([[1.0, 9.0], [9.0, 9.0]])
    # Row 1 is cheaper left alone (4 + column 1 left alone: 0) than matched at 9.
    sol = tm.solve(c, unassigned_cost=(4.0, 0.0))
    assert_array_equal(sol.rows, [0])
    assert_array_equal(sol.cols, [0])
    assert sol.objective == 5.0
    check_duals(sol, c, unassigned=(4.0, 0.0))
    # Ties: a pair is matched only when that is strictly cheaper than leaving both ends unmatched.
    sol = tm.solve([[5.0]], unassigned_cost=(2.5, 2.5))
    assert len(sol) == 0 and sol.objective == 5.0
    sol = tm.solve([[4.99]], unassigned_cost=(2.5, 2.5))
    assert len(sol) == 1 and sol.objective == 4.99
    # Negative unassigned costs: leaving is profitable.
    sol = tm.solve([[0.0]], unassigned_cost=(-1.0, -1.0))
    assert len(sol) == 0 and sol.objective == -2.0
    # Maximize: values gained for leaving unmatched.
    sol = tm.solve([[10.0, 1.0]], maximize=True, unassigned_cost=(3.0, [0.5, 2.0]))
    assert_array_equal(sol.cols, [0])
    assert sol.objective == 12.0
    check_duals(sol, [[10.0, 1.0]], True, unassigned=(3.0, [0.5, 2.0]))


def test_unassigned_must_match():
    c = np.array([[1.0, 100.0], [100.0, 100.0]])
    sol = tm.solve(c, unassigned_cost=([0.0, np.inf], 0.0))
    assert_array_equal(sol.rows, [1])  # row 1 must be matched; row 0 is left (0 < 1 + ...)
    assert sol.objective == 100.0
    with pytest.raises(tm.InfeasibleError):
        tm.solve(np.array([[np.inf, 1.0]]), unassigned_cost=(0.0, [np.inf, 0.0]))
    with pytest.raises(tm.InfeasibleError):
        tm.solve(np.ones((3, 2)), unassigned_cost=(np.inf, 0.0))  # 3 rows must be matched, 2 columns
    # Maximize: -inf gain means "must be matched".
    sol = tm.solve(-c, maximize=True, unassigned_cost=([0.0, -np.inf], 0.0))
    assert_array_equal(sol.rows, [1])
    assert sol.objective == -100.0
    # Integer matrix, must-match column.
    ci = np.array([[1, 50], [50, 50]], dtype=np.int32)
    sol = tm.solve(ci, unassigned_cost=(0, [0, np.inf]))
    assert isinstance(sol.objective, (int, np.integer))
    assert sol.objective == 50 and len(sol) == 1
    check_duals(sol, ci, unassigned=(0, [0, np.inf]))


def test_unassigned_inf_on_both_sides_raises():
    with pytest.raises(tm.Error, match="both"):
        tm.solve(np.ones((2, 2)), unassigned_cost=(np.inf, np.inf))
    with pytest.raises(tm.Error):
        tm.solve(np.ones((2, 3)), unassigned_cost=([0.0, np.inf], [np.inf, 0.0, 0.0]))
    with pytest.raises(tm.Error):
        tm.solve(np.ones((2, 2), dtype=np.int64), unassigned_cost=(np.inf, np.inf))
    with pytest.raises(tm.Error):
        tm.solve(np.ones((2, 2)), maximize=True, unassigned_cost=(-np.inf, -np.inf))


def test_unassigned_wrong_infinity_and_nan():
    with pytest.raises(tm.Error, match="-inf"):
        tm.solve(np.ones((2, 2)), unassigned_cost=(-np.inf, 0.0))
    with pytest.raises(tm.Error, match=r"\+inf"):
        tm.solve(np.ones((2, 2)), maximize=True, unassigned_cost=(0.0, np.inf))
    with pytest.raises(tm.Error, match=r"\+inf"):
        tm.solve(np.ones((2, 2), dtype=np.int64), maximize=True, unassigned_cost=(0, np.inf))
    with pytest.raises(tm.Error, match="NaN"):
        tm.solve(np.ones((2, 2)), unassigned_cost=([0.0, np.nan], 0.0))


def test_unassigned_wrong_length():
    with pytest.raises(tm.Error, match=r"row.*length 3"):
        tm.solve(np.ones((3, 2)), unassigned_cost=([1.0, 2.0], 0.0))
    with pytest.raises(tm.Error, match=r"column.*length 2"):
        tm.solve(np.ones((3, 2)), unassigned_cost=(0.0, [1.0, 2.0, 3.0]))
    with pytest.raises(tm.Error, match="column"):
        tm.solve(np.ones((3, 2)), unassigned_cost=(0.0, np.ones((2, 1))))
    with pytest.raises(tm.Error, match="pair"):
        tm.solve(np.ones((3, 2)), unassigned_cost=1.0)
    with pytest.raises(tm.Error, match="pair"):
        tm.solve(np.ones((3, 2)), unassigned_cost=(1.0, 2.0, 3.0))
    with pytest.raises(tm.Error, match="numbers"):
        tm.solve(np.ones((3, 2)), unassigned_cost=("a", 0.0))


def test_unassigned_integer_stays_int():
    c = np.array([[3, 8, 1], [7, 2, 9]], dtype=np.int64)
    for dtype in (np.int64, np.int32, np.int16, np.uint8):
        ci = c.astype(dtype)
        sol = tm.solve(ci, unassigned_cost=(5, [0, 1, 2]))
        assert isinstance(sol.objective, (int, np.integer)), type(sol.objective)
        assert sol.u.dtype.kind == "i" and sol.v.dtype.kind == "i"
        assert sol.objective == brute_partial(c, 5, [0, 1, 2])
        sol.verify()
        check_duals(sol, ci, unassigned=(5, [0, 1, 2]))
    # Fractional unassigned costs on an integer matrix: solved in float, still exact here.
    sol = tm.solve(c, unassigned_cost=(2.5, 0.25))
    assert sol.objective == brute_partial(c, 2.5, 0.25)
    check_duals(sol, c, unassigned=(2.5, 0.25))
    # Integer costs given as a float array of whole numbers still keep the problem integral.
    sol = tm.solve(c, unassigned_cost=(np.array([5.0, 5.0]), 0.0))
    assert isinstance(sol.objective, (int, np.integer))
    sol = tm.solve(c, maximize=True, unassigned_cost=(4, 0))
    assert isinstance(sol.objective, (int, np.integer))
    assert sol.objective == brute_partial(c, 4, 0, maximize=True)


def test_unassigned_zero_size():
    sol = tm.solve(np.empty((0, 3)), unassigned_cost=(1.0, [1.0, 2.0, 3.0]))
    assert sol.objective == 6.0
    sol = tm.solve(np.empty((2, 0), dtype=np.int64), unassigned_cost=([4, 5], 0))
    assert sol.objective == 9
    with pytest.raises(tm.InfeasibleError):
        tm.solve(np.empty((2, 0)), unassigned_cost=(np.inf, 0.0))


# --- duals --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(5, 5), (3, 9), (9, 3), (1, 7), (7, 1), (40, 60), (60, 40)])
@pytest.mark.parametrize("maximize", [False, True])
def test_duals_full_matching(shape, maximize):
    rng = np.random.default_rng(hash(shape) % 1000 + maximize)
    for c in (rng.normal(size=shape) * 50, rng.integers(0, 4, size=shape), rng.integers(-9, 9, size=shape)):
        sol = tm.solve(c, maximize=maximize)
        check_duals(sol, c, maximize)
        n, m = shape
        unmatched_cols = sol.row_for_col < 0
        unmatched_rows = sol.col_for_row < 0
        if n < m:  # full matching of the rows: v <= 0, = 0 on unmatched columns
            assert (sol.v <= 1e-9).all()
            assert np.abs(sol.v[unmatched_cols]).max() <= 1e-9
        if n > m:
            assert (sol.u <= 1e-9).all()
            assert np.abs(sol.u[unmatched_rows]).max() <= 1e-9
        want = (sol.u.sum() + sol.v.sum()) * (-1 if maximize else 1)
        assert_close(sol.objective, want)


def test_verify_detects_corruption():
    rng = np.random.default_rng(3)
    c = rng.random((6, 8))
    sol = unlocked(tm.solve(c))
    cert = sol.verify()
    assert cert.ok and cert.message == ""
    sol.u[0] += 1.0
    with pytest.raises(tm.Error, match="certificate"):
        sol.verify()
    assert not sol.certificate().ok

    sol = unlocked(tm.solve(c))
    sol.v[3] -= 0.5  # still dual feasible, but the objectives differ or slackness breaks
    with pytest.raises(tm.Error):
        sol.verify()

    # A wrong objective (read-only on the solution itself: checked as verify() checks it).
    sol = tm.solve(c)
    cert = _core.check_certificate(c, sol.col_for_row, sol.row_for_col, sol.u, sol.v, sol.objective + 1e-3)
    assert not cert.ok and "objective" in cert.message

    # Swap two rows' columns in both arrays: a consistent but suboptimal matching.
    sol = unlocked(tm.solve(c))
    j0, j1 = sol.col_for_row[0], sol.col_for_row[1]
    sol.col_for_row[0], sol.col_for_row[1] = j1, j0
    sol.row_for_col[j0], sol.row_for_col[j1] = 1, 0
    with pytest.raises(tm.Error):
        sol.verify()

    # Inconsistent matching arrays.
    sol = unlocked(tm.solve(c))
    sol.row_for_col[sol.col_for_row[2]] = 4
    with pytest.raises(tm.Error, match="disagree"):
        sol.verify()

    # Integer problems are checked exactly.
    ci = rng.integers(0, 100, size=(5, 5))
    sol = unlocked(tm.solve(ci))
    sol.verify()
    sol.u[2] += 1
    with pytest.raises(tm.Error):
        sol.verify()

    # Unassigned costs: an unmatched row's u must equal its cost.
    sol = unlocked(tm.solve(np.array([[9.0, 9.0], [1.0, 9.0]]), unassigned_cost=(2.0, 0.0)))
    sol.verify()
    i = int(np.flatnonzero(sol.col_for_row < 0)[0])
    sol.u[i] -= 0.5
    with pytest.raises(tm.Error):
        sol.verify()


def test_error_hierarchy():
    assert issubclass(tm.Error, ValueError)
    assert issubclass(tm.InfeasibleError, tm.Error)
    assert issubclass(tm.InfeasibleError, ValueError)
    with pytest.raises(tm.InfeasibleError, match="row|column"):
        tm.solve(np.array([[1.0, np.inf], [2.0, np.inf]]))


# --- dtypes and memory layouts ------------------------------------------------------------------------------

INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64, np.bool_]
FLOAT_DTYPES = [np.float16, np.float32, np.float64, np.longdouble]


def _layouts(a):
    """The same logical matrix in many memory layouts (and views of bigger arrays with other strides)."""
    n, m = a.shape
    big = np.zeros((2 * n, 3 * m), dtype=a.dtype)
    big[::2, ::3] = a
    flipped = np.ascontiguousarray(a[::-1])
    return {
        "C": np.ascontiguousarray(a),
        "F": np.asfortranarray(a),
        "strided": big[::2, ::3],
        "transposed": np.ascontiguousarray(a.T).T,
        "reversed": flipped[::-1],
        "reversed_cols": np.ascontiguousarray(a[:, ::-1])[:, ::-1],
    }


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES)
@pytest.mark.parametrize("shape", [(7, 7), (5, 11), (11, 5)])
def test_dtypes_and_layouts(dtype, shape):
    rng = np.random.default_rng(11)
    hi = 2 if dtype is np.bool_ else 100
    a = rng.integers(0, hi, size=shape).astype(dtype)
    want = scipy_objective(np.asarray(a, float))
    first = None
    for name, x in _layouts(a).items():
        assert_array_equal(x, a)
        for maximize in (False, True):
            sol = tm.solve(x, maximize=maximize)
            w = scipy_objective(np.asarray(a, float), maximize)
            assert_close(sol.objective, w)
            rows, cols = tm.linear_sum_assignment(x, maximize=maximize)
            assert_close(np.asarray(a, float)[rows, cols].sum(), w)
            if np.dtype(dtype).kind in "biu" and dtype is not np.uint64:  # uint64 is solved in float64
                assert isinstance(sol.objective, (int, np.integer)), (name, type(sol.objective))
                assert sol.objective == round(w)
            sol.verify()
            check_duals(sol, np.asarray(a, float), maximize)
        sol = tm.solve(x)
        key = (sol.rows.tolist(), sol.cols.tolist(), sol.u.tolist(), sol.v.tolist())
        if first is None:
            first = key
        else:
            assert key == first, f"layout {name} gives a different result"
    assert_close(tm.solve(a).objective, want)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_c_and_fortran_identical_with_ties(dtype):
    rng = np.random.default_rng(17)
    for shape in [(30, 30), (20, 45), (45, 20), (1, 9), (9, 1)]:
        a = rng.integers(0, 3, size=shape).astype(dtype)
        for maximize in (False, True):
            sc = tm.solve(np.ascontiguousarray(a), maximize=maximize)
            sf = tm.solve(np.asfortranarray(a), maximize=maximize)
            assert_array_equal(sc.col_for_row, sf.col_for_row)
            assert_array_equal(sc.row_for_col, sf.row_for_col)
            assert_array_equal(sc.u, sf.u)
            assert_array_equal(sc.v, sf.v)
            assert sc.objective == sf.objective
            r1, c1 = tm.linear_sum_assignment(np.ascontiguousarray(a), maximize=maximize)
            r2, c2 = tm.linear_sum_assignment(np.asfortranarray(a), maximize=maximize)
            assert_array_equal(r1, r2)
            assert_array_equal(c1, c2)
            un = (rng.integers(0, 3, size=shape[0]), 1)
            sc = tm.solve(np.ascontiguousarray(a), maximize=maximize, unassigned_cost=un)
            sf = tm.solve(np.asfortranarray(a), maximize=maximize, unassigned_cost=un)
            assert_array_equal(sc.col_for_row, sf.col_for_row)
            assert_array_equal(sc.u, sf.u)


@pytest.mark.parametrize("dtype", [">f8", ">f4", ">i8", ">i4", "<f8", "<i4"])
def test_byte_order(dtype):
    rng = np.random.default_rng(23)
    a = (rng.random((9, 13)) * 100).astype(dtype)
    assert a.dtype == np.dtype(dtype)
    for maximize in (False, True):
        sol = tm.solve(a, maximize=maximize)
        assert_close(sol.objective, scipy_objective(np.asarray(a, float), maximize))
        sol.verify()
        check_duals(sol, np.asarray(a, float), maximize)
        rows, cols = tm.linear_sum_assignment(a.T, maximize=maximize)
        assert_close(np.asarray(a.T, float)[rows, cols].sum(), scipy_objective(a.T, maximize))


def test_unaligned_array():
    rng = np.random.default_rng(29)
    a = rng.random((6, 6))
    buf = np.zeros(a.nbytes + 1, dtype=np.uint8)
    x = np.frombuffer(buf.data, dtype=np.float64, count=36, offset=1).reshape(6, 6)
    assert not x.flags.aligned
    # frombuffer on a bytes-like is read-only; write through a writeable view of the same bytes.
    buf[1:] = np.frombuffer(a.tobytes(), dtype=np.uint8)
    assert_array_equal(x, a)
    assert_close(tm.solve(x).objective, scipy_objective(a))


def test_broadcast_zero_stride():
    row = np.array([3.0, 1.0, 2.0, 5.0])
    a = np.broadcast_to(row, (3, 4))
    assert a.strides[0] == 0
    sol = tm.solve(a)
    assert_close(sol.objective, scipy_objective(np.array(a)))
    check_duals(sol, np.array(a))


# --- zero copy ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_no_copy_native_dtypes(dtype):
    rng = np.random.default_rng(31)
    base = rng.integers(0, 1000, size=(40, 90)).astype(dtype)
    views = {
        "C": base,
        "F": np.asfortranarray(base),
        "strided": base[::2, ::3],
        "transposed": base.T,
        "reversed": base[::-1],
        "both": base[::-3, ::-2].T,
    }
    for name, x in views.items():
        sol = tm.solve(x)
        assert np.shares_memory(sol._cost, x), f"{np.dtype(dtype).name} {name}: the matrix was copied"
        sol = tm.solve(x, unassigned_cost=(5, 7))
        assert np.shares_memory(sol._cost, x), f"{np.dtype(dtype).name} {name} (unassigned): the matrix was copied"


def test_converted_dtypes_are_copied():
    # The converse, so that the check above can fail at all.
    x = np.ones((4, 4), dtype=np.float16)
    assert not np.shares_memory(tm.solve(x)._cost, x)
    x = np.ones((4, 4), dtype=">f8")
    assert not np.shares_memory(tm.solve(x)._cost, x)


@pytest.mark.parametrize("order", ["C", "F"])
def test_no_copy_tracemalloc(order):
    rng = np.random.default_rng(37)
    a = np.asarray(rng.random((1200, 1300)), order=order)  # 12.5 MB
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        rows, cols = tm.linear_sum_assignment(a)
        sol = tm.solve(a)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert len(rows) == 1200 and len(sol) == 1200
    assert peak < a.nbytes / 10, f"peak traced allocation {peak} bytes for a {a.nbytes}-byte matrix"


# --- pathological inputs and hangs --------------------------------------------------------------------------


def _sparse_inf(rng, n, m, density):
    c = np.full((n, m), np.inf)
    mask = rng.random((n, m)) < density
    c[mask] = rng.integers(1, 100, size=mask.sum())
    return c


@pytest.mark.timeout(30)
def test_pathological_inf_patterns():
    rng = np.random.default_rng(41)
    n = 200
    cases = []
    # 99% inf, feasible: a hidden permutation plus 1% noise.
    c = _sparse_inf(rng, n, n, 0.01)
    perm = rng.permutation(n)
    c[np.arange(n), perm] = rng.integers(1, 100, size=n)
    cases.append(("hidden permutation", c, True))
    # 99% inf, infeasible: rows 0..2 can only reach columns 0 and 1 (Hall's condition fails).
    c2 = c.copy()
    c2[:3, :] = np.inf
    c2[:3, :2] = 1.0
    cases.append(("hall violation", c2, False))
    # A single row with no allowed entry at the end (every other row done first).
    c3 = c.copy()
    c3[-1, :] = np.inf
    cases.append(("last row forbidden", c3, False))
    # Staircases: allowed only on and above the diagonal / on the diagonal and the one below.
    cases.append(("upper triangle", np.where(np.triu(np.ones((n, n))) > 0, 1.0, np.inf), True))
    band = np.full((n, n), np.inf)
    idx = np.arange(n)
    band[idx, idx] = 5.0
    band[idx[1:], idx[:-1]] = 1.0
    cases.append(("band", band, True))
    band2 = band.copy()
    band2[idx, idx] = np.inf
    band2[0, n - 1] = 1.0  # a single cycle
    cases.append(("cycle", band2, True))
    band3 = band2.copy()
    band3[0, n - 1] = np.inf
    cases.append(("broken cycle", band3, False))
    # Random sparse instances (like scipy's own test: 100x100, 6% density, many infeasible).
    for _ in range(40):
        cases.append(("random sparse", _sparse_inf(rng, 100, 100, 0.06), None))
    for _ in range(10):
        cases.append(("random sparse wide", _sparse_inf(rng, 60, 150, 0.03), None))
        cases.append(("random sparse tall", _sparse_inf(rng, 150, 60, 0.03), None))
    n_infeasible = 0
    for name, cost, feasible in cases:
        want = scipy_objective(cost)
        if feasible is not None:
            assert (want is not None) == feasible, name
        for maximize in (False, True):
            x = -cost if maximize else cost
            if want is None:
                n_infeasible += not maximize
                with pytest.raises(tm.InfeasibleError):
                    tm.solve(x, maximize=maximize)
                with pytest.raises(tm.InfeasibleError):
                    tm.linear_sum_assignment(np.asfortranarray(x), maximize=maximize)
            else:
                sol = tm.solve(x, maximize=maximize)
                assert_close(sol.objective, -want if maximize else want)
                sol.verify()
                check_duals(sol, x, maximize)
                rows, cols = tm.linear_sum_assignment(np.asfortranarray(x), maximize=maximize)
                assert_close(x[rows, cols].sum(), -want if maximize else want)
        # With unassigned costs every instance is feasible (nothing must be matched).
        sol = tm.solve(cost, unassigned_cost=(50.0, 50.0))
        sol.verify()
        check_duals(sol, cost, unassigned=(50.0, 50.0))
        # Rows must be matched: feasible exactly when a full matching of the rows exists (n <= m).
        if cost.shape[0] <= cost.shape[1]:
            if want is None:
                with pytest.raises(tm.InfeasibleError):
                    tm.solve(cost, unassigned_cost=(np.inf, 0.0))
            else:
                sol = tm.solve(cost, unassigned_cost=(np.inf, 0.0))
                assert_close(sol.objective, want)
    assert n_infeasible >= 10


@pytest.mark.timeout(30)
def test_large_costs_and_ties_terminate():
    rng = np.random.default_rng(43)
    n = 300
    for c in (
        np.zeros((n, n)),
        np.full((n, n), 1e15),
        rng.integers(0, 2, size=(n, n)).astype(np.float64),
        np.add.outer(np.arange(n), np.arange(n)).astype(np.float64),  # every permutation is optimal
        np.add.outer(np.arange(n), np.arange(n)) * 1e-300,
        rng.random((n, n)) * 1e300,
        rng.random((n, n)) * 1e-300,
    ):
        sol = tm.solve(c)
        assert_close(sol.objective, scipy_objective(c))
        sol.verify()
    ci = rng.integers(-(10**12), 10**12, size=(n, n), dtype=np.int64)
    sol = tm.solve(ci)
    assert sol.objective == int(ci[scipy_lsa(ci)].sum())
    sol.verify()


def test_integer_overflow_rejected_not_wrong():
    big = np.array([[2**62, 0], [0, 2**62]], dtype=np.int64)
    try:
        sol = tm.solve(big)
    except tm.Error as e:
        assert "large" in str(e)
    else:
        assert sol.objective == 0


# --- the GIL ------------------------------------------------------------------------------------------------


@pytest.mark.timeout(60)
def test_gil_released_while_solving():
    rng = np.random.default_rng(47)
    a = rng.random((1500, 1500))
    started = threading.Event()
    done = threading.Event()
    result = {}

    def work():
        started.set()
        t0 = time.perf_counter()
        for _ in range(3):
            result["sol"] = tm.solve(a)
        result["seconds"] = time.perf_counter() - t0
        done.set()

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    count = 0
    max_gap = 0.0
    last = time.perf_counter()
    while not done.is_set():
        count += 1
        now = time.perf_counter()
        max_gap = max(max_gap, now - last)
        last = now
    t.join()
    seconds = result["seconds"]
    assert len(result["sol"]) == 1500
    # With the GIL held through each solve, the main thread would stall for a whole solve at a time.
    # (A GIL-holding C call of the same length lets ~10k iterations/s through, between and around the calls.)
    assert count > 100_000 * seconds, (count, seconds)
    assert max_gap < max(0.5 * seconds / 3, 0.03), (max_gap, seconds)


def test_concurrent_solves_match_serial():
    rng = np.random.default_rng(53)
    mats = [rng.random((300, 300 + 20 * k)) for k in range(8)]
    serial = [tm.solve(a) for a in mats]
    results = [None] * len(mats)

    def work(k):
        results[k] = tm.solve(mats[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(mats))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s, r in zip(serial, results):
        assert_array_equal(s.col_for_row, r.col_for_row)
        assert s.objective == r.objective
        r.verify()


# --- found bugs (these fail until fixed) --------------------------------------------------------------------


def test_big_integer_unassigned_cost_is_solved():
    """A large integer "leave unmatched" cost (a big-M penalty) on an integer matrix must be solved, as a
    larger one (>= 2**62) already is: today 10**16 raises "costs too large", 2**62 falls back to float64."""
    rng = np.random.default_rng(59)
    c = rng.integers(0, 10**6, size=(200, 200))
    want = scipy_objective(c)  # every row is matched: leaving one unmatched costs far more
    for big in (10**15, 10**16, 10**17, 2**62):
        sol = tm.solve(c, unassigned_cost=(big, 0))
        assert len(sol) == 200
        assert_close(sol.objective, want)
    small = np.array([[3, 8], [7, 2]])
    for big in (10**17, 10**18, 2**61):
        sol = tm.solve(small, unassigned_cost=(big, 0))
        assert sol.objective == 5


def test_lsa_drop_in_accepts_large_int64():
    """scipy solves any int64 matrix (in float64); the drop-in raises "costs too large" for entries above
    int64_max / (8 (k + 2)), e.g. 2**60 in a 2 x 2 matrix (nanosecond timestamps reach that range)."""
    c = np.array([[2**60, 0], [0, 2**60]], dtype=np.int64)
    rows, cols = tm.linear_sum_assignment(c)
    assert_array_equal(cols, scipy_lsa(c)[1])
    c = np.random.default_rng(61).integers(10**15, 10**16, size=(100, 100))
    rows, cols = tm.linear_sum_assignment(c)
    assert_close(c[rows, cols].sum(), scipy_objective(c))


def test_costs_too_large_message_is_readable():
    """When huge costs are rejected, the message prints the numbers readably (not 300 digits of %f)."""
    for cost, un in ((np.full((2, 2), 1e308), None), (np.ones((2, 2)), (1e308, 0.0))):
        try:
            tm.solve(cost, unassigned_cost=un)
        except tm.Error as e:
            assert len(str(e)) < 300, str(e)
