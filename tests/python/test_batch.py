"""talentmatch.solve_batch: scipy's objectives on mixed shapes and dtypes, results identical to solve, certificates,
errors naming the failing problem, and the GIL released for the whole batch."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import talentmatch as tm
from numpy.testing import assert_array_equal

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_lsa = scipy_optimize.linear_sum_assignment

DTYPES = (np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8, np.float16)


def mixed_problems(seed, count=100):
    """Random matrices of mixed shapes (empty, thin, square, wide) and dtypes, some Fortran-ordered or sliced."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        n = int(rng.integers(0, 3)) if k % 10 == 0 else int(rng.integers(1, 40))
        m = n if k % 7 == 0 else int(rng.integers(0, 40))
        dtype = DTYPES[k % len(DTYPES)]
        if np.dtype(dtype).kind == "f":
            a = (rng.random((n, m)) * 100).astype(dtype)
        else:
            a = rng.integers(0, 100, size=(n, m)).astype(dtype)
        if k % 3 == 1:
            a = np.asfortranarray(a)
        elif k % 3 == 2 and n > 1:
            a = a[::-1]
        out.append(a)
    return out


def scipy_objective(cost, maximize=False):
    c = np.asarray(cost, dtype=np.float64)
    r, k = scipy_lsa(c, maximize=maximize)
    return c[r, k].sum()


def assert_same(got, want):
    assert_array_equal(got.col_for_row, want.col_for_row)
    assert_array_equal(got.row_for_col, want.row_for_col)
    assert_array_equal(got.u, want.u)
    assert_array_equal(got.v, want.v)
    assert got.u.dtype == want.u.dtype
    assert got.objective == want.objective
    assert type(got.objective) is type(want.objective)


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("threads", [None, 1, 2, 8])
def test_matches_scipy_and_solve(maximize, threads):
    mats = mixed_problems(11 + int(maximize))
    sols = tm.solve_batch(mats, maximize=maximize, threads=threads)
    assert len(sols) == len(mats)
    for a, s in zip(mats, sols):
        assert isinstance(s, tm.Solution)
        assert s.shape == a.shape
        want = scipy_objective(a, maximize)
        assert abs(float(s.objective) - want) <= 1e-9 * max(1.0, abs(want)), (a.dtype, a.shape)
        assert len(s) == min(a.shape)
        s.verify()
        assert_same(s, tm.solve(a, maximize=maximize))


def test_unassigned_costs_shared_and_per_problem():
    mats = mixed_problems(13, count=40)
    shared = tm.solve_batch(mats, unassigned_cost=(30.0, 10.0), threads=4)
    for a, s in zip(mats, shared):
        s.verify()
        assert_same(s, tm.solve(a, unassigned_cost=(30.0, 10.0)))

    rng = np.random.default_rng(14)
    per = [None if k % 4 == 0 else (rng.random(a.shape[0]) * 60, 25.5) for k, a in enumerate(mats)]
    sols = tm.solve_batch(mats, unassigned_cost=per, maximize=True)
    for a, un, s in zip(mats, per, sols):
        s.verify()
        assert_same(s, tm.solve(a, unassigned_cost=un, maximize=True))

    with pytest.raises(tm.Error, match="unassigned_cost: 39 entries for 40 problems"):
        tm.solve_batch(mats, unassigned_cost=per[:-1])


def test_forbidden_pairs_and_in_place():
    rng = np.random.default_rng(15)
    mats = []
    for _ in range(12):
        a = rng.random((30, 45))
        a[rng.random(a.shape) < 0.3] = np.inf
        a[np.arange(30), np.arange(30)] = rng.random(30)  # keeps every problem feasible
        mats.append(a)
    sols = tm.solve_batch(mats)
    for a, s in zip(mats, sols):
        s.verify()
        assert_same(s, tm.solve(a))
        assert np.isfinite(a[s.rows, s.cols]).all()
        assert s._cost is a  # read in place: the solution holds the caller's array, not a copy


def test_empty_batch_and_arguments():
    assert tm.solve_batch([]) == []
    assert tm.solve_batch(iter([np.eye(2)]))[0].objective == 0.0
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(tm.Error, match="threads"):
            tm.solve_batch([np.eye(2)], threads=bad)
    with pytest.raises(tm.Error, match="sequence of matrices"):
        tm.solve_batch(np.eye(3))


