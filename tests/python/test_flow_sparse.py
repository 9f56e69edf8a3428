"""talentmatch.solve with capacities on scipy sparse input (the CSR form of the capacitated solver) against
independent oracles: OR-Tools' SimpleMinCostFlow on the explicit network s -> row groups -> rows -> columns ->
column groups -> t (maximum flow at minimum cost, or a min-cost flow with supplies in priced mode), scipy's HiGHS
(linprog) where minimums are involved, and talentmatch's dense solver on the same instance with +inf (-inf with
maximize) for the missing pairs. The oracles read the matrix through scipy's own tocoo(), summing duplicates here;
talentmatch reads it through its CSR arrays. Every plan is also checked in numpy and by its certificate
(test_flow.check_plan, which calls verify())."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import talentmatch as tm
from conftest import unlocked
from test_flow import Problem, check_plan, compare, lp_oracle, random_quotas

sp = pytest.importorskip("scipy.sparse")
ort_mcf = pytest.importorskip("ortools.graph.python.min_cost_flow")

INF = np.inf

FORMATS = ("csr", "csc", "coo", "lil", "dok", "bsr", "dia")
KINDS = [(f, k) for f in FORMATS for k in ("array", "matrix")]


# --- instances ---------------------------------------------------------------------------------------------------


def as_format(coo, fmt, kind):
    """A coo_array (duplicates and explicit zeros possibly included) in format `fmt`, as a sparse _array or _matrix."""
    x = getattr(coo, "to" + fmt)()
    return x if kind == "array" else getattr(sp, f"{fmt}_matrix")(x)


def dense_of(x, maximize):
    """The oracles' reading of a sparse matrix: scipy's tocoo() entries are the allowed pairs, duplicates summed,
    every missing pair +inf (-inf with maximize)."""
    c = x.tocoo()
    n, m = c.shape
    vals = np.zeros((n, m))
    stored = np.zeros((n, m), bool)
    np.add.at(vals, (np.asarray(c.row), np.asarray(c.col)), np.asarray(c.data, dtype=np.float64))
    stored[np.asarray(c.row), np.asarray(c.col)] = True
    vals[~stored] = -INF if maximize else INF
    return vals


def random_sparse(rng, n, m, maximize, *, integer=True, lo=-5, hi=30, density=None, dtype=np.int64):
    """A coo_array with random stored pairs, some stored twice or three times (summed), explicit zeros, and a few
    stored forbidden entries (+inf, -inf with maximize: only for float data)."""
    density = float(rng.choice([0.15, 0.35, 0.6, 0.9])) if density is None else density
    mask = rng.random((n, m)) < density
    r, c = np.nonzero(mask)
    # Duplicates: some stored pairs come again (in any order), so that the sum is the pair's cost.
    dup = rng.random(len(r)) < 0.2
    r = np.concatenate([r, r[dup]])
    c = np.concatenate([c, c[dup]])
    k = len(r)
    if integer:
        data = rng.integers(lo, hi, size=k).astype(dtype)
    else:
        data = np.round(rng.uniform(lo, hi, size=k), 3).astype(dtype)
    data[rng.random(k) < 0.1] = 0  # explicit zeros: allowed pairs of cost 0 (unless summed with a duplicate)
    if data.dtype.kind == "f":
        data[rng.random(k) < 0.05] = -INF if maximize else INF
    order = rng.permutation(k)
    return sp.coo_array((data[order], (r[order], c[order])), shape=(n, m))


def has_minimums(p: Problem) -> bool:
    return bool(
        p.row_need.any()
        or p.col_need.any()
        or any(lo for _, lo, _ in p.row_groups)
        or any(lo for _, lo, _ in p.col_groups)
    )


class SparseProblem(Problem):
    """A test_flow.Problem whose cost is a sparse matrix: the oracles read its dense equivalent (dense_of), and
    solve() passes the sparse matrix itself to tm.solve."""

    def __init__(self, sparse, **kw):
        super().__init__(dense_of(sparse, kw.get("maximize", False)), **kw)
        self.sparse = sparse

    def solve(self):
        return tm.solve(self.sparse, **self.kw)

    def solve_dense(self):
        return tm.solve(self.cost, **self.kw)


# --- oracle: OR-Tools on the network with group nodes -------------------------------------------------------------


def _tree(groups, count):
    """The laminar family as a tree: (parent of each group, parent of each element), -1 for the root. Groups are
    ordered by size (larger first, then by index), so a group's parent is the last superset before it."""
    order = sorted(range(len(groups)), key=lambda k: (-len(groups[k][0]), k))
    sets = [set(np.asarray(g).tolist()) for g, _, _ in groups]
    parent = [-1] * len(groups)
    for pos, k in enumerate(order):
        for h in order[:pos]:
            if sets[k] <= sets[h]:
                parent[k] = h
    owner = [-1] * count
    for k in order:
        for i in sets[k]:
            owner[i] = k
    return parent, owner


