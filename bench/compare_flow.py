#!/usr/bin/env python3
"""Time talentmatch's capacitated assignment against OR-Tools' min-cost flow on the same instances, in one process.

The problem: n experts (capacity 1 each) x m posts, each post with 1 to 5 slots (col_capacity), dense integer
costs, every pair allowed; as many pairs as the slots allow (min(n, total slots)), the cheapest among those.
talentmatch runs ``talentmatch.solve(cost, col_capacity=slots)``; OR-Tools runs SimpleMinCostFlow on the network
s -> experts (capacity 1) -> posts (one arc per pair, capacity 1) -> t (capacity slots[j]), costs on the pair arcs,
solved by ``solve_max_flow_with_min_cost()`` (supply n * m at s; it finds the maximum flow itself, as talentmatch
does) or, with ``--ortools fixed``, by ``solve()`` with the known flow value min(n, total slots) as supply.

OR-Tools' time is split in two: building (a new SimpleMinCostFlow, add_arcs_with_capacity_and_unit_cost on
prepared int64 arrays, set_nodes_supplies) and solving. The arc arrays themselves are prepared untimed, so the
build time is a lower bound on what a caller starting from a cost matrix pays. talentmatch reads the matrix in
place, so its single time covers everything.

Instance classes (``--classes``):
    uniform   integer costs uniform in 0..999 (the issue's benchmark; many ties at the low end)
    wide      integer costs uniform in 0..999999 (few ties)
    lowrank   talent-like: -(experts @ posts.T) with the sparse skill profiles of talentmatch.bench (integers)

Each (class, size) instance is generated once from --seed; both solvers then run --repeats times on it,
interleaved within each repeat. The table shows median wall times in milliseconds and the ratios
OR-Tools / talentmatch (> 1: talentmatch is faster) for the solve alone and for build + solve.

Every run is checked: talentmatch's plan in numpy (distinct pairs, slots respected, experts used at most once, the
objective equal to the cost of its pairs, min(n, total slots) pairs) and by its certificate (untimed, skip with
--no-verify), and OR-Tools' flow value and optimal cost must equal talentmatch's pair count and objective
exactly. A mismatch or an error is printed loudly and makes the script exit with status 1.

    python bench/compare_flow.py --quick                    # smoke run, a few seconds
    python bench/compare_flow.py --sizes 10000x1000 --classes uniform --repeats 5 --json flow.json

Sparse mode (``--sparse``): the instances of bench/flow_instances.py: E experts x P posts, each expert a candidate
for K distinct random posts (--candidates, default 30), posts with 1..5 slots, units of --posts-per-unit posts
(default 20) nested in departments of --units-per-dept units (default 10), each with a max quota that binds;
classes ``int`` (costs 0..999) and ``float`` (uniform in [0, 1)); maximum cardinality. Default sizes 20000x2000
(U = 100, D = 10) and 100000x10000 (U = 500, D = 50). talentmatch runs ``talentmatch.solve(csr, col_capacity=slots,
col_groups=units + departments)`` on a scipy csr_matrix, timed end to end (the conversion of its arrays included).
OR-Tools runs SimpleMinCostFlow on s -> experts (capacity 1) -> posts (one arc per candidate pair, capacity 1) ->
units (capacity slots[j]) -> departments (capacity: the unit's max) -> t (capacity: the department's max),
``solve_max_flow_with_min_cost()`` with supply E; float costs reach it as round(cost * 10**6) (it takes integers
only), and its cost is then compared within (pairs / 10**6) of talentmatch's, integer costs exactly.

Each solver runs in a fresh process of its own (multiprocessing 'spawn'), all of its --repeats runs there, one after
the other, so that each one's memory is its own: "peak MiB" is the resident set's high-water mark during its first
solve above what the process held just before it (input loaded, CSR matrix or arc arrays built, modules imported),
from VmHWM after resetting it (/proc/self/clear_refs), or where that is not possible from getrusage's ru_maxrss
before and after. talentmatch's plan is checked in numpy (stored pairs only, experts once, slots and quotas
respected, objective equal to its pairs' cost) and by its certificate (untimed), and its pair count and cost against
OR-Tools'.

    python bench/compare_flow.py --sparse --quick          # smoke run, seconds
    python bench/compare_flow.py --sparse --repeats 3 --json flow-sparse.json
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import report
from flow_instances import DEPT_SHARE, SPARSE_CLASSES, UNIT_SHARE, SparseQuotaInstance, generate_sparse
from talentmatch.bench import REQUIREMENTS_PER_POST, SKILLS_PER_EXPERT, _sparse_profiles

MAX_SLOTS = 5


# --- instances ----------------------------------------------------------------------------------------------------


def _uniform(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 1000, size=(n, m), dtype=np.int64)


def _wide(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 1_000_000, size=(n, m), dtype=np.int64)


def _lowrank(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    # As talentmatch.bench's lowrank class, rectangular: expert i's fit to post j is a weighted sum of small
    # integers.
    experts = _sparse_profiles(n, SKILLS_PER_EXPERT, rng)
    posts = _sparse_profiles(m, REQUIREMENTS_PER_POST, rng)
    return np.ascontiguousarray(-(experts @ posts.T)).astype(np.int64)


@dataclass(frozen=True)
class FlowClass:
    name: str
    tag: int  # mixed into the seed
    description: str
    make: Callable[[int, int, np.random.Generator], np.ndarray]


CLASSES: dict[str, FlowClass] = {
    c.name: c
    for c in (
        FlowClass("uniform", 1, "integer costs uniform in 0..999", _uniform),
        FlowClass("wide", 2, "integer costs uniform in 0..999999", _wide),
        FlowClass(
            "lowrank", 3, "talent-like -(experts @ posts.T), sparse skill profiles (as talentmatch.bench)", _lowrank
        ),
    )
}


def generate(name: str, n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The cost matrix (C-contiguous int64) and the slots (1..MAX_SLOTS per post) of one instance."""
    cls = CLASSES[name]
    rng = np.random.default_rng([seed, cls.tag, n, m])
    cost = cls.make(n, m, rng)
    slots = rng.integers(1, MAX_SLOTS + 1, size=m, dtype=np.int64)
    assert cost.dtype == np.int64 and cost.flags.c_contiguous and cost.shape == (n, m)
    return cost, slots


