"""Oracles of the post plans (DESIGN.md sections 4, 5 and 7) that share no code with talentmatch's C++.

The rules of a plan, from the document alone (scores from ``scoring_reference``, a plain-Python model):

- a pair (e, p) may be assigned iff the reference says it is feasible (that covers essential skills, months,
  ``min_score``, ``forbid`` and capacity 0; a ``require`` pair is feasible whatever else holds); each pair once;
- ``sum_p x[e,p] <= capacity(e)`` (default 1); ``min_fill(p) <= sum_e x[e,p] <= slots(p)``;
- every ``require`` pair is in the plan;
- every quota: ``min <= load <= max``, its load the number of pairs held by its members (posts or experts);
- default objective: maximise the total reference value; ``fill_first``: the most pairs first, then the value.

Three independent ways to the answer, checked against each other in ``test_plan.py``:
:func:`milp_plan` (scipy's HiGHS MILP), :func:`brute_force_plans` (every subset of the feasible pairs, vectorised
with numpy) and :func:`check_plan` (plain loops over the rules, one message per broken rule). The document
generator :func:`random_document` draws valid documents with every rule in play.
"""

from __future__ import annotations

import copy
import warnings

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scoring_reference import reference_levels, reference_scores

__all__ = [
    "brute_force_plans",
    "check_plan",
    "effective_levels",
    "feasible_pairs",
    "milp_plan",
    "plan_value",
    "quota_members",
    "random_document",
    "with_changes",
]

# HiGHS stops at a relative gap of 1e-4 and an absolute gap of 1e-6 by default: far too loose for an oracle compared
# at rtol 1e-9. Both gaps at 0 make it prove optimality (the LP is totally unimodular, so that is cheap).
_HIGHS_OPTIONS = {"mip_rel_gap": 0.0, "mip_abs_gap": 0.0}


# --- The document's rules, read directly ---------------------------------------------------------------------------


def _json_scalar_equal(a, b) -> bool:
    """JSON scalar equality: a bool is not a number (Python's ``True == 1`` is not JSON's), numbers compare by value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return float(a) == float(b)


def _post_matches(post: dict, field: str, value) -> bool:
    if not isinstance(value, str) or field not in ("id", "department", "unit", "region"):
        return False
    return post.get(field) == value


def _expert_matches(expert: dict, field: str, value) -> bool:
    if field in ("id", "name", "province", "institution", "title"):
        return isinstance(value, str) and expert.get(field) == value
    attributes = expert.get("attributes") or {}
    return field in attributes and _json_scalar_equal(attributes[field], value)


def quota_members(doc: dict, constraint: dict) -> list[int]:
    """Indices of the posts (or experts) that match every field of the constraint's ``where``."""
    if constraint["side"] == "posts":
        items, match = doc["posts"], _post_matches
    else:
        items, match = doc["experts"], _expert_matches
    return [k for k, item in enumerate(items) if all(match(item, f, v) for f, v in constraint["where"].items())]


def effective_levels(doc: dict) -> list[dict[str, float]]:
    """Each expert's effective levels (own levels and one hop of ``related`` transfer), in document order."""
    related = {s["id"]: s.get("related", []) for s in doc["skills"]}
    return [reference_levels(e, related) for e in doc["experts"]]


def _capacity(expert: dict) -> int:
    return expert.get("capacity", 1)


def _rules(doc: dict, kind: str) -> list[tuple[str, str]]:
    return [(r["expert"], r["post"]) for r in doc.get("pairs", []) if r["rule"] == kind]


def feasible_pairs(doc: dict) -> list[tuple[int, int]]:
    """(expert index, post index) of every pair the reference scoring allows, experts then posts in order."""
    _, _, feasible = reference_scores(doc)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(feasible))]


# --- An independent checker ------------------------------------------------------------------------------------------