def group_network(p: Problem):
    """The min-cost-flow network of `p` (integer pair costs): (nodes, arcs (tail, head, lo, hi, cost), s, t, big).

    s -> row groups (nested) -> rows -> columns -> column groups (nested) -> t. A row's arc carries [row_need,
    row_cap] at cost -a[i] (its unassigned cost, priced mode), a group's arc [min, max]; priced mode adds a bypass
    s -> t, so that the flow cost plus sum(a * row_cap) + sum(b * col_cap) is the objective (min form)."""
    n, m = p.n, p.m
    s, t = 0, 1
    rg0 = 2
    cg0 = rg0 + len(p.row_groups)
    r0 = cg0 + len(p.col_groups)
    c0 = r0 + n
    nodes = c0 + m
    big = int(p.row_cap.sum() + p.col_cap.sum()) + 1
    arcs = []
    rpar, rown = _tree(p.row_groups, n)
    cpar, cown = _tree(p.col_groups, m)
    for k, (_, lo, hi) in enumerate(p.row_groups):
        arcs.append((s if rpar[k] < 0 else rg0 + rpar[k], rg0 + k, int(lo), big if hi is None else int(hi), 0))
    for k, (_, lo, hi) in enumerate(p.col_groups):
        arcs.append((cg0 + k, t if cpar[k] < 0 else cg0 + cpar[k], int(lo), big if hi is None else int(hi), 0))
    for i in range(n):
        tail = s if rown[i] < 0 else rg0 + rown[i]
        arcs.append((tail, r0 + i, int(p.row_need[i]), int(p.row_cap[i]), -int(p.a[i])))
    for i, j in zip(*np.nonzero(np.isfinite(p.cm))):
        arcs.append((r0 + int(i), c0 + int(j), 0, 1, int(p.cm[i, j])))
    for j in range(m):
        head = t if cown[j] < 0 else cg0 + cown[j]
        arcs.append((c0 + j, head, int(p.col_need[j]), int(p.col_cap[j]), -int(p.b[j])))
    if p.priced:
        arcs.append((s, t, 0, big, 0))
    return nodes, arcs, s, t, big


def _ortools(nodes, arcs, supply, watch=None):
    """Min-cost flow meeting `supply` with arc bounds [lo, hi] (lower bounds by the standard transformation):
    (cost, flow on arc `watch`), or None when infeasible."""
    f = ort_mcf.SimpleMinCostFlow()
    supply = list(supply)
    fixed = 0
    for u, w, lo, hi, c in arcs:
        f.add_arc_with_capacity_and_unit_cost(u, w, hi - lo, c)
        supply[u] -= lo
        supply[w] += lo
        fixed += lo * c
    for x in range(nodes):
        f.set_node_supply(x, supply[x])
    status = f.solve()
    if status == f.INFEASIBLE:
        return None
    assert status == f.OPTIMAL, status
    flow = None if watch is None else f.flow(watch) + arcs[watch][2]
    return f.optimal_cost() + fixed, flow