# --- solvers ------------------------------------------------------------------------------------------------------


@dataclass
class Result:
    pairs: int
    objective: int


@dataclass
class Outcome:
    times_ms: list[float] = field(default_factory=list)  # talentmatch: total; OR-Tools: build + solve
    build_ms: list[float] = field(default_factory=list)
    solve_ms: list[float] = field(default_factory=list)
    result: Result | None = None
    error: str | None = None


def check_talentmatch(cost: np.ndarray, slots: np.ndarray, sol: Any, verify: bool) -> Result:
    """The plan's pair count and cost; raises ValueError if it is not a valid maximum-cardinality plan."""
    n, m = cost.shape
    rows, cols = np.asarray(sol.rows), np.asarray(sol.cols)
    if rows.shape != cols.shape:
        raise ValueError(f"rows {rows.shape} and cols {cols.shape} differ in shape")
    k = len(rows)
    if k and (rows.min() < 0 or rows.max() >= n or cols.min() < 0 or cols.max() >= m):
        raise ValueError("a pair is outside the matrix")
    if np.unique(rows * m + cols).size != k:
        raise ValueError("a pair is used twice")
    if np.any(np.bincount(rows, minlength=n) > 1):
        raise ValueError("an expert takes two posts")
    if np.any(np.bincount(cols, minlength=m) > slots):
        raise ValueError("a post takes more pairs than it has slots")
    expected = min(n, int(slots.sum()))
    if k != expected:
        raise ValueError(f"{k} pairs, expected min(n, total slots) = {expected}")
    total = int(cost[rows, cols].sum())
    if int(sol.objective) != total:
        raise ValueError(f"objective {sol.objective!r} != the cost of its pairs {total}")
    if verify:
        sol.verify()  # raises talentmatch.Error when the certificate fails
    return Result(k, total)


@dataclass
class OrtoolsInput:
    nodes: int
    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    supply: int


def ortools_prepare(cost: np.ndarray, slots: np.ndarray, fixed: bool) -> OrtoolsInput:
    """Arc arrays of s -> experts -> posts -> t (untimed): s = 0, experts 1..n, posts n+1..n+m, t = n+m+1."""
    n, m = cost.shape
    s, t = 0, n + m + 1
    experts = np.arange(1, n + 1, dtype=np.int64)
    posts = np.arange(n + 1, n + m + 1, dtype=np.int64)
    tails = np.concatenate([np.full(n, s, np.int64), np.repeat(experts, m), posts])
    heads = np.concatenate([experts, np.tile(posts, n), np.full(m, t, np.int64)])
    capacities = np.concatenate([np.ones(n, np.int64), np.ones(n * m, np.int64), slots.astype(np.int64)])
    costs = np.concatenate([np.zeros(n, np.int64), cost.ravel(), np.zeros(m, np.int64)])
    supply = min(n, int(slots.sum())) if fixed else n * m
    return OrtoolsInput(n + m + 2, tails, heads, capacities, costs, supply)


