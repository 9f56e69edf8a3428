"""Warm start: talentmatch.resolve after a fraction of the rows change, against a cold talentmatch.solve of the
same new matrix (and scipy's linear_sum_assignment of it, where installed), in one process.

For each class and size: solve the matrix once; then, `repeat` times, redraw `fraction` of the rows (new costs from
the same class's generator, so they look like the rest) and time resolve(new, previous, changed_rows=...) and
solve(new), taking turns. Every objective is checked against the cold solve's, and every warm result's certificate
with Solution.verify. Prints the median milliseconds, min-max, and cold / warm (above 1: the warm start is faster).

    python bench/compare_resolve.py                                   # uniform and lowrank, n = 4000, 1% of rows
    python bench/compare_resolve.py --classes geometric --sizes 1000 2000 --fraction 0.05 --repeat 9
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

from talentmatch.bench import CLASSES, generate  # noqa: E402 - after the check that talentmatch imports


def _timed(f: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    t = time.perf_counter()
    out = f(*args, **kwargs)
    return out, (time.perf_counter() - t) * 1e3


def run(cls: str, n: int, fraction: float, repeat: int, seed: int) -> list[list[str]]:
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError:
        linear_sum_assignment = None
    rng = np.random.default_rng(seed + n)
    cost = np.ascontiguousarray(generate(cls, n, seed))
    previous = tm.solve(cost)
    k = max(1, round(fraction * n))
    times: dict[str, list[float]] = {"tm.resolve": [], "tm.solve (cold)": []}
    if linear_sum_assignment is not None:
        times["scipy (cold)"] = []
    for r in range(repeat):
        rows = np.sort(rng.choice(n, size=k, replace=False))
        fresh = np.ascontiguousarray(generate(cls, n, seed + 1000 + r))
        new = cost.copy()
        new[rows] = fresh[rows]
        warm, tw = _timed(tm.resolve, new, previous, changed_rows=rows)
        cold, tc = _timed(tm.solve, new)
        times["tm.resolve"].append(tw)
        times["tm.solve (cold)"].append(tc)
        if linear_sum_assignment is not None:
            (ri, ci), ts = _timed(linear_sum_assignment, new)
            times["scipy (cold)"].append(ts)
            if not np.isclose(new[ri, ci].sum(), cold.objective, rtol=1e-12, atol=1e-9):
                raise SystemExit(
                    f"{cls} n = {n}: scipy's objective {new[ri, ci].sum()!r}, talentmatch's {cold.objective!r}"
                )
        if not np.isclose(warm.objective, cold.objective, rtol=1e-12, atol=1e-9):
            raise SystemExit(f"{cls} n = {n}: resolve gives {warm.objective!r}, a cold solve {cold.objective!r}")
        warm.verify()  # raises unless the duals certify the warm result on `new`
    warm_med = statistics.median(times["tm.resolve"])
    return [
        [
            cls,
            str(n),
            f"{k} ({fraction:.0%})",
            name,
            f"{statistics.median(ts):.2f}",
            f"{min(ts):.2f}-{max(ts):.2f}",
            f"{statistics.median(ts) / warm_med:.1f}",
        ]
        for name, ts in times.items()
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--classes", nargs="*", default=["uniform", "lowrank"], choices=sorted(CLASSES))
    p.add_argument("--sizes", nargs="*", type=int, default=[4000])
    p.add_argument("--fraction", type=float, default=0.01, help="the share of rows redrawn (default 0.01)")
    p.add_argument("--repeat", type=int, default=5, help="timed changes per class and size (default 5)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if not 0 < args.fraction <= 1:
        p.error(f"--fraction must be in (0, 1], not {args.fraction}")
    print(
        report.script_header(
            f"seed {args.seed}; n x n float64 per class; {args.repeat} changes of {args.fraction:.0%} of the rows, "
            "warm and cold in turn; ms; ratio: median / tm.resolve's median (above 1: the warm start is faster)",
            "scipy",
        )
    )
    body = []
    for cls in args.classes:
        for n in args.sizes:
            body += run(cls, n, args.fraction, args.repeat, args.seed)
    print(report.render_markdown(["class", "n", "rows changed", "solver", "median ms", "min-max ms", "ratio"], body, 4))
    return 0


if __name__ == "__main__":
    sys.exit(main())