def ortools_oracle(p: Problem):
    """(objective in the caller's sign, pairs or None) by OR-Tools on group_network, or None when infeasible.

    Maximum cardinality: without lower bounds, solve_max_flow_with_min_cost; with them, a circulation whose arc
    t -> s pays -M per unit, M above the cost of any set of pairs (so the most units come first, then the least
    cost)."""
    nodes, arcs, s, t, big = group_network(p)
    if p.priced:
        supply = [0] * nodes
        supply[s], supply[t] = big, -big
        res = _ortools(nodes, arcs, supply)
        if res is None:
            return None
        return p.caller(res[0] + p.constant()), None
    if not has_minimums(p):
        f = ort_mcf.SimpleMinCostFlow()
        for u, w, _, hi, c in arcs:
            f.add_arc_with_capacity_and_unit_cost(u, w, hi, c)
        f.set_node_supply(s, big)
        f.set_node_supply(t, -big)
        status = f.solve_max_flow_with_min_cost()
        assert status == f.OPTIMAL, status
        return p.caller(f.optimal_cost()), f.maximum_flow()
    finite = p.cm[np.isfinite(p.cm)]
    penalty = int(np.abs(finite).sum()) + 1
    arcs = arcs + [(t, s, 0, big, -penalty)]
    res = _ortools(nodes, arcs, [0] * nodes, watch=len(arcs) - 1)
    if res is None:
        return None
    cost, units = res
    return p.caller(cost + penalty * units), units


# --- random instances against OR-Tools, HiGHS and the dense form --------------------------------------------------


def random_instance(seed, *, integer=True):
    rng = np.random.default_rng(31000 + seed)
    n, m = int(rng.integers(1, 15)), int(rng.integers(1, 15))
    maximize = seed % 3 == 1
    coo = random_sparse(rng, n, m, maximize, integer=integer, dtype=np.int64 if integer else np.float64)
    fmt, kind = KINDS[seed % len(KINDS)]
    x = as_format(coo, fmt, kind)
    row_cap = rng.integers(0, 4, size=n)
    col_cap = rng.integers(0, 4, size=m)
    p_min = (0.0, 0.25)[seed % 5 >= 2]
    row_lo = np.where(rng.random(n) < p_min, rng.integers(0, row_cap + 1), 0)
    col_lo = np.where(rng.random(m) < p_min, rng.integers(0, col_cap + 1), 0)
    p_lo = 0.0 if seed % 5 < 2 else 0.4  # quotas with maximums only, or with minimums too
    col_groups = random_quotas(rng, m, col_cap, int(rng.integers(0, 5)), seed, p_lo=p_lo)
    row_groups = random_quotas(rng, n, row_cap, int(rng.integers(0, 4)), seed + 1, p_lo=p_lo)
    unassigned = None
    if seed % 2:
        ra = rng.integers(-3, 25, size=n).astype(np.float64)
        cb = rng.integers(-3, 12, size=m).astype(np.float64)
        if seed % 7 == 1:
            ra[rng.random(n) < 0.2] = INF  # must be used to capacity
        unassigned = (-ra, -cb) if maximize else (ra, cb)
    return SparseProblem(
        x,
        maximize=maximize,
        unassigned_cost=unassigned,
        row_capacity=row_cap,
        col_capacity=col_cap,
        row_min=row_lo if row_lo.any() else None,
        col_min=col_lo if col_lo.any() else None,
        col_groups=col_groups,
        row_groups=row_groups,
    )


def agree_with_dense(p: SparseProblem, sol):
    """The dense solver on the same instance (+inf for the missing pairs): the same objective and pair count
    (the pairs themselves may differ between optima), both certificates ok."""
    dense = p.solve_dense()
    check_plan(p, dense)
    assert dense.objective == pytest.approx(sol.objective, rel=1e-9, abs=1e-9)
    if not p.priced:
        assert len(dense) == len(sol)


@pytest.mark.parametrize("seed", range(700))
def test_random_sparse_against_ortools(seed):
    """Nested quotas on both sides (maximums; minimums in 3 seeds of 5), row and column capacities and minimums,
    both signs, both modes, every sparse format, explicit zeros and duplicates."""
    p = random_instance(seed)
    ref = ortools_oracle(p)
    if has_minimums(p):
        lp = lp_oracle(p)
        assert (lp is None) == (ref is None), (lp, ref)
        if lp is not None:
            assert lp[0] == pytest.approx(ref[0], abs=1e-6)
            assert lp[1] == ref[1] or p.priced
    sol = compare(p, ref)
    if sol is None:
        with pytest.raises(tm.InfeasibleError):
            p.solve_dense()
    else:
        agree_with_dense(p, sol)


