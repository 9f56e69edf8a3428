"""talentmatch.linear_sum_assignment (and tm.solve's full matching) against scipy and hand-checked cases."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import talentmatch as tm
from numpy.testing import assert_array_equal
from oracles import CLASSES, SHAPES, assert_close, brute_full, check_duals, random_cost, random_shape, scipy_objective

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_lsa = scipy_optimize.linear_sum_assignment


def assert_index_arrays(rows, cols, shape):
    n, m = shape
    for x in (rows, cols):
        assert isinstance(x, np.ndarray)
        assert x.dtype == np.int64 and x.dtype == np.intp
        assert x.ndim == 1
    assert len(rows) == len(cols) == min(n, m)
    assert (np.diff(rows) > 0).all(), "row_ind must be strictly ascending"
    assert len(np.unique(cols)) == len(cols), "col_ind must be unique"
    if len(rows):
        assert rows.min() >= 0 and rows.max() < n
        assert cols.min() >= 0 and cols.max() < m


# --- 500 random instances against scipy ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(500))
def test_random_against_scipy(seed):
    rng = np.random.default_rng(1000 + seed)
    cls = CLASSES[seed % len(CLASSES)]
    shape = random_shape(rng, SHAPES[(seed // len(CLASSES)) % len(SHAPES)])
    cost = random_cost(rng, cls, shape)
    maximize = bool(seed % 3 == 2)
    if maximize and np.asarray(cost).dtype.kind == "f":
        cost = np.where(np.isinf(cost), -np.inf, cost)  # with maximize, -inf marks a forbidden pair
    want = scipy_objective(cost, maximize)
    if want is None:
        with pytest.raises(tm.InfeasibleError):
            tm.linear_sum_assignment(cost, maximize=maximize)
        with pytest.raises(tm.InfeasibleError):
            tm.solve(cost, maximize=maximize)
        return
    rows, cols = tm.linear_sum_assignment(cost, maximize=maximize)
    assert_index_arrays(rows, cols, shape)
    c = np.asarray(cost, dtype=np.float64)
    assert np.isfinite(c[rows, cols]).all()
    assert_close(c[rows, cols].sum(), want)

    sol = tm.solve(cost, maximize=maximize)
    assert len(sol) == min(shape)
    assert_array_equal(sol.rows, rows)
    assert_array_equal(sol.cols, cols)
    assert_close(sol.objective, want)
    if np.asarray(cost).dtype.kind == "i":
        assert isinstance(sol.objective, (int, np.integer))
        assert sol.objective == int(np.asarray(cost)[rows, cols].sum())
    sol.verify()
    check_duals(sol, cost, maximize)


@pytest.mark.parametrize("seed", range(40))
def test_small_against_permutations(seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
    cost = rng.integers(-3, 4, size=shape).astype(np.float64)
    maximize = bool(seed % 2)
    want = brute_full(cost, maximize)
    rows, cols = tm.linear_sum_assignment(cost, maximize=maximize)
    assert cost[rows, cols].sum() == want


# --- scipy's own edge cases ---------------------------------------------------------------------------------


def test_input_shape_1d():
    with pytest.raises(ValueError, match="expected a matrix"):
        tm.linear_sum_assignment([1, 2, 3])
    with pytest.raises(tm.Error):
        tm.solve(np.arange(3.0))
    with pytest.raises(ValueError, match="expected a matrix"):
        tm.linear_sum_assignment(np.zeros((2, 2, 2)))


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_input_list_and_matrix():
    c = [[1, 2, 3], [4, 5, 6]]
    assert_array_equal(tm.linear_sum_assignment(c), tm.linear_sum_assignment(np.asarray(c)))
    assert_array_equal(tm.linear_sum_assignment(c), scipy_lsa(c))
    assert_array_equal(tm.linear_sum_assignment(np.asmatrix(c)), tm.linear_sum_assignment(np.asarray(c)))


def test_input_bool():
    eye = np.identity(3)
    assert_array_equal(tm.linear_sum_assignment(eye.astype(np.bool_)), tm.linear_sum_assignment(eye))
    rows, cols = tm.linear_sum_assignment(eye.astype(np.bool_))
    assert eye[rows, cols].sum() == 0


def test_input_string():
    # A TypeError with scipy's words, as scipy raises it.
    with pytest.raises(TypeError, match="Cannot cast array data"):
        tm.linear_sum_assignment(np.identity(3).astype(str))
    with pytest.raises(TypeError, match="Cannot cast array data"):
        tm.solve(np.identity(3).astype(str))


def test_input_object_dtype_rejected():
    # scipy: TypeError ("Cannot cast array data from dtype('O') ..."), as for any object array.
    with pytest.raises(TypeError, match="Cannot cast array data"):
        tm.linear_sum_assignment(np.array([[1, None], [2, 3]], dtype=object))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_input_nan(dtype):
    c = np.diag([np.nan, 1, 1]).astype(dtype)
    with pytest.raises(ValueError, match="NaN"):
        tm.linear_sum_assignment(c)
    c = np.ones((3, 4), dtype=dtype)
    c[1, 2] = np.nan
    with pytest.raises(tm.Error, match="row 1, column 2"):
        tm.linear_sum_assignment(c)
    with pytest.raises(tm.Error, match="row 1, column 2"):
        tm.solve(c, maximize=True)
    with pytest.raises(tm.Error, match="row 1, column 2"):
        tm.solve(c.T.copy().T)  # Fortran order: positions are still the caller's
    with pytest.raises(tm.Error, match="row 2, column 1"):
        tm.solve(c.T)


def test_input_neginf():
    c = np.diag([1, -np.inf, 1])
    with pytest.raises(ValueError, match="-inf"):
        tm.linear_sum_assignment(c)
    with pytest.raises(tm.Error, match="row 1, column 1"):
        tm.solve(c)
    # With maximize -inf is the forbidden marker, +inf is rejected.
    rows, cols = tm.linear_sum_assignment(np.array([[1.0, -np.inf], [-np.inf, 1.0]]), maximize=True)
    assert_array_equal(cols, [0, 1])
    c = np.diag([1, np.inf, 1])
    with pytest.raises(ValueError, match=r"\+inf"):
        tm.linear_sum_assignment(c, maximize=True)
    with pytest.raises(tm.Error, match="row 1, column 1"):
        tm.solve(c, maximize=True)


def test_input_inf_column_infeasible():
    c = np.identity(3)
    c[:, 0] = np.inf
    with pytest.raises(ValueError, match="infeasible"):
        tm.linear_sum_assignment(c)
    with pytest.raises(tm.InfeasibleError):
        tm.linear_sum_assignment(c)
    with pytest.raises(tm.InfeasibleError):
        tm.solve(c)
    with pytest.raises(tm.InfeasibleError):
        tm.linear_sum_assignment(-c, maximize=True)
    with pytest.raises(tm.InfeasibleError):
        tm.linear_sum_assignment(c.T)
    # A whole row forbidden in a wide matrix, and an all-inf matrix.
    with pytest.raises(tm.InfeasibleError):
        tm.linear_sum_assignment(np.array([[1.0, 2.0, 3.0], [np.inf] * 3]))
    with pytest.raises(tm.InfeasibleError):
        tm.solve(np.full((4, 4), np.inf))
    # A rectangular matrix whose extra columns are forbidden is still feasible.
    c = np.array([[1.0, np.inf], [2.0, np.inf], [np.inf, 3.0]])
    rows, cols = tm.linear_sum_assignment(c.T)
    assert c.T[rows, cols].sum() == 4.0


def test_constant_cost_matrix_gives_identity():
    for n in (1, 2, 8, 33):
        rows, cols = tm.linear_sum_assignment(np.ones((n, n)))
        assert_array_equal(rows, np.arange(n))
        assert_array_equal(cols, np.arange(n))
    rows, cols = tm.linear_sum_assignment(np.full((8, 8), 7, dtype=np.int32))
    assert_array_equal(cols, np.arange(8))
    rows, cols = tm.linear_sum_assignment(np.zeros((8, 8)), maximize=True)
    assert_array_equal(cols, np.arange(8))


@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (3, 0), (2, 0)])
@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32, np.float32])
def test_empty(shape, dtype):
    rows, cols = tm.linear_sum_assignment(np.empty(shape, dtype=dtype))
    assert rows.shape == (0,) and cols.shape == (0,)
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    sr, sc = scipy_lsa(np.empty(shape))
    assert rows.dtype == sr.dtype and cols.dtype == sc.dtype
    sol = tm.solve(np.empty(shape, dtype=dtype))
    assert len(sol) == 0 and sol.objective == 0
    assert sol.u.shape == (shape[0],) and sol.v.shape == (shape[1],)
    sol.verify()
    sol = tm.solve(np.empty(shape, dtype=dtype), unassigned_cost=(1.0, 2.0))
    assert sol.objective == shape[0] * 1.0 + shape[1] * 2.0


def test_one_by_one():
    rows, cols = tm.linear_sum_assignment([[5.0]])
    assert_array_equal(rows, [0])
    assert_array_equal(cols, [0])
    sol = tm.solve([[-3]])
    assert sol.objective == -3 and sol.u.sum() + sol.v.sum() == -3
    sol = tm.solve([[4.5]], maximize=True)
    assert sol.objective == 4.5
    sol.verify()
    check_duals(sol, [[4.5]], maximize=True)
    with pytest.raises(tm.InfeasibleError):
        tm.solve([[np.inf]])


def test_maximize():
    c = np.array([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0], [2.0, 3.0, 1.0]])
    rows, cols = tm.linear_sum_assignment(c, maximize=True)
    assert_array_equal(cols, [2, 0, 1])
    rows, cols = tm.linear_sum_assignment(c)
    assert c[rows, cols].sum() == 3.0
    rng = np.random.default_rng(7)
    for _ in range(20):
        c = rng.normal(size=(int(rng.integers(1, 9)), int(rng.integers(1, 9))))
        r1, k1 = tm.linear_sum_assignment(c, maximize=True)
        r2, k2 = tm.linear_sum_assignment(-c)
        assert_close(c[r1, k1].sum(), -(-c)[r2, k2].sum())
        assert_close(c[r1, k1].sum(), scipy_objective(c, maximize=True))


# scipy.sparse.csgraph.tests.test_matching.linear_sum_assignment_test_cases (hand-checked, unique optima).
SCIPY_SMALL_CASES = [
    ([[400, 150, 400], [400, 450, 600], [300, 225, 300]], [150, 400, 300]),
    ([[400, 150, 400, 1], [400, 450, 600, 2], [300, 225, 300, 3]], [150, 2, 300]),
    ([[10, 10, 8], [9, 8, 1], [9, 7, 4]], [10, 1, 7]),
    ([[10, 10, 8, 11], [9, 8, 1, 1], [9, 7, 4, 10]], [10, 1, 4]),
    ([[10, np.inf, np.inf], [np.inf, np.inf, 1], [np.inf, 7, np.inf]], [10, 1, 7]),
]


@pytest.mark.parametrize("sign", [-1, 1])
@pytest.mark.parametrize("case", range(len(SCIPY_SMALL_CASES)))
def test_small_integer_matrices(sign, case):
    cost, expected = SCIPY_SMALL_CASES[case]
    maximize = sign == -1
    cost = sign * np.array(cost)
    expected = sign * np.array(expected)
    rows, cols = tm.linear_sum_assignment(cost, maximize=maximize)
    assert_array_equal(rows, np.sort(rows))
    assert_array_equal(cost[rows, cols], expected)
    cost = cost.T
    rows, cols = tm.linear_sum_assignment(cost, maximize=maximize)
    assert_array_equal(rows, np.sort(rows))
    assert_array_equal(np.sort(cost[rows, cols]), np.sort(expected))
    if np.isfinite(cost).all():
        icost = cost.astype(np.int64)
        sol = tm.solve(icost, maximize=maximize)
        assert isinstance(sol.objective, (int, np.integer))
        assert sol.objective == int(expected.sum())
        sol.verify()
        check_duals(sol, icost, maximize)


def test_hand_checked_rectangular_duals():
    # 2 x 3: rows take columns 1 and 0 (cost 1 + 2 = 3); column 2 is unmatched.
    c = np.array([[4.0, 1.0, 5.0], [2.0, 3.0, 6.0]])
    sol = tm.solve(c)
    assert_array_equal(sol.cols, [1, 0])
    assert sol.objective == 3.0
    assert (sol.v <= 1e-12).all() and abs(sol.v[2]) <= 1e-12
    check_duals(sol, c)
    solt = tm.solve(c.T)
    assert_array_equal(solt.rows, [0, 1])
    assert_array_equal(solt.cols, [1, 0])
    assert (solt.u <= 1e-12).all() and abs(solt.u[2]) <= 1e-12
    check_duals(solt, c.T)


# --- the fast path: arrays the core reads as they are ------------------------------------------------------------
# float64/float32 ndarrays (and int64/int32 within exact arithmetic) go straight to the core, everything else through
# the Python checks first; both must give scipy's optimum, scipy's return types and the same errors.


def _variants(a):
    """``a`` as the layouts and types the two paths split on: C, Fortran, reversed, strided, byte-swapped,
    unaligned, an ndarray subclass and a list."""
    out = {
        "C": np.ascontiguousarray(a),
        "F": np.asfortranarray(a),
        "reversed": a[::-1, ::-1],
        "strided": np.repeat(a, 2, axis=1)[:, ::2],
        "swapped": a.astype(a.dtype.newbyteorder()),
        "matrix": np.asmatrix(a),
        "list": a.tolist(),
    }
    buf = np.zeros(a.nbytes + 1, dtype=np.uint8)
    buf[1:] = np.frombuffer(np.ascontiguousarray(a).tobytes(), dtype=np.uint8)
    out["unaligned"] = np.frombuffer(buf.data, dtype=a.dtype, count=a.size, offset=1).reshape(a.shape)
    return out


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.parametrize(
    "dtype", [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8, np.uint64, np.float16, np.longdouble]
)
@pytest.mark.parametrize("shape", [(1, 1), (5, 5), (4, 9), (9, 4), (30, 30)])
def test_fast_and_python_paths_agree_with_scipy(dtype, shape):
    rng = np.random.default_rng(sum(shape) + np.dtype(dtype).num)
    base = (rng.random(shape) * 100).astype(dtype)
    for name, a in _variants(base).items():
        fa = np.asarray(a, dtype=np.float64)
        for maximize in (False, True):
            rows, cols = tm.linear_sum_assignment(a, maximize)
            assert_index_arrays(rows, cols, shape)
            assert rows.flags.writeable and cols.flags.writeable, name  # scipy's arrays are writeable
            assert_close(fa[rows, cols].sum(), scipy_objective(fa, maximize))
            sol = tm.solve(a, maximize=maximize)
            assert_array_equal(sol.rows, rows)
            assert_array_equal(sol.cols, cols)
            check_duals(sol, np.asarray(a), maximize)


def test_integer_exactness_boundary():
    # Integers stay exact (int64 duals) up to the limit at k = min(n, m) and are solved in double above it: the rule
    # of _convert.as_cost_matrix, which the core's fast path applies too. The oracle is exact Python arithmetic.
    limit = int(tm._convert.int_limit((3, 3)))
    for top, exact in ((limit, True), (limit + 1, False), (-limit, True), (-limit - 1, False)):
        cost = np.array([[top, 0, 1], [2, top // 2, 3], [5, 4, top // 3]], dtype=np.int64)
        sol = tm.solve(cost)
        assert (sol.u.dtype.kind == "i") is exact, top
        if exact:
            exact_best = min(sum(int(cost[i, j]) for i, j in enumerate(p)) for p in itertools.permutations(range(3)))
            assert sol.objective == exact_best
            check_duals(sol, cost)
        rows, cols = tm.linear_sum_assignment(cost)
        assert_array_equal(rows, sol.rows)
        assert_array_equal(cols, sol.cols)
    small = np.array([[7, 0, 1], [2, 3, 3], [5, 4, 2]], dtype=np.int32)
    assert tm.solve(small).u.dtype == np.int64
    assert tm.solve(small).objective == brute_full(small)


@pytest.mark.parametrize("maximize", [np.True_, 1, 1.0, "yes", [1]])
def test_maximize_is_read_with_bool(maximize):
    cost = np.array([[4.0, 1.0], [2.0, 0.0]])
    assert_array_equal(tm.linear_sum_assignment(cost, maximize)[1], [0, 1])
    assert tm.solve(cost, maximize=maximize).objective == 4.0


def test_maximize_without_a_truth_value():
    with pytest.raises(ValueError, match="truth value"):
        tm.linear_sum_assignment(np.eye(3), np.array([1, 0]))
    with pytest.raises(ValueError, match="truth value"):
        tm.solve(np.eye(3), maximize=np.array([1, 0]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fast_path_errors_name_the_entry(dtype):
    a = np.ones((4, 5), dtype=dtype)
    a[2, 3] = np.nan
    for f in (tm.linear_sum_assignment, tm.solve):
        with pytest.raises(tm.Error, match="NaN.*row 2, column 3|row 2, column 3.*NaN"):
            f(a)
    a[2, 3] = -np.inf
    with pytest.raises(tm.Error, match="row 2, column 3"):
        tm.linear_sum_assignment(a)
    b = np.ones((3, 3), dtype=dtype)
    b[:, 1] = np.inf
    with pytest.raises(tm.InfeasibleError, match="cost matrix is infeasible"):
        tm.linear_sum_assignment(b)
    with pytest.raises(tm.InfeasibleError, match="cost matrix is infeasible"):
        tm.solve(b)
