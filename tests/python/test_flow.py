"""talentmatch.solve with capacities, minimums and nested quotas (FlowSolution) against independent oracles:
OR-Tools' SimpleMinCostFlow and networkx on the flow network s -> rows -> columns -> t, scipy's linprog (HiGHS) on
the LP (its constraint matrix is a network matrix, totally unimodular, so the LP optimum is the integer one), and
dense assignment (scipy) on slot-replicated matrices. Every plan is also checked here in numpy (bounds, quotas,
forbidden and repeated pairs, the objective, the signs of the duals) and by its own certificate (verify())."""

from __future__ import annotations

import re

import numpy as np
import pytest
import talentmatch as tm

scipy_optimize = pytest.importorskip("scipy.optimize")
linprog = scipy_optimize.linprog
scipy_lsa = scipy_optimize.linear_sum_assignment
nx = pytest.importorskip("networkx")
ort_mcf = pytest.importorskip("ortools.graph.python.min_cost_flow")

INF = np.inf


# --- helpers: the problem in the minimisation form -------------------------------------------------------------


def _vec(x, n, default):
    """A scalar or 1-D count / price as a length-n array (default when None)."""
    if x is None:
        x = default
    a = np.asarray(x)
    if a.ndim == 0:
        a = np.full(n, a.item())
    return a


def _members(g, n):
    idx = np.asarray(g)
    if idx.dtype == bool:
        return np.flatnonzero(idx)
    return idx.astype(np.int64).reshape(-1)


def _min_form(cost, maximize):
    """float64 costs of the minimisation form; +inf marks a forbidden pair."""
    c = np.asarray(cost, dtype=np.float64)
    return -c if maximize else c


def _prices(x, n, maximize):
    """Unassigned costs in the minimisation form: (finite prices, 0 where the side must be used; must-use mask)."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        a = np.full(n, float(a))
    a = -a if maximize else a
    must = np.isposinf(a)
    return np.where(must, 0.0, a), must


class Problem:
    """One instance of the capacitated problem, in the caller's terms (what tm.solve takes)."""

    def __init__(
        self,
        cost,
        *,
        maximize=False,
        unassigned_cost=None,
        row_capacity=None,
        col_capacity=None,
        row_min=None,
        col_min=None,
        col_groups=None,
        row_groups=None,
    ):
        self.cost = cost
        self.kw = dict(
            maximize=maximize,
            unassigned_cost=unassigned_cost,
            row_capacity=row_capacity,
            col_capacity=col_capacity,
            row_min=row_min,
            col_min=col_min,
            col_groups=col_groups,
            row_groups=row_groups,
        )
        n, m = np.shape(cost)
        self.n, self.m = n, m
        self.maximize = maximize
        self.priced = unassigned_cost is not None
        self.cm = _min_form(cost, maximize)
        self.row_cap = _vec(row_capacity, n, 1).astype(np.int64)
        self.col_cap = _vec(col_capacity, m, 1).astype(np.int64)
        self.row_lo = _vec(row_min, n, 0).astype(np.int64)
        self.col_lo = _vec(col_min, m, 0).astype(np.int64)
        self.col_groups = [(_members(g, m), lo or 0, hi) for g, lo, hi in (col_groups or [])]
        self.row_groups = [(_members(g, n), lo or 0, hi) for g, lo, hi in (row_groups or [])]
        if self.priced:
            self.a, self.a_must = _prices(unassigned_cost[0], n, maximize)
            self.b, self.b_must = _prices(unassigned_cost[1], m, maximize)
        else:
            self.a, self.a_must = np.zeros(n), np.zeros(n, bool)
            self.b, self.b_must = np.zeros(m), np.zeros(m, bool)
        # Effective lower bounds: a side that must be used to capacity has its capacity as its minimum.
        self.row_need = np.where(self.a_must, self.row_cap, self.row_lo)
        self.col_need = np.where(self.b_must, self.col_cap, self.col_lo)

    def solve(self):
        return tm.solve(self.cost, **self.kw)

    def caller(self, x):
        """A minimisation-form value in the caller's sign."""
        return -x if self.maximize else x

    def constant(self):
        """The unassigned costs paid when no pair is used (min form)."""
        return float(self.a @ self.row_cap + self.b @ self.col_cap) if self.priced else 0.0