def test_random_instances_cover_both_outcomes():
    """The instances above are neither all feasible nor all infeasible, and exercise minimums and both modes."""
    seen = {"feasible": 0, "infeasible": 0, "minimums": 0, "priced": 0}
    for seed in range(700):
        p = random_instance(seed)
        seen["infeasible" if ortools_oracle(p) is None else "feasible"] += 1
        seen["minimums"] += has_minimums(p)
        seen["priced"] += p.priced
    assert seen["feasible"] >= 300 and seen["infeasible"] >= 40, seen
    assert seen["minimums"] >= 200 and seen["priced"] >= 300, seen


@pytest.mark.parametrize("seed", range(200))
def test_random_float_sparse_against_highs(seed):
    """Fractional costs (and stored +inf / -inf), with minimums: scipy's HiGHS and the dense form."""
    p = random_instance(10_000 + seed, integer=False)
    ref = lp_oracle(p)
    sol = compare(p, ref)
    if sol is None:
        with pytest.raises(tm.InfeasibleError):
            p.solve_dense()
    else:
        agree_with_dense(p, sol)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("shape", [(1200, 150), (150, 1200), (500, 500)])
def test_medium_sparse_against_ortools(shape):
    """Larger instances with quotas on both sides, in both modes, with and without minimums."""
    rng = np.random.default_rng(shape[0] * 7 + shape[1])
    n, m = shape
    for k in range(6):
        maximize = k % 3 == 1
        coo = random_sparse(
            rng, n, m, maximize, lo=0, hi=1000, density=0.05 if k >= 3 else float(rng.choice([0.01, 0.05]))
        )
        col_cap = rng.integers(1, 6, size=m)
        row_cap = rng.integers(1, 3, size=n)
        p_lo = 0.0 if k < 3 else 0.15
        col_groups = random_quotas(rng, m, col_cap, 12, k, p_lo=p_lo)
        row_groups = random_quotas(rng, n, row_cap, 8, k + 1, p_lo=p_lo)
        un = None if k % 2 == 0 else (-700, -200) if maximize else (700, 200)
        col_min = np.where(rng.random(m) < 0.05, 1, 0) if k >= 3 else None
        p = SparseProblem(
            as_format(coo, FORMATS[k], "array"),
            maximize=maximize,
            unassigned_cost=un,
            row_capacity=row_cap,
            col_capacity=col_cap,
            col_min=col_min,
            col_groups=col_groups,
            row_groups=row_groups,
        )
        sol = compare(p, ortools_oracle(p))
        if sol is not None:
            agree_with_dense(p, sol)


def test_oracles_agree_on_tiny_instances():
    """OR-Tools on group_network and HiGHS on the LP agree (validates the network builder itself)."""
    for seed in range(60):
        p = random_instance(20_000 + seed)
        a, b = ortools_oracle(p), lp_oracle(p)
        assert (a is None) == (b is None), seed
        if a is not None:
            assert a[0] == pytest.approx(b[0], abs=1e-6), seed
            if not p.priced:
                assert a[1] == b[1], seed


# --- formats, dtypes, non-canonical input ------------------------------------------------------------------------


def test_every_format_gives_the_oracles_optimum():
    rng = np.random.default_rng(4242)
    coo = random_sparse(rng, 9, 7, False, density=0.5)
    coo.sum_duplicates()
    coo.data[coo.data == 0] = 1  # dia stores no explicit zero: give every format the same pairs
    kw = dict(
        col_capacity=rng.integers(1, 4, size=7),
        row_capacity=2,
        col_min=[1, 0, 0, 1, 0, 0, 0],
        col_groups=[([0, 1, 2], 1, 4), ([1, 2], None, 2)],
        row_groups=[(np.arange(9) < 4, 2, 5)],
    )
    base = SparseProblem(coo, **kw)
    ref = ortools_oracle(base)
    assert ref is not None
    assert lp_oracle(base)[0] == pytest.approx(ref[0])
    for fmt, kind in KINDS:
        x = as_format(coo, fmt, kind)
        p = SparseProblem(x, **kw)
        np.testing.assert_array_equal(p.cost, base.cost)
        compare(p, ref)
    for un in ((40.0, 5.0), (12, INF)):
        p = SparseProblem(coo.tocsr(), unassigned_cost=un, **kw)
        compare(p, ortools_oracle(p))


