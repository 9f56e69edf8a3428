#!/usr/bin/env python3
"""Time talentmatch against the anchor solvers on the same dense instances, in one process.

Anchors: scipy.optimize.linear_sum_assignment (always; it is also the reference every objective is checked
against), lap.lapjv and lapx's lapjv (when importable), and OR-Tools' SimpleLinearSumAssignment (on an integer
copy of the costs). The instance classes come from instances.py, shared with the other benchmarks.

Each (class, size) instance is generated once from --seed; every solver then runs --repeats times on that
same array, the solvers interleaved within each repeat so that slow drifts of the machine hit them alike.
The table shows median wall times in milliseconds and, per anchor, anchor time / talentmatch time (> 1:
talentmatch is faster).

Every run's assignment is checked: a full matching of min(n, m) pairs whose cost equals scipy's optimum
(relative 1e-9; OR-Tools within the rounding bound of its scaled instance). A mismatch or a solver error is
printed loudly and makes the script exit with status 1.

    python bench/compare_anchors.py --quick                    # smoke run, a few seconds
    python bench/compare_anchors.py --classes uniform lowrank --sizes 1000 2000 --json results.json
"""

from __future__ import annotations

import argparse
import base64
import gc
import hashlib
import importlib
import importlib.metadata
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import report
import scipy
from instances import CLASSES, generate
from scipy.optimize import linear_sum_assignment as scipy_lsa

OBJECTIVE_RTOL = 1e-9
ORTOOLS_SCALE = 1e6  # float costs are given to OR-Tools as round(c * ORTOOLS_SCALE) in int64

Pairs = tuple[np.ndarray, np.ndarray]


@dataclass
class Solver:
    """One column of the table.

    `prepare` (untimed) turns the instance into the solver's input; `solve` (timed) returns the matched pairs
    as scipy does: (row indices, column indices)."""

    name: str
    solve: Callable[[Any], Pairs]
    prepare: Callable[[np.ndarray], Any] = lambda cost: cost
    # Absolute tolerance on the true cost of the returned assignment, given the instance and scipy's optimum.
    tolerance: Callable[[np.ndarray, float], float] = lambda cost, ref: OBJECTIVE_RTOL * max(1.0, abs(ref))


@dataclass
class Outcome:
    times_ms: list[float] = field(default_factory=list)
    objective: float | None = None
    error: str | None = None  # set on an exception, an invalid matching or a wrong objective


# --- solvers ------------------------------------------------------------------------------------------------


def _talentmatch(self_test: bool) -> tuple[Solver, str]:
    if self_test:
        return Solver("talentmatch", scipy_lsa), (
            "--self-test-with-scipy: the talentmatch column is scipy.optimize.linear_sum_assignment, not "
            "talentmatch; ratios near 1 are expected"
        )
    import talentmatch

    version = getattr(talentmatch, "__version__", "?")
    return Solver("talentmatch", talentmatch.linear_sum_assignment), f"talentmatch {version}: linear_sum_assignment"


def _record_digest(path: Path) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()