def check_plan(p: Problem, sol, *, tol=1e-7):
    """Checks in numpy that `sol` is a feasible plan of `p`, that its objective is its cost, and that its duals
    have the signs the FlowSolution docstring promises; then its own certificate. Returns the number of pairs."""
    assert isinstance(sol, tm.FlowSolution)
    n, m = p.n, p.m
    rows, cols = np.asarray(sol.rows), np.asarray(sol.cols)
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    assert rows.shape == cols.shape and len(sol) == len(rows)
    assert sol.shape == (n, m)
    if len(rows):
        assert rows.min() >= 0 and rows.max() < n and cols.min() >= 0 and cols.max() < m
        key = rows * m + cols
        assert np.all(np.diff(key) > 0), "pairs not sorted by row then column, or a pair repeated"
        assert np.all(np.isfinite(p.cm[rows, cols])), "a forbidden pair is used"
    deg_r = np.bincount(rows, minlength=n)
    deg_c = np.bincount(cols, minlength=m)
    np.testing.assert_array_equal(sol.row_degree, deg_r)
    np.testing.assert_array_equal(sol.col_degree, deg_c)
    assert np.all(deg_r >= p.row_need) and np.all(deg_r <= p.row_cap)
    assert np.all(deg_c >= p.col_need) and np.all(deg_c <= p.col_cap)
    load_r = [int(deg_r[g].sum()) for g, _, _ in p.row_groups]
    load_c = [int(deg_c[g].sum()) for g, _, _ in p.col_groups]
    for load, (_, lo, hi) in zip(load_r + load_c, p.row_groups + p.col_groups):
        assert load >= lo and (hi is None or load <= hi)

    # The objective: pair costs plus unassigned costs paid, in the caller's sign.
    value = float(p.cm[rows, cols].sum()) if len(rows) else 0.0
    if p.priced:
        value += float(p.a @ (p.row_cap - deg_r) + p.b @ (p.col_cap - deg_c))
    scale = max(1.0, float(np.abs(p.cm[np.isfinite(p.cm)]).sum()) if p.cm.size else 1.0)
    assert float(sol.objective) == pytest.approx(p.caller(value), abs=tol * scale)

    # Duals: reduced costs, and complementary slackness of rows, columns and quotas.
    u, v = np.asarray(sol.u, dtype=np.float64), np.asarray(sol.v, dtype=np.float64)
    gd_c = np.asarray(sol.col_group_duals, dtype=np.float64)
    gd_r = np.asarray(sol.row_group_duals, dtype=np.float64)
    assert u.shape == (n,) and v.shape == (m,)
    assert gd_c.shape == (len(p.col_groups),) and gd_r.shape == (len(p.row_groups),)
    for w in (u, v, gd_c, gd_r):
        assert np.all(np.isfinite(w))
    zr, zc = np.zeros(n), np.zeros(m)
    for (g, _, _), w in zip(p.row_groups, gd_r):
        zr[g] += w
    for (g, _, _), w in zip(p.col_groups, gd_c):
        zc[g] += w
    dscale = max([1.0] + [float(np.abs(w).max()) for w in (u, v, gd_c, gd_r) if w.size])
    dtol = tol * max(dscale, scale)
    with np.errstate(invalid="ignore"):
        red = p.cm - u[:, None] - v[None, :] - zr[:, None] - zc[None, :]
    used = np.zeros((n, m), bool)
    used[rows, cols] = True
    allowed = np.isfinite(p.cm)
    assert np.all(red[used] <= dtol), "a used pair has a positive reduced cost"
    assert np.all(red[allowed & ~used] >= -dtol), "an unused pair has a negative reduced cost"
    if p.priced:
        a, b = p.a, p.b
    else:
        assert float(sol.row_price) == float(sol.row_price) and float(sol.col_price) == float(sol.col_price)
        a, b = np.full(n, float(sol.row_price)), np.full(m, float(sol.col_price))
    for y, price, deg, lo, cap, must in (
        (u, a, deg_r, p.row_lo, p.row_cap, p.a_must),
        (v, b, deg_c, p.col_lo, p.col_cap, p.b_must),
    ):
        free = ~must
        assert np.all(deg[free & (y - price < -dtol)] == cap[free & (y - price < -dtol)])
        assert np.all(deg[free & (y - price > dtol)] == lo[free & (y - price > dtol)])
    for w, load, grps in ((gd_r, load_r, p.row_groups), (gd_c, load_c, p.col_groups)):
        for wk, lk, (_, lo, hi) in zip(w, load, grps):
            if wk < -dtol:
                assert hi is not None and lk == hi, "a quota's dual is negative but it is not at its max"
            if wk > dtol:
                assert lk == lo, "a quota's dual is positive but it is not at its min"

    cert = sol.verify()
    assert cert.ok
    return len(rows)


# --- oracle: scipy.optimize.linprog (HiGHS) -------------------------------------------------------------------


def lp_oracle(p: Problem):
    """(objective in the caller's sign, number of pairs) by linear programming, or None when infeasible.

    Maximum cardinality mode: one LP for the most pairs, a second for the cheapest plan with that many."""
    allowed = np.isfinite(p.cm)
    ii, jj = np.nonzero(allowed)
    k = len(ii)
    cons = []  # (indicator over the pair variables, lo, hi)
    for i in range(p.n):
        cons.append((ii == i, p.row_need[i], p.row_cap[i]))
    for j in range(p.m):
        cons.append((jj == j, p.col_need[j], p.col_cap[j]))
    for g, lo, hi in p.row_groups:
        cons.append((np.isin(ii, g), lo, INF if hi is None else hi))
    for g, lo, hi in p.col_groups:
        cons.append((np.isin(jj, g), lo, INF if hi is None else hi))
    if k == 0:
        if any(lo > 0 for _, lo, _ in cons):
            return None
        return p.caller(p.constant()), 0
    a_ub, b_ub = [], []
    for ind, lo, hi in cons:
        row = ind.astype(np.float64)
        if hi < INF:
            a_ub.append(row)
            b_ub.append(float(hi))
        if lo > 0:
            a_ub.append(-row)
            b_ub.append(-float(lo))
    a_ub = np.array(a_ub) if a_ub else None
    b_ub = np.array(b_ub) if b_ub else None
    c = p.cm[ii, jj]

    def lp(obj, **kw):
        res = linprog(obj, A_ub=a_ub, b_ub=b_ub, bounds=(0, 1), method="highs", **kw)
        assert res.status in (0, 2), res.message
        return None if res.status == 2 else res

    if p.priced:
        res = lp(c - p.a[ii] - p.b[jj])
        if res is None:
            return None
        return p.caller(res.fun + p.constant()), None  # ties may leave several pair counts optimal
    res = lp(-np.ones(k))
    if res is None:
        return None
    most = int(round(-res.fun))
    res = lp(c, A_eq=np.ones((1, k)), b_eq=[most])
    assert res is not None
    return p.caller(res.fun), most


def lp_priced_value(p: Problem, a, b):
    """Optimum (min form) of `p` priced with unassigned costs a, b (min form, finite), by LP."""
    q = Problem(
        p.cm,
        unassigned_cost=(a, b),
        row_capacity=p.row_cap,
        col_capacity=p.col_cap,
        row_min=p.row_lo,
        col_min=p.col_lo,
        col_groups=[(g, lo, hi) for g, lo, hi in p.col_groups],
        row_groups=[(g, lo, hi) for g, lo, hi in p.row_groups],
    )
    return lp_oracle(q)[0]


# --- oracles: min-cost flow (OR-Tools, networkx) on s -> rows -> columns -> t -----------------------------------


