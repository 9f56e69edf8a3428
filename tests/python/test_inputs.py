"""Bad and unusual input to the solver layer: foreign types, pandas dtypes, numbers beyond int64, non-integral
quotas, non-canonical CSR and float costs near the top of the double range. Each gets our error naming the argument
(or scipy's exception type where the drop-ins promise it), or the right answer checked against an independent oracle
(scipy, a hand count)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import talentmatch as tm

sp = pytest.importorskip("scipy.sparse")
scipy_optimize = pytest.importorskip("scipy.optimize")

C34 = np.array([[4.0, 1.0, 3.0, 7.0], [2.0, 0.0, 5.0, 1.0], [3.0, 2.0, 2.0, 6.0]])


def scipy_cost(c, maximize=False):
    r, k = scipy_optimize.linear_sum_assignment(c, maximize=maximize)
    return float(np.asarray(c)[r, k].sum())


# --- item 1: scipy's exception types and messages, foreign types ---------------------------------------------------


# The words come from the C++ input checks (include/talentmatch/detail/input_checks.hpp): scipy's, plus our position.
@pytest.mark.parametrize("fn", [tm.linear_sum_assignment, tm.solve, lambda c: tm.k_best(c, 2)])
@pytest.mark.parametrize("bad", ["nan", "-inf"])
def test_invalid_entries_use_scipys_words_and_keep_the_position(fn, bad):
    c = np.ones((3, 3))
    c[1, 2] = float(bad)
    with pytest.raises(ValueError, match="contains invalid numeric entries") as info:
        fn(c)
    assert isinstance(info.value, tm.Error)
    assert "row 1, column 2" in str(info.value)


@pytest.mark.parametrize("dtype", ["U5", "S5", "complex128", "datetime64[s]", "object"])
def test_non_numeric_dtype_is_a_type_error(dtype):
    c = np.identity(3).astype(dtype)
    for fn in (tm.linear_sum_assignment, tm.solve, lambda x: tm.solve(x, col_capacity=2)):
        with pytest.raises(TypeError, match="Cannot cast array data"):
            fn(c)
    with pytest.raises(TypeError, match="Cannot cast array data"):
        tm.solve_sparse(sp.csr_array(np.identity(3).astype(np.complex128)))


@pytest.mark.parametrize(
    ("given", "named"),
    [("abc", "str 'abc'"), (None, "None"), ({"a": [1, 2]}, "dict"), (b"xy", "bytes"), (object(), "object")],
)
def test_wrong_object_types_say_what_was_given(given, named):
    for fn in (tm.solve, tm.linear_sum_assignment, lambda x: tm.k_best(x, 1), lambda x: tm.solve_batch([x])):
        with pytest.raises(TypeError, match="expected a cost matrix") as info:
            fn(given)
        assert named in str(info.value)
        assert "0-D" not in str(info.value)


def test_a_number_is_not_a_matrix():
    # A number is the right type but the wrong shape: scipy's ValueError ("expected a matrix").
    with pytest.raises(tm.Error, match="expected a matrix \\(2-D array\\), got the scalar 3.5"):
        tm.solve(3.5)
    with pytest.raises(ValueError, match="expected a matrix"):
        tm.linear_sum_assignment([1, 2, 3])


def test_a_problem_is_not_a_cost_matrix():
    problem = tm.Problem.from_json(Path(__file__).resolve().parent.parent / "data" / "fuyun.json")
    for fn in (tm.solve, tm.linear_sum_assignment):
        with pytest.raises(TypeError, match=r"expected a cost matrix .* got talentmatch\.problem\.Problem.*score"):
            fn(problem)


def test_sparse_solvers_want_a_sparse_matrix():
    with pytest.raises(TypeError, match="scipy sparse matrix or array.*got list"):
        tm.min_weight_full_bipartite_matching([[1, 2], [3, 4]])


@pytest.mark.parametrize("maximize", [False, True])
def test_pandas_nullable_dtypes_are_numbers(maximize):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(4)
    ints = rng.integers(-50, 50, size=(5, 7))
    floats = rng.uniform(-5, 5, size=(5, 7))
    for values, dtype in ((ints, "Int64"), (floats, "Float64"), (ints, "Int32"), (floats, "Float32")):
        frame = pd.DataFrame(values).astype(dtype)
        ref = scipy_cost(values.astype(np.float64), maximize)
        sol = tm.solve(frame, maximize=maximize)
        assert sol.objective == pytest.approx(ref, rel=1e-6)
        if dtype.startswith("Int"):
            assert isinstance(sol.objective, int)  # still exact integers
        rows, cols = tm.linear_sum_assignment(frame, maximize)
        assert values[rows, cols].sum() == pytest.approx(ref, rel=1e-6)
    mixed = pd.DataFrame({"a": pd.array([1, 2], dtype="Int64"), "b": [3.5, 0.0]})
    assert tm.solve(mixed).objective == pytest.approx(scipy_cost(np.array([[1, 3.5], [2, 0.0]])))


def test_pandas_missing_value_is_an_invalid_entry_with_its_position():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": pd.array([1, 2], dtype="Int64"), "b": pd.array([3, None], dtype="Int64")})
    with pytest.raises(tm.Error, match="row 1, column 1"):
        tm.solve(frame)


def test_tall_sparse_input_returns_rows_ascending():
    # 4 x 3: more rows than columns; scipy returns row_ind ascending (its own test_matching checks this).
    dense = np.array([[400, 400, 300], [150, 450, 225], [400, 600, 300], [1, 2, 3]], dtype=np.float64)
    for fmt in (sp.csc_array, sp.csr_array, sp.coo_array, sp.csr_matrix):
        rows, cols = tm.min_weight_full_bipartite_matching(fmt(dense))
        theirs = sp.csgraph.min_weight_full_bipartite_matching(sp.csr_array(dense))
        np.testing.assert_array_equal(rows, theirs[0])
        np.testing.assert_array_equal(cols, theirs[1])
        assert np.all(np.diff(rows) > 0)


# --- item 3: integers near and beyond int64 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: tm.k_best(C34, 2**64), "k = 18446744073709551616"),
        (lambda: tm.k_best(C34, 2**63), "k = "),
        (lambda: tm.k_best(C34, 2.0), "k must be a whole number"),
        (lambda: tm.solve_batch([C34], threads=2**63), "threads = 9223372036854775808"),
        (lambda: tm.solve_batch([C34], threads=0), "threads = 0 is below the smallest allowed, 1"),
        (lambda: tm.resolve(C34, tm.solve(C34), changed_rows="a"), "changed_rows must be integer indices"),
        (lambda: tm.resolve(C34, tm.solve(C34), changed_rows=[2**64]), "changed_rows\\[0\\] = 18446744073709551616"),
        (lambda: tm.resolve(C34, tm.solve(C34), changed_rows=[5]), "changed_rows\\[0\\] = 5 is outside 0..2"),
        (lambda: tm.resolve(C34, tm.solve(C34), row_origin=[0, 1, 9]), "row_origin\\[2\\] = 9 is outside -1..2"),
        (lambda: tm.resolve(C34, tm.solve(C34), col_origin=[0, 1.5, 2, 3]), "col_origin must be integer indices"),
        (lambda: tm.solve(C34, col_capacity=2**63), "col_capacity = 9223372036854775808 is above the largest"),
        (lambda: tm.solve(C34, col_capacity=1e20), "col_capacity = 100000000000000000000 is above the largest"),
        (lambda: tm.solve(C34, col_capacity=np.uint64(2**64 - 1)), "col_capacity = 18446744073709551615"),
        (lambda: tm.solve(C34, col_capacity=[1, 2**64, 1, 1]), "col_capacity\\[1\\] = 18446744073709551616"),
        (lambda: tm.solve(C34, col_capacity=np.array([1, 1, 2**64 - 1, 1], np.uint64)), "col_capacity\\[2\\] = "),
        (lambda: tm.solve(C34, col_capacity=[1, 1, 1, 1e19]), "col_capacity\\[3\\] = 10000000000000000000 is above"),
        (lambda: tm.solve(C34, row_min=[0, -(2**63) - 1, 0]), "row_min\\[1\\] = -9223372036854775809 is below"),
        (lambda: tm.solve(C34, col_groups=[([0, 1], 2**63, None)]), "col_groups\\[0\\] min = 9223372036854775808"),
        (lambda: tm.solve(C34, row_groups=[([0, 1], None, 2**64)]), "row_groups\\[0\\] max = 18446744073709551616"),
        (lambda: tm.solve(C34, col_groups=[([0, 2**64], None, None)]), "col_groups\\[0\\] members\\[1\\] = "),
    ],
)
def test_integers_beyond_int64_are_our_error_naming_the_argument(call, named):
    with pytest.raises(tm.Error, match=named) as info:
        call()
    assert not isinstance(info.value, tm.InfeasibleError)


@pytest.mark.parametrize(
    ("quota", "named"),
    [
        (([0, 1], 1.7, None), "col_groups\\[0\\] min must be a whole number, got 1.7"),
        (([0, 1], float("nan"), None), "col_groups\\[0\\] min must be a whole number, got nan"),
        (([0, 1], None, 2.5), "col_groups\\[0\\] max must be a whole number, got 2.5"),
        (([0, 1], None, float("inf")), "col_groups\\[0\\] max must be a whole number, got inf"),
        (([0, 1], "1", None), "col_groups\\[0\\] min must be a whole number, got str '1'"),
        (([0, 1], True, None), "col_groups\\[0\\] min must be a whole number, got True"),
    ],
)
def test_non_integral_quota_bounds_are_rejected(quota, named):
    with pytest.raises(tm.Error, match=named):
        tm.solve(C34, col_capacity=2, col_groups=[quota])
    with pytest.raises(tm.Error, match=named.replace("col_groups", "row_groups")):
        tm.solve(C34, row_groups=[quota])


def test_integral_float_bounds_are_whole_numbers():
    a = tm.solve(C34, col_capacity=2.0, col_groups=[([0, 1], 2.0, 2.0)])
    b = tm.solve(C34, col_capacity=2, col_groups=[([0, 1], 2, 2)])
    assert a.objective == b.objective == pytest.approx(3.0)  # hand-checked: 1 + 0 + 2


def test_large_k_and_threads_within_int64_are_fine():
    # k is "at most": a 3 x 3 matrix has 3! = 6 assignments (counted by hand).
    assert len(tm.k_best(np.arange(9.0).reshape(3, 3), 2**63 - 1)) == 6
    sols = tm.solve_batch([C34, C34.T], threads=2**63 - 1)
    assert [s.objective for s in sols] == [pytest.approx(scipy_cost(C34))] * 2


@pytest.mark.parametrize("maximize", [False, True])
def test_capacities_near_int64_max_are_solved_correctly(maximize):
    # Capacities beyond what any plan can use (each pair at most once) mean "unlimited": with rows of capacity 1
    # every row takes its best column, so the objective is the sum of the row optima (hand oracle). With both
    # sides unlimited and no unassigned costs, every pair is used.
    best = C34.max(axis=1) if maximize else C34.min(axis=1)
    for cap in (2**63 - 1, 2**62, np.int64(2**63 - 1)):
        sol = tm.solve(C34, maximize=maximize, col_capacity=cap)
        assert sol.objective == pytest.approx(best.sum())
        sol.verify()
        sol = tm.solve(C34, maximize=maximize, col_capacity=cap, row_capacity=cap)
        assert sol.objective == pytest.approx(C34.sum()) and len(sol) == C34.size
        sol.verify()
        sol = tm.solve(C34, maximize=maximize, col_capacity=cap, col_groups=[([0, 1, 2, 3], None, cap)])
        assert sol.objective == pytest.approx(best.sum())
        sol.verify()
    ints = C34.astype(np.int64)
    sol = tm.solve(ints, maximize=maximize, col_capacity=2**63 - 1, row_capacity=2**63 - 1)
    assert sol.objective == int(ints.sum())
    sol.verify()


def test_minimums_near_int64_max_are_infeasible_and_named():
    # A column can take at most 3 pairs (one per row): a minimum of 2**62 cannot be met.
    with pytest.raises(tm.InfeasibleError, match="col_min|column"):
        tm.solve(C34, col_capacity=2**63 - 1, col_min=[2**62, 0, 0, 0])
    with pytest.raises(tm.InfeasibleError, match="group|quota"):
        tm.solve(C34, col_capacity=2**63 - 1, col_groups=[([0, 1], 2**62, None)])
    with pytest.raises(tm.InfeasibleError):
        tm.solve(C34, col_capacity=2**63 - 1, col_min=[2**62] * 4, row_capacity=2**63 - 1)


# --- item 4: non-canonical CSR ----------------------------------------------------------------------------------


def duplicated_csr(rng, n, m):
    """A csr_array storing every pair at least once, some several times, indices unsorted within rows."""
    extra = n * m
    rows = np.concatenate([np.repeat(np.arange(n), m), rng.integers(0, n, extra)])
    cols = np.concatenate([np.tile(np.arange(m), n), rng.integers(0, m, extra)])
    data = rng.integers(-9, 9, rows.shape[0]).astype(np.float64)
    order = np.lexsort((rng.random(rows.shape[0]), rows))  # by row, in random order within each row
    rows, cols, data = rows[order], cols[order], data[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
    return sp.csr_array((data, cols, indptr), shape=(n, m))


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_duplicate_entries_mean_the_same_in_every_format(seed, maximize):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    a = duplicated_csr(rng, n, m)
    assert not a.has_canonical_format
    before = (a.data.copy(), a.indices.copy(), a.indptr.copy())
    dense = np.asarray(a.todense())  # scipy sums the duplicates
    ref = scipy_cost(dense, maximize)  # every pair is stored, so the dense oracle sees the same edges
    for form in (a, a.tocoo(), sp.csr_array(dense), sp.csc_array(a)):
        sol = tm.solve_sparse(form, maximize=maximize)
        assert sol.objective == pytest.approx(ref), type(form).__name__
        sol.verify()
        rows, cols = tm.min_weight_full_bipartite_matching(form, maximize)
        assert dense[rows, cols].sum() == pytest.approx(ref)
    for x, y in zip(before, (a.data, a.indices, a.indptr)):
        np.testing.assert_array_equal(x, y)  # the caller's matrix is untouched
    assert not a.has_canonical_format


# --- item 5: float costs near the top of the double range -----------------------------------------------------


@pytest.mark.parametrize("scale", [1e300, 1e307, 1.7e308])
def test_huge_float_costs_are_solved_or_refused_plainly(scale):
    c = np.array([[scale, 1.0, 2.0], [1.0, scale, 3.0], [2.0, 3.0, scale]])
    try:
        rows, cols = tm.linear_sum_assignment(c)
    except tm.Error as e:
        message = str(e)
        # A refusal must say what is wrong with this input; float input has no "exact arithmetic" to speak of,
        # and the Python layer adds nothing to the core's message.
        assert "exact arithmetic" not in message
        assert message.startswith("cost"), message
        assert not isinstance(e, tm.InfeasibleError)
    else:
        theirs = scipy_optimize.linear_sum_assignment(c)
        assert c[rows, cols].sum() == c[theirs].sum()
