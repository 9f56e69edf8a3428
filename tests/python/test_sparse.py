"""talentmatch's sparse solver against scipy.sparse.csgraph.min_weight_full_bipartite_matching, and its own
certificate. scipy drops explicit zeros and sums duplicates on conversion to CSR, so the instances compared here
hold no zeros and are canonical; our duplicate rule (the best entry counts) is tested at the C++ level."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import talentmatch as tm

sp = pytest.importorskip("scipy.sparse")
csgraph = pytest.importorskip("scipy.sparse.csgraph")


def random_csr(rng, n, m, density, integer=False, fmt="csr_matrix"):
    mask = rng.random((n, m)) < density
    if integer:
        vals = rng.integers(1, 30, (n, m)) * rng.choice([-1, 1], (n, m))
    else:
        vals = rng.uniform(0.5, 10.0, (n, m)) * rng.choice([-1, 1], (n, m))
    dense = np.where(mask, vals, 0)
    return getattr(sp, fmt)(dense), mask, dense


def matched_cost(a, rows, cols):
    return float(np.asarray(a[rows, cols]).sum()) if len(rows) else 0.0


@pytest.mark.parametrize("seed", range(300))
def test_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 12)), int(rng.integers(0, 12))
    if seed % 30 == 0:
        n, m = int(rng.integers(40, 80)), int(rng.integers(40, 80))
    density = float(rng.choice([0.15, 0.3, 0.6, 0.9]))
    fmt = ["csr_matrix", "csr_array", "csc_matrix", "coo_array", "lil_matrix"][seed % 5]
    a, mask, _ = random_csr(rng, n, m, density, integer=seed % 3 == 0, fmt=fmt)
    maximize = seed % 4 == 1
    try:
        theirs = csgraph.min_weight_full_bipartite_matching(sp.csr_matrix(a), maximize=maximize)
    except ValueError:
        theirs = None
    if theirs is None:
        with pytest.raises(tm.InfeasibleError):
            tm.min_weight_full_bipartite_matching(a, maximize=maximize)
        with pytest.raises(ValueError):
            tm.solve_sparse(a, maximize=maximize)
        return
    rows, cols = tm.min_weight_full_bipartite_matching(a, maximize=maximize)
    assert rows.shape == theirs[0].shape and cols.shape == theirs[1].shape
    assert len(rows) == min(n, m)
    # Rows ascending in both orientations, as scipy returns them (arange(n) when n <= m).
    np.testing.assert_array_equal(rows, np.arange(n) if n <= m else np.sort(rows))
    if n > m:
        np.testing.assert_array_equal(np.sort(cols), np.arange(m))
    assert mask[rows, cols].all()
    assert len(set(rows.tolist())) == len(rows) and len(set(cols.tolist())) == len(cols)
    ours_cost = matched_cost(sp.csr_matrix(a), rows, cols)
    theirs_cost = matched_cost(sp.csr_matrix(a), *theirs)
    assert ours_cost == pytest.approx(theirs_cost, rel=1e-9, abs=1e-9)
    sol = tm.solve_sparse(a, maximize=maximize)
    assert sol.objective == pytest.approx(theirs_cost, rel=1e-9, abs=1e-9)
    assert sol.verify().ok


def test_duplicates_are_summed_by_conversion_as_scipy_sees_them():
    # COO with a repeated (row, col): scipy's tocsr() sums it; both solvers then see the same canonical matrix.
    r = np.array([0, 0, 0, 1, 1])
    c = np.array([1, 0, 1, 0, 1])
    d = np.array([1.0, 5.0, 2.0, 4.0, 9.0])
    a = sp.coo_matrix((d, (r, c)), shape=(2, 2))
    theirs = csgraph.min_weight_full_bipartite_matching(a.tocsr())
    ours = tm.min_weight_full_bipartite_matching(a)
    np.testing.assert_array_equal(ours[1], theirs[1])
    assert tm.solve_sparse(a).objective == 3.0 + 4.0


def test_unsorted_indices():
    indptr = np.array([0, 3, 5])
    indices = np.array([2, 0, 1, 1, 0])
    data = np.array([3.0, 1.0, 2.0, 5.0, 4.0])
    a = sp.csr_matrix((data, indices, indptr), shape=(2, 3))
    assert not a.has_sorted_indices
    theirs = csgraph.min_weight_full_bipartite_matching(a)
    ours = tm.min_weight_full_bipartite_matching(a)
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_explicit_zeros_are_edges():
    a = sp.csr_matrix((np.array([0.0, 0.0]), np.array([1, 0]), np.array([0, 1, 2])), shape=(2, 2))
    rows, cols = tm.min_weight_full_bipartite_matching(a)
    np.testing.assert_array_equal(cols, [1, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError):  # scipy drops them
            csgraph.min_weight_full_bipartite_matching(a)


def test_infeasible_names_rows():
    a = sp.csr_matrix(np.array([[1.0, 2.0, 0.0], [3.0, 0.0, 0.0], [4.0, 0.0, 0.0]]))
    with pytest.raises(tm.InfeasibleError, match="at most 2 of the 3 rows can be matched; 1 cannot, e.g. row 2"):
        tm.min_weight_full_bipartite_matching(a)


def test_malformed_csr_rejected():
    a = sp.csr_matrix(np.eye(3))
    a.indices[1] = 7
    with pytest.raises(tm.Error, match="column index 7 out of range"):
        tm.solve_sparse(a)
    b = sp.csr_matrix(np.array([[np.nan, 1.0], [1.0, 2.0]]))
    with pytest.raises(tm.Error, match="NaN at row 0, entry 0"):
        tm.solve_sparse(b)
    with pytest.raises(TypeError, match="scipy sparse matrix or array.*got numpy.ndarray"):
        tm.solve_sparse(np.eye(2))
    with pytest.raises(tm.Error, match="mode"):
        tm.solve_sparse(sp.csr_matrix(np.eye(2)), mode="nope")


def test_unassigned_cost_matches_dense():
    rng = np.random.default_rng(11)
    for _ in range(60):
        n, m = int(rng.integers(1, 8)), int(rng.integers(1, 8))
        a, mask, dense = random_csr(rng, n, m, 0.5)
        costs = (rng.uniform(-2, 8, n), rng.uniform(-2, 8, m))
        ref = tm.solve(np.where(mask, dense, np.inf), unassigned_cost=costs)
        sol = tm.solve_sparse(a, unassigned_cost=costs)
        assert sol.objective == pytest.approx(ref.objective, rel=1e-9, abs=1e-9)
        sol.verify()
        isol = tm.solve_sparse(
            sp.csr_matrix(np.where(mask, np.rint(dense), 0).astype(np.int64)), unassigned_cost=(3, 1)
        )
        isol.verify()


def test_max_cardinality_and_dtypes():
    rng = np.random.default_rng(12)
    for dtype in (np.float64, np.float32, np.int64, np.int32, np.int16):
        a = sp.csr_matrix(np.array([[1, 0, 0], [9, 0, 0], [2, 3, 0]], dtype=dtype))
        sol = tm.solve_sparse(a, mode="max_cardinality")
        assert len(sol) == 2 and sol.objective == 4
        sol.verify()
        with pytest.raises(tm.InfeasibleError):
            tm.solve_sparse(a)
    for _ in range(40):
        a, _, _ = random_csr(rng, int(rng.integers(1, 9)), int(rng.integers(1, 9)), 0.3)
        tm.solve_sparse(a, mode="max_cardinality", maximize=bool(rng.integers(2))).verify()


def test_large_instance():
    rng = np.random.default_rng(13)
    n, k = 3000, 10
    cols = np.concatenate([np.arange(n)[:, None], rng.integers(0, n, (n, k - 1))], axis=1).ravel()
    a = sp.csr_matrix((rng.random(n * k) + 0.01, (np.repeat(np.arange(n), k), cols)), shape=(n, n))
    theirs = csgraph.min_weight_full_bipartite_matching(a)
    sol = tm.solve_sparse(a)
    assert sol.objective == pytest.approx(matched_cost(a, *theirs), rel=1e-9)
    sol.verify()


@pytest.mark.parametrize(
    ("n", "k", "integer", "maximize"),
    [(400, 3, False, False), (2000, 10, False, True), (5000, 20, True, False), (1500, 50, True, True)],
)
def test_auction_path_matches_scipy(n, k, integer, maximize):
    """Square instances past the sparse auction's switch: a random permutation plus k - 1 random columns per row
    (integer costs 1..5 give many ties); scipy's LAPJVsp is the oracle."""
    rng = np.random.default_rng(n + k)
    cols = np.concatenate([rng.permutation(n)[:, None], rng.integers(0, n, (n, k - 1))], axis=1)
    keys = np.unique(np.repeat(np.arange(n, dtype=np.int64), k) * n + cols.ravel())
    data = rng.integers(1, 6, keys.size).astype(float) if integer else 1.0 - rng.random(keys.size)
    a = sp.csr_matrix((data, (keys // n, keys % n)), shape=(n, n))
    theirs = csgraph.min_weight_full_bipartite_matching(a, maximize=maximize)
    sol = tm.solve_sparse(a, maximize=maximize)
    assert sol.objective == pytest.approx(matched_cost(a, *theirs), rel=1e-12)
    sol.verify()
    again = tm.solve_sparse(a, maximize=maximize)
    assert np.array_equal(sol.cols, again.cols) and np.array_equal(sol.rows, again.rows)