def ortools_run(inp: OrtoolsInput, fixed: bool) -> tuple[float, float, Result]:
    """(build ms, solve ms, result)."""
    from ortools.graph.python import min_cost_flow

    gc.collect()
    t0 = time.perf_counter()
    f = min_cost_flow.SimpleMinCostFlow()
    f.add_arcs_with_capacity_and_unit_cost(inp.tails, inp.heads, inp.capacities, inp.costs)
    f.set_nodes_supplies(np.array([0, inp.nodes - 1]), np.array([inp.supply, -inp.supply]))
    t1 = time.perf_counter()
    status = f.solve() if fixed else f.solve_max_flow_with_min_cost()
    if status != f.OPTIMAL:
        raise RuntimeError(f"SimpleMinCostFlow returned {status}")
    flow, objective = int(f.maximum_flow()), int(f.optimal_cost())
    t2 = time.perf_counter()
    return (t1 - t0) * 1e3, (t2 - t1) * 1e3, Result(flow, objective)


def talentmatch_run(cost: np.ndarray, slots: np.ndarray) -> tuple[float, Any]:
    import talentmatch

    gc.collect()
    t0 = time.perf_counter()
    sol = talentmatch.solve(cost, col_capacity=slots)
    return (time.perf_counter() - t0) * 1e3, sol


# --- sparse mode: instances with quotas, each solver in a process of its own --------------------------------------

FLOAT_SCALE = 10**6  # float costs reach OR-Tools as round(cost * FLOAT_SCALE)


def _load_instance(path: str) -> SparseQuotaInstance:
    with np.load(path) as z:
        return SparseQuotaInstance.from_arrays({k: z[k] for k in z.files})


def check_sparse_talentmatch(inst: SparseQuotaInstance, sol: Any, verify: bool) -> Result:
    """The plan's pair count and cost (exact for integers); raises ValueError unless it is a feasible plan whose
    objective is the cost of its pairs. That it has the most pairs, the cheapest, is the certificate's part (and
    OR-Tools' flow value and cost are compared with it)."""
    e, p = inst.experts, inst.posts
    rows, cols = np.asarray(sol.rows, dtype=np.int64), np.asarray(sol.cols, dtype=np.int64)
    if rows.shape != cols.shape or rows.ndim != 1:
        raise ValueError(f"rows {rows.shape} and cols {cols.shape} are not two vectors of one length")
    k = rows.size
    if k and (rows.min() < 0 or rows.max() >= e or cols.min() < 0 or cols.max() >= p):
        raise ValueError("a pair is outside the matrix")
    if np.any(np.bincount(rows, minlength=e) > 1):
        raise ValueError("an expert takes two posts")
    degree = np.bincount(cols, minlength=p)
    if np.any(degree > inst.slots):
        raise ValueError("a post takes more pairs than it has slots")
    per_unit = np.add.reduceat(degree, inst.unit_start[:-1])
    if np.any(per_unit > inst.unit_max):
        raise ValueError(f"unit {int(np.argmax(per_unit > inst.unit_max))} is above its max")
    per_dept = np.add.reduceat(per_unit, inst.dept_start[:-1])
    if np.any(per_dept > inst.dept_max):
        raise ValueError(f"department {int(np.argmax(per_dept > inst.dept_max))} is above its max")
    # The stored entries sorted by (row, column) (columns are sorted within each row): find each pair among them.
    keys = np.repeat(np.arange(e, dtype=np.int64), np.diff(inst.indptr)) * p + inst.indices
    want = rows * p + cols
    at = np.searchsorted(keys, want)
    if np.any(at >= keys.size) or np.any(keys[np.minimum(at, keys.size - 1)] != want):
        raise ValueError("a pair is not a stored entry")
    if np.unique(want).size != k:
        raise ValueError("a pair is used twice")
    if inst.data.dtype.kind == "i":
        total: int | float = int(inst.data[at].sum())
        if int(sol.objective) != total:
            raise ValueError(f"objective {sol.objective!r} != the cost of its pairs {total}")
    else:
        total = float(inst.data[at].sum())
        if abs(float(sol.objective) - total) > 1e-9 * max(1.0, abs(total)):
            raise ValueError(f"objective {sol.objective!r} != the cost of its pairs {total!r}")
    if verify:
        sol.verify()  # raises talentmatch.Error when the certificate fails
    return Result(k, sol.objective if inst.data.dtype.kind == "f" else total)