def flow_network(p: Problem):
    """The network of a problem without quotas: (node count, arcs (tail, head, lo, hi, cost), s, t, constant).

    Pair costs must be integers. Priced mode: a bypass s -> t; a row's (column's) unassigned cost becomes the
    cost -a[i] of its arc, so that the flow cost plus `constant` is the objective (min form)."""
    assert not p.col_groups and not p.row_groups
    n, m = p.n, p.m
    s, t = n + m, n + m + 1
    arcs = []
    for i in range(n):
        arcs.append((s, i, int(p.row_need[i]), int(p.row_cap[i]), -int(p.a[i])))
    for i, j in zip(*np.nonzero(np.isfinite(p.cm))):
        arcs.append((int(i), n + int(j), 0, 1, int(p.cm[i, j])))
    for j in range(m):
        arcs.append((n + j, t, int(p.col_need[j]), int(p.col_cap[j]), -int(p.b[j])))
    if p.priced:
        arcs.append((s, t, 0, int(p.row_cap.sum()), 0))
    return n + m + 2, arcs, s, t, int(p.constant())


def _drop_lower_bounds(nodes, arcs, supply):
    """The standard transformation: an arc with lower bound l carries l fixed units (their cost is returned) and
    capacity hi - l; its tail supplies l less and its head l more."""
    supply = list(supply)
    out, fixed = [], 0
    for u, w, lo, hi, c in arcs:
        out.append((u, w, hi - lo, c))
        supply[u] -= lo
        supply[w] += lo
        fixed += lo * c
    return out, supply, fixed


def ortools_min_cost_flow(nodes, arcs, supply):
    """Min cost of a flow meeting `supply` (positive: source) with arc bounds, or None when there is none."""
    arcs, supply, fixed = _drop_lower_bounds(nodes, arcs, supply)
    f = ort_mcf.SimpleMinCostFlow()
    tails, heads, caps, costs = (np.array(x, dtype=np.int64) for x in zip(*arcs))
    f.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    f.set_nodes_supplies(np.arange(nodes), np.array(supply, dtype=np.int64))
    status = f.solve()
    if status == f.INFEASIBLE:
        return None
    assert status == f.OPTIMAL, status
    return f.optimal_cost() + fixed


def ortools_max_flow_min_cost(nodes, arcs, s, t, big):
    """(most units s -> t, min cost of such a flow); arcs without lower bounds."""
    f = ort_mcf.SimpleMinCostFlow()
    for u, w, lo, hi, c in arcs:
        assert lo == 0
        f.add_arc_with_capacity_and_unit_cost(u, w, hi, c)
    f.set_node_supply(s, big)
    f.set_node_supply(t, -big)
    status = f.solve_max_flow_with_min_cost()
    assert status == f.OPTIMAL, status
    return f.maximum_flow(), f.optimal_cost()


def networkx_graph(nodes, arcs, supply):
    arcs, supply, fixed = _drop_lower_bounds(nodes, arcs, supply)
    g = nx.DiGraph()
    for x in range(nodes):
        g.add_node(x, demand=-supply[x])  # networkx: demand > 0 receives
    for u, w, cap, c in arcs:
        assert not g.has_edge(u, w)
        g.add_edge(u, w, capacity=cap, weight=c)
    return g, fixed


def networkx_min_cost_flow(nodes, arcs, supply):
    g, fixed = networkx_graph(nodes, arcs, supply)
    try:
        flow = nx.min_cost_flow(g)
    except nx.NetworkXUnfeasible:
        return None
    return nx.cost_of_flow(g, flow) + fixed


def networkx_max_flow_min_cost(nodes, arcs, s, t):
    g, _ = networkx_graph(nodes, arcs, [0] * nodes)
    flow = nx.max_flow_min_cost(g, s, t)
    units = sum(flow[s][w] for w in flow[s])
    return units, nx.cost_of_flow(g, flow)


def flow_oracle(p: Problem, backend):
    """(objective in the caller's sign, pairs or None) by min-cost flow, or None when infeasible."""
    nodes, arcs, s, t, const = flow_network(p)
    if p.priced:
        supply = [0] * nodes
        supply[s], supply[t] = int(p.row_cap.sum()), -int(p.row_cap.sum())
        fn = ortools_min_cost_flow if backend == "ortools" else networkx_min_cost_flow
        best = fn(nodes, arcs, supply)
        return None if best is None else (p.caller(best + const), None)
    if backend == "ortools":
        units, best = ortools_max_flow_min_cost(nodes, arcs, s, t, int(p.row_cap.sum()) + int(p.col_cap.sum()) + 1)
    else:
        units, best = networkx_max_flow_min_cost(nodes, arcs, s, t)
    return p.caller(best), units


def compare(p: Problem, ref):
    """tm.solve against an oracle's (objective, pairs or None), or None for "infeasible"."""
    if ref is None:
        with pytest.raises(tm.InfeasibleError):
            p.solve()
        return None
    sol = p.solve()
    pairs = check_plan(p, sol)
    obj, count = ref
    if count is not None:
        assert pairs == count
    assert float(sol.objective) == pytest.approx(obj, rel=1e-9, abs=1e-6)
    return sol


# --- random instances --------------------------------------------------------------------------------------------


def random_costs(rng, n, m, forbid, maximize, integer=True, lo=-5, hi=30):
    c = rng.integers(lo, hi, size=(n, m)).astype(np.float64) if integer else np.round(rng.uniform(lo, hi, (n, m)), 3)
    c[rng.random((n, m)) < forbid] = -INF if maximize else INF
    return c


def random_laminar(rng, n, count):
    """Up to `count` nested groups over 0..n-1: intervals of a random permutation that pairwise nest or are disjoint
    (an identical pair may repeat)."""
    if n == 0:
        return []
    perm = rng.permutation(n)
    spans = []
    for _ in range(count):
        a = int(rng.integers(0, n))
        b = int(rng.integers(a + 1, n + 1))
        if all(b <= a2 or b2 <= a or (a2 <= a and b <= b2) or (a <= a2 and b2 <= b) for a2, b2 in spans):
            spans.append((a, b))
    return [np.sort(perm[a:b]) for a, b in spans]