def _owner(path: Path, candidates: tuple[str, ...] = ("lap", "lapx")) -> str | None:
    """Which installed distribution wrote `path`, by the sha256 in its RECORD.

    lap and lapx both install a package directory named `lap`, so with both installed the files there belong
    to whichever was installed last (or a mix of the two); the module name alone does not say whose code
    runs.
    """
    path = path.resolve()
    digest = None
    for dist_name in candidates:
        try:
            dist = importlib.metadata.distribution(dist_name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for f in dist.files or ():
            if f.hash is None or f.hash.mode != "sha256" or f.name != path.name:
                continue
            try:
                if Path(dist.locate_file(f)).resolve() != path:
                    continue
                digest = digest or _record_digest(path)
            except OSError:
                continue
            if f.hash.value == digest:
                return dist_name
    return None


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _lapjv_solver(name: str, lapjv: Callable[..., Any]) -> Solver:
    def solve(cost: np.ndarray) -> Pairs:
        # lapjv solves square matrices; extend_cost pads a rectangular one with zeros (a full matching of the
        # smaller side, the same problem as scipy's).
        x, _ = lapjv(cost, extend_cost=cost.shape[0] != cost.shape[1], return_cost=False)
        rows = np.flatnonzero(x >= 0)
        return rows, x[rows]

    return Solver(name, solve)


def _lap_solvers() -> tuple[list[Solver], list[str]]:
    """The lap and lapx columns, each labelled by the distribution whose code actually runs."""
    solvers: list[Solver] = []
    notes: list[str] = []
    lap_version, lapx_version = _dist_version("lap"), _dist_version("lapx")
    lap_is: str | None = None  # whose code `import lap` runs: "lap", "lapx" or None
    try:
        import lap

        native = Path(importlib.import_module(lap.lapjv.__module__).__file__)
        owner_init, owner_native = _owner(Path(lap.__file__)), _owner(native)
        lap_is = owner_native or owner_init or ("lapx" if lap_version is None and lapx_version else "lap")
        if owner_init and owner_native and owner_init != owner_native:
            notes.append(
                f"the `lap` module mixes files of lap and lapx (__init__ from {owner_init}, {native.name} "
                f"from {owner_native}); its lapjv runs {owner_native}'s native code and is labelled so"
            )
        elif owner_native is None and owner_init is None:
            notes.append(f"could not tell from the installed RECORDs whether `lap` is lap or lapx; labelled {lap_is}")
        version = lap_version if lap_is == "lap" else lapx_version
        solvers.append(_lapjv_solver(lap_is, lap.lapjv))
        notes.append(f"{lap_is} {version}: lap.lapjv ({lap.__file__}), extend_cost=True for rectangular instances")
    except ImportError as e:
        if lap_version or lapx_version:
            notes.append(f"lap: skipped, `import lap` failed: {e}")
        else:
            notes.append("lap: skipped, not installed (pip install lap)")

    # Newer lapx releases may install a module of their own name; use it when it is not the module above.
    lapx_mod = None
    try:
        lapx_mod = importlib.import_module("lapx")
    except ImportError:
        pass
    if lapx_mod is not None and lap_is != "lapx" and hasattr(lapx_mod, "lapjv"):
        solvers.append(_lapjv_solver("lapx", lapx_mod.lapjv))
        notes.append(f"lapx {lapx_version}: lapx.lapjv ({lapx_mod.__file__})")
    elif lap_is == "lapx":
        if lap_version:
            notes.append(
                f"lap: skipped, lap {lap_version} is installed but `import lap` loads lapx's files; lap "
                "cannot be imported separately (install lap alone in another environment to time it)"
            )
        else:
            notes.append("lap: skipped, not installed (the `lap` module here is lapx's)")
    elif lapx_version:
        notes.append(
            f"lapx: skipped, lapx {lapx_version} is installed but shares the `lap` package directory with "
            f"lap {lap_version}, whose files are the ones there now; lapx cannot be imported separately "
            "(install lapx alone in another environment to time it)"
        )
    else:
        notes.append("lapx: skipped, not installed (pip install lapx)")
    return solvers, notes


@dataclass
class _OrtoolsInput:
    rows: int
    cols: int
    scale: float
    tails: np.ndarray
    heads: np.ndarray
    costs: np.ndarray


def _ortools_solver() -> tuple[list[Solver], list[str]]:
    try:
        from ortools.graph.python import linear_sum_assignment as ort_lsa
    except ImportError as e:
        return [], [f"ortools: skipped, cannot import ortools.graph.python.linear_sum_assignment ({e})"]

    def prepare(cost: np.ndarray) -> _OrtoolsInput:
        n, m = cost.shape
        integral = bool(np.all(cost == np.rint(cost)))
        scale = 1.0 if integral else ORTOOLS_SCALE
        scaled = np.rint(cost * scale).astype(np.int64)
        # SimpleLinearSumAssignment wants a perfect matching of a square problem: the smaller side gets
        # zero-cost dummy nodes, which changes no assignment's cost.
        k = max(n, m)
        if (n, m) != (k, k):
            padded = np.zeros((k, k), dtype=np.int64)
            padded[:n, :m] = scaled
            scaled = padded
        tails = np.repeat(np.arange(k, dtype=np.int32), k)  # row-major arcs: (0, 0), (0, 1), ...
        heads = np.tile(np.arange(k, dtype=np.int32), k)
        return _OrtoolsInput(n, m, scale, tails, heads, scaled.ravel())

    def solve(inp: _OrtoolsInput) -> Pairs:
        a = ort_lsa.SimpleLinearSumAssignment()
        a.add_arcs_with_cost(inp.tails, inp.heads, inp.costs)
        status = a.solve()
        if status != a.OPTIMAL:
            raise RuntimeError(f"SimpleLinearSumAssignment.solve() returned {status}")
        mate = np.fromiter((a.right_mate(i) for i in range(inp.rows)), dtype=np.int64, count=inp.rows)
        keep = mate < inp.cols  # a real row matched to a dummy column is unmatched (n > m)
        return np.flatnonzero(keep), mate[keep]

    def tolerance(cost: np.ndarray, ref: float) -> float:
        # The assignment is optimal for the rounded costs; each of the k = min(n, m) matched costs moves by at
        # most 0.5 / scale in rounding, so its true cost is within k / scale of the true optimum.
        integral = bool(np.all(cost == np.rint(cost)))
        k = min(cost.shape)
        return (0.0 if integral else k / ORTOOLS_SCALE) + OBJECTIVE_RTOL * max(1.0, abs(ref))

    import ortools

    note = (
        f"ortools {ortools.__version__}: SimpleLinearSumAssignment solves the INTEGER instance "
        f"round(c * {ORTOOLS_SCALE:g}) (integer classes as they are), padded to square with zero-cost "
        "dummies; timed: building the graph (add_arcs_with_cost), solving, reading the mates; its assignment "
        "is checked on the original costs within the rounding bound min(n, m) / scale"
    )
    return [Solver("ortools", solve, prepare, tolerance)], [note]


# --- running ------------------------------------------------------------------------------------------------


def _check(cost: np.ndarray, pairs: Pairs) -> float:
    """The cost of a valid full matching; raises ValueError if `pairs` is not one."""
    rows, cols = (np.asarray(a) for a in pairs)
    n, m = cost.shape
    k = min(n, m)
    if rows.shape != (k,) or cols.shape != (k,):
        raise ValueError(f"returned {rows.shape} rows and {cols.shape} columns, expected {k} pairs")
    if rows.min(initial=0) < 0 or rows.max(initial=0) >= n or cols.min(initial=0) < 0 or cols.max(initial=0) >= m:
        raise ValueError("returned an index out of range")
    if np.unique(rows).size != k or np.unique(cols).size != k:
        raise ValueError("returned a row or a column twice")
    return float(cost[rows, cols].sum())


def _time_one(solver: Solver, arg: Any) -> tuple[float, Pairs]:
    gc.collect()
    t0 = time.perf_counter()
    pairs = solver.solve(arg)
    return (time.perf_counter() - t0) * 1e3, pairs


def run_instance(cost: np.ndarray, solvers: list[Solver], repeats: int, warmup: int = 0) -> dict[str, Outcome]:
    """Runs every solver `warmup` times untimed, then `repeats` times timed, on `cost`.

    solvers[0] must be scipy: its objective is the reference the others are checked against.
    """
    outcomes = {s.name: Outcome() for s in solvers}
    inputs: dict[str, Any] = {}
    for s in solvers:
        try:
            inputs[s.name] = s.prepare(cost)
        except Exception as e:  # noqa: BLE001 - any failure of a solver is reported, not fatal to the others
            outcomes[s.name].error = f"prepare failed: {type(e).__name__}: {e}"
    ref: float | None = None
    for rep in range(warmup + repeats):
        for s in solvers:
            out = outcomes[s.name]
            if out.error is not None:
                continue
            try:
                ms, pairs = _time_one(s, inputs[s.name])
                obj = _check(cost, pairs)
            except Exception as e:  # noqa: BLE001
                out.error = f"{type(e).__name__}: {e}"
                continue
            if rep >= warmup:
                out.times_ms.append(ms)
            if s is solvers[0]:
                ref = obj if ref is None else ref
            if ref is None:
                out.error = "no reference objective (scipy failed)"
                continue
            tol = s.tolerance(cost, ref)
            if abs(obj - ref) > tol:
                diff = abs(obj - ref)
                out.error = f"objective {obj!r} != scipy's {ref!r} (|diff| {diff:.3g} > tolerance {tol:.3g})"
            out.objective = obj
    return outcomes


def format_table(rows: list[dict[str, Any]], names: list[str]) -> str:
    anchors = names[1:]
    header = ["class", "n", "talentmatch ms"]
    for a in anchors:
        header += [f"{a} ms", f"{a}/tm"]
    body = []
    for r in rows:
        res = r["solvers"]
        tm = res["talentmatch"]["median_ms"]
        line = [r["class"], str(r["n"]), "FAIL" if res["talentmatch"]["error"] else report.fmt_ms(tm)]
        for a in anchors:
            if a not in res:
                line += ["-", "-"]
                continue
            if res[a]["error"]:
                line += ["FAIL", "-"]
                continue
            line += [report.fmt_ms(res[a]["median_ms"]), report.fmt_ratio(res[a]["ratio"])]
        body.append(line)
    return report.render_table(header, body)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000], metavar="N")
    p.add_argument("--classes", nargs="+", choices=list(CLASSES), default=list(CLASSES), metavar="CLASS")
    p.add_argument("--repeats", type=int, default=5, help="timed runs per solver and instance (median shown)")
    p.add_argument("--warmup", type=int, default=0, help="untimed runs per solver and instance first")
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument(
        "--anchors",
        nargs="*",
        choices=["lap", "lapx", "ortools"],
        default=["lap", "lapx", "ortools"],
        help="anchors to run besides scipy (which always runs: it is the reference)",
    )
    p.add_argument("--quick", action="store_true", help="smoke run: sizes 100 200, 2 repeats")
    p.add_argument(
        "--no-caps",
        action="store_true",
        help="also run the sizes a class skips by default (shifted, machol-wien)",
    )
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the results to PATH")
    p.add_argument(
        "--self-test-with-scipy",
        action="store_true",
        help="use scipy in place of talentmatch (to test this script where talentmatch is not built)",
    )
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats = [100, 200], 2
    if args.repeats < 1 or args.warmup < 0 or any(n < 1 for n in args.sizes):
        p.error("--repeats and --sizes must be positive, --warmup not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        tm, tm_note = _talentmatch(args.self_test_with_scipy)
    except (ImportError, AttributeError) as e:
        print(
            f"error: cannot import talentmatch.linear_sum_assignment ({e}); build talentmatch, or pass "
            "--self-test-with-scipy",
            file=sys.stderr,
        )
        return 2

    notes = [
        tm_note,
        f"scipy {scipy.__version__}: scipy.optimize.linear_sum_assignment, the reference objective",
    ]
    solvers = [tm, Solver("scipy", scipy_lsa)]
    if {"lap", "lapx"} & set(args.anchors):
        lap_solvers, lap_notes = _lap_solvers()
        notes += lap_notes
        solvers += [s for s in lap_solvers if s.name in args.anchors]
    if "ortools" in args.anchors:
        ort, ort_notes = _ortools_solver()
        solvers += ort
        notes += ort_notes
    # scipy first: it sets the reference objective the others (talentmatch included) are checked against.
    order = [solvers[1], solvers[0], *solvers[2:]]
    names = [s.name for s in solvers]

    env = report.reported_env()
    print(report.preamble(env, args.seed, args.repeats, args.warmup, notes))
    print(flush=True)

    results: list[dict[str, Any]] = []
    failures: list[str] = []
    skipped: list[str] = []
    for name in args.classes:
        cls = CLASSES[name]
        for n in args.sizes:
            if cls.max_n is not None and n > cls.max_n and not args.no_caps:
                skipped.append(f"{name} n={n} (above its default cap {cls.max_n}; --no-caps runs it)")
                continue
            cost = generate(name, n, args.seed)
            outcomes = run_instance(cost, order, args.repeats, args.warmup)
            tm_med = report.median(outcomes["talentmatch"].times_ms)
            entry: dict[str, Any] = {
                "class": name,
                "n": n,
                "shape": list(cost.shape),
                "reference_objective": outcomes["scipy"].objective,
                "solvers": {},
            }
            for s in solvers:
                out = outcomes[s.name]
                med = report.median(out.times_ms)
                tm_ok = outcomes["talentmatch"].error is None
                ratio = med / tm_med if med is not None and tm_med and tm_ok and not out.error else None
                entry["solvers"][s.name] = {
                    "median_ms": med,
                    "times_ms": out.times_ms,
                    "ratio": ratio,
                    "objective": out.objective,
                    "error": out.error,
                }
                if out.error:
                    report.record_failure(failures, f"{s.name} on {name} n={n}: {out.error}")
            results.append(entry)
            line = "  ".join(f"{s.name} {report.fmt_ms(entry['solvers'][s.name]['median_ms'])}" for s in solvers)
            print(f"[{name} n={n}] {line}", file=sys.stderr, flush=True)

    print(format_table(results, names))
    print("\n<anchor>/tm: anchor median time / talentmatch median time (> 1: talentmatch is faster)")
    for s in skipped:
        print(f"skipped: {s}")

    if args.json:
        report.write_results(
            args.json,
            "talentmatch-compare-anchors/1",
            settings={
                "seed": args.seed,
                "repeats": args.repeats,
                "warmup": args.warmup,
                "sizes": args.sizes,
                "classes": args.classes,
                "self_test_with_scipy": args.self_test_with_scipy,
                "ortools_scale": ORTOOLS_SCALE,
                "objective_rtol": OBJECTIVE_RTOL,
            },
            environment=report.environment(env, scipy=scipy.__version__),
            failures=failures,
            solvers=names,
            notes=notes,
            skipped=skipped,
            results=results,
        )

    return report.report_failures(failures)


if __name__ == "__main__":
    sys.exit(main())
