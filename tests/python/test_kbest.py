"""talentmatch.k_best: against brute-force enumeration (itertools.permutations), k=1 against scipy, maximize,
rectangular shapes, forbidden pairs, integer ties, distinctness, and every solution's certificate for its Murty
subproblem (checked by verify() and, independently, by the numpy oracle on the rebuilt subproblem)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import talentmatch as tm
from oracles import check_duals
from talentmatch import _core

scipy_optimize = pytest.importorskip("scipy.optimize")


def all_objectives(cost, maximize=False):
    """Every full assignment's objective (caller's sign), best first, by itertools.permutations."""
    c = np.asarray(cost, dtype=np.float64)
    if c.shape[0] > c.shape[1]:
        c = c.T
    n, m = c.shape
    bad = -math.inf if maximize else math.inf
    out = []
    for cols in itertools.permutations(range(m), n):
        vals = [c[i, j] for i, j in enumerate(cols)]
        if bad in vals:
            continue
        out.append(math.fsum(vals))
    return sorted(out, reverse=maximize)


def subproblem(cost, sol):
    """The Murty subproblem a k_best solution's duals certify, rebuilt in numpy (float64, forbidden = inf)."""
    c = np.array(cost, dtype=np.float64)
    bad = -np.inf if sol.maximize else np.inf
    if sol.forbidden is not None:
        for i, j in sol.forbidden:
            c[i, j] = bad
    if sol.fixed is not None:
        for i, j in sol.fixed:
            keep = c[i, j]
            c[i, :] = bad
            c[:, j] = bad
            c[i, j] = keep
    return c


def check(cost, k, maximize=False):
    want = all_objectives(cost, maximize)
    if not want:
        with pytest.raises(tm.InfeasibleError):
            tm.k_best(cost, k, maximize=maximize)
        return []
    sols = tm.k_best(cost, k, maximize=maximize)
    assert len(sols) == min(k, len(want))
    c = np.asarray(cost)
    seen = set()
    for t, s in enumerate(sols):
        assert isinstance(s, tm.Solution)
        assert abs(float(s.objective) - want[t]) <= 1e-9 * max(1.0, abs(want[t])), (t, s.objective, want[t])
        assert len(s) == min(c.shape)
        assert abs(float(c[s.rows, s.cols].sum()) - float(s.objective)) <= 1e-9 * max(1.0, abs(want[t]))
        key = tuple(s.col_for_row.tolist())
        assert key not in seen, "assignment repeated"
        seen.add(key)
        assert s.verify().ok
        if c.dtype.kind == "f":
            check_duals(s, subproblem(c, s), maximize=maximize)
    return sols


@pytest.mark.parametrize("n", range(1, 6))
@pytest.mark.parametrize("m", range(1, 6))
def test_against_permutations(n, m):
    rng = np.random.default_rng(100 * n + m)
    for _ in range(3):
        cost = rng.uniform(-5, 10, size=(n, m))
        total = len(all_objectives(cost))
        for k in (1, 5, 20, total + 3):
            check(cost, k)


@pytest.mark.parametrize("shape", [(3, 3), (4, 6), (6, 4), (5, 5), (2, 7)])
def test_maximize(shape):
    rng = np.random.default_rng(7)
    cost = rng.uniform(0, 100, size=shape)
    for k in (1, 5, 20, 10_000):
        check(cost, k, maximize=True)


def test_k1_is_scipy_optimum():
    rng = np.random.default_rng(8)
    for shape in [(1, 1), (5, 5), (8, 13), (13, 8), (30, 30)]:
        for maximize in (False, True):
            cost = rng.uniform(0, 1, size=shape)
            r, k = scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
            (s,) = tm.k_best(cost, 1, maximize=maximize)
            assert abs(s.objective - cost[r, k].sum()) <= 1e-9
            assert s.fixed is None and s.forbidden is None
            assert s.verify().ok


def test_forbidden_pairs_and_infeasible():
    rng = np.random.default_rng(9)
    for maximize in (False, True):
        for _ in range(40):
            n, m = rng.integers(1, 6, size=2)
            cost = rng.uniform(-3, 3, size=(n, m))
            cost[rng.uniform(size=(n, m)) < 0.35] = -np.inf if maximize else np.inf
            check(cost, 30, maximize=maximize)


def test_integer_ties_exact():
    rng = np.random.default_rng(10)
    for dtype in (np.int64, np.int32):
        for n, m in [(4, 4), (3, 5), (5, 3), (5, 5)]:
            cost = rng.integers(0, 3, size=(n, m)).astype(dtype)
            sols = check(cost, 200)
            assert all(isinstance(s.objective, int) for s in sols)
    flat = np.full((4, 4), 2, dtype=np.int64)
    sols = check(flat, 30)
    assert [s.objective for s in sols] == [8] * 24


def test_huge_integers_fall_back_to_double():
    cost = np.array([[2**56, 0], [0, 2**55]], dtype=np.int64)  # exact for solve, too large for k_best
    sols = tm.k_best(cost, 5)
    assert len(sols) == 2
    for s in sols:
        s.verify()


def test_deterministic_and_distinct():
    rng = np.random.default_rng(11)
    cost = rng.integers(0, 2, size=(6, 6))
    a = [s.col_for_row.tolist() for s in tm.k_best(cost, 100)]
    b = [s.col_for_row.tolist() for s in tm.k_best(cost, 100)]
    assert a == b
    assert len({tuple(x) for x in a}) == 100


def test_larger_square_is_ordered_and_certified():
    rng = np.random.default_rng(12)
    cost = rng.uniform(size=(60, 60))
    sols = tm.k_best(cost, 25)
    objs = [s.objective for s in sols]
    assert all(x <= y + 1e-12 for x, y in zip(objs, objs[1:]))
    assert len({tuple(s.col_for_row.tolist()) for s in sols}) == 25
    for s in sols:
        s.verify()


def test_corrupted_subproblem_is_rejected():
    cost = np.random.default_rng(13).uniform(size=(5, 5))
    s = tm.k_best(cost, 3)[2]
    s.verify()
    # The same solution checked against a subproblem without its forbidden pairs: the plain problem, for which it is
    # not optimal. (The solution itself is read-only, so the check is called as verify() calls it.)
    cert = _core.check_kbest_certificate(
        cost, s.col_for_row, s.row_for_col, s.u, s.v, s.objective, False, s.fixed, s.forbidden[:0], 1e-9
    )
    assert not cert.ok


def test_bad_arguments():
    with pytest.raises(tm.Error):
        tm.k_best(np.ones((2, 2)), -1)
    with pytest.raises(tm.Error):
        tm.k_best(np.array([[1.0, np.nan]]), 2)
    assert tm.k_best(np.ones((2, 2)), 0) == []
