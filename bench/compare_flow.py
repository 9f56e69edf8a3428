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
    lowrank   talent-like: -(experts @ posts.T) with the sparse skill profiles of instances.py (integers)

Each (class, size) instance is generated once from --seed; both solvers then run --repeats times on it,
interleaved within each repeat. The table shows median wall times in milliseconds and the ratios
OR-Tools / talentmatch (> 1: talentmatch is faster) for the solve alone and for build + solve.

Every run is checked: talentmatch's plan in numpy (distinct pairs, slots respected, experts used at most once, the
objective equal to the cost of its pairs, min(n, total slots) pairs) and by its certificate (untimed, skip with
--no-verify), and OR-Tools' flow value and optimal cost must equal talentmatch's pair count and objective
exactly. A mismatch or an error is printed loudly and makes the script exit with status 1.

    python bench/compare_flow.py --quick                    # smoke run, a few seconds
    python bench/compare_flow.py --sizes 10000x1000 --classes uniform --repeats 5 --json flow.json
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import report
from instances import REQUIREMENTS_PER_POST, SKILLS_PER_EXPERT, _sparse_profiles

MAX_SLOTS = 5


# --- instances ----------------------------------------------------------------------------------------------------


def _uniform(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 1000, size=(n, m), dtype=np.int64)


def _wide(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 1_000_000, size=(n, m), dtype=np.int64)


def _lowrank(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    # As instances.py's lowrank class, rectangular: expert i's fit to post j is a weighted sum of small integers.
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
        FlowClass("lowrank", 3, "talent-like -(experts @ posts.T), sparse skill profiles (instances.py)", _lowrank),
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
        default=[(10000, 1000), (2000, 200)],
        metavar="NxM",
        help="experts x posts (default: 10000x1000 2000x200)",
    )
    p.add_argument(
        "--classes",
        nargs="+",
        choices=list(CLASSES),
        default=["uniform", "lowrank"],
        metavar="CLASS",
        help=f"instance classes, of {', '.join(CLASSES)} (default: uniform lowrank)",
    )
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
    p.add_argument("--quick", action="store_true", help="smoke run: sizes 1000x100 300x60, 2 repeats")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the results to PATH")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats = [(1000, 100), (300, 60)], 2
    if args.repeats < 1 or args.warmup < 0:
        p.error("--repeats must be positive, --warmup not negative")
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