def test_non_canonical_csr_sums_duplicates_and_keeps_explicit_zeros():
    # Row 0: column 1 stored twice (2 + 5 = 7) before column 0 (an explicit zero); row 1: column 1 (-inf never),
    # row 2: columns 2 and 0 out of order. The caller's arrays are not modified.
    indptr = np.array([0, 3, 4, 6], dtype=np.int32)
    indices = np.array([1, 0, 1, 1, 2, 0], dtype=np.int32)
    data = np.array([2.0, 0.0, 5.0, 4.0, 1.0, 3.0])
    x = sp.csr_array((data, indices, indptr), shape=(3, 3))
    assert not x.has_canonical_format
    before = (x.indptr.copy(), x.indices.copy(), x.data.copy())
    want = np.array([[0.0, 7.0, INF], [INF, 4.0, INF], [3.0, INF, 1.0]])
    for kw in (dict(col_capacity=2), dict(col_capacity=[2, 1, 1], row_capacity=2, unassigned_cost=(9.0, 0.0))):
        p = SparseProblem(x, **kw)
        np.testing.assert_array_equal(p.cost, want)
        compare(p, ortools_oracle(p))
        for arr, old in zip((x.indptr, x.indices, x.data), before):
            np.testing.assert_array_equal(arr, old)
    assert not x.has_canonical_format


@pytest.mark.parametrize(
    "dtype", [np.float64, np.float32, np.int64, np.int32, np.int16, np.uint8, np.uint64, np.longdouble]
)
def test_data_dtypes(dtype):
    rng = np.random.default_rng(77)
    coo = random_sparse(rng, 12, 8, False, lo=0, hi=60, density=0.4, dtype=np.int64)
    coo = sp.coo_array((coo.data.astype(dtype), (coo.row, coo.col)), shape=coo.shape)
    kw = dict(col_capacity=2, row_capacity=1, col_groups=[([0, 1, 2, 3], 2, 5)], col_min=[1] + [0] * 7)
    for x in (coo.tocsr(), coo.tocsc()):
        p = SparseProblem(x, **kw)
        sol = compare(p, ortools_oracle(p))
        if np.dtype(dtype).kind in "iu" and dtype != np.uint64:  # uint64 is solved in float64, as dense input
            assert isinstance(sol.objective, (int, np.integer)), type(sol.objective)
            assert sol.u.dtype == np.int64


def test_int64_indices_and_large_integers_are_exact():
    rng = np.random.default_rng(5)
    coo = random_sparse(rng, 30, 12, False, lo=0, hi=100, density=0.5)
    big = 10**12
    data = (big + coo.data.astype(np.int64)) * rng.choice([-1, 1], size=coo.nnz)
    x = sp.csr_array((data, (coo.row.astype(np.int64), coo.col.astype(np.int64))), shape=coo.shape)
    x.indices = x.indices.astype(np.int64)
    x.indptr = x.indptr.astype(np.int64)
    p = SparseProblem(x, col_capacity=rng.integers(0, 4, size=12))
    sol = compare(p, ortools_oracle(p))
    assert isinstance(sol.objective, (int, np.integer))
    dense = dense_of(x, False)
    assert int(sol.objective) == sum(int(v) for v in dense[sol.rows, sol.cols].astype(np.int64))