def test_error_names_the_failing_problem():
    rng = np.random.default_rng(16)
    mats = [rng.random((5, 6)) for _ in range(20)]
    bad = mats[7].copy()
    bad[2, :] = np.inf  # row 2 has no allowed column
    mats[7] = bad
    with pytest.raises(tm.InfeasibleError, match=r"^problem 7: cost matrix is infeasible"):
        tm.solve_batch(mats, threads=4)

    nan = mats[12].copy()
    nan[1, 3] = np.nan
    mats[12] = nan
    # The lowest failing index wins, whatever finished first.
    with pytest.raises(tm.InfeasibleError, match=r"^problem 7: "):
        tm.solve_batch(mats, threads=8)
    mats[7] = rng.random((5, 6))
    with pytest.raises(
        tm.Error, match=r"^problem 12: cost matrix contains invalid numeric entries: NaN at row 1, column 3"
    ) as e:
        tm.solve_batch(mats)
    assert not isinstance(e.value, tm.InfeasibleError)

    # Rejected while preparing (in Python), with the same prefix.
    with pytest.raises(tm.Error, match=r"^problem 2: expected a matrix \(2-D array\), got a 1-D array"):
        tm.solve_batch([np.eye(2), np.eye(3), np.ones(3)])
    with pytest.raises(tm.Error, match=r"^problem 1: unassigned_cost: row costs must be"):
        tm.solve_batch([np.eye(2), np.eye(3)], unassigned_cost=[None, (np.ones(2), 0.0)])


@pytest.mark.timeout(120)
def test_gil_released_for_the_whole_batch():
    rng = np.random.default_rng(17)
    mats = [rng.random((800, 800)) for _ in range(8)]
    started = threading.Event()
    done = threading.Event()
    result = {}

    def work():
        started.set()
        t0 = time.perf_counter()
        result["sols"] = tm.solve_batch(mats, threads=2)
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
    assert [len(s) for s in result["sols"]] == [800] * 8
    # With the GIL held through the batch the main thread would not run at all while it solves; released, it runs
    # freely (several million iterations a second; 100k/s leaves a wide margin for slow machines).
    assert count > 100_000 * seconds, (count, seconds)
    assert max_gap < max(0.5 * seconds, 0.03), (max_gap, seconds)
    for a, s in zip(mats[:2], result["sols"][:2]):
        assert_same(s, tm.solve(a))


# --- a (B, n, m) stack -----------------------------------------------------------------------------------------
# A float64/float32 stack the core reads as it is is solved in one call; any other stack goes matrix by matrix.
# Either way every result must be solve's on that matrix, with scipy's objective.


def _stacks(seed):
    rng = np.random.default_rng(seed)
    base = rng.random((12, 7, 9)) * 100
    yield "C", base
    yield "float32", base.astype(np.float32)
    yield "F", np.asfortranarray(base)
    yield "sliced", base[::2, ::-1, 1:]
    yield "swapped", base.astype(base.dtype.newbyteorder())
    yield "int64", np.round(base).astype(np.int64)
    yield "int32", np.round(base).astype(np.int32)
    yield "uint8", np.round(base).astype(np.uint8)
    yield "tall", base.transpose(0, 2, 1)


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("threads", [1, 2])
def test_stack_matches_solve_and_scipy(maximize, threads):
    for name, stack in _stacks(5):
        sols = tm.solve_batch(stack, maximize=maximize, threads=threads)
        assert len(sols) == stack.shape[0], name
        for a, s in zip(stack, sols):
            assert_same(s, tm.solve(a, maximize=maximize))
            assert abs(float(s.objective) - scipy_objective(a, maximize)) <= 1e-9 * max(1.0, abs(float(s.objective)))
            s.verify()


def test_stack_with_unassigned_costs_goes_matrix_by_matrix():
    stack = np.random.default_rng(6).random((5, 4, 6))
    sols = tm.solve_batch(stack, unassigned_cost=(0.3, 0.2))
    for a, s in zip(stack, sols):
        assert_same(s, tm.solve(a, unassigned_cost=(0.3, 0.2)))
        assert s.kind == "dense_unassigned"


@pytest.mark.parametrize("shape", [(0, 3, 3), (4, 0, 0), (3, 0, 5), (2, 1, 1)])
def test_stack_empty_shapes(shape):
    stack = np.ones(shape)
    sols = tm.solve_batch(stack)
    assert len(sols) == shape[0]
    for a, s in zip(stack, sols):
        assert_same(s, tm.solve(a))


def test_stack_errors_name_the_problem():
    stack = np.ones((6, 3, 3))
    stack[4, 1, 2] = np.nan
    stack[2, :, 0] = np.inf
    stack[2, :, 1] = np.inf
    with pytest.raises(tm.InfeasibleError, match="^problem 2: cost matrix is infeasible"):
        tm.solve_batch(stack, threads=2)
    stack[2] = 1.0
    with pytest.raises(tm.Error, match="^problem 4: .*row 1, column 2"):
        tm.solve_batch(stack)
    with pytest.raises(tm.Error, match="threads"):
        tm.solve_batch(stack, threads=0)