def plan_value(doc: dict, pairs) -> float:
    """The reference value of a plan: the sum of its pairs' values (``pairs``: (expert id, post id))."""
    value, _, _ = reference_scores(doc)
    ei = {e["id"]: i for i, e in enumerate(doc["experts"])}
    pj = {p["id"]: j for j, p in enumerate(doc["posts"])}
    return float(sum(value[ei[e], pj[p]] for e, p in pairs))


def check_plan(doc: dict, pairs) -> list[str]:
    """Every rule of section 4 that the plan ``pairs`` (an iterable of (expert id, post id)) breaks; empty when none.

    Plain loops, one rule at a time, so that it shares nothing with the MILP or the brute force."""
    pairs = list(pairs)
    out: list[str] = []
    _, _, feasible = reference_scores(doc)
    ei = {e["id"]: i for i, e in enumerate(doc["experts"])}
    pj = {p["id"]: j for j, p in enumerate(doc["posts"])}
    seen = set()
    expert_load = [0] * len(doc["experts"])
    post_load = [0] * len(doc["posts"])
    for e, p in pairs:
        if e not in ei or p not in pj:
            out.append(f"pair ({e}, {p}) names an unknown expert or post")
            continue
        if (e, p) in seen:
            out.append(f"pair ({e}, {p}) is assigned twice")
        seen.add((e, p))
        if not feasible[ei[e], pj[p]]:
            out.append(f"pair ({e}, {p}) is infeasible")
        expert_load[ei[e]] += 1
        post_load[pj[p]] += 1
    for i, e in enumerate(doc["experts"]):
        if expert_load[i] > _capacity(e):
            out.append(f"expert {e['id']} holds {expert_load[i]} posts, capacity {_capacity(e)}")
    for j, p in enumerate(doc["posts"]):
        if post_load[j] > p["slots"]:
            out.append(f"post {p['id']} has {post_load[j]} experts, slots {p['slots']}")
        if post_load[j] < p.get("min_fill", 0):
            out.append(f"post {p['id']} has {post_load[j]} experts, min_fill {p['min_fill']}")
    for e, p in _rules(doc, "require"):
        if (e, p) not in seen:
            out.append(f"required pair ({e}, {p}) is missing")
    for c in doc.get("constraints", []):
        members = set(quota_members(doc, c))
        loads = post_load if c["side"] == "posts" else expert_load
        load = sum(loads[k] for k in members)
        if "min" in c and load < c["min"]:
            out.append(f"constraint {c['name']!r} holds {load}, min {c['min']}")
        if "max" in c and load > c["max"]:
            out.append(f"constraint {c['name']!r} holds {load}, max {c['max']}")
    return out


# --- The MILP -----------------------------------------------------------------------------------------------------


def _solve(c, a, lo, hi, lb, ub):
    """min c x over binary x with lo <= a x <= hi and lb <= x <= ub; None when infeasible."""
    n = len(c)
    constraints = [LinearConstraint(a, lo, hi)] if len(a) else []
    with warnings.catch_warnings():
        # mip_abs_gap is not one of milp's named options: scipy passes it to HiGHS verbatim, and says so.
        warnings.simplefilter("ignore", RuntimeWarning)
        res = milp(c, integrality=np.ones(n), bounds=Bounds(lb, ub), constraints=constraints, options=_HIGHS_OPTIONS)
    if res.status == 2:  # infeasible
        return None
    if res.status != 0:
        raise RuntimeError(f"HiGHS did not finish: {res.message}")
    return np.round(res.x).astype(int)


