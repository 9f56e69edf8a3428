"""Time talentmatch against the installed exact peers on the same dense instances, in one process.

    python -m talentmatch.bench --classes uniform lowrank --sizes 1000 2000 --peers scipy lapx ortools --json out.json

Peers (``--peers``, default all three; one that is not installed is skipped with a line saying so):
    scipy     scipy.optimize.linear_sum_assignment, the reference objective when it runs
    lapx      every dense solver the installed ``lap`` module has (lapx installs itself as ``lap``): lapjv,
              lapjvx, lapjvc, lapjvs (prefer_float32=False), lapjvr, lapjvh, each when present
    ortools   ortools.graph.python.linear_sum_assignment.SimpleLinearSumAssignment on int64 costs: the integer
              classes as they are, the others as round(c * 1e6); padded to square with zero-cost dummies

Each (class, size) instance comes from talentmatch.bench.generate(class, size, --seed); every solver then runs
--repeats times on that same array, the solvers interleaved within each repeat so that slow drifts of the machine
hit them alike. "one read" is a plain streaming read of the same array (``cost.sum()``), timed in the same
rotation: the time no solver that reads every entry can beat.

Every run is checked: a full matching of min(n, m) pairs whose cost equals the reference objective (scipy's, or
talentmatch's when scipy is not among the peers) within 1e-9 relative, OR-Tools' within its rounding bound
min(n, m) / 1e6 on the float classes. A mismatch or a solver error is printed loudly and the exit status is 1;
a usage error (an unknown class or peer) exits with 2.

The output is markdown: the machine and versions, then per class and size each solver's median time, min-max,
peer / talentmatch (> 1: talentmatch is faster) and its time as a multiple of one read, then the ratios alone.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import math
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import talentmatch
from talentmatch.bench import CLASSES, generate
from talentmatch.bench import _report as report

PEERS = ("scipy", "lapx", "ortools")
# lapx's dense solvers, in the order of its README; a version has some of them (lapjvr and lapjvh came in 0.11).
LAPX_FUNCTIONS = ("lapjv", "lapjvx", "lapjvc", "lapjvs", "lapjvr", "lapjvh")
OBJECTIVE_RTOL = 1e-9
ORTOOLS_SCALE = 1e6  # float costs are given to OR-Tools as round(c * ORTOOLS_SCALE) in int64
ONE_READ = "one read"
TALENTMATCH = "talentmatch"
DEFAULT_SEED = 20240611  # that of the figures before this package (bench/compare_anchors.py)

Pairs = tuple[np.ndarray, np.ndarray]


def _default_tolerance(cost: np.ndarray, ref: float) -> float:
    return OBJECTIVE_RTOL * max(1.0, abs(ref))


@dataclass
class Solver:
    """One solver in the rotation.

    `prepare` (untimed) turns the instance into the solver's input; `solve` (timed) returns the matched pairs as
    scipy does, (row indices, column indices). `tolerance(cost, ref)`: the absolute tolerance on the true cost of
    its assignment. `checked` is False for the one-read baseline, which returns no assignment."""

    name: str
    solve: Callable[[Any], Any]
    prepare: Callable[[np.ndarray], Any] = lambda cost: cost
    tolerance: Callable[[np.ndarray, float], float] = _default_tolerance
    checked: bool = True


@dataclass
class Outcome:
    times_ms: list[float] = field(default_factory=list)
    peaks_mib: list[float] = field(default_factory=list)  # what each timed run added to resident memory at its peak
    objectives: list[float] = field(default_factory=list)
    tolerance: float | None = None
    error: str | None = None  # set on an exception, an invalid matching or a wrong objective


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


# --- solvers ------------------------------------------------------------------------------------------------------


def _scipy() -> tuple[list[Solver], list[str], dict[str, str]]:
    try:
        import scipy
        from scipy.optimize import linear_sum_assignment
    except ImportError as e:
        return [], [f"scipy: skipped, not installed ({e}); pip install scipy"], {}
    return [Solver("scipy", linear_sum_assignment)], [], {"scipy": scipy.__version__}


def _lapx_solver(name: str, fn: Callable[..., Any]) -> Solver:
    # lapjv returns mapping arrays (x[i]: the column of row i, -1 if none); the others aligned index arrays, as
    # scipy does (lapjvs with jvx_like=True). extend_cost=True lets the square-only ones pad a rectangular matrix
    # with zeros (the same problem as scipy's) and lapjvr/lapjvh take their native rectangular path.
    square = report.accepted_kwargs(fn, {"return_cost": False, "jvx_like": True, "prefer_float32": False})
    rect = report.accepted_kwargs(fn, {**square, "extend_cost": True})

    def solve(cost: np.ndarray) -> Pairs:
        out = fn(cost, **(square if cost.shape[0] == cost.shape[1] else rect))
        if name == "lapjv":
            x = np.asarray(out[0])[: cost.shape[0]]  # padded rows, if any, come after the real ones
            rows = np.flatnonzero((x >= 0) & (x < cost.shape[1]))
            return rows, x[rows]
        return out[0], out[1]

    return Solver(f"lapx.{name}", solve)


def _lapx() -> tuple[list[Solver], list[str], dict[str, str]]:
    lapx_version, lap_version = _dist_version("lapx"), _dist_version("lap")
    if lapx_version is None:
        there = f" (lap {lap_version} is, but it is not lapx)" if lap_version else ""
        return [], [f"lapx: skipped, not installed{there}; pip install lapx"], {}
    try:
        import lap
    except ImportError as e:
        return [], [f"lapx: skipped, `import lap` failed: {e}"], {"lapx": lapx_version}
    found = [f for f in LAPX_FUNCTIONS if callable(getattr(lap, f, None))]
    missing = [f for f in LAPX_FUNCTIONS if f not in found]
    notes = [
        f"lapx {lapx_version}: module `lap` ({lap.__file__}); found {', '.join(found) or 'none'}"
        + (f"; not in this version: {', '.join(missing)}" if missing else "")
        + ("; lapjvs with prefer_float32=False" if "lapjvs" in found else "")
    ]
    if lap_version:
        # lap and lapx both install a package directory named lap: the one installed last owns its files.
        notes.append(
            f"lap {lap_version} is installed too and shares the `lap` directory with lapx; if only lapjv is found, "
            "lap's files replaced lapx's: pip uninstall lap && pip install --force-reinstall lapx"
        )
    return [_lapx_solver(f, getattr(lap, f)) for f in found], notes, {"lapx": lapx_version}


@dataclass
class _OrtoolsInput:
    rows: int
    cols: int
    tails: np.ndarray
    heads: np.ndarray
    costs: np.ndarray


def _ortools() -> tuple[list[Solver], list[str], dict[str, str]]:
    try:
        from ortools.graph.python import linear_sum_assignment as ort_lsa
    except ImportError as e:
        return [], [f"ortools: skipped, cannot import ortools.graph.python.linear_sum_assignment ({e})"], {}

    def integral(cost: np.ndarray) -> bool:
        return bool(np.all(cost == np.rint(cost)))

    def prepare(cost: np.ndarray) -> _OrtoolsInput:
        n, m = cost.shape
        scaled = np.rint(cost * (1.0 if integral(cost) else ORTOOLS_SCALE)).astype(np.int64)
        # SimpleLinearSumAssignment wants a perfect matching of a square problem: the smaller side gets zero-cost
        # dummy nodes, which changes no assignment's cost.
        k = max(n, m)
        if (n, m) != (k, k):
            padded = np.zeros((k, k), dtype=np.int64)
            padded[:n, :m] = scaled
            scaled = padded
        tails = np.repeat(np.arange(k, dtype=np.int32), k)  # row-major arcs: (0, 0), (0, 1), ...
        heads = np.tile(np.arange(k, dtype=np.int32), k)
        return _OrtoolsInput(n, m, tails, heads, scaled.ravel())

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
        # The assignment is optimal for the rounded costs; each of the k = min(n, m) matched costs moves by at most
        # 0.5 / scale in rounding, so its true cost is within k / scale of the true optimum.
        return (0.0 if integral(cost) else min(cost.shape) / ORTOOLS_SCALE) + _default_tolerance(cost, ref)

    version = _dist_version("ortools") or "?"
    note = (
        f"ortools {version}: SimpleLinearSumAssignment on int64 costs, round(c * {ORTOOLS_SCALE:.0f}) for the float "
        "classes (integer classes as they are), padded to square with zero-cost dummies; timed: add_arcs_with_cost, "
        "solve, reading the mates (the arc arrays are built untimed); checked within the rounding bound "
        "min(n, m) / scale"
    )
    return [Solver("ortools", solve, prepare, tolerance)], [note], {"ortools": version}


def _one_read() -> Solver:
    # A plain streaming read of every entry: numpy's pairwise sum runs at memory bandwidth for large matrices.
    return Solver(ONE_READ, lambda cost: cost.sum(), checked=False)


PEER_SOLVERS: dict[str, Callable[[], tuple[list[Solver], list[str], dict[str, str]]]] = {
    "scipy": _scipy,
    "lapx": _lapx,
    "ortools": _ortools,
}


# --- running ------------------------------------------------------------------------------------------------------


def _objective(cost: np.ndarray, pairs: Pairs) -> float:
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


def _time_one(solver: Solver, arg: Any) -> tuple[float, float | None, Any]:
    """(ms, peak MiB, result) of one run (report.measured collects garbage first, untimed)."""
    seconds, peak, out = report.measured(solver.solve, arg)
    return seconds * 1e3, peak, out


def run_instance(
    cost: np.ndarray, solvers: list[Solver], reference: str, repeats: int, warmup: int = 0
) -> dict[str, Outcome]:
    """Runs every solver `warmup` times untimed, then `repeats` times timed, on `cost`, interleaved within each
    repeat; then checks every run's objective against the first of solver `reference`."""
    outcomes = {s.name: Outcome() for s in solvers}
    inputs: dict[str, Any] = {}
    for s in solvers:
        try:
            inputs[s.name] = s.prepare(cost)
        except Exception as e:  # noqa: BLE001 - any failure of a solver is reported, not fatal to the others
            outcomes[s.name].error = f"prepare failed: {type(e).__name__}: {e}"
    for rep in range(warmup + repeats):
        for s in solvers:
            out = outcomes[s.name]
            if out.error is not None:
                continue
            try:
                ms, peak, result = _time_one(s, inputs[s.name])
                if s.checked:
                    out.objectives.append(_objective(cost, result))
            except Exception as e:  # noqa: BLE001
                out.error = f"{type(e).__name__}: {e}"
                continue
            if rep >= warmup:
                out.times_ms.append(ms)
                if peak is not None:
                    out.peaks_mib.append(peak)

    ref_out = outcomes[reference]
    ref = ref_out.objectives[0] if ref_out.error is None and ref_out.objectives else None
    for s in solvers:
        out = outcomes[s.name]
        if not s.checked or out.error is not None or s.name == reference:
            continue
        if ref is None:
            out.error = f"not checked: the reference ({reference}) failed"
            continue
        out.tolerance = s.tolerance(cost, ref)
        for obj in out.objectives:
            if abs(obj - ref) > out.tolerance:
                out.error = (
                    f"objective {obj!r} != {reference}'s {ref!r} "
                    f"(|diff| {abs(obj - ref):.3g} > tolerance {out.tolerance:.3g})"
                )
                break
    # The reference's own runs must agree with each other.
    if ref is not None and any(abs(o - ref) > _default_tolerance(cost, ref) for o in ref_out.objectives):
        ref_out.error = f"its runs disagree: objectives {ref_out.objectives}"
    return outcomes


