#!/usr/bin/env python3
"""Time talentmatch's scoring (Problem.score, DESIGN.md section 5) against a numpy/scipy.sparse implementation of the
same model and a plain Python loop, on random problems, in one process.

The generator draws a taxonomy of --skills skills in fields of --field-size (the first skill of a field is the
parent of the others; some skills pass a `related` transfer to a neighbour in their field, a few to another field),
experts holding ~--skills-per-expert skills at levels 1..7, mostly in one home field, and posts with ~--requirements
requirements (importance 1..5, min_level 1..7, now and then 0; about one in ten essential), mostly in one field, so
that --min-score (0.5) leaves each post a few dozen candidates. About 1% of the pairs' experts carry pair rules
(forbid, require, bonus), some posts have min_months. The document is built as a dict and loaded with
Problem.from_json; loading (and the numpy side's conversion of the same dict to flat arrays) is reported on its own
and not part of the timed runs.

Columns:
  talentmatch  Problem.score(sparse=True) (the candidate list) or Problem.score() (dense matrices).
  numpy        the same model with numpy and scipy.sparse: effective levels as a CSR matrix (own levels and one hop
               of transfer, reduced by a max per (expert, skill)), the threshold decomposition B_t = clamp(L - t + 1,
               0, 1) stacked into one CSR matrix and multiplied (scipy's sparse x sparse product) by the stacked
               requirement weights, the essential count as a second product of indicator matrices, then the hard
               rules and pair rules on the product's non-zeros (sparse) or on the densified matrices (dense).
  python       a plain loop over experts, posts and requirements over the dicts (the tests' reference model); only
               at --python-size.

Instances: the full size (--experts x --posts, sparse only: the dense matrices would not fit comfortably),
--dense-size (dense and sparse) and --python-size (everything). Each instance is generated once from --seed; every
implementation then runs --repeats times on it, interleaved within each repeat. The table shows median wall times in
ms and, per anchor, anchor time / talentmatch time (> 1: talentmatch is faster).

Every run is checked: the candidate lists must hold the same pairs, and fit and value agree to 1e-9 (absolute); dense
fit and value to 1e-9 and feasible exactly, and the dense and sparse results of one implementation must agree. A
mismatch or an error is printed loudly and makes the script exit with status 1.

    python bench/compare_scoring.py --quick      # smoke run, a few seconds
    python bench/compare_scoring.py              # 10^4 x 10^4 sparse, 2000 x 2000 dense, 300 x 300 with Python
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
import scipy
import scipy.sparse as sp

# The plain-loop reference is the tests' oracle (tests/python/scoring_reference.py), timed here as the "python" anchor.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from scoring_reference import MIN_SCORE_TOLERANCE, reference_scores  # noqa: E402

MAX_LEVEL = 7
ATOL = 1e-9
FORBID, REQUIRE, BONUS = 0, 1, 2


# --- the instance -----------------------------------------------------------------------------------------------


def generate(
    n_experts: int,
    n_posts: int,
    *,
    n_skills: int = 2000,
    field_size: int = 20,
    skills_per_expert: int = 15,
    requirements: int = 8,
    min_score: float = 0.5,
    seed: int = 0,
) -> dict:
    """A random valid talentmatch/1 document (see the module docstring)."""
    rng = np.random.default_rng([seed, n_experts, n_posts])
    n_fields = max(1, n_skills // field_size)
    field_of = np.minimum(np.arange(n_skills) // field_size, n_fields - 1)
    members = [np.flatnonzero(field_of == f) for f in range(n_fields)]
    ids = [f"f{field_of[k]:03d}.s{k:04d}" for k in range(n_skills)]

    skills = []
    for k in range(n_skills):
        s: dict[str, Any] = {"id": ids[k], "name": f"skill {k}"}
        root = members[field_of[k]][0]
        if k != root:
            s["parents"] = [ids[root]]
        u = rng.random()
        if u < 0.3:
            near = members[field_of[k]]
            targets = rng.choice(near, size=min(len(near), int(rng.integers(1, 3))), replace=False)
            s["related"] = [{"skill": ids[t], "transfer": round(float(rng.uniform(0.3, 0.8)), 2)} for t in targets]
        elif u < 0.33:
            s["related"] = [{"skill": ids[int(rng.integers(n_skills))], "transfer": round(float(rng.random()), 2)}]
        skills.append(s)

    def draw(home: int, count: int, spread: int) -> np.ndarray:
        near = members[home]
        inside = rng.choice(near, size=min(len(near), count - spread), replace=False)
        outside = rng.integers(0, n_skills, size=spread)
        return np.unique(np.concatenate([inside, outside]))

    experts = []
    for i in range(n_experts):
        count = max(1, skills_per_expert + int(rng.integers(-3, 4)))
        held = draw(int(rng.integers(n_fields)), count, spread=max(0, count // 5))
        levels = rng.integers(1, MAX_LEVEL + 1, size=held.size)
        experts.append(
            {
                "id": f"e{i}",
                "available_months": int(rng.integers(3, 13)),
                "skills": {ids[s]: int(lv) for s, lv in zip(held, levels)},
            }
        )

    posts = []
    for j in range(n_posts):
        count = max(1, requirements + int(rng.integers(-2, 3)))
        wanted = draw(int(rng.integers(n_fields)), count, spread=1 if count > 2 else 0)
        requires = []
        for s in wanted:
            r: dict[str, Any] = {
                "skill": ids[s],
                "importance": int(rng.integers(1, 6)),
                "min_level": 0 if rng.random() < 0.03 else int(rng.integers(1, MAX_LEVEL + 1)),
            }
            if rng.random() < 0.1:
                r["essential"] = True
            requires.append(r)
        q: dict[str, Any] = {
            "id": f"p{j}",
            "department": f"d{j % 17}",
            "unit": f"u{j}",
            "slots": int(rng.integers(1, 4)),
            "priority": int(rng.integers(1, 6)),
            "requires": requires,
        }
        if rng.random() < 0.3:
            q["min_months"] = int(rng.integers(3, 13))
        posts.append(q)

    pairs = []
    if n_experts and n_posts:
        cells = np.unique(rng.integers(0, n_experts * n_posts, size=max(3, n_experts // 50)))
        for c in cells:
            e, p = divmod(int(c), n_posts)
            kind = ("forbid", "require", "bonus")[int(rng.integers(3))]
            rule: dict[str, Any] = {"expert": f"e{e}", "post": f"p{p}", "rule": kind}
            if kind == "bonus":
                rule["value"] = round(float(rng.uniform(0, 2)), 2)
            pairs.append(rule)

    return {
        "format": "talentmatch/1",
        "skills": skills,
        "experts": experts,
        "posts": posts,
        "pairs": pairs,
        "settings": {"min_score": min_score, "essential_hard": True, "weights": {"fit": 1.0, "bonus": 1.0}},
    }


# --- numpy / scipy.sparse ---------------------------------------------------------------------------------------


@dataclass
class Arrays:
    """The document as flat arrays (the numpy side's counterpart of loading the Problem)."""

    n: int
    m: int
    S: int
    own_e: np.ndarray  # expert-skill entries
    own_s: np.ndarray
    own_lv: np.ndarray
    rel_ptr: np.ndarray  # related transfers, CSR by source skill
    rel_to: np.ndarray
    rel_t: np.ndarray
    months: np.ndarray
    has_capacity: np.ndarray
    req_p: np.ndarray  # requirements
    req_s: np.ndarray
    req_w: np.ndarray
    req_r: np.ndarray
    req_ess: np.ndarray
    priority: np.ndarray
    min_months: np.ndarray  # -inf where absent
    pair_e: np.ndarray
    pair_p: np.ndarray
    pair_kind: np.ndarray
    pair_bonus: np.ndarray
    min_score: float
    hard: bool
    wf: float
    wb: float


def to_arrays(doc: dict) -> Arrays:
    skill_at = {s["id"]: k for k, s in enumerate(doc["skills"])}
    expert_at = {e["id"]: k for k, e in enumerate(doc["experts"])}
    post_at = {q["id"]: k for k, q in enumerate(doc["posts"])}
    S = len(skill_at)
    rel_count = np.zeros(S + 1, dtype=np.int64)
    rel_to, rel_t = [], []
    for k, s in enumerate(doc["skills"]):
        rel = s.get("related", [])
        rel_count[k + 1] = len(rel)
        rel_to += [skill_at[r["skill"]] for r in rel]
        rel_t += [r["transfer"] for r in rel]
    own_e, own_s, own_lv = [], [], []
    for i, e in enumerate(doc["experts"]):
        for s, lv in e["skills"].items():
            own_e.append(i)
            own_s.append(skill_at[s])
            own_lv.append(lv)
    req = [
        (j, skill_at[r["skill"]], r["importance"], r["min_level"], bool(r.get("essential", False)))
        for j, q in enumerate(doc["posts"])
        for r in q["requires"]
    ]
    req_a = np.array(req, dtype=np.int64).reshape(-1, 5)
    kinds = {"forbid": FORBID, "require": REQUIRE, "bonus": BONUS}
    pairs = doc.get("pairs", [])
    settings = doc.get("settings") or {}
    weights = settings.get("weights") or {}
    return Arrays(
        n=len(doc["experts"]),
        m=len(doc["posts"]),
        S=S,
        own_e=np.array(own_e, dtype=np.int64),
        own_s=np.array(own_s, dtype=np.int64),
        own_lv=np.array(own_lv, dtype=np.float64),
        rel_ptr=np.cumsum(rel_count),
        rel_to=np.array(rel_to, dtype=np.int64),
        rel_t=np.array(rel_t, dtype=np.float64),
        months=np.array([e["available_months"] for e in doc["experts"]], dtype=np.float64),
        has_capacity=np.array([e.get("capacity", 1) > 0 for e in doc["experts"]], dtype=bool),
        req_p=req_a[:, 0],
        req_s=req_a[:, 1],
        req_w=req_a[:, 2],
        req_r=req_a[:, 3],
        req_ess=req_a[:, 4].astype(bool),
        priority=np.array([q.get("priority", 1) for q in doc["posts"]], dtype=np.float64),
        min_months=np.array([q.get("min_months", -np.inf) for q in doc["posts"]], dtype=np.float64),
        pair_e=np.array([expert_at[r["expert"]] for r in pairs], dtype=np.int64),
        pair_p=np.array([post_at[r["post"]] for r in pairs], dtype=np.int64),
        pair_kind=np.array([kinds[r["rule"]] for r in pairs], dtype=np.int64),
        pair_bonus=np.array([r.get("value", 0.0) if r["rule"] == "bonus" else 0.0 for r in pairs], dtype=np.float64),
        min_score=float(settings.get("min_score", 0.0)),
        hard=bool(settings.get("essential_hard", True)),
        wf=float(weights.get("fit", 1.0)),
        wb=float(weights.get("bonus", 1.0)),
    )


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For items with the given counts: the item of each expanded entry and its position 0..count-1 in the item."""
    item = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return item, np.arange(item.size) - starts[item]


def effective_levels(a: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L as CSR arrays (indptr, indices, data), rows sorted, zeros dropped: max of own levels and one-hop transfers."""
    counts = a.rel_ptr[a.own_s + 1] - a.rel_ptr[a.own_s]
    src, k = _expand(counts)
    at = a.rel_ptr[a.own_s[src]] + k
    e = np.concatenate([a.own_e, a.own_e[src]])
    s = np.concatenate([a.own_s, a.rel_to[at]])
    v = np.concatenate([a.own_lv, a.own_lv[src] * a.rel_t[at]])
    key = e * a.S + s
    order = np.argsort(key, kind="stable")
    key, v = key[order], v[order]
    if key.size:
        first = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        v = np.maximum.reduceat(v, first)
        key = key[first]
    keep = v > 0
    key, v = key[keep], v[keep]
    rows = key // a.S
    indptr = np.zeros(a.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=a.n), out=indptr[1:])
    return indptr, key % a.S, v