def milp_plan(doc: dict, fill_first: bool = False, *, force=(), extra=None):
    """The optimal plan by a MILP over binary x[e,p] for the feasible pairs: ``(objective, pairs)``, or None.

    Parameters
    ----------
    doc : dict
        A valid ``talentmatch/1`` document.
    fill_first : bool
        Maximise the number of pairs first (stage 1), then the value among plans with that many (stage 2, the count
        fixed by an equality row).
    force : iterable of (expert id, post id)
        Pairs fixed to 1 on top of the ``require`` rules (the alternates' oracle); a pair that is not feasible makes
        the problem infeasible.
    extra : dict, optional
        ``{(expert id, post id): amount}`` added to those pairs' values in the objective (replan's switching cost).

    Returns
    -------
    (float, list of (str, str)) or None
        The objective (the sum of the values, plus ``extra`` of the pairs taken) and the pairs in document order;
        None when no plan meets the rules.
    """
    value, _, feasible = reference_scores(doc)
    experts, posts = doc["experts"], doc["posts"]
    ids_e = [e["id"] for e in experts]
    ids_p = [p["id"] for p in posts]
    ei = {e: i for i, e in enumerate(ids_e)}
    pj = {p: j for j, p in enumerate(ids_p)}
    var = [(i, j) for i in range(len(experts)) for j in range(len(posts)) if feasible[i, j]]
    index = {ij: k for k, ij in enumerate(var)}
    n = len(var)
    lb, ub = np.zeros(n), np.ones(n)
    for e, p in list(_rules(doc, "require")) + list(force):
        k = index.get((ei[e], pj[p]))
        if k is None:
            return None  # forced but infeasible
        lb[k] = 1
    rows, lo, hi = [], [], []

    def row(members_of_var, low, high):
        rows.append(np.array([1.0 if members_of_var(i, j) else 0.0 for i, j in var]))
        lo.append(low)
        hi.append(high)

    for i, e in enumerate(experts):
        row(lambda a, b, i=i: a == i, -np.inf, _capacity(e))
    for j, p in enumerate(posts):
        row(lambda a, b, j=j: b == j, p.get("min_fill", 0), p["slots"])
    for c in doc.get("constraints", []):
        members = set(quota_members(doc, c))
        if c["side"] == "posts":
            row(lambda a, b, m=members: b in m, c.get("min", -np.inf), c.get("max", np.inf))
        else:
            row(lambda a, b, m=members: a in m, c.get("min", -np.inf), c.get("max", np.inf))
    gain = np.array([value[i, j] for i, j in var], dtype=float)
    for (e, p), amount in (extra or {}).items():
        k = index.get((ei.get(e, -1), pj.get(p, -1)))
        if k is not None:
            gain[k] += amount
    if n == 0:
        # No variable: the rules hold iff every row's bounds admit a load of 0.
        ok = all(low <= 0 <= high for low, high in zip(lo, hi))
        return (0.0, []) if ok else None
    a = np.array(rows)
    lo_a, hi_a = np.array(lo, dtype=float), np.array(hi, dtype=float)
    if fill_first:
        x = _solve(-np.ones(n), a, lo_a, hi_a, lb, ub)
        if x is None:
            return None
        count = int(x.sum())
        a = np.vstack([a, np.ones(n)])
        lo_a, hi_a = np.append(lo_a, count), np.append(hi_a, count)
    x = _solve(-gain, a, lo_a, hi_a, lb, ub)
    if x is None:
        return None
    chosen = [var[k] for k in range(n) if x[k]]
    return float(sum(gain[index[ij]] for ij in chosen)), [(ids_e[i], ids_p[j]) for i, j in chosen]


# --- Brute force ----------------------------------------------------------------------------------------------------


