"""Per-call cost of small dense problems: talentmatch.linear_sum_assignment and talentmatch.solve against scipy's
linear_sum_assignment and every dense lapx solver installed (lapjv, lapjvx, lapjvc, lapjvs with
prefer_float32=False, lapjvr, lapjvh), on the same C-contiguous float64 U[0, 1) matrices, in one process.

At these sizes the Python wrapper and the result objects cost as much as the solve, so each sample times `number`
calls in a row (timeit's way) and the solvers take turns sample by sample (interleaved, so that a noisy neighbour
slows all of them alike). Prints the median microseconds per call, min-max over the samples, and each peer's
median divided by talentmatch.linear_sum_assignment's (above 1: talentmatch is faster); every objective is checked
against scipy's first.

    python bench/compare_small.py                    # n = 10, 30, 100, 300
    python bench/compare_small.py 10 100 --samples 101 --target-ms 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import report

tm = report.import_talentmatch("build and install it first: pip install .")
if tm is None:
    sys.exit(1)

LAPX_FUNCTIONS = ("lapjv", "lapjvx", "lapjvc", "lapjvs", "lapjvr", "lapjvh")
Pairs = tuple[np.ndarray, np.ndarray]


def _lapx_call(name: str, fn: Callable[..., Any]) -> Callable[[np.ndarray], Pairs]:
    # The cheapest call that yields the assignment: no total cost, float64 kernels, scipy-like index arrays.
    kw = report.accepted_kwargs(fn, {"return_cost": False, "jvx_like": True, "prefer_float32": False})
    if name == "lapjv":  # (x, y): x[i] the column of row i
        return lambda c: fn(c, **kw)[0]
    return lambda c: fn(c, **kw)


def solvers() -> tuple[dict[str, Callable[[np.ndarray], Any]], dict[str, Callable[[np.ndarray, Any], Pairs]]]:
    """name -> the call timed, and name -> how to read pairs from its result."""
    calls: dict[str, Callable[[np.ndarray], Any]] = {
        "tm.linear_sum_assignment": tm.linear_sum_assignment,
        "tm.solve": tm.solve,
    }
    pairs: dict[str, Callable[[np.ndarray, Any], Pairs]] = {
        "tm.linear_sum_assignment": lambda c, out: out,
        "tm.solve": lambda c, out: (out.rows, out.cols),
    }
    try:
        from scipy.optimize import linear_sum_assignment

        calls["scipy"] = linear_sum_assignment
        pairs["scipy"] = lambda c, out: out
    except ImportError:
        print("scipy: skipped, not installed", file=sys.stderr)
    try:
        import lap

        for name in LAPX_FUNCTIONS:
            fn = getattr(lap, name, None)
            if not callable(fn):
                continue
            calls[f"lapx.{name}"] = _lapx_call(name, fn)
            if name == "lapjv":
                pairs[f"lapx.{name}"] = lambda c, x: (np.flatnonzero(x >= 0), x[x >= 0])
            else:
                pairs[f"lapx.{name}"] = lambda c, out: (out[0], out[1])
    except ImportError:
        print("lapx: skipped, `import lap` failed", file=sys.stderr)
    return calls, pairs


def calibrate(f: Callable[[np.ndarray], Any], cost: np.ndarray, target_s: float) -> int:
    """How many calls in a row take about `target_s`, from the fastest of a few short runs (a busy machine slows
    some runs a lot, never speeds any up)."""
    per_call = float("inf")
    number = 1
    for _ in range(12):
        t = time.perf_counter()
        for _ in range(number):
            f(cost)
        per_call = min(per_call, (time.perf_counter() - t) / number)
        if number * per_call < target_s / 8:
            number *= 2
    return max(1, int(target_s / per_call))


def run(n: int, samples: int, target_s: float, seed: int) -> list[list[str]]:
    calls, pairs = solvers()
    cost = np.random.default_rng(seed + n).random((n, n))
    ref = None
    for name, f in calls.items():
        r, c = pairs[name](cost, f(cost))
        obj = float(cost[r, c].sum())
        ref = obj if ref is None else ref
        if len(r) != n or abs(obj - ref) > 1e-9 * max(1.0, abs(ref)):
            raise SystemExit(f"n = {n}: {name} gives objective {obj!r} ({len(r)} pairs), scipy/talentmatch {ref!r}")
    numbers = {name: calibrate(f, cost, target_s) for name, f in calls.items()}
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(samples):
        for name, f in calls.items():  # interleaved: one sample of each in turn
            k = numbers[name]
            t = time.perf_counter()
            for _ in range(k):
                f(cost)
            times[name].append((time.perf_counter() - t) / k * 1e6)
    base = statistics.median(times["tm.linear_sum_assignment"])
    rows = []
    for name, ts in times.items():
        med = statistics.median(ts)
        rows.append(
            [
                str(n),
                name,
                f"{med:.2f}",
                f"{min(ts):.2f}-{max(ts):.2f}",
                str(numbers[name]),
                f"{med / base:.2f}",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sizes", nargs="*", type=int, default=[10, 30, 100, 300])
    p.add_argument("--samples", type=int, default=51, help="timed samples per solver and size (default 51)")
    p.add_argument("--target-ms", type=float, default=4.0, help="the length of one sample (default 4 ms)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    print(
        report.script_header(
            f"seed {args.seed}, U[0, 1) float64 n x n; {args.samples} interleaved samples of about {args.target_ms} ms "
            "each; microseconds per call; ratio: median / tm.linear_sum_assignment's median (above 1: talentmatch "
            "faster)",
            "scipy",
            "lapx",
        )
    )
    body = []
    for n in args.sizes:
        body += run(n, args.samples, args.target_ms / 1e3, args.seed)
    header = ["n", "solver", "median us", "min-max us", "calls/sample", "ratio"]
    print(report.render_markdown(header, body, left=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
