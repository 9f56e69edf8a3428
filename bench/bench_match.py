#!/usr/bin/env python3
"""Time ``talentmatch.match`` end to end (DESIGN.md section 7) on the realistic documents of match_instances.py, phase
by phase, with peak memory, and ``Plan.replan`` after one expert leaves against a cold match.

Each size runs in a subprocess of its own, so that its peak memory (VmHWM of /proc/self/status, ru_maxrss where
that is missing) is its own: C++ allocations are invisible to tracemalloc. This process generates the document
(match_instances.generate, deterministic from --seed), writes its JSON text to a temporary file and starts the
subprocess, which reads the text and then, --repeat times:

  parse     tm.Problem.from_json(text) (the C++ reader and validator)
  match     tm.match(problem): wall time, and the phases the C++ measures (plan.timings): validate, score, graph
            (candidates, slots, capacities and quotas into the flow network), solve (the min-cost flow), report
            (assignments, unfilled posts, alternates, shadow prices, certificate)

Peak memory: "parse" is the process's peak after the first from_json; the peak is then reset (clear_refs) and
"match" is the peak over the match runs, the problem (and the interpreter, ~60 MiB) still resident. Every plan is
checked: its certificate must be ok and its objective the same in every run; then the candidate count per expert
(problem.score(sparse=True)) is reported beside the target --candidates.

Replan (at 10^4 x 10^3, or the quick size with --quick): an assigned expert leaves (match_instances.without_expert;
the one in the middle of the plan's experts, never a nominated one); the new problem is parsed once, then
tm.match(new) (cold) and plan.replan(new, switching_cost=--switching-cost) are timed --repeat times each; both
certificates must be ok and the replan's objective may not exceed the cold one's (the cold plan is optimal).

Until tm.match exists the script times problem.validate() and problem.score(sparse=True) in its place, so its
structure and the instances can be checked; it says so, and that is not a failure.

Targets (the issue's): match 10^4 x 10^3 under 2 s; 10^5 x 10^4 (~50 candidates per expert) under 20 s and 4 GiB;
replan after one expert leaves at 10^4 x 10^3 at least 10 times faster than a cold match.

    python bench/bench_match.py --quick          # 2000 x 200, a few seconds (scripts/test.sh)
    python bench/bench_match.py                  # 10^4 x 10^3 and 10^5 x 10^4
    python bench/bench_match.py --sizes 10^4x10^3 --repeat 5 --json match.json

Exit status 1 when a check fails (a certificate, an objective, a subprocess), 0 otherwise; missed targets are
reported, not failures.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import match_instances as mi
import report

PHASES = ("validate", "score", "graph", "solve", "report")
TARGETS = {
    "10^4x10^3": {"match_s": 2.0},
    "10^5x10^4": {"match_s": 20.0, "peak_gib": 4.0},
}
REPLAN_TARGET = 10.0  # cold match / replan
REPLAN_SIZE = "10^4x10^3"


# --- the subprocess ---------------------------------------------------------------------------------------------


def _status_kib(key: str) -> int | None:
    """A field of /proc/self/status in KiB (VmHWM, VmRSS), None where there is no such file."""
    try:
        with open("/proc/self/status") as f:
            m = re.search(rf"^{key}:\s+(\d+) kB", f.read(), re.MULTILINE)
    except OSError:
        return None
    return int(m.group(1)) if m else None


def _peak_mib() -> float:
    kib = _status_kib("VmHWM")
    if kib is None:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return kib / 1024


def _reset_peak() -> bool:
    """Resets VmHWM to the current RSS (Linux: 5 > /proc/self/clear_refs); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _timings(plan) -> dict[str, float]:
    t = getattr(plan, "timings", None) or {}
    if not isinstance(t, dict):
        t = {k: getattr(t, k) for k in PHASES if hasattr(t, k)}
    return {k: float(t[k]) for k in PHASES if k in t}


def _check_plan(plan, label: str, failures: list[str]) -> None:
    cert = plan.certificate
    if callable(cert):  # a method, as on the solver's solutions
        cert = cert()
    ok = cert.ok if hasattr(cert, "ok") else cert["ok"]
    if not ok:
        message = getattr(cert, "message", "") if not isinstance(cert, dict) else cert.get("message", "")
        failures.append(f"{label}: the plan's certificate is not ok {message}".rstrip())


