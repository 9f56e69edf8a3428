"""talentmatch.min_weight_full_bipartite_matching against scipy.sparse.csgraph's on n x n with k candidate columns
per row.

Instances (--family):

* ``perm`` (the default): row i lists column p[i] of a random permutation p (so that a perfect matching exists)
  plus k - 1 columns drawn uniformly at random; a column drawn twice in a row is kept once, so a row has at most k
  entries (on average k - (k - 1)^2 / 2n fewer, nothing at these sizes).
* ``diag``: the same with column i in place of p[i] (the instance this script timed before; the identity is then
  a feasible, usually good, matching, which flatters any initial matching that tries column i first).

Costs are uniform in (0, 1], so no explicit zeros, which scipy would drop; one cost per stored entry. Both solvers
get the same csr_matrix (int32 indices, float64 data) and must give the same objective. Each instance is solved
--repeat times by each solver, alternately, and the medians are reported with their ratio scipy / talentmatch (> 1:
talentmatch is faster). "peak MiB" is what the solve added to the process's resident memory at its highest (VmHWM
after resetting it through /proc/self/clear_refs, minus VmRSS before), the largest over the repeats: the solver's
working memory, the instance itself excluded.

    python bench/compare_sparse.py                        # n = 10^4 and 10^5, k = 10 20 50, 3 repeats
    python bench/compare_sparse.py 10000 -k 20 --repeat 5
    python bench/compare_sparse.py 100000 --family diag --no-scipy
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import report
import scipy.sparse as sp
import talentmatch as tm
from scipy.sparse.csgraph import min_weight_full_bipartite_matching as scipy_mwfbm


def instance(n: int, k: int, family: str = "perm", seed: int = 0) -> sp.csr_matrix:
    """The n x n instance described in the module docstring, canonical CSR (sorted, no duplicates)."""
    rng = np.random.default_rng(seed)
    first = rng.permutation(n) if family == "perm" else np.arange(n)
    cols = np.concatenate([first[:, None], rng.integers(0, n, (n, k - 1))], axis=1)
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    keys = np.unique(rows * n + cols.ravel())  # sorted by (row, column), duplicates dropped
    data = 1.0 - rng.random(keys.size)  # (0, 1]
    indptr = np.searchsorted(keys, np.arange(n + 1, dtype=np.int64) * n)
    return sp.csr_matrix((data, (keys % n).astype(np.int32), indptr.astype(np.int32)), shape=(n, n))


def objective(a: sp.csr_matrix, r: np.ndarray, c: np.ndarray) -> float:
    return float(np.asarray(a[r, c]).sum())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000], help="values of n")
    p.add_argument("-k", type=int, nargs="+", default=[10, 20, 50], help="candidate columns per row")
    p.add_argument("--family", choices=["perm", "diag"], default="perm")
    p.add_argument("--repeat", type=int, default=3, help="solves per solver and instance (the median is shown)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-scipy", action="store_true", help="time talentmatch only")
    p.add_argument("--no-verify", action="store_true", help="skip talentmatch's certificate check")
    args = p.parse_args()
    print(f"family {args.family}, seed {args.seed}, {args.repeat} repeats, medians")
    print(
        f"{'n':>8} {'k':>3} {'nnz':>9} {'talentmatch s':>14} {'scipy s':>10} {'ratio':>7} "
        f"{'tm MiB':>8} {'scipy MiB':>10}"
    )
    for n in args.sizes:
        for k in args.k:
            a = instance(n, k, args.family, args.seed)
            ours, theirs, ours_mem, theirs_mem = [], [], 0.0, 0.0
            obj = obj2 = None
            for _ in range(args.repeat):
                dt, mem, (r, c) = report.measured(tm.min_weight_full_bipartite_matching, a)
                ours.append(dt)
                ours_mem = max(ours_mem, float("nan") if mem is None else mem)
                obj = objective(a, r, c)
                if args.no_scipy:
                    continue
                dt, mem, (r2, c2) = report.measured(scipy_mwfbm, a)
                theirs.append(dt)
                theirs_mem = max(theirs_mem, float("nan") if mem is None else mem)
                obj2 = objective(a, r2, c2)
                if abs(obj - obj2) > 1e-9 * max(1.0, abs(obj2)):
                    print(f"n {n} k {k}: objectives differ: talentmatch {obj!r}, scipy {obj2!r}", file=sys.stderr)
                    return 1
            if not args.no_verify:
                tm.solve_sparse(a).verify()
            t_ours = report.median(ours)
            if args.no_scipy:
                print(f"{n:>8} {k:>3} {a.nnz:>9} {t_ours:>14.3f} {'-':>10} {'-':>7} {ours_mem:>8.0f} {'-':>10}")
                continue
            t_theirs = report.median(theirs)
            print(
                f"{n:>8} {k:>3} {a.nnz:>9} {t_ours:>14.3f} {t_theirs:>10.3f} {t_theirs / t_ours:>6.1f}x "
                f"{ours_mem:>8.0f} {theirs_mem:>10.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