def test_empty_shapes_and_no_entries():
    for shape in ((0, 3), (3, 0), (0, 0), (4, 5)):
        x = sp.csr_array(shape)
        p = SparseProblem(x, col_capacity=2)
        assert check_plan(p, p.solve()) == 0
    p = SparseProblem(sp.csr_array((3, 2)), col_capacity=2, unassigned_cost=(5.0, 1.0))
    sol = p.solve()
    assert check_plan(p, sol) == 0 and sol.objective == pytest.approx(3 * 5 + 2 * 2 * 1)
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn 1\b"):
        tm.solve(sp.csr_array((3, 2)), col_min=[0, 1])


# --- errors, the plain call, the one-to-one solvers ----------------------------------------------------------------


def test_infeasible_names_the_quota():
    # Column 1 is stored nowhere; columns {0, 2} take at most 2 rows x 1 = 2 pairs.
    x = sp.csr_array(np.array([[1.0, 0.0, 3.0], [2.0, 0.0, 4.0]]))
    x.eliminate_zeros()
    groups = [([0], None, None), ([2], None, None), ([0, 1, 2], None, None), ([0, 2], 3, None)]
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn group 3\b"):
        tm.solve(x, col_capacity=2, col_groups=groups)
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn group 0\b"):
        tm.solve(x, col_capacity=2, col_groups=[([1], 1, None)])
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn 1\b"):
        tm.solve(x, col_min=[0, 1, 0])
    with pytest.raises(tm.InfeasibleError, match=r"\brow group 1\b"):
        tm.solve(x, row_capacity=3, row_groups=[([0], None, None), ([0, 1], 5, None)])
    with pytest.raises(tm.InfeasibleError, match=r"\brow 1\b"):
        tm.solve(x, row_capacity=3, row_min=[0, 3])
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn 1\b"):
        tm.solve(x, unassigned_cost=(0.0, INF), col_capacity=1)
    # A stored +inf is not an edge either: row 0 can only use column 2.
    y = sp.csr_array(np.array([[INF, 0.0, 3.0]]))
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn 0\b"):
        tm.solve(y, col_min=[1, 0, 0])


def test_bad_input_is_named():
    x = sp.csr_array(np.array([[1.0, np.nan], [2.0, 3.0]]))
    with pytest.raises(tm.Error, match="NaN"):
        tm.solve(x, col_capacity=2)
    y = sp.csr_array(np.array([[1.0, -INF], [2.0, 3.0]]))
    with pytest.raises(tm.Error, match="invalid numeric entries"):
        tm.solve(y, col_capacity=2)
    z = sp.csr_array(np.eye(3))
    with pytest.raises(tm.Error, match="col_capacity must be a scalar or a 1-D array of length 3"):
        tm.solve(z, col_capacity=[1, 2])
    with pytest.raises(tm.Error, match="column group 0 lists column 3, outside 0..2"):
        tm.solve(z, col_groups=[([3], None, None)])
    with pytest.raises(TypeError):
        tm.solve(sp.csr_array(np.eye(2, dtype=np.complex128)), col_capacity=1)


def test_plain_solve_of_a_sparse_matrix_is_still_a_type_error():
    """Without a capacity argument solve() is the dense one-to-one solver, as before: sparse input is refused, not
    densified (solve_sparse is the one-to-one solver for it)."""
    x = sp.csr_array(np.array([[1.0, 2.0], [3.0, 0.5]]))
    for fmt in (x, x.tocoo(), sp.lil_matrix(x)):
        with pytest.raises(TypeError, match="expected a cost matrix"):
            tm.solve(fmt)
        with pytest.raises(TypeError, match="expected a cost matrix"):
            tm.solve(fmt, maximize=True, unassigned_cost=(1.0, 1.0))


def test_one_to_one_sparse_solvers_are_unchanged():
    x = sp.csr_array(np.array([[0, 2, 0], [1, 0, 3], [0, 0, 4]]))
    sol = tm.solve_sparse(x)
    assert isinstance(sol, tm.Solution) and sol.kind == "sparse"
    assert sol.cols.tolist() == [1, 0, 2] and sol.objective == 7
    assert [a.tolist() for a in tm.min_weight_full_bipartite_matching(x)] == [[0, 1, 2], [1, 0, 2]]
    # The same instance with unit capacities through solve(): a FlowSolution with the same optimum.
    flow = tm.solve(x, col_capacity=1)
    assert isinstance(flow, tm.FlowSolution) and flow.objective == 7 and flow.cols.tolist() == [1, 0, 2]