def brute_force_plans(doc: dict, max_pairs: int = 16) -> list[tuple[float, frozenset]]:
    """Every plan that meets the rules, as ``(value, frozenset of (expert id, post id))``, best value first (ties by
    the sorted pair list, so the order is deterministic). Enumerates all subsets of the feasible pairs at once with
    numpy: for tiny documents only (at most ``max_pairs`` feasible pairs)."""
    value, _, feasible = reference_scores(doc)
    experts, posts = doc["experts"], doc["posts"]
    var = [(i, j) for i in range(len(experts)) for j in range(len(posts)) if feasible[i, j]]
    n = len(var)
    if n > max_pairs:
        raise ValueError(f"{n} feasible pairs: too many to enumerate")
    masks = np.arange(2**n, dtype=np.int64)
    x = ((masks[:, None] >> np.arange(n)) & 1).astype(np.int64)  # subsets x pairs
    ok = np.ones(len(masks), dtype=bool)
    e_of = np.array([i for i, _ in var], dtype=np.int64)
    p_of = np.array([j for _, j in var], dtype=np.int64)
    e_load = np.zeros((len(masks), len(experts)), dtype=np.int64)
    p_load = np.zeros((len(masks), len(posts)), dtype=np.int64)
    for k in range(n):
        e_load[:, e_of[k]] += x[:, k]
        p_load[:, p_of[k]] += x[:, k]
    ok &= (e_load <= np.array([_capacity(e) for e in experts], dtype=np.int64)).all(axis=1)
    ok &= (p_load <= np.array([p["slots"] for p in posts], dtype=np.int64)).all(axis=1)
    ok &= (p_load >= np.array([p.get("min_fill", 0) for p in posts], dtype=np.int64)).all(axis=1)
    ei = {e["id"]: i for i, e in enumerate(experts)}
    pj = {p["id"]: j for j, p in enumerate(posts)}
    for e, p in _rules(doc, "require"):
        ij = (ei[e], pj[p])
        if ij not in var:
            return []
        ok &= x[:, var.index(ij)] == 1
    for c in doc.get("constraints", []):
        members = quota_members(doc, c)
        load = (p_load if c["side"] == "posts" else e_load)[:, members].sum(axis=1)
        if "min" in c:
            ok &= load >= c["min"]
        if "max" in c:
            ok &= load <= c["max"]
    gains = np.array([value[i, j] for i, j in var], dtype=float)
    ids_e = [e["id"] for e in experts]
    ids_p = [p["id"] for p in posts]
    out = []
    for m in np.nonzero(ok)[0]:
        chosen = [var[k] for k in range(n) if x[m, k]]
        # Summed pair by pair in document order, as plan_value and milp_plan do, so equal plans compare exactly.
        total = float(sum(gains[var.index(ij)] for ij in chosen))
        out.append((total, frozenset((ids_e[i], ids_p[j]) for i, j in chosen)))
    out.sort(key=lambda t: (-t[0], sorted(t[1])))
    return out


# --- Random documents -----------------------------------------------------------------------------------------------

_PROVINCES = {"I0": "HLJ", "I1": "HLJ", "I2": "JL", "I3": "LN"}  # an institution lies in one province: they nest
_TITLES = ["professor", "chief physician", "senior teacher", "engineer"]


def _laminar_with(members: set, chosen: list[set]) -> bool:
    return all(not (members & m) or members <= m or m <= members for m in chosen)