def random_quotas(rng, n, cap, count, form, p_lo=0.5):
    out = []
    for k, g in enumerate(random_laminar(rng, n, count)):
        room = int(cap[g].sum())
        lo = int(rng.integers(0, max(1, room // 2) + 1)) if rng.random() < p_lo else None
        hi = int(rng.integers(lo or 0, max(lo or 0, room) + 1)) if rng.random() < 0.6 else None
        kind = (form + k) % 3
        if kind == 0:
            members = g.tolist()
        elif kind == 1:
            members = np.zeros(n, bool)
            members[g] = True
        else:
            members = rng.permutation(g).astype(np.int32)  # any order, any integer dtype
        out.append((members, lo, hi))
    return out


def random_bounds(rng, n, top, p_min):
    cap = rng.integers(0, top + 1, size=n)
    lo = np.where(rng.random(n) < p_min, rng.integers(0, cap + 1), 0)
    return cap, lo


# --- LP oracle: minimums and nested quotas on both sides ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(300))
def test_quotas_against_linprog(seed):
    rng = np.random.default_rng(7100 + seed)
    n, m = int(rng.integers(1, 8)), int(rng.integers(1, 8))
    if seed % 2:
        n, m = max(n, m), min(n, m)
    else:
        n, m = min(n, m), max(n, m)
    maximize = seed % 3 == 1
    cost = random_costs(rng, n, m, 0.2, maximize, integer=seed % 5 != 0)
    row_cap, row_lo = random_bounds(rng, n, 3, 0.2)
    col_cap, col_lo = random_bounds(rng, m, 3, 0.3)
    groups = random_quotas(rng, m, col_cap, int(rng.integers(0, 4)), seed)
    row_groups = random_quotas(rng, n, row_cap, int(rng.integers(0, 3)), seed + 1)
    priced = seed % 4 >= 2
    unassigned = None
    if priced:
        ra = rng.integers(-3, 25, size=n).astype(np.float64)
        cb = rng.integers(-3, 10, size=m).astype(np.float64)
        ra[rng.random(n) < 0.15] = INF
        if seed % 8 == 2:
            cb = INF if seed % 16 == 2 else float(cb[0])
        if maximize:
            ra, cb = -ra, -np.asarray(cb)
        unassigned = (ra, cb)
    p = Problem(
        cost,
        maximize=maximize,
        unassigned_cost=unassigned,
        row_capacity=row_cap,
        col_capacity=col_cap,
        row_min=row_lo if row_lo.any() else None,
        col_min=col_lo,
        col_groups=groups,
        row_groups=row_groups,
    )
    ref = lp_oracle(p)
    sol = compare(p, ref)
    if sol is not None and not priced:
        # row_price / col_price: a price of unused capacity at which this plan is also optimal when priced.
        a, b = np.full(n, float(sol.row_price)), np.full(m, float(sol.col_price))
        deg_r, deg_c = sol.row_degree, sol.col_degree
        plan = float(p.cm[sol.rows, sol.cols].sum()) + float(a @ (p.row_cap - deg_r) + b @ (p.col_cap - deg_c))
        assert plan == pytest.approx(lp_priced_value(p, a, b), rel=1e-9, abs=1e-6)


def test_linprog_oracle_finds_infeasible_and_feasible_cases():
    """The random quota instances above are not all trivially feasible (or all infeasible): count both."""
    outcomes = {"feasible": 0, "infeasible": 0}
    for seed in range(160):
        rng = np.random.default_rng(7100 + seed)
        n, m = int(rng.integers(1, 8)), int(rng.integers(1, 8))
        cost = random_costs(rng, n, m, 0.2, False)
        row_cap, row_lo = random_bounds(rng, n, 3, 0.2)
        col_cap, col_lo = random_bounds(rng, m, 3, 0.3)
        groups = random_quotas(rng, m, col_cap, int(rng.integers(0, 4)), seed)
        p = Problem(cost, row_capacity=row_cap, col_capacity=col_cap, row_min=row_lo, col_min=col_lo, col_groups=groups)
        outcomes["infeasible" if lp_oracle(p) is None else "feasible"] += 1
    assert outcomes["feasible"] >= 40 and outcomes["infeasible"] >= 10, outcomes


@pytest.mark.parametrize("seed", range(20))
def test_deep_nesting_against_linprog(seed):
    """Chains of groups nested several deep on both sides (department > unit > post), tight quotas."""
    rng = np.random.default_rng(7400 + seed)
    n, m = int(rng.integers(4, 9)), int(rng.integers(4, 9))
    maximize = seed % 2 == 1
    cost = random_costs(rng, n, m, 0.1, maximize)
    col_cap = rng.integers(1, 4, size=m)
    row_cap = rng.integers(1, 3, size=n)

    def chain(k, cap):
        perm = rng.permutation(k)
        out = []
        size = k
        while size >= 1 and len(out) < 4:
            g = np.sort(perm[:size])
            room = int(cap[g].sum())
            out.append((g, int(rng.integers(0, room // 2 + 1)), int(rng.integers(room // 2, room + 1))))
            size = int(rng.integers(0, size))
        rest = perm[len(out[0][0]) :]
        if len(rest):
            out.append((rest, None, int(rng.integers(0, int(cap[rest].sum()) + 1))))
        return out[::-1] if seed % 3 == 0 else out  # any order: inner groups before outer ones

    groups, row_groups = chain(m, col_cap), chain(n, row_cap)
    unassigned = (float(rng.integers(0, 30)), float(rng.integers(0, 10))) if seed % 4 >= 2 else None
    if unassigned and maximize:
        unassigned = (-unassigned[0], -unassigned[1])
    p = Problem(
        cost,
        maximize=maximize,
        unassigned_cost=unassigned,
        row_capacity=row_cap,
        col_capacity=col_cap,
        col_groups=groups,
        row_groups=row_groups,
    )
    compare(p, lp_oracle(p))


@pytest.mark.timeout(30)
@pytest.mark.parametrize("seed", range(30))
def test_medium_quotas_against_linprog(seed):
    """Larger instances (up to 25 x 25) with quotas on both sides, minimums, forbidden pairs, both modes."""
    rng = np.random.default_rng(7600 + seed)
    n, m = int(rng.integers(8, 26)), int(rng.integers(8, 26))
    maximize = seed % 3 == 0
    cost = random_costs(rng, n, m, 0.15, maximize, integer=seed % 4 != 3, lo=-20, hi=100)
    row_cap, row_lo = random_bounds(rng, n, 3, 0.05)
    col_cap, col_lo = random_bounds(rng, m, 5, 0.1)
    groups = random_quotas(rng, m, col_cap, 8, seed, p_lo=0.2)
    row_groups = random_quotas(rng, n, row_cap, 5, seed + 2, p_lo=0.2)
    unassigned = None
    if seed % 2:
        ra = rng.integers(0, 120, size=n).astype(np.float64)
        cb = rng.integers(-20, 60, size=m).astype(np.float64)
        unassigned = (-ra, -cb) if maximize else (ra, cb)
    p = Problem(
        cost,
        maximize=maximize,
        unassigned_cost=unassigned,
        row_capacity=row_cap,
        col_capacity=col_cap,
        row_min=row_lo,
        col_min=col_lo,
        col_groups=groups,
        row_groups=row_groups,
    )
    compare(p, lp_oracle(p))


# --- flow oracles: OR-Tools and networkx --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(200))
def test_capacities_against_ortools(seed):
    rng = np.random.default_rng(8100 + seed)
    n, m = int(rng.integers(1, 14)), int(rng.integers(1, 14))
    n, m = (max(n, m), min(n, m)) if seed % 2 else (min(n, m), max(n, m))
    maximize = seed % 3 == 2
    cost = random_costs(rng, n, m, float(rng.choice([0.0, 0.2, 0.5])), maximize, lo=-20, hi=100)
    row_cap = rng.integers(0, 4, size=n) if seed % 4 else 1
    col_cap = rng.integers(0, 5, size=m)
    mode = seed % 5
    unassigned, row_min, col_min = None, None, None
    if mode >= 2:  # priced, some sides bound to be used, some minimums (lower bounds on the flow arcs)
        ra = rng.integers(-10, 80, size=n).astype(np.float64)
        cb = rng.integers(-10, 40, size=m).astype(np.float64)
        if mode == 3:
            ra[rng.random(n) < 0.2] = INF
            col_min = np.where(rng.random(m) < 0.3, rng.integers(0, col_cap + 1), 0)
        if mode == 4:
            cb[rng.random(m) < 0.2] = INF
            row_min = np.where(rng.random(n) < 0.3, rng.integers(0, np.asarray(row_cap) + 1), 0)
        unassigned = (-ra, -cb) if maximize else (ra, cb)
    p = Problem(
        cost,
        maximize=maximize,
        unassigned_cost=unassigned,
        row_capacity=row_cap,
        col_capacity=col_cap,
        row_min=row_min,
        col_min=col_min,
    )
    compare(p, flow_oracle(p, "ortools"))


@pytest.mark.parametrize("seed", range(60))
def test_capacities_against_networkx(seed):
    rng = np.random.default_rng(8500 + seed)
    n, m = int(rng.integers(1, 10)), int(rng.integers(1, 10))
    maximize = seed % 2 == 1
    cost = random_costs(rng, n, m, 0.25, maximize, lo=0, hi=50)
    row_cap = rng.integers(0, 4, size=n)
    col_cap = rng.integers(0, 4, size=m)
    unassigned, col_min = None, None
    if seed % 3 == 2:
        col_min = np.where(rng.random(m) < 0.4, rng.integers(0, col_cap + 1), 0)
        unassigned = (float(rng.integers(0, 60)), rng.integers(0, 30, size=m).astype(np.float64))
        if maximize:
            unassigned = (-unassigned[0], -unassigned[1])
    p = Problem(
        cost,
        maximize=maximize,
        unassigned_cost=unassigned,
        row_capacity=row_cap,
        col_capacity=col_cap,
        col_min=col_min,
    )
    compare(p, flow_oracle(p, "networkx"))


def test_flow_oracles_agree_with_linprog():
    """The three oracles on the same instances (validates the oracles themselves)."""
    rng = np.random.default_rng(8800)
    for k in range(25):
        n, m = int(rng.integers(1, 7)), int(rng.integers(1, 7))
        cost = random_costs(rng, n, m, 0.2, False, lo=0, hi=40)
        kw = dict(row_capacity=rng.integers(0, 3, size=n), col_capacity=rng.integers(0, 4, size=m))
        if k % 2:
            kw["unassigned_cost"] = (rng.integers(0, 50, size=n).astype(float), 7.0)
        p = Problem(cost, **kw)
        lp = lp_oracle(p)
        for backend in ("ortools", "networkx"):
            fl = flow_oracle(p, backend)
            assert fl[0] == pytest.approx(lp[0], abs=1e-6)
            if fl[1] is not None:
                assert fl[1] == lp[1]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("shape", [(300, 80), (80, 300), (150, 150)])
def test_larger_against_ortools(shape):
    rng = np.random.default_rng(shape[0] * 1000 + shape[1])
    n, m = shape
    cost = rng.integers(0, 1000, size=(n, m)).astype(np.int64)
    col_cap = rng.integers(1, 6, size=m)
    row_cap = rng.integers(1, 3, size=n) if n == m else 1
    for maximize in (False, True):
        c = cost.astype(np.float64)
        c[rng.random((n, m)) < 0.3] = INF
        c = -c if maximize else c
        p = Problem(c, maximize=maximize, row_capacity=row_cap, col_capacity=col_cap)
        compare(p, flow_oracle(p, "ortools"))
    p = Problem(cost, row_capacity=row_cap, col_capacity=col_cap, unassigned_cost=(600, 200))
    compare(p, flow_oracle(p, "ortools"))


@pytest.mark.parametrize("big", [10**9, 10**12, 10**14])
def test_large_integer_costs_are_exact(big):
    """int64 costs far beyond float32 and near float64's integer range: exact objectives, as OR-Tools (int64)."""
    rng = np.random.default_rng(big % 1000 + 3)
    for k in range(6):
        n, m = (30, 12) if k % 2 else (12, 30)
        cost = (big + rng.integers(-50, 50, size=(n, m))) * rng.choice([-1, 1], size=(n, m))
        p = Problem(cost.astype(np.int64), maximize=k % 3 == 1, col_capacity=rng.integers(0, 4, size=m))
        sol = compare(p, flow_oracle(p, "ortools"))
        assert isinstance(sol.objective, (int, np.integer))
        assert int(sol.objective) == int(cost[sol.rows, sol.cols].sum())


# --- dense assignment on slot-replicated matrices ------------------------------------------------------------------


def replicated_oracle(cost, cap, a=None, b=None):
    """Slot replication: column j repeated cap[j] times, rows of capacity 1, solved by scipy's
    linear_sum_assignment. Without a, b: the cheapest full matching of min(n, slots) pairs (all pairs allowed).
    With them (unassigned costs per row and per column slot, min form): the classic (n + S) x (S + n) extension
    [[C, diag(a)], [diag(b), 0]] whose full matchings are the partial matchings of C."""
    slot_col = np.repeat(np.arange(cost.shape[1]), cap)
    rep = cost[:, slot_col]
    n, s = rep.shape
    if a is None:
        if min(n, s) == 0:
            return 0.0, 0
        r, c = scipy_lsa(rep)
        return float(rep[r, c].sum()), len(r)
    big = np.full((n + s, s + n), INF)
    big[:n, :s] = rep
    big[np.arange(n), s + np.arange(n)] = a
    big[n + np.arange(s), np.arange(s)] = b[slot_col]
    big[n:, s:] = 0.0
    if big.size == 0:
        return 0.0, 0
    r, c = scipy_lsa(big)
    pairs = int(np.count_nonzero((r < n) & (c < s)))
    return float(big[r, c].sum()), pairs


@pytest.mark.parametrize("seed", range(60))
def test_slot_replication_against_scipy(seed):
    rng = np.random.default_rng(9100 + seed)
    n, m = int(rng.integers(1, 12)), int(rng.integers(1, 7))
    maximize = seed % 3 == 0
    priced = seed % 2 == 1
    transpose = seed % 4 >= 2  # row capacities, columns of capacity 1: replicate rows instead
    cap = rng.integers(0, 5, size=m)
    if priced:
        cm = random_costs(rng, n, m, 0.25, False, integer=False, lo=-5, hi=20)
        a = np.round(rng.uniform(-2, 15, size=n), 2)
        b = np.round(rng.uniform(-2, 8, size=m), 2)
        ref = replicated_oracle(cm, cap, a, b)
    else:
        cm = random_costs(rng, n, m, 0.0, False, integer=False, lo=-5, hi=20)
        ref = replicated_oracle(cm, cap)
    cost = -cm if maximize else cm
    un = None
    if priced:
        un = (-a, -b) if maximize else (a, b)
    if transpose:
        if un is not None:
            un = (un[1], un[0])
        p = Problem(np.ascontiguousarray(cost.T), maximize=maximize, unassigned_cost=un, row_capacity=cap)
    else:
        p = Problem(cost, maximize=maximize, unassigned_cost=un, col_capacity=cap)
    compare(p, (p.caller(ref[0]), None if priced else ref[1]))
    if priced and not transpose:
        # talentmatch's own dense solver on the replicated matrix: a separate code path, the same optimum.
        slot_col = np.repeat(np.arange(m), cap)
        dense = tm.solve(cost[:, slot_col], maximize=maximize, unassigned_cost=(un[0], np.asarray(un[1])[slot_col]))
        assert dense.objective == pytest.approx(p.caller(ref[0]), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_unit_capacities_are_the_plain_assignment(seed):
    """All capacities 1, no quotas: the full matching of min(n, m) pairs scipy finds."""
    rng = np.random.default_rng(9400 + seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(1, 30))
    cost = rng.uniform(-10, 10, size=(n, m))
    maximize = seed % 2 == 1
    r, c = scipy_lsa(cost, maximize=maximize)
    p = Problem(cost, maximize=maximize, col_capacity=1)
    compare(p, (float(cost[r, c].sum()), len(r)))
    p = Problem(cost, maximize=maximize, row_capacity=np.ones(n, np.int64), col_capacity=np.ones(m, np.int32))
    compare(p, (float(cost[r, c].sum()), len(r)))


# --- dtypes and memory layouts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("maximize", [False, True])
def test_dtypes_agree(maximize):
    rng = np.random.default_rng(9600 + maximize)
    base = rng.integers(-50, 200, size=(17, 9))
    col_cap = rng.integers(1, 4, size=9)
    kw = dict(
        maximize=maximize,
        col_capacity=col_cap,
        row_capacity=2,
        col_min=np.minimum(col_cap, 1),
        col_groups=[([0, 1, 2, 3], 3, 6), ([1, 2], None, 2)],
        row_groups=[(np.arange(17) < 5, 2, None)],
    )
    p64 = Problem(base.astype(np.float64), **kw)
    ref = lp_oracle(p64)
    sols = {}
    for dtype in (np.float64, np.float32, np.int32, np.int64):
        for layout in ("C", "F"):
            cost = np.asarray(base.astype(dtype), order=layout)
            sol = compare(Problem(cost, **kw), ref)
            sols[(dtype, layout)] = sol
            if np.dtype(dtype).kind == "i":
                assert isinstance(sol.objective, (int, np.integer))
        # and priced
        p = Problem(base.astype(dtype), unassigned_cost=(-30, 10) if maximize else (30, -10), **kw)
        compare(p, lp_oracle(Problem(base.astype(np.float64), unassigned_cost=p.kw["unassigned_cost"], **kw)))
    objs = {float(s.objective) for s in sols.values()}
    assert len(objs) == 1
    counts = {len(s) for s in sols.values()}
    assert len(counts) == 1
    # A transposed view (non-contiguous) is read in place and gives the same optimum as its copy.
    t = Problem(base.astype(np.float64).T, maximize=maximize, row_capacity=col_cap, col_capacity=2)
    tc = Problem(np.ascontiguousarray(base.T).astype(np.int64), maximize=maximize, row_capacity=col_cap, col_capacity=2)
    assert float(compare(t, lp_oracle(t)).objective) == float(compare(tc, lp_oracle(tc)).objective)


def test_capacity_dtypes_and_scalars():
    cost = np.arange(12, dtype=np.float64).reshape(3, 4)
    p = Problem(cost, col_capacity=[2, 1, 1, 1], row_capacity=2)
    ref = compare(p, lp_oracle(p))
    for caps in ([2, 1, 1, 1], np.array([2, 1, 1, 1], np.int8), np.array([2.0, 1.0, 1.0, 1.0]), (2, 1, 1, 1)):
        for rc in (2, np.int64(2), 2.0, [2, 2, 2], np.array([2, 2, 2], np.uint16)):
            sol = tm.solve(cost, col_capacity=caps, row_capacity=rc)
            check_plan(Problem(cost, col_capacity=np.asarray(caps, dtype=np.int64), row_capacity=rc), sol)
            assert sol.objective == ref.objective and len(sol) == len(ref)


def test_empty_and_zero_capacity():
    for shape in ((0, 3), (3, 0), (0, 0)):
        p = Problem(np.zeros(shape), col_capacity=2)
        assert check_plan(p, p.solve()) == 0
    p = Problem(np.ones((3, 2)), col_capacity=0)
    assert check_plan(p, p.solve()) == 0
    p = Problem(np.ones((3, 2)), col_capacity=[0, 2], unassigned_cost=(5.0, 1.0))
    sol = p.solve()
    assert check_plan(p, sol) == 2 and sol.objective == pytest.approx(2 + 5 + 0)
    with pytest.raises(tm.InfeasibleError, match="row 0"):
        tm.solve(np.ones((3, 2)), col_capacity=0, row_min=[1, 0, 0])


# --- errors --------------------------------------------------------------------------------------------------------


C34 = np.arange(12, dtype=np.float64).reshape(3, 4)


def test_crossing_groups_named():
    groups = [([0, 1], None, None), ([3], 1, None), ([1, 2], None, None)]
    with pytest.raises(tm.Error, match=r"column groups 0 and 2 overlap without one containing the other.*must nest"):
        tm.solve(C34, col_capacity=2, col_groups=groups)
    row_groups = [([0], None, None), ([0, 1], None, None), ([1, 2], None, None)]
    with pytest.raises(tm.Error, match=r"row groups 1 and 2 overlap without one containing the other.*must nest"):
        tm.solve(C34, row_groups=row_groups)
    # Nested and disjoint groups in any order are fine, identical ones too.
    ok = [([1], None, 1), ([0, 1, 2, 3], None, None), ([1, 2], 1, None), ([1, 2], None, None), ([3], None, None)]
    p = Problem(C34, col_capacity=2, col_groups=ok)
    compare(p, lp_oracle(p))


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(col_groups=[([0, 1, 1], None, None)]), "column group 0 lists column 1 twice"),
        (dict(row_groups=[([], None, None), ([2, 0, 2], None, None)]), "row group 1 lists row 2 twice"),
        (dict(col_groups=[([0, 4], None, None)]), "column group 0 lists column 4, outside 0..3"),
        (dict(col_groups=[([-1], None, None)]), "column group 0 lists column -1"),
        (dict(row_groups=[([3], None, None)]), "row group 0 lists row 3, outside 0..2"),
        (dict(col_capacity=1, col_min=[0, 2, 0, 0]), "col_min\\[1\\] = 2 exceeds col_capacity\\[1\\] = 1"),
        (dict(row_min=[0, 0, 2]), "row_min\\[2\\] = 2 exceeds row_capacity\\[2\\] = 1"),
        (dict(col_capacity=[1, -1, 1, 1]), "col_capacity\\[1\\] is negative"),
        (dict(row_capacity=-2), "row_capacity\\[0\\] is negative"),
        (dict(col_min=[0, 0, -1, 0]), "negative"),
        (dict(col_capacity=1.5), "col_capacity must be a whole number, got 1.5"),
        (dict(row_capacity=[1, 2.5, 1]), "row_capacity\\[1\\] must be a whole number, got 2.5"),
        (dict(col_capacity=[1, np.nan, 1, 1]), "col_capacity\\[1\\] must be a whole number, got nan"),
        (dict(col_capacity="2"), "col_capacity must be whole numbers"),
        (dict(col_capacity=[1, 1, 1]), "col_capacity must be a scalar or a 1-D array of length 4"),
        (dict(row_capacity=[1, 1, 1, 1]), "row_capacity must be a scalar or a 1-D array of length 3"),
        (dict(col_min=np.zeros((2, 2), np.int64)), "col_min must be a scalar or a 1-D array of length 4"),
        (dict(row_min=[0, 0]), "row_min must be a scalar or a 1-D array of length 3"),
        (dict(col_groups=[(np.array([True, False]), None, None)]), "groups\\[0\\]: a boolean mask must have length 4"),
        (dict(col_groups=[([0.5], None, None)]), "members must be integer indices or a boolean mask"),
        (dict(col_groups=[([0], 2, 1)]), "column group 0: min 2 exceeds max 1"),
        (dict(col_groups=[([0], -1, None)]), "column group 0: min is negative"),
        (dict(col_groups=[([0], None, -2)]), "max is negative"),
        (dict(col_groups=[([0], 1)]), "must be a triple"),
    ],
)
def test_bad_arguments(kw, message):
    with pytest.raises(tm.Error, match=message) as info:
        tm.solve(C34, **kw)
    assert not isinstance(info.value, tm.InfeasibleError)
    assert isinstance(info.value, ValueError)


def test_nan_cost_rejected():
    c = C34.copy()
    c[1, 2] = np.nan
    with pytest.raises(tm.Error, match="NaN"):
        tm.solve(c, col_capacity=2)
    with pytest.raises(tm.Error, match="NaN"):
        tm.solve(c.astype(np.float32), row_capacity=2, unassigned_cost=(1.0, 1.0))


def test_bool_masks_are_groups():
    rng = np.random.default_rng(9700)
    cost = rng.integers(0, 20, size=(6, 5)).astype(np.float64)
    mask = np.array([True, False, True, True, False])
    inner = np.array([False, False, True, True, False])
    rmask = np.array([True, True, False, False, False, True])
    by_mask = tm.solve(cost, col_capacity=2, col_groups=[(mask, 3, 5), (inner, None, 1)], row_groups=[(rmask, 3, None)])
    by_index = tm.solve(
        cost, col_capacity=2, col_groups=[([0, 2, 3], 3, 5), ([2, 3], None, 1)], row_groups=[([0, 1, 5], 3, None)]
    )
    p = Problem(cost, col_capacity=2, col_groups=[(mask, 3, 5), (inner, None, 1)], row_groups=[(rmask, 3, None)])
    compare(p, lp_oracle(p))
    assert by_mask.objective == by_index.objective
    np.testing.assert_array_equal(by_mask.rows, by_index.rows)
    np.testing.assert_array_equal(by_mask.cols, by_index.cols)
    np.testing.assert_array_equal(by_mask.col_group_duals, by_index.col_group_duals)


def test_infeasible_names_what_fails():
    c = np.array([[1.0, INF, 3.0], [2.0, INF, 4.0]])
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn 1\b"):
        tm.solve(c, col_min=[0, 1, 0])
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn group 0\b"):
        tm.solve(c, col_capacity=2, col_groups=[([0, 2], 5, None)])
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn group 1\b"):
        tm.solve(c, col_capacity=1, col_groups=[([0, 1, 2], None, None), ([0, 1], 2, None)])
    with pytest.raises(tm.InfeasibleError, match=r"\brow 1\b"):
        tm.solve(c, row_capacity=3, row_min=[0, 3])
    with pytest.raises(tm.InfeasibleError, match=r"\brow group 0\b"):
        tm.solve(c, row_capacity=3, row_groups=[([0, 1], 5, None)])
    with pytest.raises(tm.InfeasibleError, match=r"\bcolumn 1\b"):
        tm.solve(c, col_capacity=1, unassigned_cost=(0.0, INF))
    # an InfeasibleError is a talentmatch.Error and a ValueError
    with pytest.raises(ValueError):
        tm.solve(c, col_min=[0, 1, 0])
    with pytest.raises(tm.Error):
        tm.solve(c, col_min=[0, 1, 0])


# --- duals --------------------------------------------------------------------------------------------------------


def test_binding_column_minimum_has_positive_shadow_price():
    # Column 0 is cheap and could take both rows; column 1 must take one. Without the minimum the plan costs 3,
    # with it 11, so the minimum's price (a subgradient of the optimum in col_min[1]) is at least 11 - 3 = 8.
    cost = np.array([[1, 10], [2, 10]])
    sol = tm.solve(cost, col_capacity=[2, 1], col_min=[0, 1])
    check_plan(Problem(cost, col_capacity=[2, 1], col_min=[0, 1]), sol)
    assert sol.objective == 11 and list(zip(sol.rows, sol.cols)) == [(0, 0), (1, 1)]
    assert sol.v[1] - sol.col_price > 0
    assert sol.v[1] - sol.col_price >= 8
    free = tm.solve(cost, col_capacity=[2, 1])
    assert free.objective == 3

    # Priced: one LP, so the shadow price is a subgradient of the optimum in col_min[1].
    un = (100.0, 0.0)
    sol = tm.solve(cost, col_capacity=[2, 1], col_min=[0, 1], unassigned_cost=un)
    check_plan(Problem(cost, col_capacity=[2, 1], col_min=[0, 1], unassigned_cost=un), sol)
    assert sol.objective == 11
    assert sol.v[1] - 0.0 >= 8 - 1e-9

    # Maximize: the same problem negated, the same shadow price (duals are of the minimisation form).
    sol = tm.solve(-cost, maximize=True, col_capacity=[2, 1], col_min=[0, 1], unassigned_cost=(-100.0, 0.0))
    assert sol.objective == -11 and sol.v[1] >= 8 - 1e-9


def test_binding_quota_duals_have_the_right_sign():
    cost = np.array([[1.0, 10.0], [2.0, 10.0]])
    # A maximum binds: column 0 (room 2) may take only 1; relaxing it saves 8, so its dual is <= -8.
    kw = dict(col_capacity=[2, 2], col_groups=[([0], None, 1)], unassigned_cost=(100.0, 0.0))
    sol = tm.solve(cost, **kw)
    check_plan(Problem(cost, **kw), sol)
    assert sol.objective == 11 and sol.col_group_duals[0] <= -8 + 1e-9
    # A minimum binds: group {1} must take 1; its dual is >= 8.
    kw = dict(col_capacity=[2, 2], col_groups=[([1], 1, None)], unassigned_cost=(100.0, 0.0))
    sol = tm.solve(cost, **kw)
    check_plan(Problem(cost, **kw), sol)
    assert sol.objective == 11 and sol.col_group_duals[0] >= 8 - 1e-9
    # Row side: rows 0 and 1 together must take 2 pairs in a 3-row problem where row 2 is cheapest.
    cost3 = np.array([[5.0, 6.0], [5.0, 7.0], [0.0, 0.0]])
    kw = dict(row_groups=[([0, 1], 2, None)], col_capacity=1, unassigned_cost=(100.0, 100.0))
    sol = tm.solve(cost3, **kw)
    check_plan(Problem(cost3, **kw), sol)
    assert sol.row_group_duals[0] > 0


def test_every_group_has_a_dual():
    rng = np.random.default_rng(9800)
    for k in range(20):
        n, m = int(rng.integers(2, 9)), int(rng.integers(2, 9))
        cost = random_costs(rng, n, m, 0.0, False)
        col_cap = rng.integers(1, 4, size=m)
        row_cap = rng.integers(1, 3, size=n)
        groups = random_quotas(rng, m, col_cap, 4, k)
        row_groups = random_quotas(rng, n, row_cap, 3, k)
        p = Problem(cost, col_capacity=col_cap, row_capacity=row_cap, col_groups=groups, row_groups=row_groups)
        try:
            sol = p.solve()
        except tm.InfeasibleError:
            assert lp_oracle(p) is None
            continue
        assert sol.col_group_duals.shape == (len(groups),) and sol.row_group_duals.shape == (len(row_groups),)
        assert np.all(np.isfinite(sol.col_group_duals)) and np.all(np.isfinite(sol.row_group_duals))
        check_plan(p, sol)


def test_repr_and_certificate():
    sol = tm.solve(C34, col_capacity=2)
    assert re.match(r"<FlowSolution 3x4 min objective=.* pairs=3>", repr(sol))
    cert = sol.certificate()
    assert cert.ok and cert.message == ""