def test_flow_solve_flow_accepts_sparse():
    from talentmatch.flow import solve_flow

    x = sp.dok_array(np.array([[1, 2], [3, 4], [5, 6]]))
    sol = solve_flow(x, col_capacity=2, col_groups=[([0, 1], 2, 2)])
    p = SparseProblem(x, col_capacity=2, col_groups=[([0, 1], 2, 2)])
    check_plan(p, sol)
    assert sol.objective == ortools_oracle(p)[0] == 4


def test_certificate_is_checked_against_the_sparse_input():
    """The missing pairs are forbidden in the check too: the plan is optimal on the stored pairs, but a missing pair
    of cost 0 would beat it, so the dense certificate of the zero-filled matrix fails while verify() holds."""
    x = sp.csr_array(([5.0, 5.0], ([0, 1], [0, 1])), shape=(2, 2))
    sol = tm.solve(x, col_capacity=1, unassigned_cost=(10.0, 0.0))
    assert sol.objective == 10.0 and sol.verify().ok
    zero_filled = np.asarray(x.todense())
    from talentmatch import _core

    r = sol._result
    report = _core.check_flow_certificate(
        zero_filled,
        **sol._args,
        rows=r.rows,
        cols=r.cols,
        u=r.u,
        v=r.v,
        row_group_dual=r.row_group_dual,
        col_group_dual=r.col_group_dual,
        row_price=r.row_price,
        col_price=r.col_price,
        objective=r.objective,
    )
    assert not report.ok
    # And a corrupted dual is caught on the sparse input.
    bad = unlocked(tm.solve(x, col_capacity=1, unassigned_cost=(10.0, 0.0)))
    bad.u[0] -= 3.0
    assert not bad.certificate().ok
    with pytest.raises(tm.Error, match="certificate"):
        bad.verify()


# --- memory: a large sparse instance is never made dense ----------------------------------------------------------

_LARGE = textwrap.dedent(
    """
    import json, resource, sys, tracemalloc
    import numpy as np
    import scipy.sparse as sp
    import talentmatch as tm

    n, m, per_row = 20000, 2000, 30
    rng = np.random.default_rng(12)
    cols = np.concatenate([rng.choice(m, per_row, replace=False) for _ in range(n)])
    rows = np.repeat(np.arange(n), per_row)
    x = sp.csr_array((rng.integers(0, 1000, n * per_row).astype(np.float64), (rows, cols)), shape=(n, m))
    posts = np.arange(m)
    groups = [(posts[k * 100:(k + 1) * 100], None, 700) for k in range(m // 100)]
    kw = dict(col_capacity=rng.integers(1, 10, m), col_groups=groups, col_min=(posts % 50 == 0).astype(int))
    priced = dict(kw, unassigned_cost=(900.0, 0.0))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    out = {}
    for name, args in (("cardinality", kw), ("priced", priced)):
        sol = tm.solve(x, **args)
        out[name] = dict(pairs=len(sol), objective=float(sol.objective), ok=sol.verify().ok)
    out["python_peak"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # VmHWM is this process's own peak: ru_maxrss carries over the parent's high-water mark through fork and exec.
    hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out["rss_peak"] = int(hwm[0].split()[1]) * 1024 if hwm else after
    out["rss_growth"] = after - before
    print(json.dumps(out))
    """
)


@pytest.mark.timeout(120)
def test_large_sparse_instance_never_allocates_a_dense_array():
    """20000 x 2000, 30 entries per row, column capacities and quotas (and minimums), both modes: the peak memory of the
    solve (numpy's allocations, traced; and the process's peak RSS) stays far below the 320 MB of a dense float64
    matrix. Run in a fresh interpreter so that the peak RSS is this test's own."""
    n, m = 20000, 2000
    res = subprocess.run([sys.executable, "-c", _LARGE], capture_output=True, text=True, timeout=110)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout.strip().splitlines()[-1])
    dense_bytes = n * m * 8
    assert out["python_peak"] < dense_bytes / 20, out
    assert out["rss_growth"] < dense_bytes / 4, out
    assert out["rss_peak"] < dense_bytes, out  # the whole process, interpreter and scipy included
    for name in ("cardinality", "priced"):
        assert out[name]["ok"] and out[name]["pairs"] > 0, out