def thresholds(a: Arrays, L: tuple[np.ndarray, np.ndarray, np.ndarray], indicator: bool) -> sp.csr_matrix:
    """[B_1 ... B_7] (B_t = clamp(L - t + 1, 0, 1)) or [I_1 ... I_7] (I_t = [L >= t]): experts x 7 skills."""
    indptr, cols, x = L
    x = np.minimum(x, MAX_LEVEL)
    c = (np.floor(x) if indicator else np.ceil(x)).astype(np.int64)
    entry, t0 = _expand(c)  # t0 = t - 1; entries stay in row order, so the CSR can be built directly
    data = np.ones(entry.size) if indicator else np.minimum(1.0, x[entry] - t0)
    out_ptr = np.concatenate([[0], np.cumsum(c)])[indptr]  # row e's entries end where L's row e does
    return sp.csr_matrix((data, t0 * a.S + cols[entry], out_ptr), shape=(a.n, MAX_LEVEL * a.S))


def requirement_products(a: Arrays) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray, np.ndarray]:
    """W^T and R^T (7 skills x posts), k[p] (fit of an untouched pair) and E[p] (essentials with r >= 1)."""
    sum_w = np.bincount(a.req_p, weights=a.req_w, minlength=a.m)
    sum_w0 = np.bincount(a.req_p, weights=a.req_w * (a.req_r == 0), minlength=a.m)
    n_req = np.bincount(a.req_p, minlength=a.m)
    k = np.where(n_req > 0, sum_w0 / np.where(sum_w > 0, sum_w, 1), 1.0)
    req, t0 = _expand(a.req_r)
    w = a.req_w[req] / (a.req_r[req] * sum_w[a.req_p[req]])
    Wt = sp.csr_matrix((w, (t0 * a.S + a.req_s[req], a.req_p[req])), shape=(MAX_LEVEL * a.S, a.m))
    ess = a.req_ess & (a.req_r >= 1)
    Rt = sp.csr_matrix(
        (np.ones(int(ess.sum())), ((a.req_r[ess] - 1) * a.S + a.req_s[ess], a.req_p[ess])),
        shape=(MAX_LEVEL * a.S, a.m),
    )
    E = np.bincount(a.req_p[ess], minlength=a.m).astype(np.float64)
    return Wt, Rt, k, E