def _assigned_experts(plan) -> list[str]:
    try:
        return sorted(set(plan.to_frame()["expert"]))
    except Exception:  # no pandas, or no to_frame: the plan's JSON has the assignments too
        return sorted({a["expert"] for a in json.loads(plan.to_json())["assignments"]})


def _count(x) -> int | None:
    if x is None:
        return None
    try:
        return int(x)
    except TypeError:
        return len(x)


def child(path: str, repeat: int, replan: bool, switching_cost: float, options: dict[str, int]) -> dict[str, Any]:
    """One size: what the module docstring says, as a dict (printed as JSON by main)."""
    import numpy as np
    import talentmatch as tm

    text = Path(path).read_text(encoding="utf-8")
    has_match = hasattr(tm, "match")
    out: dict[str, Any] = {"has_match": has_match, "failures": [], "parse_s": [], "match_s": []}
    out["phases_s"] = {k: [] for k in PHASES}
    objectives: list[float] = []
    problem = plan = None
    reset = False
    for r in range(repeat):
        problem = plan = None
        gc.collect()
        t0 = time.perf_counter()
        problem = tm.Problem.from_json(text)
        out["parse_s"].append(time.perf_counter() - t0)
        if r == 0:
            out["peak_parse_mib"] = _peak_mib()
            reset = _reset_peak()
        if has_match:
            t0 = time.perf_counter()
            plan = tm.match(problem, **options)
            out["match_s"].append(time.perf_counter() - t0)
            for k, v in _timings(plan).items():
                out["phases_s"][k].append(v)
            _check_plan(plan, f"match run {r + 1}", out["failures"])
            objectives.append(float(plan.objective))
        else:  # the existing pieces, until tm.match exists
            t0 = time.perf_counter()
            problem.validate()
            t1 = time.perf_counter()
            problem.score(sparse=True)
            t2 = time.perf_counter()
            out["phases_s"]["validate"].append(t1 - t0)
            out["phases_s"]["score"].append(t2 - t1)
            out["match_s"].append(t2 - t0)
    out["peak_match_mib"] = _peak_mib()
    out["peak_reset"] = reset
    out["peak_mib"] = max(out["peak_parse_mib"], out["peak_match_mib"])
    if objectives:
        out["objective"] = objectives[0]
        if max(objectives) - min(objectives) > 1e-9 * max(1.0, abs(objectives[0])):
            out["failures"].append(f"the objective differs between runs: {objectives}")
        out["filled"] = _count(getattr(plan, "filled", None))
        out["slots"] = _count(getattr(plan, "slots", None))

    counts = mi.candidate_counts(problem)
    out["experts"], out["posts"] = len(problem.expert_ids), len(problem.post_ids)
    out["pairs"] = int(counts.sum())
    out["candidates"] = {
        "mean": float(counts.mean()) if counts.size else 0.0,
        "p10": float(np.percentile(counts, 10)) if counts.size else 0.0,
        "median": float(np.median(counts)) if counts.size else 0.0,
        "p90": float(np.percentile(counts, 90)) if counts.size else 0.0,
        "none": float(np.mean(counts == 0)) if counts.size else 0.0,
    }

    if replan and has_match and plan is not None:
        doc = json.loads(text)
        nominated = {p["expert"] for p in doc.get("pairs", []) if p.get("rule") == "require"}
        assigned = [e for e in _assigned_experts(plan) if e not in nominated]
        if not assigned:
            out["failures"].append("replan: no assigned expert to remove")
        else:
            leaving = assigned[len(assigned) // 2]
            new_problem = tm.Problem.from_json(mi.without_expert(doc, leaving))
            del doc
            rp: dict[str, Any] = {
                "leaving": leaving,
                "cold_s": [],
                "replan_s": [],
                "switching_cost": switching_cost,
                "cold_phases": {k: [] for k in PHASES},
                "replan_phases": {k: [] for k in PHASES},
            }
            for r in range(repeat):
                t0 = time.perf_counter()
                cold = tm.match(new_problem, **options)
                rp["cold_s"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                warm = plan.replan(new_problem, switching_cost=switching_cost)
                rp["replan_s"].append(time.perf_counter() - t0)
                _check_plan(cold, f"cold match after {leaving} left, run {r + 1}", out["failures"])
                _check_plan(warm, f"replan after {leaving} left, run {r + 1}", out["failures"])
                rp["cold_objective"], rp["replan_objective"] = float(cold.objective), float(warm.objective)
                rp["warm_started"] = bool(getattr(warm, "warm_started", False))
                for name, p in (("cold_phases", cold), ("replan_phases", warm)):
                    t = getattr(p, "timings", None) or {}
                    for k in PHASES:
                        if k in t:
                            rp[name][k].append(float(t[k]))
                if warm.objective > cold.objective + 1e-9 * max(1.0, abs(cold.objective)):
                    out["failures"].append(
                        f"replan's objective {warm.objective} exceeds the cold match's {cold.objective}"
                    )
                diff = getattr(warm, "diff", None)
                if diff is not None:
                    get = diff.get if isinstance(diff, dict) else lambda k, d=diff: getattr(d, k, None)
                    rp["diff"] = {k: _count(get(k)) for k in ("kept", "moved", "added", "removed")}
                    rp["diff"]["value_change"] = get("value_change")
            out["replan"] = rp
    return out


# --- the driver -------------------------------------------------------------------------------------------------


def run_size(name: str, args, failures: list[str]) -> dict[str, Any] | None:
    n, m = mi.SIZES[name]
    t0 = time.perf_counter()
    inst = mi.generate(n, m, candidates=args.candidates, seed=args.seed, institution_quotas=args.institution_quotas)
    text = mi.to_json(inst.doc)
    generate_s = time.perf_counter() - t0
    n_quotas, n_pairs = len(inst.doc["constraints"]), len(inst.doc["pairs"])
    del inst
    gc.collect()
    print(
        f"{name}: {n} experts x {m} posts, {n_quotas} quotas, {n_pairs} pair rules, "
        f"JSON {len(text) / 2**20:.1f} MiB, generated in {generate_s:.1f} s",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench_match.") as tmp:
        path = Path(tmp) / f"{name.replace('^', '')}.json"
        path.write_text(text, encoding="utf-8")
        del text
        cmd = [sys.executable, __file__, "--child", str(path), "--repeat", str(args.repeat)]
        cmd += ["--switching-cost", str(args.switching_cost)]
        cmd += ["--alternates", str(args.alternates), "--closest", str(args.closest)]
        if name == args.replan_size:
            cmd.append("--replan")
        proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        report.record_failure(failures, f"{name}: the subprocess failed ({proc.returncode}): {proc.stderr[-3000:]}")
        return None
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for msg in result.pop("failures"):
        report.record_failure(failures, f"{name}: {msg}")
    result.update(name=name, generate_s=generate_s, quotas=n_quotas, pair_rules=n_pairs)
    return result


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def tables(results: list[dict[str, Any]], candidates: int) -> tuple[str, list[dict[str, Any]]]:
    """The phase table, the replan table and the targets, as text, and the targets as data."""
    lines: list[str] = []
    has_match = all(r["has_match"] for r in results)
    header = ["size", "pairs", "cand/exp", "parse", *PHASES, "match", "peak MiB", "filled", "objective"]
    body = []
    for r in results:
        ph = {k: med(v) for k, v in r["phases_s"].items()}
        filled = f"{r['filled']}/{r['slots']}" if r.get("filled") is not None else "-"
        body.append(
            [
                r["name"],
                str(r["pairs"]),
                f"{r['candidates']['mean']:.1f}",
                fmt_s(med(r["parse_s"])),
                *[fmt_s(ph[k]) for k in PHASES],
                fmt_s(med(r["match_s"])),
                f"{r['peak_mib']:.0f}",
                filled,
                f"{r['objective']:.3f}" if "objective" in r else "-",
            ]
        )
    what = "tm.match" if has_match else "validate + score(sparse) (tm.match is not available)"
    lines.append(f"median seconds; match = {what}; phases from plan.timings; peak = the process's VmHWM")
    lines.append(report.render_table(header, body))
    lines.append("")
    lines.append(f"candidates per expert (target {candidates}):")
    for r in results:
        c = r["candidates"]
        lines.append(
            f"  {r['name']}: mean {c['mean']:.1f}, p10 {c['p10']:.0f}, median {c['median']:.0f}, "
            f"p90 {c['p90']:.0f}, none {c['none']:.1%}; peak MiB parse {r['peak_parse_mib']:.0f}, "
            f"match {r['peak_match_mib']:.0f}{'' if r['peak_reset'] else ' (peak not reset: includes parse)'}"
        )
    for r in results:
        rp = r.get("replan")
        if not rp:
            continue
        cold, warm = med(rp["cold_s"]), med(rp["replan_s"])
        ratio = cold / warm if warm else None
        rp["ratio"] = ratio
        lines.append("")
        lines.append(
            f"replan at {r['name']} after {rp['leaving']} leaves (switching_cost {rp['switching_cost']}): "
            f"cold match {fmt_s(cold)} s, replan {fmt_s(warm)} s, cold / replan {report.fmt_ratio(ratio)}"
        )
        lines.append(
            f"  objective cold {rp['cold_objective']:.3f}, replan {rp['replan_objective']:.3f}; diff {rp.get('diff')}"
        )
        phases = [k for k in PHASES if rp.get("cold_phases", {}).get(k) and rp.get("replan_phases", {}).get(k)]
        if phases:
            cells = []
            for k in phases:
                c, w = med(rp["cold_phases"][k]), med(rp["replan_phases"][k])
                cells.append(f"{k} {fmt_s(c)} / {fmt_s(w)}" + (f" ({report.fmt_ratio(c / w)})" if w > 1e-6 else ""))
            lines.append(f"  phases, cold / replan (ratio): {', '.join(cells)}")
            lines.append(f"  the replan's flow started from the old plan's: {rp.get('warm_started')}")

    targets = []
    for r in results:
        t = TARGETS.get(r["name"], {})
        if "match_s" in t and has_match:
            v = med(r["match_s"])
            targets.append({"what": f"match {r['name']} < {t['match_s']} s", "value": v, "ok": v < t["match_s"]})
        if "peak_gib" in t and has_match:
            v = r["peak_mib"] / 1024
            targets.append({"what": f"peak {r['name']} < {t['peak_gib']} GiB", "value": v, "ok": v < t["peak_gib"]})
        if r.get("replan") and r["name"] == REPLAN_SIZE and r["replan"].get("ratio"):
            v = r["replan"]["ratio"]
            targets.append({"what": f"replan {r['name']} >= {REPLAN_TARGET}x faster", "value": v, "ok": v >= 10})
    if targets:
        lines.append("")
        lines.append("targets:")
        for t in targets:
            lines.append(f"  {'met   ' if t['ok'] else 'MISSED'}  {t['what']}: {t['value']:.3g}")
    return "\n".join(lines), targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the quick size only (2000 x 200), replan there")
    parser.add_argument("--sizes", nargs="+", choices=list(mi.SIZES), help="default: 10^4x10^3 10^5x10^4")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (medians)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--candidates", type=int, default=50, help="mean candidate posts per expert")
    parser.add_argument("--switching-cost", type=float, default=0.05, help="replan's switching_cost")
    parser.add_argument(
        "--institution-quotas",
        type=float,
        default=1.0,
        help="share of the institutions (largest first) with an 'at most K' quota (default: all)",
    )
    parser.add_argument("--alternates", type=int, default=3, help="tm.match's alternates (per post)")
    parser.add_argument("--closest", type=int, default=5, help="tm.match's closest (per unfilled post)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--replan", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # the progress lines come before a long run, and beside stderr
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    if args.child:
        options = {"alternates": args.alternates, "closest": args.closest}
        print(json.dumps(child(args.child, args.repeat, args.replan, args.switching_cost, options)))
        return 0

    tm = report.import_talentmatch("install it first (pip install .)")
    if tm is None:
        return 1
    sizes = ["quick"] if args.quick else (args.sizes or ["10^4x10^3", "10^5x10^4"])
    args.replan_size = "quick" if args.quick else REPLAN_SIZE
    env = report.reported_env()
    print(report.machine_line(env, talentmatch=getattr(tm, "__version__", "?")))
    print(
        f"seed {args.seed}, {args.repeat} runs per size, medians; tm.match(alternates={args.alternates}, "
        f"closest={args.closest})"
    )
    if not hasattr(tm, "match"):
        print("note: talentmatch has no match() yet: timing validate() and score(sparse=True) instead", file=sys.stderr)
    failures: list[str] = []
    results = [r for name in sizes if (r := run_size(name, args, failures)) is not None]
    if results:
        print()
        text, targets = tables(results, args.candidates)
        print(text)
    else:
        targets = []
    if args.json:
        settings = {k: v for k, v in vars(args).items() if k not in ("json", "child", "replan")}
        report.write_results(
            args.json,
            "talentmatch-bench-match/1",
            settings,
            report.environment(env, talentmatch=getattr(tm, "__version__", "?")),
            failures,
            results=results,
            targets=targets,
        )
    return report.report_failures(failures)


if __name__ == "__main__":
    raise SystemExit(main())