# --- output -------------------------------------------------------------------------------------------------------


def _ms(x: float | None) -> str:
    """A time in ms with at least 2 significant digits (one read of a small matrix takes microseconds)."""
    if x is None:
        return "-"
    if x >= 1:
        return report.fmt_ms(x, whole_from=1000)
    return f"{x:.{1 - math.floor(math.log10(x))}f}" if x > 0 else "0"


def _times(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def _summary(entry: dict[str, Any], name: str) -> dict[str, Any]:
    out: Outcome = entry["outcomes"][name]
    times = out.times_ms
    return {
        "median_ms": report.median(times),
        "min_ms": min(times) if times else None,
        "max_ms": max(times) if times else None,
        "times_ms": times,
        "peak_mib": max(out.peaks_mib) if out.peaks_mib else None,
        "objective": out.objectives[0] if out.objectives else None,
        "tolerance": out.tolerance,
        "error": out.error,
    }


def _results_row(entry: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The JSON entry of one instance: each solver's times, objective, ratio to talentmatch and to one read."""
    solvers = {name: _summary(entry, name) for name in names}
    tm, read = solvers[TALENTMATCH], solvers[ONE_READ]
    for name, s in solvers.items():
        ok = s["error"] is None and s["median_ms"] is not None
        tm_ok = tm["error"] is None and tm["median_ms"]
        s["ratio"] = s["median_ms"] / tm["median_ms"] if ok and tm_ok and name != ONE_READ else None
        s["x_one_read"] = s["median_ms"] / read["median_ms"] if ok and read["median_ms"] else None
    return {
        "class": entry["class"],
        "n": entry["n"],
        "shape": list(entry["shape"]),
        "reference": entry["reference"],
        "reference_objective": solvers[entry["reference"]]["objective"],
        "solvers": solvers,
    }


def format_details(results: list[dict[str, Any]], names: list[str]) -> str:
    header = ["class", "n", "solver", "median ms", "min-max ms", "peer / tm", "x one read", "peak MiB"]
    body = []
    for r in results:
        for name in names:
            s = r["solvers"][name]
            if s["error"] is not None:
                body.append([r["class"], str(r["n"]), name, "FAIL", "-", "-", "-", "-"])
                continue
            spread = f"{_ms(s['min_ms'])}-{_ms(s['max_ms'])}" if s["min_ms"] is not None else "-"
            body.append(
                [
                    r["class"],
                    str(r["n"]),
                    name,
                    _ms(s["median_ms"]),
                    spread,
                    report.fmt_ratio(s["ratio"]),
                    _times(s["x_one_read"]),
                    "-" if s.get("peak_mib") is None else f"{s['peak_mib']:.1f}",
                ]
            )
    return report.render_markdown(header, body, left=3)


def format_ratios(results: list[dict[str, Any]], names: list[str]) -> str:
    peers = [n for n in names if n not in (TALENTMATCH, ONE_READ)]
    header = ["class", "n", "talentmatch ms", "tm x one read", *peers]
    body = []
    for r in results:
        tm = r["solvers"][TALENTMATCH]
        line = [r["class"], str(r["n"])]
        line += ["FAIL", "-"] if tm["error"] else [_ms(tm["median_ms"]), _times(tm["x_one_read"])]
        line += ["FAIL" if r["solvers"][p]["error"] else report.fmt_ratio(r["solvers"][p]["ratio"]) for p in peers]
        body.append(line)
    return report.render_markdown(header, body, left=1)


def format_preamble(cpu: dict[str, Any], versions: dict[str, str], settings: str, notes: list[str]) -> str:
    cores = f"{cpu['physical_cores']} physical, " if cpu["physical_cores"] else ""
    rows = [
        ["CPU", f"{cpu['model'] or 'unknown'} ({cpu['machine']})"],
        ["cores", f"{cores}{cpu['logical_cpus']} logical (os.cpu_count)"],
        ["system", platform.platform()],
        *([name, version] for name, version in versions.items()),
        ["runs", settings],
    ]
    lines = ["## talentmatch.bench", "", report.render_markdown(["machine", ""], rows, left=2)]
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    return "\n".join(lines)


# --- command line -------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    doc = __doc__ or ""
    p = argparse.ArgumentParser(
        prog="python -m talentmatch.bench",
        description=doc.split("\n\n")[0],
        epilog=doc.split("\n\n", 1)[1] if "\n\n" in doc else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--classes",
        nargs="+",
        choices=list(CLASSES),
        default=list(CLASSES),
        metavar="CLASS",
        help=f"instance classes (default all): {', '.join(CLASSES)}",
    )
    p.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[500, 1000, 2000],
        metavar="N",
        help="sizes n (rows; rectangular is n x 2n); default 500 1000 2000",
    )
    p.add_argument(
        "--peers",
        nargs="*",
        choices=PEERS,
        default=list(PEERS),
        metavar="PEER",
        help=f"solvers to run beside talentmatch (default all): {', '.join(PEERS)}",
    )
    p.add_argument("--repeats", type=int, default=3, help="timed runs per solver and instance (default 3)")
    p.add_argument("--warmup", type=int, default=0, help="untimed runs per solver and instance first (default 0)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument(
        "--dtype",
        choices=["native", "float32"],
        default="native",
        help="native: float64, as generated; float32: the same instances as float32 (exact for the integer-valued "
        "classes), which talentmatch reads as they are",
    )
    p.add_argument(
        "--no-caps", action="store_true", help="also run the sizes above a class's cap (shifted, machol-wien)"
    )
    p.add_argument("--quick", action="store_true", help="smoke run: sizes 100 200, 2 repeats")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the results to PATH")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats = [100, 200], 2
    if args.repeats < 1 or args.warmup < 0 or args.seed < 0 or any(n < 1 for n in args.sizes):
        p.error("--repeats and --sizes must be positive, --warmup and --seed not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark; the exit status: 0, 1 on a mismatch or a solver error, 2 on a usage error."""
    args = parse_args(argv)
    versions = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        TALENTMATCH: talentmatch.__version__,
    }
    solvers = [_one_read(), Solver(TALENTMATCH, talentmatch.linear_sum_assignment)]
    notes = []
    for peer in dict.fromkeys(args.peers):
        found, peer_notes, peer_versions = PEER_SOLVERS[peer]()
        solvers += found
        notes += peer_notes
        versions.update(peer_versions)
    names = [s.name for s in solvers]
    reference = "scipy" if "scipy" in names else TALENTMATCH
    env = report.reported_env()
    notes.append(f"every objective is checked against {reference}'s")
    if env:
        notes.append("environment: " + " ".join(f"{k}={v}" for k, v in env.items()))
    cpu = report.cpu()
    settings = (
        f"seed {args.seed}; {args.repeats} timed runs per solver and instance after {args.warmup} untimed, "
        "the solvers interleaved within each run; wall times in ms"
        + ("; every instance as float32" if args.dtype == "float32" else "")
    )
    print(format_preamble(cpu, versions, settings, notes), flush=True)

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
            if args.dtype == "float32":
                cost = cost.astype(np.float32)
            outcomes = run_instance(cost, solvers, reference, args.repeats, args.warmup)
            entry = {"class": name, "n": n, "shape": cost.shape, "reference": reference, "outcomes": outcomes}
            row = _results_row(entry, names)
            results.append(row)
            for s in names:
                if row["solvers"][s]["error"]:
                    report.record_failure(failures, f"{s} on {name} n={n}: {row['solvers'][s]['error']}")
            line = "  ".join(f"{s} {_ms(row['solvers'][s]['median_ms'])}" for s in names)
            print(f"[{name} n={n}] {line}", file=sys.stderr, flush=True)

    print()
    print(format_details(results, names))
    print()
    print(format_ratios(results, names))
    print()
    print(
        "peer / tm: the peer's median time / talentmatch's (> 1: talentmatch is faster); x one read: the median time "
        f"/ that of one read of the same array (cost.sum()); min-max over the {args.repeats} timed runs; peak MiB: the "
        "most one run added to the process's resident memory (its working memory and any copy of the matrix)"
    )
    for s in skipped:
        print(f"- skipped: {s}")
    for msg in failures:
        print(f"- **FAILED**: {msg}")

    if args.json:
        report.write_results(
            args.json,
            "talentmatch-bench/1",
            settings={
                "seed": args.seed,
                "dtype": args.dtype,
                "repeats": args.repeats,
                "warmup": args.warmup,
                "sizes": args.sizes,
                "classes": args.classes,
                "peers": args.peers,
                "reference": reference,
                "ortools_scale": ORTOOLS_SCALE,
                "objective_rtol": OBJECTIVE_RTOL,
            },
            environment={**report.environment(env, **versions), "cpu": cpu},
            failures=failures,
            solvers=names,
            notes=notes,
            skipped=skipped,
            results=results,
        )
    return report.report_failures(failures)


if __name__ == "__main__":
    sys.exit(main())
