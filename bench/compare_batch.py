"""Many independent problems at once: talentmatch.solve_batch against lapx's batch solvers (lapjvs_batch with
prefer_float32=False, lapjvr_batch, and lapjvx_batch, lapjvh_batch, lapjvsa_batch, lapjvxa_batch where present) on
the same (B, n, n) C-contiguous float64 stack of U[0, 1) matrices, with the same number of threads.

talentmatch.solve_batch is timed twice: on the stack itself (one 3-D array, as lapx takes it) and on the list of
its B matrices. The solvers take turns repeat by repeat (interleaved); every objective is checked against
talentmatch's. Prints the median milliseconds per batch, min-max, and each median divided by talentmatch's on the
stack (above 1: talentmatch is faster).

    python bench/compare_batch.py                          # 2000 x 100 x 100 and 100 x 500 x 500, threads 1 and 2
    python bench/compare_batch.py --cases 500x100 --threads 2 --repeat 9
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

LAPX_BATCH = ("lapjvs_batch", "lapjvr_batch", "lapjvx_batch", "lapjvh_batch", "lapjvsa_batch", "lapjvxa_batch")


def _objectives_tm(costs: np.ndarray, out: Any) -> np.ndarray:
    return np.array([s.objective for s in out])


def _objectives_lapx(name: str, costs: np.ndarray, out: Any) -> np.ndarray:
    if name.endswith("a_batch"):  # lists of (K, 2) pair arrays
        return np.array([c[p[:, 0], p[:, 1]].sum() for c, p in zip(costs, out)])
    rows, cols = out
    return np.array([c[r, k].sum() for c, r, k in zip(costs, rows, cols)])


def solvers(threads: int) -> dict[str, tuple[Callable[[np.ndarray], Any], Callable[[np.ndarray, Any], np.ndarray]]]:
    out: dict[str, tuple[Callable[[np.ndarray], Any], Callable[[np.ndarray, Any], np.ndarray]]] = {
        "tm.solve_batch(stack)": (lambda c: tm.solve_batch(c, threads=threads), _objectives_tm),
        "tm.solve_batch(list)": (lambda c: tm.solve_batch(list(c), threads=threads), _objectives_tm),
    }
    try:
        import lap
    except ImportError:
        print("lapx: skipped, `import lap` failed", file=sys.stderr)
        return out
    for name in LAPX_BATCH:
        fn = getattr(lap, name, None)
        if not callable(fn):
            continue
        kw = report.accepted_kwargs(fn, {"return_cost": False, "prefer_float32": False, "n_threads": threads})

        def call(c: np.ndarray, fn: Callable[..., Any] = fn, kw: dict[str, Any] = kw) -> Any:
            return fn(c, **kw)

        def objectives(c: np.ndarray, o: Any, name: str = name) -> np.ndarray:
            return _objectives_lapx(name, c, o)

        out[f"lapx.{name}"] = (call, objectives)
    return out


def run(count: int, n: int, threads: int, repeat: int, seed: int) -> list[list[str]]:
    costs = np.random.default_rng(seed + n).random((count, n, n))
    table = solvers(threads)
    ref = None
    for name, (f, objectives) in table.items():
        obj = objectives(costs, f(costs))  # also the untimed warm-up
        ref = obj if ref is None else ref
        bad = np.flatnonzero(np.abs(obj - ref) > 1e-9 * np.maximum(1.0, np.abs(ref)))
        if bad.size:
            k = int(bad[0])
            raise SystemExit(f"{count} x {n}: {name} gives objective {obj[k]!r} on problem {k}, talentmatch {ref[k]!r}")
    times: dict[str, list[float]] = {name: [] for name in table}
    for _ in range(repeat):
        for name, (f, _) in table.items():
            t = time.perf_counter()
            f(costs)
            times[name].append((time.perf_counter() - t) * 1e3)
    base = statistics.median(times["tm.solve_batch(stack)"])
    rows = []
    for name, ts in times.items():
        med = statistics.median(ts)
        rows.append(
            [
                f"{count} x {n}x{n}",
                str(threads),
                name,
                f"{med:.1f}",
                f"{min(ts):.1f}-{max(ts):.1f}",
                f"{med / base:.2f}",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", nargs="*", default=["2000x100", "100x500"], help="COUNTxN (default 2000x100 100x500)")
    p.add_argument("--threads", nargs="*", type=int, default=[1, 2])
    p.add_argument("--repeat", type=int, default=7, help="timed runs per solver and case (default 7)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    print(
        report.script_header(
            f"seed {args.seed}, U[0, 1) float64, one (B, n, n) C-contiguous stack; {args.repeat} interleaved runs "
            "after one untimed; ms per batch; ratio: median / tm.solve_batch(stack)'s (above 1: talentmatch faster)",
            "lapx",
        )
    )
    body = []
    for case in args.cases:
        count, n = (int(x) for x in case.lower().split("x"))
        for threads in args.threads:
            body += run(count, n, threads, args.repeat, args.seed)
    print(report.render_markdown(["batch", "threads", "solver", "median ms", "min-max ms", "ratio"], body, left=3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