def sparse_child_talentmatch(path: str, repeats: int, warmup: int, verify: bool) -> dict[str, Any]:
    """In a fresh process: load the instance, build the csr_matrix and the quotas, then time talentmatch.solve."""
    out: dict[str, Any] = {"times_ms": [], "result": None, "memory": None, "error": None, "index_dtype": None}
    try:
        import scipy.sparse as sp
        import talentmatch

        inst = _load_instance(path)
        csr = sp.csr_matrix((inst.data, inst.indices, inst.indptr), shape=(inst.experts, inst.posts))
        out["index_dtype"] = str(csr.indices.dtype)
        slots, groups = inst.slots, inst.col_groups()
        peak = report.PeakMemory()
        peak.start()
        for rep in range(warmup + repeats):
            gc.collect()
            t0 = time.perf_counter()
            sol = talentmatch.solve(csr, col_capacity=slots, col_groups=groups)
            ms = (time.perf_counter() - t0) * 1e3
            if rep == 0:
                out["memory"] = peak.stop()
            res = check_sparse_talentmatch(inst, sol, verify and rep == 0)
            del sol
            if rep >= warmup:
                out["times_ms"].append(ms)
            if out["result"] is not None and out["result"] != (res.pairs, res.objective):
                raise ValueError(f"run {rep} gave {res}, an earlier run {out['result']}")
            out["result"] = (res.pairs, res.objective)
    except Exception as e:  # noqa: BLE001 - reported by the parent
        out["error"] = f"{type(e).__name__}: {e}"
    return out


def ortools_prepare_sparse(inst: SparseQuotaInstance) -> OrtoolsInput:
    """Arc arrays (untimed) of s -> experts -> posts -> units -> departments -> t: s = 0, experts 1..E, then the
    posts, the units, the departments, and t last."""
    e, p, u, d = inst.experts, inst.posts, inst.unit_max.size, inst.dept_max.size
    ex, po = 1, 1 + e
    un = po + p
    de = un + u
    t = de + d
    experts_of_pairs = np.repeat(np.arange(e, dtype=np.int64), np.diff(inst.indptr))
    if inst.data.dtype.kind == "i":
        pair_costs = inst.data.astype(np.int64)
    else:
        pair_costs = np.rint(inst.data * FLOAT_SCALE).astype(np.int64)
    tails = np.concatenate(
        [
            np.zeros(e, np.int64),
            ex + experts_of_pairs,
            po + np.arange(p, dtype=np.int64),
            un + np.arange(u, dtype=np.int64),
            de + np.arange(d, dtype=np.int64),
        ]
    )
    heads = np.concatenate(
        [
            ex + np.arange(e, dtype=np.int64),
            po + inst.indices.astype(np.int64),
            un + inst.unit_of_post,
            de + inst.dept_of_unit,
            np.full(d, t, np.int64),
        ]
    )
    capacities = np.concatenate(
        [np.ones(e, np.int64), np.ones(inst.nnz, np.int64), inst.slots, inst.unit_max, inst.dept_max]
    ).astype(np.int64)
    costs = np.concatenate([np.zeros(e, np.int64), pair_costs, np.zeros(p + u + d, np.int64)])
    return OrtoolsInput(t + 1, tails, heads, capacities, costs, e)


def sparse_child_ortools(path: str, repeats: int, warmup: int) -> dict[str, Any]:
    """In a fresh process: load the instance, prepare the arc arrays, then time building and solving the network."""
    out: dict[str, Any] = {"build_ms": [], "solve_ms": [], "result": None, "memory": None, "error": None}
    try:
        from ortools.graph.python import min_cost_flow  # noqa: F401 - imported before the baseline

        inp = ortools_prepare_sparse(_load_instance(path))
        peak = report.PeakMemory()
        peak.start()
        for rep in range(warmup + repeats):
            build, solve, res = ortools_run(inp, fixed=False)
            if rep == 0:
                out["memory"] = peak.stop()
            if rep >= warmup:
                out["build_ms"].append(build)
                out["solve_ms"].append(solve)
            if out["result"] is not None and out["result"] != (res.pairs, res.objective):
                raise ValueError(f"run {rep} gave {res}, an earlier run {out['result']}")
            out["result"] = (res.pairs, res.objective)
    except Exception as e:  # noqa: BLE001
        out["error"] = f"{type(e).__name__}: {e}"
    return out


