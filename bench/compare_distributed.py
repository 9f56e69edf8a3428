"""talentmatch.distributed at scale: distributed.match on a dask.distributed LocalCluster of 1 and 2 worker processes
(and on local threads), against tm.match on the same problem in this process, for the issue 15 scaling study.

The problems come from match_instances.generate (realistic talentmatch/1 documents: quotas on both sides, pair
rules, min_fill, ``settings.min_score`` set so an expert has about ``--mean-candidates`` candidate posts). For each
run: the time of each phase (scoring, selecting the best pairs, solving, pricing), the pricing rounds and the pairs
they added, the pairs in all and those the plan was solved on, the peak resident memory of each worker process,
and whether the objective equals tm.match's (checked whenever tm.match runs).

    python bench/compare_distributed.py --experts 100000 --posts 10000
    python bench/compare_distributed.py --experts 1000000 --posts 10000 --workers 1 2 --no-single
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import sys
import time
from typing import Any

import match_instances
import report

tm = report.import_talentmatch("build and install it first: pip install .")
if tm is None:
    sys.exit(1)

from talentmatch import distributed  # noqa: E402 - after the check that talentmatch imports


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    t = time.perf_counter()
    inst = match_instances.generate(args.experts, args.posts, candidates=args.mean_candidates, seed=args.seed)
    text = match_instances.to_json(inst.doc)
    del inst
    gc.collect()
    problem = tm.Problem.from_json(text)
    del text
    print(
        f"# problem: {args.experts} experts x {args.posts} posts, built and read in {time.perf_counter() - t:.1f} s",
        flush=True,
    )
    rows: list[dict[str, Any]] = []
    reference = None
    if args.single:
        t = time.perf_counter()
        plan = tm.match(problem)
        wall = time.perf_counter() - t
        reference = plan.objective
        rows.append(
            {
                "where": "tm.match (this process)",
                "wall": wall,
                "phases": plan.timings,
                "objective": reference,
                "same": True,
                "peak": [_peak_mib()],
            }
        )
        print(f"# tm.match: {wall:.2f} s, objective {reference:.6g}", flush=True)
        del plan
        gc.collect()
    for w in args.workers:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=w,
                threads_per_worker=args.threads,
                processes=True,
                dashboard_address=":0",
                memory_limit=0,
                silence_logs=40,
            ) as cluster,
            Client(cluster) as client,
        ):
            parts = args.partitions or 2 * w * args.threads
            t = time.perf_counter()
            plan = distributed.match(problem, client, partitions=parts, candidates=args.candidates)
            wall = time.perf_counter() - t
            peaks = sorted(client.run(_peak_mib).values())
        same = reference is None or math.isclose(plan.objective, reference, rel_tol=1e-9, abs_tol=1e-9)
        rows.append(
            {
                "where": f"{w} worker{'s' if w > 1 else ''} x {args.threads} thread, {parts} parts",
                "wall": wall,
                "pricing": plan.pricing,
                "objective": plan.objective,
                "same": same,
                "peak": peaks,
            }
        )
        print(
            f"# {rows[-1]['where']}: {wall:.2f} s, rounds {plan.pricing['rounds']}, added {plan.pricing['added']}, "
            f"objective {plan.objective:.6g}, same as tm.match: {same}",
            flush=True,
        )
        del plan
        gc.collect()
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    out = [
        "| run | wall s | score | select | solve | price | rounds (pairs added) | pairs / solved on | peak MiB "
        "per worker | objective = tm.match |",
        "| :-- | --: | --: | --: | --: | --: | :-- | :-- | :-- | :-- |",
    ]
    for r in rows:
        if "pricing" in r:
            p = r["pricing"]
            s = p["seconds"]
            out.append(
                f"| {r['where']} | {r['wall']:.2f} | {s['score']:.2f} | {s['select']:.2f} | {s['solve']:.2f} | "
                f"{s['price']:.2f} | {p['rounds']} ({', '.join(map(str, p['added'])) or '-'}) | "
                f"{p['pairs']:,} / {p['solved_pairs']:,} | {', '.join(f'{x:.0f}' for x in r['peak'])} | "
                f"{'yes' if r['same'] else 'NO'} |"
            )
        else:
            ph = r["phases"]
            out.append(
                f"| {r['where']} | {r['wall']:.2f} | {ph.get('score', 0):.2f} | - | "
                f"{ph.get('graph', 0) + ph.get('solve', 0):.2f} | - | - | - | {r['peak'][0]:.0f} (process) | "
                "- |"
            )
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--experts", type=int, default=100_000)
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--mean-candidates", type=int, default=30, help="candidate posts per expert (min_score)")
    ap.add_argument("--candidates", type=int, default=50, help="distributed.match's candidates per expert and post")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--threads", type=int, default=1, help="threads per worker")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-single", dest="single", action="store_false", help="skip tm.match in this process")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = run(args)
    print(table(rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2, default=str)
    return 0 if all(r["same"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