def _products(a: Arrays):
    L = effective_levels(a)
    Wt, Rt, k, E = requirement_products(a)
    F = thresholds(a, L, False) @ Wt
    essentials = a.hard and bool(E.any())
    M = thresholds(a, L, True) @ Rt if essentials else None
    return F, M, k, E, essentials


def numpy_dense(a: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    F, M, k, E, essentials = _products(a)
    fit = F.toarray()
    fit += k
    feasible = fit >= a.min_score - MIN_SCORE_TOLERANCE
    feasible &= a.has_capacity[:, None]
    feasible &= a.months[:, None] >= a.min_months[None, :]
    if essentials:
        feasible &= M.toarray() >= E
    value = fit * (a.wf * a.priority)
    feasible[a.pair_e[a.pair_kind == FORBID], a.pair_p[a.pair_kind == FORBID]] = False
    feasible[a.pair_e[a.pair_kind == REQUIRE], a.pair_p[a.pair_kind == REQUIRE]] = True
    b = a.pair_kind == BONUS
    value[a.pair_e[b], a.pair_p[b]] += a.wb * a.pair_bonus[b]
    return value, fit, feasible


def _at(X: sp.csr_matrix, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """X[r, c] for index arrays (0 where X holds no entry)."""
    if r.size == 0:
        return np.zeros(0)
    return np.asarray(X[r, c]).ravel().astype(np.float64)


def numpy_sparse(a: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(expert, post, value, fit) of the candidate pairs, by expert then post; never an experts x posts array
    (except over the posts every expert reaches, see `open_posts` below).

    The fit rule is applied first, on the product's non-zeros as they come (rows in order, columns within a row
    not sorted); the other rules and the sort by post only to the pairs that pass it."""
    F, M, k, E, essentials = _products(a)
    threshold = a.min_score - MIN_SCORE_TOLERANCE
    fit_all = F.data + k[F.indices]
    sel = np.flatnonzero(fit_all >= threshold)
    rows = np.searchsorted(F.indptr, sel, side="right") - 1
    cols = F.indices[sel].astype(np.int64)
    fit = fit_all[sel]

    def passes(r, c, f, mt):
        ok = (f >= threshold) & a.has_capacity[r] & (a.months[r] >= a.min_months[c])
        return ok & (mt >= E[c]) if essentials else ok

    ok = a.has_capacity[rows] & (a.months[rows] >= a.min_months[cols])
    if essentials:
        # met counts only where the fit product is non-zero (a met essential needs L > 0 in a required skill).
        M.sort_indices()
        mkeys = np.repeat(np.arange(a.n, dtype=np.int64), np.diff(M.indptr)) * a.m + M.indices
        keys = rows * a.m + cols
        met = np.zeros(keys.size)
        if mkeys.size:
            at = np.minimum(np.searchsorted(mkeys, keys), mkeys.size - 1)
            met = np.where(mkeys[at] == keys, M.data[at], 0.0)
        ok &= met >= E[cols]
    r_out, c_out, f_out = rows[ok], cols[ok], fit[ok]
    # Posts whose untouched pairs (fit k[p], no essential met) pass too: every expert may be a candidate there.
    open_posts = np.flatnonzero((k >= threshold) & ~((E > 0) & essentials))
    if open_posts.size:
        untouched = np.ones((a.n, open_posts.size), dtype=bool)
        slot = np.full(a.m, -1)
        slot[open_posts] = np.arange(open_posts.size)
        hit = np.flatnonzero(slot[F.indices] >= 0)
        untouched[np.searchsorted(F.indptr, hit, side="right") - 1, slot[F.indices[hit]]] = False
        r, j = np.nonzero(untouched)
        c = open_posts[j]
        keep = passes(r, c, k[c], np.zeros(r.size))
        r_out, c_out, f_out = (np.concatenate(x) for x in ((r_out, r[keep]), (c_out, c[keep]), (f_out, k[c][keep])))
    order = np.argsort(r_out * a.m + c_out)
    r_out, c_out, f_out = r_out[order], c_out[order], f_out[order]
    b_out = np.zeros(r_out.size)
    if a.pair_e.size:
        # Pair rules override: their pairs leave the list and come back (in order) when the rule lets them.
        pkeys = a.pair_e * a.m + a.pair_p
        order = np.argsort(pkeys)
        pkeys, pe, pp = pkeys[order], a.pair_e[order], a.pair_p[order]
        kind, bonus = a.pair_kind[order], a.pair_bonus[order]
        pfit = _at(F, pe, pp) + k[pp]
        pmet = _at(M, pe, pp) if essentials else np.zeros(pe.size)
        pok = np.where(kind == REQUIRE, True, np.where(kind == FORBID, False, passes(pe, pp, pfit, pmet)))
        stay = ~np.isin(r_out * a.m + c_out, pkeys)
        r_out, c_out, f_out, b_out = r_out[stay], c_out[stay], f_out[stay], b_out[stay]
        at = np.searchsorted(r_out * a.m + c_out, pkeys[pok])
        r_out = np.insert(r_out, at, pe[pok])
        c_out = np.insert(c_out, at, pp[pok])
        f_out = np.insert(f_out, at, pfit[pok])
        b_out = np.insert(b_out, at, bonus[pok])
    value = f_out * (a.wf * a.priority[c_out]) + a.wb * b_out
    return r_out, c_out, value, f_out


# --- running ------------------------------------------------------------------------------------------------------


@dataclass
class Impl:
    name: str
    mode: str  # "sparse" or "dense"
    run: Callable[[], Any]
    times_ms: list[float] = field(default_factory=list)
    result: Any = None
    error: str | None = None


def _time(f: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    out = f()
    return (time.perf_counter() - t0) * 1e3, out


def _as_sparse(x) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if hasattr(x, "expert"):  # talentmatch Candidates
        return np.asarray(x.expert), np.asarray(x.post), np.asarray(x.value), np.asarray(x.fit)
    return x


def _as_dense(x) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if hasattr(x, "feasible"):  # talentmatch Scores
        return x.value, x.fit, x.feasible
    return x


def compare_sparse(ref, got) -> str | None:
    e0, p0, v0, f0 = _as_sparse(ref)
    e1, p1, v1, f1 = _as_sparse(got)
    if e0.shape != e1.shape or not (np.array_equal(e0, e1) and np.array_equal(p0, p1)):
        a = set(zip(e0.tolist(), p0.tolist()))
        b = set(zip(e1.tolist(), p1.tolist()))
        return f"{len(e1)} candidates, expected {len(e0)}; {len(b - a)} extra, {len(a - b)} missing, e.g. " + str(
            sorted(b ^ a)[:3]
        )
    for name, x, y in (("fit", f0, f1), ("value", v0, v1)):
        if x.size and np.max(np.abs(x - y)) > ATOL:
            return f"{name} differs by {np.max(np.abs(x - y)):.3g} > {ATOL:g}"
    return None


def compare_dense(ref, got) -> str | None:
    v0, f0, m0 = _as_dense(ref)
    v1, f1, m1 = _as_dense(got)
    if v0.shape != v1.shape:
        return f"shape {v1.shape}, expected {v0.shape}"
    if not np.array_equal(m0, m1):
        return f"feasible differs on {int((m0 != m1).sum())} pairs, e.g. {np.argwhere(m0 != m1)[:3].tolist()}"
    for name, x, y in (("fit", f0, f1), ("value", v0, v1)):
        if x.size and np.max(np.abs(x - y)) > ATOL:
            return f"{name} differs by {np.max(np.abs(x - y)):.3g} > {ATOL:g}"
    return None


def dense_to_sparse(x):
    value, fit, feasible = _as_dense(x)
    r, c = np.nonzero(feasible)
    return r.astype(np.int64), c.astype(np.int64), value[r, c], fit[r, c]


def run_instance(label: str, doc: dict, modes: set[str], repeats: int) -> dict[str, Any]:
    import talentmatch as tm

    t0 = time.perf_counter()
    problem = tm.Problem.from_json(doc)
    load_tm = (time.perf_counter() - t0) * 1e3
    t0 = time.perf_counter()
    arrays = to_arrays(doc)
    load_np = (time.perf_counter() - t0) * 1e3
    # Problem.score validates the problem on every call; the same check alone, for reading the table.
    validate_ms = report.median([_time(problem.validate)[0] for _ in range(3)])

    impls: list[Impl] = []
    if "sparse" in modes:
        impls += [
            Impl("talentmatch", "sparse", lambda: problem.score(sparse=True)),
            Impl("numpy", "sparse", lambda: numpy_sparse(arrays)),
        ]
    if "dense" in modes:
        impls += [Impl("talentmatch", "dense", problem.score), Impl("numpy", "dense", lambda: numpy_dense(arrays))]
    if "python" in modes:
        impls.append(Impl("python", "dense", lambda: reference_scores(doc)))

    for _ in range(repeats):
        for im in impls:
            if im.error is not None:
                continue
            try:
                ms, out = _time(im.run)
            except Exception as e:  # noqa: BLE001 - a failure is reported, not fatal to the others
                im.error = f"{type(e).__name__}: {e}"
                continue
            im.times_ms.append(ms)
            im.result = out
        # The check runs after each repeat (results are replaced, so memory holds one of each).
        failures = _check(impls)
        for im in impls:
            im.result = None
        gc.collect()
        if failures:
            break

    return {
        "label": label,
        "load_tm_ms": load_tm,
        "load_np_ms": load_np,
        "validate_ms": validate_ms,
        "impls": impls,
        "failures": failures,
    }


def _check(impls: list[Impl]) -> list[str]:
    failures = []
    by = {(im.name, im.mode): im for im in impls if im.error is None and im.result is not None}
    ref_sparse = by.get(("talentmatch", "sparse"))
    ref_dense = by.get(("talentmatch", "dense"))
    for im in impls:
        if im.error:
            failures.append(f"{im.name} {im.mode}: {im.error}")
    for (name, mode), im in by.items():
        if mode == "sparse" and ref_sparse is not None and im is not ref_sparse:
            msg = compare_sparse(ref_sparse.result, im.result)
            if msg:
                failures.append(f"{name} sparse vs talentmatch sparse: {msg}")
        if mode == "dense" and ref_dense is not None and im is not ref_dense:
            msg = compare_dense(ref_dense.result, im.result)
            if msg:
                failures.append(f"{name} dense vs talentmatch dense: {msg}")
        if mode == "dense" and ref_sparse is not None:
            msg = compare_sparse(ref_sparse.result, dense_to_sparse(im.result))
            if msg:
                failures.append(f"{name} dense (feasible entries) vs talentmatch sparse: {msg}")
    return failures


def _fmt_ms(x: float | None) -> str:
    return report.fmt_ms(x, whole_from=100)  # the full instance's times run to seconds


def format_table(results: list[dict[str, Any]]) -> str:
    header = ["instance", "mode", "candidates", "talentmatch ms", "numpy ms", "numpy/tm", "python ms", "python/tm"]
    body = []
    for res in results:
        for mode in ("sparse", "dense"):
            ims = {im.name: im for im in res["impls"] if im.mode == mode}
            if "talentmatch" not in ims:
                continue
            tm_ms = report.median(ims["talentmatch"].times_ms)
            line = [res["label"], mode, str(res["counts"].get(mode, "-")), _fmt_ms(tm_ms)]
            for anchor in ("numpy", "python"):
                im = ims.get(anchor)
                if im is None:
                    line += ["-", "-"]
                elif im.error or not im.times_ms:
                    line += ["FAIL", "-"]
                else:
                    med = report.median(im.times_ms)
                    line += [_fmt_ms(med), report.fmt_ratio(med / tm_ms if tm_ms else None)]
            body.append(line)
    return report.render_table(header, body, left=2)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--experts", type=int, default=10_000, help="experts of the full (sparse only) instance")
    p.add_argument("--posts", type=int, default=10_000, help="posts of the full (sparse only) instance")
    p.add_argument("--dense-size", type=int, default=2000, metavar="N", help="N x N instance, dense and sparse")
    p.add_argument("--python-size", type=int, default=300, metavar="N", help="N x N instance, with the Python loop")
    p.add_argument("--skills", type=int, default=2000)
    p.add_argument("--field-size", type=int, default=20)
    p.add_argument("--skills-per-expert", type=int, default=15)
    p.add_argument("--requirements", type=int, default=8, help="requirements per post (on average)")
    p.add_argument("--min-score", type=float, default=0.5)
    p.add_argument("--repeats", type=int, default=3, help="timed runs per implementation and instance (median shown)")
    p.add_argument("--seed", type=int, default=20240611)
    p.add_argument("--quick", action="store_true", help="smoke run: 2000 x 2000 sparse, 500 dense, 100 Python")
    args = p.parse_args(argv)
    if args.quick:
        args.experts = args.posts = 2000
        args.dense_size, args.python_size, args.repeats = 500, 100, 2
    if args.repeats < 1 or min(args.experts, args.posts, args.dense_size, args.python_size, args.skills) < 1:
        p.error("--repeats and the sizes must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tm = report.import_talentmatch("pip install . first")
    if tm is None:
        return 2

    print(report.machine_line(scipy=scipy.__version__, talentmatch=getattr(tm, "__version__", "?")))
    print(
        f"seed {args.seed}; {args.skills} skills in fields of {args.field_size}, ~{args.skills_per_expert} skills per "
        f"expert, ~{args.requirements} requirements per post, min_score {args.min_score}; {args.repeats} timed runs "
        "per implementation, median wall time in ms"
    )
    print(flush=True)

    plan = [
        (f"{args.experts}x{args.posts}", args.experts, args.posts, {"sparse"}),
        (f"{args.dense_size}x{args.dense_size}", args.dense_size, args.dense_size, {"sparse", "dense"}),
        (f"{args.python_size}x{args.python_size}", args.python_size, args.python_size, {"sparse", "dense", "python"}),
    ]
    results, failures, loads = [], [], []
    for label, n, m, modes in plan:
        t0 = time.perf_counter()
        doc = generate(
            n,
            m,
            n_skills=args.skills,
            field_size=args.field_size,
            skills_per_expert=args.skills_per_expert,
            requirements=args.requirements,
            min_score=args.min_score,
            seed=args.seed,
        )
        gen_ms = (time.perf_counter() - t0) * 1e3
        res = run_instance(label, doc, modes, args.repeats)
        # Candidate counts, from one more untimed talentmatch run (results are not kept between repeats).
        problem = tm.Problem.from_json(doc)
        res["counts"] = {"sparse": len(problem.score(sparse=True))}
        if "dense" in modes:
            res["counts"]["dense"] = f"{int(problem.score().feasible.sum())}"
        results.append(res)
        loads.append(
            f"{label}: generated in {gen_ms:.0f} ms; loaded by Problem.from_json in {res['load_tm_ms']:.0f} ms, "
            f"to numpy arrays in {res['load_np_ms']:.0f} ms (neither timed below); Problem.validate() "
            f"{res['validate_ms']:.1f} ms (part of every talentmatch score call)"
        )
        for msg in res["failures"]:
            report.record_failure(failures, f"{label}: {msg}")
        line = "  ".join(f"{im.name} {im.mode} {_fmt_ms(report.median(im.times_ms))}" for im in res["impls"])
        print(f"[{label}] {line}", file=sys.stderr, flush=True)

    for line in loads:
        print(line)
    print()
    print(format_table(results))
    print("\n<anchor>/tm: anchor median time / talentmatch median time (> 1: talentmatch is faster)")
    print(
        f"checked: candidate lists equal, fit and value within {ATOL:g}; dense feasible equal, fit and value within "
        f"{ATOL:g}; every dense result's feasible entries equal the talentmatch candidate list"
    )

    return report.report_failures(failures)


if __name__ == "__main__":
    sys.exit(main())