def _large_instance():
    n, m, per_row = 20000, 2000, 30
    rng = np.random.default_rng(13)
    cols = np.concatenate([rng.choice(m, per_row, replace=False) for _ in range(n)])
    rows = np.repeat(np.arange(n), per_row)
    costs = rng.integers(0, 1000, n * per_row)
    x = sp.csr_array((costs.astype(np.float64), (rows, cols)), shape=(n, m))
    cap = rng.integers(1, 10, m)
    col_min = (np.arange(m) % 50 == 0).astype(np.int64)
    return x, rows, cols, costs, cap, col_min


@pytest.mark.timeout(120)
def test_large_sparse_priced_against_ortools():
    """The 20000 x 2000 instance (30 per row) with column capacities, minimums and 20 disjoint quotas, priced: the
    objective of OR-Tools' min-cost flow on the network built here from the triplets (never a dense matrix)."""
    x, rows, cols, costs, cap, col_min = _large_instance()
    n, m = x.shape
    posts = np.arange(m)
    groups = [(posts[k * 100 : (k + 1) * 100], None, 700) for k in range(m // 100)]
    sol = tm.solve(x, col_capacity=cap, col_min=col_min, col_groups=groups, unassigned_cost=(900.0, 0.0))
    assert sol.verify().ok

    # Nodes: s = 0, rows 1..n, columns n+1..n+m, groups n+m+1.., t last. Lower bounds dropped into the supplies.
    s, r0, c0, g0 = 0, 1, 1 + n, 1 + n + m
    t = g0 + len(groups)
    tails = np.concatenate([np.zeros(n, np.int64), r0 + rows, c0 + posts, g0 + np.arange(len(groups)), [s]])
    heads = np.concatenate([r0 + np.arange(n), c0 + cols, g0 + posts // 100, np.full(len(groups), t), [t]])
    caps = np.concatenate([np.ones(n, np.int64), np.ones(len(rows), np.int64), cap - col_min, np.full(20, 700), [n]])
    unit = np.concatenate([np.full(n, -900), costs, np.zeros(m, np.int64), np.zeros(len(groups), np.int64), [0]])
    supply = np.zeros(t + 1, np.int64)
    supply[s], supply[t] = n, -n
    supply[c0 + posts] -= col_min
    np.add.at(supply, g0 + posts // 100, col_min)  # repeated indices: += would count each group once
    f = ort_mcf.SimpleMinCostFlow()
    f.add_arcs_with_capacity_and_unit_cost(tails, heads, caps.astype(np.int64), unit.astype(np.int64))
    f.set_nodes_supplies(np.arange(t + 1), supply)
    assert f.solve() == f.OPTIMAL
    assert sol.objective == f.optimal_cost() + 900 * n  # the minimums' arcs cost 0, so nothing fixed to add
    assert np.all(sol.col_degree >= col_min) and np.all(sol.col_degree <= cap)
    assert np.all(np.add.reduceat(sol.col_degree, np.arange(0, m, 100)) <= 700)


def test_integers_beyond_the_flow_limit_are_solved_in_double_as_dense_ones():
    """5e16 is exact for the one-to-one sparse solver at 30 x 10 (limit ~9.6e16) but not for the capacitated one,
    whose paths run through all n + m + 2 nodes (limit ~2.6e16): solved in float64, like the same dense matrix."""
    rng = np.random.default_rng(1)
    d = (5 * 10**16 + rng.integers(0, 100, (30, 10))).astype(np.int64)
    x = sp.csr_array(d)
    assert tm.solve_sparse(x).u.dtype == np.int64
    sol = tm.solve(x, col_capacity=3)
    assert sol.u.dtype == np.float64 and sol.verify().ok
    dense = tm.solve(d, col_capacity=3)
    assert dense.u.dtype == np.float64 and dense.objective == sol.objective
    assert len(sol) == 30
