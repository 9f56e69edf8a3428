"""talentmatch.min_weight_full_bipartite_matching against scipy.sparse.csgraph's on n x n with k candidate columns
per row (column i plus k - 1 random ones, so a perfect matching exists; costs uniform in (0, 1], no explicit zeros,
which scipy would drop). Prints the median time of each, their ratio, and the process's peak memory.

    python bench/compare_sparse.py            # n = 10^4 and 10^5, k = 20
    python bench/compare_sparse.py 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np
import report
import scipy.sparse as sp
import talentmatch as tm
from scipy.sparse.csgraph import min_weight_full_bipartite_matching as scipy_mwfbm


def instance(n: int, k: int, seed: int = 0) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    cols = np.concatenate([np.arange(n)[:, None], rng.integers(0, n, (n, k - 1))], axis=1).ravel()
    data = 1.0 - rng.random(n * k)  # (0, 1]
    return sp.csr_matrix((data, (np.repeat(np.arange(n), k), cols)), shape=(n, n))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def timed(f, a, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f(a)
        times.append(time.perf_counter() - t)
    return report.median(times), out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    p.add_argument("-k", type=int, default=20)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--no-scipy", action="store_true", help="time talentmatch only")
    args = p.parse_args()
    print(f"{'n':>8} {'k':>3} {'talentmatch s':>14} {'scipy s':>10} {'ratio':>7} {'peak MiB':>9}")
    for n in args.sizes:
        a = instance(n, args.k)
        ours, (r, c) = timed(tm.min_weight_full_bipartite_matching, a, args.repeat)
        ours_mem = peak_mib()
        obj = float(a[r, c].sum())
        tm.solve_sparse(a).verify()
        if args.no_scipy:
            print(f"{n:>8} {args.k:>3} {ours:>14.3f} {'-':>10} {'-':>7} {ours_mem:>9.0f}")
            continue
        theirs, (r2, c2) = timed(scipy_mwfbm, a, args.repeat)
        obj2 = float(a[r2, c2].sum())
        if abs(obj - obj2) > 1e-9 * max(1.0, abs(obj2)):
            print(f"objectives differ: {obj} vs {obj2}", file=sys.stderr)
            return 1
        print(f"{n:>8} {args.k:>3} {ours:>14.3f} {theirs:>10.3f} {theirs / ours:>6.1f}x {ours_mem:>9.0f}")
    print("peak MiB is the process maximum after talentmatch's solve (before scipy's), ru_maxrss")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