def _in_fresh_process(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """fn(*args) in a new 'spawn' process; a crash of that process is reported as an error."""
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(fn, *args).result()
    except Exception as e:  # noqa: BLE001 - BrokenProcessPool and the like
        return {"error": f"the {fn.__name__} process failed: {type(e).__name__}: {e}"}


def sparse_mismatch(inst: SparseQuotaInstance, tm: dict[str, Any], ort: dict[str, Any]) -> str | None:
    """None when OR-Tools' flow value and cost agree with talentmatch's pair count and objective (integers exactly;
    floats within the rounding of OR-Tools' costs, pairs / FLOAT_SCALE), else what differs."""
    (tm_pairs, tm_obj), (flow, cost) = tm["result"], ort["result"]
    if inst.data.dtype.kind == "i":
        same = tm_pairs == flow and int(tm_obj) == int(cost)
        ort_cost: float = cost
    else:
        ort_cost = cost / FLOAT_SCALE
        same = tm_pairs == flow and abs(float(tm_obj) - ort_cost) <= (flow + 1) / FLOAT_SCALE
    if same:
        return None
    return f"talentmatch: {tm_pairs} pairs, cost {tm_obj!r}; OR-Tools: flow {flow}, cost {ort_cost!r}"


def format_sparse_table(rows: list[dict[str, Any]]) -> str:
    header = [
        "class",
        "E x P",
        "nnz",
        "pairs",
        "talentmatch ms",
        "ort build ms",
        "ort solve ms",
        "solve/tm",
        "(build+solve)/tm",
        "tm peak MiB",
        "ort peak MiB",
    ]
    body = []
    for r in rows:
        tm, ort = r["talentmatch"], r["ortools"]

        def mib(x: dict[str, Any]) -> str:
            return "-" if x.get("peak_mib") is None else f"{x['peak_mib']:.1f}"

        body.append(
            [
                r["class"],
                f"{r['experts']}x{r['posts']}",
                str(r["nnz"]),
                "MISMATCH" if r["mismatch"] else ("-" if r["pairs"] is None else str(r["pairs"])),
                "FAIL" if tm["error"] else report.fmt_ms(tm["median_ms"]),
                "FAIL" if ort["error"] else report.fmt_ms(ort["median_build_ms"]),
                "FAIL" if ort["error"] else report.fmt_ms(ort["median_solve_ms"]),
                report.fmt_ratio(r["ratio_solve"]),
                report.fmt_ratio(r["ratio_total"]),
                mib(tm),
                mib(ort),
            ]
        )
    return report.render_table(header, body)


def _units_and_depts(args: argparse.Namespace, p: int) -> tuple[int, int]:
    units = max(1, p // args.posts_per_unit)
    return units, max(1, units // args.units_per_dept)


def main_sparse(args: argparse.Namespace, talentmatch: Any, ortools: Any) -> int:
    notes = [
        f"talentmatch {getattr(talentmatch, '__version__', '?')}: solve(csr, col_capacity=slots, col_groups=units + "
        "departments) on a scipy csr_matrix; timed: the call",
        f"ortools {ortools.__version__}: SimpleMinCostFlow s -> experts -> posts -> units -> departments -> t, "
        "solve_max_flow_with_min_cost(); build timed: new graph, add_arcs_with_capacity_and_unit_cost (arc arrays "
        "prepared untimed), set_nodes_supplies; solve timed: the solve and reading maximum_flow / optimal_cost; "
        f"float costs as round(cost * {FLOAT_SCALE})",
        f"K = {args.candidates} distinct random candidate posts per expert; posts 1..5 slots; units of "
        f"{args.posts_per_unit} posts at most {UNIT_SHARE[0]}/{UNIT_SHARE[1]} of their slots, departments of "
        f"{args.units_per_dept} units at most {DEPT_SHARE[0]}/{DEPT_SHARE[1]} of their units' maxima; maximum "
        "cardinality",
        "each solver in a fresh 'spawn' process, its runs one after the other; peak MiB: resident set high-water "
        "mark during its first solve above the resident set just before it",
    ]
    env = report.reported_env()
    classes = [f"class {name}: {SPARSE_CLASSES[name][1]}" for name in args.classes]
    print(report.preamble(env, args.seed, args.repeats, args.warmup, notes + classes))
    print(flush=True)

    results: list[dict[str, Any]] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="compare_flow_") as tmp:
        for name in args.classes:
            for e, p in args.sizes:
                units, depts = _units_and_depts(args, p)
                label = f"{name} {e}x{p} (K={args.candidates}, U={units}, D={depts})"
                try:
                    inst = generate_sparse(name, e, p, args.candidates, units, depts, args.seed)
                except ValueError as err:
                    report.record_failure(failures, f"instance {label}: {err}")
                    continue
                path = str(Path(tmp) / f"{name}_{e}x{p}.npz")
                np.savez(path, **inst.arrays())
                tm = _in_fresh_process(sparse_child_talentmatch, path, args.repeats, args.warmup, not args.no_verify)
                ort = _in_fresh_process(sparse_child_ortools, path, args.repeats, args.warmup)
                mismatch = None
                if tm.get("error") is None and ort.get("error") is None:
                    mismatch = sparse_mismatch(inst, tm, ort)
                tm_med = report.median(tm.get("times_ms", []))
                build_ms, solve_ms = ort.get("build_ms", []), ort.get("solve_ms", [])
                ort_build, ort_solve = report.median(build_ms), report.median(solve_ms)
                ort_total = report.median([b + s for b, s in zip(build_ms, solve_ms, strict=True)])
                ok = tm.get("error") is None and ort.get("error") is None and mismatch is None and tm_med
                tm_mem, ort_mem = tm.get("memory") or {}, ort.get("memory") or {}
                entry: dict[str, Any] = {
                    "class": name,
                    "experts": e,
                    "posts": p,
                    "candidates": args.candidates,
                    "units": units,
                    "departments": depts,
                    "nnz": inst.nnz,
                    "total_slots": int(inst.slots.sum()),
                    "sum_unit_max": int(inst.unit_max.sum()),
                    "sum_dept_max": int(inst.dept_max.sum()),
                    "pairs": tm["result"][0] if tm.get("result") else None,
                    "objective": tm["result"][1] if tm.get("result") else None,
                    "talentmatch": {
                        "median_ms": tm_med,
                        "times_ms": tm.get("times_ms", []),
                        "peak_mib": tm_mem.get("peak_mib"),
                        "memory": tm_mem,
                        "index_dtype": tm.get("index_dtype"),
                        "error": tm.get("error"),
                    },
                    "ortools": {
                        "median_build_ms": ort_build,
                        "median_solve_ms": ort_solve,
                        "median_total_ms": ort_total,
                        "build_ms": build_ms,
                        "solve_ms": solve_ms,
                        "peak_mib": ort_mem.get("peak_mib"),
                        "memory": ort_mem,
                        "flow": ort["result"][0] if ort.get("result") else None,
                        "cost": ort["result"][1] if ort.get("result") else None,
                        "error": ort.get("error"),
                    },
                    "mismatch": mismatch,
                    "ratio_solve": ort_solve / tm_med if ok else None,
                    "ratio_total": ort_total / tm_med if ok else None,
                }
                results.append(entry)
                for who, err in (
                    ("talentmatch", tm.get("error")),
                    ("ortools", ort.get("error")),
                    ("mismatch", mismatch),
                ):
                    if err:
                        report.record_failure(failures, f"{who} on {label}, seed {args.seed}: {err}")
                print(
                    f"[{label}] talentmatch {report.fmt_ms(tm_med)} ({entry['talentmatch']['peak_mib'] or 0:.1f} MiB)"
                    f"  ortools build {report.fmt_ms(ort_build)} solve {report.fmt_ms(ort_solve)} "
                    f"({entry['ortools']['peak_mib'] or 0:.1f} MiB)",
                    file=sys.stderr,
                    flush=True,
                )
                del inst
                gc.collect()

    print(format_sparse_table(results))
    print(
        "\nsolve/tm: OR-Tools solve median / talentmatch median; (build+solve)/tm: OR-Tools build + solve median "
        "/ talentmatch median (> 1: talentmatch is faster); peak MiB: each solver's own process"
    )
    if args.json:
        report.write_results(
            args.json,
            "talentmatch-compare-flow-sparse/1",
            settings={
                "seed": args.seed,
                "repeats": args.repeats,
                "warmup": args.warmup,
                "sizes": [list(s) for s in args.sizes],
                "classes": args.classes,
                "candidates": args.candidates,
                "posts_per_unit": args.posts_per_unit,
                "units_per_dept": args.units_per_dept,
                "unit_share": list(UNIT_SHARE),
                "dept_share": list(DEPT_SHARE),
                "float_scale": FLOAT_SCALE,
                "verify": not args.no_verify,
            },
            environment=report.environment(env),
            failures=failures,
            notes=notes,
            results=results,
        )
    return report.report_failures(failures)


# --- running --------------------------------------------------------------------------------------------------------


def run_instance(
    cost: np.ndarray, slots: np.ndarray, repeats: int, warmup: int, fixed: bool, verify: bool
) -> tuple[Outcome, Outcome, str | None]:
    """Both solvers, interleaved; returns their outcomes and a description of any disagreement."""
    tm, ort = Outcome(), Outcome()
    try:
        inp: OrtoolsInput | None = ortools_prepare(cost, slots, fixed)
    except Exception as e:  # noqa: BLE001 - reported, not fatal to the other solver
        ort.error, inp = f"prepare failed: {type(e).__name__}: {e}", None
    for rep in range(warmup + repeats):
        if tm.error is None:
            try:
                ms, sol = talentmatch_run(cost, slots)
                res = check_talentmatch(cost, slots, sol, verify and rep == warmup)
                if rep >= warmup:
                    tm.times_ms.append(ms)
                if tm.result is not None and tm.result != res:
                    raise ValueError(f"run {rep} gave {res}, an earlier run {tm.result}")
                tm.result = res
            except Exception as e:  # noqa: BLE001
                tm.error = f"{type(e).__name__}: {e}"
        if ort.error is None and inp is not None:
            try:
                build, solve, res = ortools_run(inp, fixed)
                if rep >= warmup:
                    ort.build_ms.append(build)
                    ort.solve_ms.append(solve)
                    ort.times_ms.append(build + solve)
                if ort.result is not None and ort.result != res:
                    raise ValueError(f"run {rep} gave {res}, an earlier run {ort.result}")
                ort.result = res
            except Exception as e:  # noqa: BLE001
                ort.error = f"{type(e).__name__}: {e}"
    mismatch = None
    if tm.result is not None and ort.result is not None and tm.error is None and ort.error is None:
        if (tm.result.pairs, tm.result.objective) != (ort.result.pairs, ort.result.objective):
            mismatch = (
                f"talentmatch: {tm.result.pairs} pairs, cost {tm.result.objective}; OR-Tools: flow "
                f"{ort.result.pairs}, cost {ort.result.objective}"
            )
    return tm, ort, mismatch


def format_table(rows: list[dict[str, Any]]) -> str:
    header = [
        "class",
        "n x m",
        "pairs",
        "talentmatch ms",
        "ort build ms",
        "ort solve ms",
        "solve/tm",
        "(build+solve)/tm",
    ]
    body = []
    for r in rows:
        tm, ort = r["talentmatch"], r["ortools"]
        body.append(
            [
                r["class"],
                f"{r['n']}x{r['m']}",
                "MISMATCH" if r["mismatch"] else ("-" if r["pairs"] is None else str(r["pairs"])),
                "FAIL" if tm["error"] else report.fmt_ms(tm["median_ms"]),
                "FAIL" if ort["error"] else report.fmt_ms(ort["median_build_ms"]),
                "FAIL" if ort["error"] else report.fmt_ms(ort["median_solve_ms"]),
                report.fmt_ratio(r["ratio_solve"]),
                report.fmt_ratio(r["ratio_total"]),
            ]
        )
    return report.render_table(header, body)


def _size(text: str) -> tuple[int, int]:
    try:
        n, m = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NxM (e.g. 10000x1000), got {text!r}") from None
    if n < 1 or m < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive, got {text!r}")
    return n, m


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes",
        type=_size,
        nargs="+",
        metavar="NxM",
        help="experts x posts (default: 10000x1000 2000x200; with --sparse: 20000x2000 100000x10000)",
    )
    p.add_argument(
        "--classes",
        nargs="+",
        metavar="CLASS",
        help=f"instance classes, of {', '.join(CLASSES)} (default: uniform lowrank); with --sparse of "
        f"{', '.join(SPARSE_CLASSES)} (default: both)",
    )
    p.add_argument("--sparse", action="store_true", help="the sparse instances with nested quotas (flow_instances.py)")
    p.add_argument("--candidates", type=int, default=30, help="--sparse: candidate posts per expert (default 30)")
    p.add_argument("--posts-per-unit", type=int, default=20, help="--sparse: posts per unit (default 20)")
    p.add_argument("--units-per-dept", type=int, default=10, help="--sparse: units per department (default 10)")
    p.add_argument("--repeats", type=int, default=3, help="timed runs per solver and instance (median shown)")
    p.add_argument("--warmup", type=int, default=0, help="untimed runs per solver and instance first")
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument(
        "--ortools",
        choices=["maxflow", "fixed"],
        default="maxflow",
        help="maxflow: solve_max_flow_with_min_cost (default); fixed: solve() with the flow value min(n, slots)",
    )
    p.add_argument("--no-verify", action="store_true", help="skip talentmatch's certificate check (untimed)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run, 2 repeats: sizes 1000x100 300x60; with --sparse 2000x200 600x60, K = 10",
    )
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the results to PATH")
    args = p.parse_args(argv)
    known = SPARSE_CLASSES if args.sparse else CLASSES
    if args.classes is None:
        args.classes = list(SPARSE_CLASSES) if args.sparse else ["uniform", "lowrank"]
    unknown = [c for c in args.classes if c not in known]
    if unknown:
        p.error(
            f"unknown class {unknown[0]!r}{' with --sparse' if args.sparse else ''}; choose from {', '.join(known)}"
        )
    if args.sizes is None:
        args.sizes = [(20000, 2000), (100000, 10000)] if args.sparse else [(10000, 1000), (2000, 200)]
    if args.quick:
        args.repeats = 2
        if args.sparse:
            args.sizes, args.candidates = [(2000, 200), (600, 60)], 10
        else:
            args.sizes = [(1000, 100), (300, 60)]
    if args.repeats < 1 or args.warmup < 0:
        p.error("--repeats must be positive, --warmup not negative")
    if args.sparse and args.ortools == "fixed":
        p.error("--ortools fixed needs the flow value beforehand; --sparse runs solve_max_flow_with_min_cost only")
    if min(args.candidates, args.posts_per_unit, args.units_per_dept) < 1:
        p.error("--candidates, --posts-per-unit and --units-per-dept must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    talentmatch = report.import_talentmatch("build and install it first")
    if talentmatch is None:
        return 2
    try:
        import ortools
        from ortools.graph.python import min_cost_flow  # noqa: F401
    except ImportError as e:
        print(f"error: cannot import ortools.graph.python.min_cost_flow ({e}); pip install ortools", file=sys.stderr)
        return 2

    if args.sparse:
        return main_sparse(args, talentmatch, ortools)

    fixed = args.ortools == "fixed"
    notes = [
        f"talentmatch {getattr(talentmatch, '__version__', '?')}: solve(cost, col_capacity=slots) on the int64 "
        "matrix in place; timed: the call",
        f"ortools {ortools.__version__}: SimpleMinCostFlow, "
        + ("solve() with supply min(n, total slots)" if fixed else "solve_max_flow_with_min_cost()")
        + "; build timed: new graph, add_arcs_with_capacity_and_unit_cost (arc arrays prepared untimed), "
        "set_nodes_supplies; solve timed: the solve and reading maximum_flow / optimal_cost",
        f"experts capacity 1, posts 1..{MAX_SLOTS} slots each; every pair allowed",
    ]
    env = report.reported_env()
    classes = [f"class {name}: {CLASSES[name].description}" for name in args.classes]
    print(report.preamble(env, args.seed, args.repeats, args.warmup, notes + classes))
    print(flush=True)

    results: list[dict[str, Any]] = []
    failures: list[str] = []
    for name in args.classes:
        for n, m in args.sizes:
            cost, slots = generate(name, n, m, args.seed)
            tm, ort, mismatch = run_instance(cost, slots, args.repeats, args.warmup, fixed, not args.no_verify)
            tm_med = report.median(tm.times_ms)
            ok = tm.error is None and ort.error is None and mismatch is None and tm_med
            ort_build, ort_solve, ort_total = (report.median(x) for x in (ort.build_ms, ort.solve_ms, ort.times_ms))
            entry: dict[str, Any] = {
                "class": name,
                "n": n,
                "m": m,
                "total_slots": int(slots.sum()),
                "pairs": tm.result.pairs if tm.result else None,
                "objective": tm.result.objective if tm.result else None,
                "talentmatch": {"median_ms": tm_med, "times_ms": tm.times_ms, "error": tm.error},
                "ortools": {
                    "median_build_ms": ort_build,
                    "median_solve_ms": ort_solve,
                    "median_total_ms": ort_total,
                    "build_ms": ort.build_ms,
                    "solve_ms": ort.solve_ms,
                    "flow": ort.result.pairs if ort.result else None,
                    "objective": ort.result.objective if ort.result else None,
                    "error": ort.error,
                },
                "mismatch": mismatch,
                "ratio_solve": ort_solve / tm_med if ok else None,
                "ratio_total": ort_total / tm_med if ok else None,
            }
            results.append(entry)
            for who, err in (("talentmatch", tm.error), ("ortools", ort.error), ("mismatch", mismatch)):
                if err:
                    report.record_failure(failures, f"{who} on {name} {n}x{m}: {err}")
            print(
                f"[{name} {n}x{m}] talentmatch {report.fmt_ms(tm_med)}  ortools build {report.fmt_ms(ort_build)} "
                f"solve {report.fmt_ms(ort_solve)}",
                file=sys.stderr,
                flush=True,
            )
            del cost
            gc.collect()

    print(format_table(results))
    print(
        "\nsolve/tm: OR-Tools solve median / talentmatch median; (build+solve)/tm: OR-Tools build + solve median "
        "/ talentmatch median (> 1: talentmatch is faster)"
    )

    if args.json:
        report.write_results(
            args.json,
            "talentmatch-compare-flow/1",
            settings={
                "seed": args.seed,
                "repeats": args.repeats,
                "warmup": args.warmup,
                "sizes": [list(s) for s in args.sizes],
                "classes": args.classes,
                "ortools": args.ortools,
                "verify": not args.no_verify,
                "max_slots": MAX_SLOTS,
            },
            environment=report.environment(env),
            failures=failures,
            notes=notes,
            results=results,
        )

    return report.report_failures(failures)


if __name__ == "__main__":
    sys.exit(main())