def random_document(
    rng: np.random.Generator,
    experts: int,
    posts: int,
    *,
    skills: int = 5,
    quotas: int = 3,
    pair_rules: int | None = None,
    p_essential: float = 0.25,
    p_min_fill: float = 0.15,
    p_capacity_0: float = 0.05,
    p_bad_require: float = 0.0,
    p_hard: float = 0.05,
    settings: bool = True,
) -> dict:
    """A random valid ``talentmatch/1`` document with every rule of the plans in play.

    Experts have capacities 0..3, provinces implied by institutions, a title, ``attributes`` (a string, a bool and
    a number) and whole levels; one skill passes a share (0.25, 0.5 or 0.75, exact in binary, so effective levels
    compare exactly with whole minimum levels) to another. Posts belong to units inside departments, have 1..3
    slots, sometimes ``min_fill``, ``min_months``, essential requirements and a region. Pair rules mix forbid,
    bonus (some negative) and require; require pairs stay within the expert's capacity and the post's slots unless
    ``p_bad_require`` draws one that breaks them on purpose. Quotas, at most ``quotas`` per side, are drawn from
    department, unit, region, province, institution and attribute filters, kept only when they nest with those
    already taken. Minima (``min_fill``, a quota's min) stay within what the group's feasible pairs can reach,
    except with probability ``p_hard`` (then only within its slots or capacities, which validation requires); the
    whole document can still be infeasible (quotas together, min_fill, required pairs), as real ones can, in about
    one case in five with the defaults.
    """
    sk = [f"s{k}" for k in range(skills)]
    skill_list = []
    for k, s in enumerate(sk):
        entry = {"id": s, "name": f"skill {k}"}
        if k > 0 and rng.random() < 0.4:
            entry["parents"] = [sk[int(rng.integers(k))]]
        if rng.random() < 0.35:
            other = sk[int(rng.integers(skills))]
            if other != s:
                entry["related"] = [{"skill": other, "transfer": float(rng.choice([0.25, 0.5, 0.75]))}]
        skill_list.append(entry)
    expert_list = []
    for i in range(experts):
        inst = str(rng.choice(list(_PROVINCES)))
        e = {
            "id": f"e{i}",
            "name": f"Expert {i}",
            "province": _PROVINCES[inst],
            "institution": inst,
            "title": str(rng.choice(_TITLES)),
            "available_months": int(rng.integers(3, 13)),
            "skills": {
                s: int(rng.integers(0, 8))
                for s in rng.choice(sk, size=min(skills, int(rng.integers(1, 4))), replace=False)
            },
            "attributes": {
                "lang": str(rng.choice(["zh", "ru"])),
                "driving": bool(rng.random() < 0.5),
                "grade": int(rng.integers(1, 3)),
            },
        }
        cap = 0 if rng.random() < p_capacity_0 else int(rng.integers(1, 4))
        if cap != 1 or rng.random() < 0.5:
            e["capacity"] = cap
        expert_list.append(e)
    post_list = []
    for j in range(posts):
        dep = f"D{int(rng.integers(2))}"
        p = {
            "id": f"p{j}",
            "department": dep,
            "unit": f"{dep}.U{int(rng.integers(2))}",  # unit names are unique across departments: units nest
            "slots": int(rng.integers(1, 4)),
            "priority": int(rng.integers(1, 6)),
            "requires": [],
        }
        if rng.random() < 0.5:
            p["region"] = str(rng.choice(["north", "south"]))
        if rng.random() < 0.3:
            p["min_months"] = int(rng.integers(4, 10))
        for s in rng.choice(sk, size=min(skills, int(rng.integers(1, 4))), replace=False):
            r = {"skill": str(s), "importance": int(rng.integers(1, 6)), "min_level": int(rng.integers(0, 7))}
            if rng.random() < p_essential:
                r["essential"] = True
            p["requires"].append(r)
        post_list.append(p)
    pairs = []
    taken = set()
    req_e = [0] * experts
    req_p = [0] * posts
    n_rules = pair_rules if pair_rules is not None else int(rng.integers(0, max(1, (experts * posts) // 4) + 1))
    for _ in range(n_rules):
        i, j = int(rng.integers(experts)), int(rng.integers(posts))
        if (i, j) in taken:
            continue
        kind = str(rng.choice(["forbid", "bonus", "require"], p=[0.4, 0.4, 0.2]))
        if kind == "require":
            within = req_e[i] < expert_list[i].get("capacity", 1) and req_p[j] < post_list[j]["slots"]
            if not within and rng.random() >= p_bad_require:
                kind = "bonus"
            else:
                req_e[i] += 1
                req_p[j] += 1
        rule = {"expert": f"e{i}", "post": f"p{j}", "rule": kind}
        if kind == "bonus":
            rule["value"] = float(rng.choice([-1.0, -0.5, 0.5, 1.0, 2.0]))
        taken.add((i, j))
        pairs.append(rule)
    doc = {"format": "talentmatch/1", "skills": skill_list, "experts": expert_list, "posts": post_list}
    if pairs:
        doc["pairs"] = pairs
    if settings and rng.random() < 0.5:
        s = {}
        if rng.random() < 0.5:
            s["min_score"] = float(rng.choice([0.1, 0.25, 0.5]))
        if rng.random() < 0.2:
            s["essential_hard"] = False
        if rng.random() < 0.2:
            s["weights"] = {"fit": float(rng.choice([1.0, 2.0])), "bonus": float(rng.choice([0.5, 1.0]))}
        if s:
            doc["settings"] = s
    # Minima (min_fill, quota min) are drawn within what the feasible pairs can reach, except with probability
    # p_hard: drawn blind, most documents would be infeasible.
    _, _, feasible = reference_scores(doc)
    caps = [e.get("capacity", 1) for e in expert_list]
    post_reach = [min(p["slots"], int(feasible[:, j].sum())) for j, p in enumerate(post_list)]
    expert_reach = [min(caps[i], int(feasible[i].sum())) for i in range(experts)]
    for j, p in enumerate(post_list):
        if rng.random() < p_min_fill:
            top = min(p["slots"], 2) if rng.random() < p_hard else min(post_reach[j], 2)
            if top >= 1:
                p["min_fill"] = int(rng.integers(1, top + 1))
    constraints = []
    post_filters = [{"department": f"D{d}"} for d in range(2)]
    post_filters += [{"department": f"D{d}", "unit": f"D{d}.U{u}"} for d in range(2) for u in range(2)]
    post_filters += [{"unit": f"D{d}.U{u}"} for d in range(2) for u in range(2)]
    post_filters += [{"region": "north"}, {"department": "D0", "region": "south"}, {"id": "p0"}]
    expert_filters = [{"province": v} for v in sorted(set(_PROVINCES.values()))]
    expert_filters += [{"institution": v} for v in _PROVINCES]
    expert_filters += [{"lang": "zh"}, {"driving": True}, {"grade": 2}, {"province": "HLJ", "lang": "ru"}]
    expert_filters += [{"title": "professor"}]
    sides = (
        ("posts", post_filters, [p["slots"] for p in post_list], post_reach),
        ("experts", expert_filters, caps, expert_reach),
    )
    for side, filters, sizes, reach in sides:
        chosen: list[set] = []
        for k in rng.permutation(len(filters)):
            if len(chosen) >= quotas:
                break
            c = {"name": f"{side[0]}q{len(constraints)}", "side": side, "where": filters[k]}
            members = set(quota_members(doc, c))
            if not _laminar_with(members, chosen):
                continue
            room = sum(sizes[m] for m in members)  # validation rejects a min above this
            top = min(room if rng.random() < p_hard else sum(reach[m] for m in members), 2)
            kind = rng.random()
            if kind < 0.6 or top == 0:
                c["max"] = int(rng.integers(room // 3, room + 1))
            elif kind < 0.8:
                c["min"] = int(rng.integers(1, top + 1))
            else:
                c["min"] = int(rng.integers(0, top + 1))
                c["max"] = int(rng.integers(max(c["min"], room // 3), room + 1))
            chosen.append(members)
            constraints.append(c)
    if constraints:
        doc["constraints"] = constraints
    return doc


def with_changes(doc: dict, **changes) -> dict:
    """A deep copy of ``doc`` (helper for the sandwich checks): ``slots={post id: n}``, ``bounds={name: (key, n)}``."""
    out = copy.deepcopy(doc)
    for pid, n in changes.get("slots", {}).items():
        next(p for p in out["posts"] if p["id"] == pid)["slots"] = n
    for name, (key, n) in changes.get("bounds", {}).items():
        next(c for c in out["constraints"] if c["name"] == name)[key] = n
    return out
