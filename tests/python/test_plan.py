"""Post plans: ``talentmatch.match`` and what a Plan reports (DESIGN.md section 7).

Oracles (tests/python/plan_oracles.py, no code shared with the C++): a scipy/HiGHS MILP of the plan rules, the
brute force over every subset of the feasible pairs, a plain-loop checker of every rule, and the plain-Python
scoring reference (scoring_reference.py) for values, fits, feasibility and effective levels. The oracles are checked
against each other first (they need no matcher); every test of ``tm.match`` skips while the matcher is not built.
"""

from __future__ import annotations

import json
import math
import pathlib
import re

import numpy as np
import pytest
import talentmatch as tm
from plan_oracles import (
    brute_force_plans,
    check_plan,
    effective_levels,
    feasible_pairs,
    milp_plan,
    plan_value,
    quota_members,
    random_document,
    with_changes,
)
from scoring_reference import MIN_SCORE_TOLERANCE, reference_scores

FUYUN = pathlib.Path(__file__).resolve().parents[1] / "data" / "fuyun.json"

needs_match = pytest.mark.skipif(
    not hasattr(tm, "match"), reason="talentmatch.match is not built yet (the C++ matcher is being written)"
)

RTOL = 1e-9
ALTERNATES, CLOSEST = 3, 5
INFEASIBLE_RULES = {"capacity", "months", "essential", "min_score", "forbid"}
BLOCKING_RULES = INFEASIBLE_RULES | {"outbid", "needed", "quota", "value"}


def close(a: float, b: float, scale: float = 1.0) -> bool:
    return abs(a - b) <= RTOL * max(1.0, abs(a), abs(b), scale)


def small_doc(seed: int, k: int, **kw) -> dict:
    """Document k of a reproducible family: ``random_document(np.random.default_rng([seed, k]), ...)``."""
    rng = np.random.default_rng([seed, k])
    return random_document(rng, int(rng.integers(1, 9)), int(rng.integers(1, 6)), **kw)


def tiny_doc(seed: int, k: int) -> dict:
    rng = np.random.default_rng([seed, k])
    return random_document(
        rng, int(rng.integers(2, 5)), int(rng.integers(2, 4)), skills=int(rng.integers(2, 5)), p_bad_require=0.1
    )


def pairs_of(plan) -> list[tuple[str, str]]:
    return [(a["expert"], a["post"]) for a in plan.assignments]


def index(doc: dict):
    ei = {e["id"]: i for i, e in enumerate(doc["experts"])}
    pj = {p["id"]: j for j, p in enumerate(doc["posts"])}
    return ei, pj


def loads(doc: dict, pairs):
    ei, pj = index(doc)
    e_load, p_load = [0] * len(ei), [0] * len(pj)
    for e, p in pairs:
        e_load[ei[e]] += 1
        p_load[pj[p]] += 1
    return e_load, p_load


def quota_load(doc: dict, c: dict, e_load, p_load) -> int:
    return sum((p_load if c["side"] == "posts" else e_load)[k] for k in quota_members(doc, c))


def names_a_post_or_constraint(doc: dict, message: str) -> bool:
    names = [p["id"] for p in doc["posts"]] + [c["name"] for c in doc.get("constraints", [])]
    return any(re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w.-])", message) for n in names)


def match_or_none(doc: dict, **kw):
    """tm.match on doc, or None when it raises InfeasibleError."""
    try:
        return tm.match(tm.Problem.from_json(doc), **kw)
    except tm.InfeasibleError:
        return None


# --- The oracles against each other (no matcher needed) ----------------------------------------------------------


def test_random_documents_are_valid_and_score_as_the_reference():
    for k in range(80):
        doc = small_doc(1, k) if k % 4 else random_document(np.random.default_rng([1, k]), 40, 15)
        problem = tm.Problem.from_json(doc)  # raises if the generator made an invalid document
        scores = problem.score()
        value, fit, feasible = reference_scores(doc)
        np.testing.assert_allclose(scores.value, value, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(scores.fit, fit, rtol=1e-12, atol=1e-12)
        assert (np.asarray(scores.feasible) == feasible).all(), k


def test_random_documents_use_every_rule():
    # The generator is only worth its tests if the rules it should exercise do occur (and infeasible documents too).
    seen = set()
    infeasible = 0
    for k in range(120):
        doc = small_doc(2, k)
        for p in doc["posts"]:
            seen |= {"min_fill"} & set(p) | {"min_months"} & set(p)
            seen |= {"essential" for r in p["requires"] if r.get("essential")}
        seen |= {r["rule"] for r in doc.get("pairs", [])}
        seen |= {(c["side"], b) for c in doc.get("constraints", []) for b in ("min", "max") if b in c}
        seen |= {"capacity 0" for e in doc["experts"] if e.get("capacity", 1) == 0}
        infeasible += milp_plan(doc) is None
    expected = {"min_fill", "min_months", "essential", "forbid", "require", "bonus", "capacity 0"}
    expected |= {(s, b) for s in ("posts", "experts") for b in ("min", "max")}
    assert expected <= seen, expected - seen
    assert 5 <= infeasible <= 60, infeasible


def test_milp_equals_brute_force_on_tiny_documents():
    feasible_docs = 0
    for k in range(150):
        doc = tiny_doc(3, k)
        if len(feasible_pairs(doc)) > 14:
            continue
        plans = brute_force_plans(doc)
        best, first = milp_plan(doc), milp_plan(doc, fill_first=True)
        if not plans:
            assert best is None and first is None, k
            continue
        feasible_docs += 1
        assert close(best[0], plans[0][0]), (k, best, plans[0])
        assert check_plan(doc, best[1]) == [] and close(plan_value(doc, best[1]), best[0])
        most = max(plans, key=lambda t: (len(t[1]), t[0]))
        assert len(first[1]) == len(most[1]) and close(first[0], most[0]), (k, first, most)
        # Forcing a pair: the best plan among those that hold it.
        ids_e, ids_p = [e["id"] for e in doc["experts"]], [p["id"] for p in doc["posts"]]
        for i, j in feasible_pairs(doc)[:4]:
            pair = (ids_e[i], ids_p[j])
            forced, holding = milp_plan(doc, force=[pair]), [v for v, s in plans if pair in s]
            assert (forced is None) == (not holding), (k, pair)
            if holding:
                assert close(forced[0], holding[0]), (k, pair)
        # An extra amount on some pairs (replan's switching cost): the best of value + extra.
        extra = {pair: 2.5 for pair in plans[-1][1]}
        augmented = max(v + sum(extra.get(q, 0.0) for q in s) for v, s in plans)
        assert close(milp_plan(doc, extra=extra)[0], augmented), k
    assert feasible_docs >= 80


def test_checker_equals_brute_force_on_every_subset():
    for k in range(60):
        doc = tiny_doc(4, k)
        pairs = feasible_pairs(doc)
        if len(pairs) > 10:
            continue
        ok = {s for _, s in brute_force_plans(doc)}
        ids_e, ids_p = [e["id"] for e in doc["experts"]], [p["id"] for p in doc["posts"]]
        named = [(ids_e[i], ids_p[j]) for i, j in pairs]
        for mask in range(2 ** len(named)):
            subset = frozenset(named[b] for b in range(len(named)) if mask >> b & 1)
            assert (check_plan(doc, subset) == []) == (subset in ok), (k, sorted(subset), check_plan(doc, subset))


def test_checker_names_each_broken_rule():
    doc = {
        "format": "talentmatch/1",
        "skills": [{"id": "s", "name": "s"}],
        "experts": [
            {"id": "a", "available_months": 6, "skills": {"s": 5}},
            {"id": "b", "available_months": 6, "capacity": 2, "skills": {"s": 5}, "attributes": {"lang": "zh"}},
            {"id": "c", "available_months": 2, "skills": {"s": 5}},
        ],
        "posts": [
            {"id": "p", "department": "D", "unit": "U", "slots": 1, "min_fill": 1, "min_months": 3, "requires": []},
            {"id": "q", "department": "D", "unit": "V", "slots": 1, "requires": []},
            {"id": "r", "department": "E", "unit": "W", "slots": 1, "requires": []},
        ],
        "pairs": [{"expert": "a", "post": "r", "rule": "require"}, {"expert": "b", "post": "r", "rule": "forbid"}],
        "constraints": [
            {"name": "dept D", "side": "posts", "where": {"department": "D"}, "max": 1},
            {"name": "zh", "side": "experts", "where": {"lang": "zh"}, "min": 1},
        ],
    }
    tm.Problem.from_json(doc)
    assert check_plan(doc, [("a", "r"), ("b", "p")]) == []
    broken = check_plan(doc, [("a", "p"), ("a", "q"), ("a", "q"), ("c", "p"), ("b", "r")])
    for words in (
        "(a, q) is assigned twice",
        "(c, p) is infeasible",  # months
        "(b, r) is infeasible",  # forbid
        "expert a holds 3 posts",
        "post p has 2 experts, slots 1",
        "post q has 2 experts, slots 1",
        "required pair (a, r) is missing",
        "'dept D' holds 4, max 1",
    ):
        assert any(words in b for b in broken), (words, broken)
    assert check_plan(doc, [("b", "q"), ("a", "r")]) == ["post p has 0 experts, min_fill 1"]
    assert check_plan(doc, [("a", "r"), ("c", "p")]) == ["pair (c, p) is infeasible", "constraint 'zh' holds 0, min 1"]


# --- Optimality and infeasibility ------------------------------------------------------------------------------------


def check_against_milp(doc: dict, fill_first: bool, label) -> None:
    problem = tm.Problem.from_json(doc)
    best = milp_plan(doc, fill_first=fill_first)
    if best is None:
        with pytest.raises(tm.InfeasibleError) as info:
            tm.match(problem, fill_first=fill_first)
        assert isinstance(info.value, tm.Error) and isinstance(info.value, ValueError)
        assert names_a_post_or_constraint(doc, str(info.value)), (label, str(info.value))
        return
    plan = tm.match(problem, fill_first=fill_first)
    pairs = pairs_of(plan)
    assert check_plan(doc, pairs) == [], (label, check_plan(doc, pairs))
    assert close(plan.objective, best[0]), (label, plan.objective, best[0])
    assert close(plan.objective, plan_value(doc, pairs)), label
    if fill_first:
        assert len(pairs) == len(best[1]), (label, len(pairs), len(best[1]))
    assert plan.certificate.ok, (label, plan.certificate.message)
    assert plan.fill_first is fill_first
    assert plan.slots == sum(p["slots"] for p in doc["posts"]) and plan.filled == len(pairs)
    value, fit, _ = reference_scores(doc)
    ei, pj = index(doc)
    required = {(r["expert"], r["post"]) for r in doc.get("pairs", []) if r["rule"] == "require"}
    for a in plan.assignments:
        i, j = ei[a["expert"]], pj[a["post"]]
        assert close(a["value"], value[i, j]) and close(a["fit"], fit[i, j]), (label, a)
        assert a["department"] == doc["posts"][j]["department"] and a["unit"] == doc["posts"][j]["unit"]
        assert a["required"] == ((a["expert"], a["post"]) in required), (label, a)
        assert isinstance(a["reason"], str) and a["reason"] and "\n" not in a["reason"], (label, a)


@needs_match
@pytest.mark.parametrize("fill_first", [False, True], ids=["value", "fill_first"])
@pytest.mark.parametrize("batch", range(6))
def test_match_is_optimal_on_small_documents(batch, fill_first):
    for k in range(batch * 50, batch * 50 + 50):
        check_against_milp(small_doc(10, k, p_bad_require=0.05), fill_first, ("small", 10, k))


@needs_match
@pytest.mark.parametrize("fill_first", [False, True], ids=["value", "fill_first"])
def test_match_is_optimal_on_medium_documents(fill_first):
    for k in range(8):
        doc = random_document(np.random.default_rng([11, k]), 40, 15, quotas=4)
        check_against_milp(doc, fill_first, ("medium", 11, k))


@needs_match
@pytest.mark.parametrize("fill_first", [False, True], ids=["value", "fill_first"])
def test_match_on_fuyun(fill_first):
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    check_against_milp(doc, fill_first, "fuyun")
    check_reports(doc, tm.match(tm.Problem.from_json(doc), fill_first=fill_first), "fuyun")


@needs_match
def test_match_result_types():
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    plan = tm.match(tm.Problem.from_json(doc))
    assert isinstance(plan.objective, float) and isinstance(plan.certificate, tm.Certificate)
    assert isinstance(plan.certificate.gap, float) and isinstance(plan.certificate.message, str)
    keys = {"expert", "post", "department", "unit", "value", "fit", "required", "reason"}
    assert all(isinstance(a, dict) and keys <= set(a) for a in plan.assignments)
    keys = {"post", "department", "unit", "slots", "filled", "missing", "closest", "provinces", "institutions"}
    assert all(isinstance(u, dict) and keys <= set(u) for u in plan.unfilled)
    keys = {"expert", "reason", "explanation", "best_post", "best_value"}
    assert all(isinstance(u, dict) and keys <= set(u) for u in plan.unassigned)
    assert set(plan.shadow_prices) == {"posts", "constraints"}
    assert all({"expert", "value", "fit", "loss"} <= set(a) for alts in plan.alternates.values() for a in alts)


@needs_match
def test_infeasible_documents_name_the_post_or_the_constraint():
    base = {
        "format": "talentmatch/1",
        "skills": [{"id": "s", "name": "s"}],
        "experts": [
            {"id": "a", "available_months": 6, "skills": {"s": 5}},
            {"id": "b", "available_months": 6, "skills": {"s": 1}},
        ],
        "posts": [
            {"id": "p-icu", "department": "D", "unit": "U", "slots": 1,
             "requires": [{"skill": "s", "importance": 3, "min_level": 4, "essential": True}]},
            {"id": "p-ward", "department": "D", "unit": "V", "slots": 2, "requires": []},
        ],
    }  # fmt: skip
    # min_fill that no feasible expert can meet: the post.
    doc = with_changes(base)
    doc["posts"][0]["min_fill"] = 1
    doc["pairs"] = [{"expert": "a", "post": "p-icu", "rule": "forbid"}]
    with pytest.raises(tm.InfeasibleError, match="p-icu"):
        tm.match(tm.Problem.from_json(doc))
    # A quota minimum beyond what the feasible pairs reach (validation only counts slots): the constraint.
    doc = with_changes(base)
    doc["constraints"] = [{"name": "icu unit", "side": "posts", "where": {"unit": "U"}, "min": 1}]
    doc["pairs"] = [{"expert": "a", "post": "p-icu", "rule": "forbid"}]
    with pytest.raises(tm.InfeasibleError, match="icu unit"):
        tm.match(tm.Problem.from_json(doc))
    # A quota maximum that a required pair breaks.
    doc = with_changes(base)
    doc["constraints"] = [{"name": "ward cap", "side": "posts", "where": {"unit": "V"}, "max": 0}]
    doc["pairs"] = [{"expert": "b", "post": "p-ward", "rule": "require"}]
    with pytest.raises(tm.InfeasibleError) as info:
        tm.match(tm.Problem.from_json(doc))
    assert names_a_post_or_constraint(doc, str(info.value)), str(info.value)
    # The same documents with the offending rule gone are feasible, and the matcher agrees with the MILP.
    doc["constraints"] = []
    check_against_milp(doc, False, "fixed")


# --- Brute force and alternatives ------------------------------------------------------------------------------------


@needs_match
def test_match_and_alternatives_against_brute_force():
    compared = 0
    for k in range(120):
        doc = tiny_doc(20, k)
        if len(feasible_pairs(doc)) > 12:
            continue
        plans = brute_force_plans(doc)
        plan = match_or_none(doc)
        assert (plan is None) == (not plans), k
        if plan is None:
            continue
        compared += 1
        assert close(plan.objective, plans[0][0]), (k, plan.objective, plans[0][0])
        want = 5
        alts = plan.alternatives(want)
        assert len(alts) == min(want, len(plans)), (k, len(alts), len(plans))
        sets = [frozenset(pairs_of(a)) for a in alts]
        assert len(set(sets)) == len(sets), (k, "alternatives repeat a plan")
        for rank, (alt, pair_set) in enumerate(zip(alts, sets)):
            assert check_plan(doc, pair_set) == [], (k, rank, check_plan(doc, pair_set))
            assert close(alt.objective, plans[rank][0]), (k, rank, alt.objective, [v for v, _ in plans[:want]])
            assert close(alt.objective, plan_value(doc, pair_set)), (k, rank)
            assert alt.certificate.ok, (k, rank, alt.certificate.message)
        assert close(alts[0].objective, plan.objective), k
    assert compared >= 50


# --- Replanning ----------------------------------------------------------------------------------------------------


def changed_document(doc: dict, rng: np.random.Generator) -> tuple[str, dict]:
    """One change of a real replan: an expert leaves, a post is added, or a post's slots change."""
    new = with_changes(doc)
    kind = str(rng.choice(["expert leaves", "post added", "slots changed"]))
    if kind == "expert leaves" and len(new["experts"]) > 1:
        gone = new["experts"].pop(int(rng.integers(len(new["experts"]))))["id"]
        new["pairs"] = [r for r in new.get("pairs", []) if r["expert"] != gone]
    elif kind == "post added":
        extra = dict(new["posts"][int(rng.integers(len(new["posts"])))])
        extra = {k: v for k, v in extra.items() if k != "min_fill"} | {"id": "p-new", "slots": int(rng.integers(1, 3))}
        new["posts"].append(extra)
    else:
        kind = "slots changed"
        post = new["posts"][int(rng.integers(len(new["posts"])))]
        post["slots"] = max(post.get("min_fill", 0), 1, post["slots"] + int(rng.choice([-1, 1, 2])))
    if not new.get("pairs"):
        new.pop("pairs", None)
    return kind, new


def replan_cases(seed: int, count: int):
    """(label, old doc, new doc) with the old document feasible and the new one valid."""
    out = []
    for k in range(count):
        doc = small_doc(seed, k)
        if milp_plan(doc) is None:
            continue
        kind, new = changed_document(doc, np.random.default_rng([seed, k, 1]))
        try:
            tm.Problem.from_json(new)
        except tm.ValidationError:
            continue  # e.g. a quota minimum the removed expert was needed for
        out.append(((seed, k, kind), doc, new))
    return out


def check_diff(old_plan, new_plan, label) -> None:
    old, new = set(pairs_of(old_plan)), set(pairs_of(new_plan))
    diff = new_plan.diff
    as_set = lambda rows: {(r["expert"], r["post"]) for r in rows}  # noqa: E731
    assert as_set(diff["kept"]) == old & new, label
    assert as_set(diff["added"]) == new - old, label
    assert as_set(diff["removed"]) == old - new, label
    for rows in (diff["kept"], diff["added"], diff["removed"]):
        assert len(rows) == len(as_set(rows)), (label, "a pair listed twice")
    removed_by = {e for e, _ in old - new}
    added_by = {e for e, _ in new - old}
    assert {m["expert"] for m in diff["moved"]} == removed_by & added_by, (label, diff["moved"])
    for m in diff["moved"]:
        assert (m["expert"], m["from"]) in old - new and (m["expert"], m["to"]) in new - old, (label, m)
    assert close(diff["value_change"], new_plan.objective - old_plan.objective), label


@needs_match
def test_replan_without_switching_cost_is_a_cold_match():
    checked = 0
    for label, doc, new in replan_cases(30, 60):
        old_plan = tm.match(tm.Problem.from_json(doc))
        best = milp_plan(new)
        if best is None:
            with pytest.raises(tm.InfeasibleError):
                old_plan.replan(tm.Problem.from_json(new), switching_cost=0.0)
            continue
        plan = old_plan.replan(tm.Problem.from_json(new), switching_cost=0.0)
        assert not plan.warm_started, label  # a cold match, ties included
        pairs = pairs_of(plan)
        assert check_plan(new, pairs) == [], (label, check_plan(new, pairs))
        assert close(plan.objective, best[0]), (label, plan.objective, best[0])
        assert close(plan.objective, tm.match(tm.Problem.from_json(new)).objective), label
        assert plan.certificate.ok, (label, plan.certificate.message)
        check_diff(old_plan, plan, label)
        checked += 1
    assert checked >= 25


@needs_match
@pytest.mark.parametrize("switching_cost", [0.75, 1000.0])
def test_replan_with_switching_cost(switching_cost):
    checked = kept_all = 0
    for label, doc, new in replan_cases(31, 60):
        old_plan = tm.match(tm.Problem.from_json(doc))
        _, _, feasible = reference_scores(new)
        ei, pj = index(new)
        still = [(e, p) for e, p in pairs_of(old_plan) if e in ei and p in pj and feasible[ei[e], pj[p]]]
        best = milp_plan(new, extra={pair: switching_cost for pair in still})
        if best is None:
            continue
        plan = old_plan.replan(tm.Problem.from_json(new), switching_cost=switching_cost)
        assert plan.warm_started, label  # from the old plan's flow and duals
        pairs = pairs_of(plan)
        assert check_plan(new, pairs) == [], (label, check_plan(new, pairs))
        kept = set(still) & set(pairs)
        # The solve maximises value + switching_cost per kept pair; the objective reported is the value alone.
        augmented = plan.objective + switching_cost * len(kept)
        assert close(augmented, best[0], scale=switching_cost), (label, augmented, best[0])
        assert close(plan.objective, plan_value(new, pairs)), label
        if switching_cost >= 1000 and milp_plan(new, force=still) is not None:
            # Keeping every old pair is possible, and worth more than any value gain: all are kept.
            assert kept == set(still), (label, set(still) - kept)
            kept_all += 1
        check_diff(old_plan, plan, label)
        checked += 1
    assert checked >= 25 and (switching_cost < 1000 or kept_all >= 15), (checked, kept_all)


# --- Shadow prices and alternates ------------------------------------------------------------------------------------


def objective_or(doc: dict, infeasible: float) -> float:
    best = milp_plan(doc)
    return infeasible if best is None else best[0]


def check_shadow_prices(doc: dict, plan, label) -> None:
    """Each price is a supergradient of the optimum as a function of the bound (concave: the LP is totally
    unimodular, so the MILP optimum is the LP optimum at every integer bound)."""
    obj = plan.objective
    prices = plan.shadow_prices
    assert set(prices["posts"]) == {p["id"] for p in doc["posts"]}, label
    tol = 1e-7 * max(1.0, abs(obj))
    for p in doc["posts"]:
        price, s = prices["posts"][p["id"]], p["slots"]
        up = objective_or(with_changes(doc, slots={p["id"]: s + 1}), -math.inf)
        assert up - obj <= price + tol, (label, p["id"], "one more slot gains", up - obj, "price", price)
        if s - 1 >= max(1, p.get("min_fill", 0)):
            down = objective_or(with_changes(doc, slots={p["id"]: s - 1}), -math.inf)
            assert price <= obj - down + tol, (label, p["id"], "one slot fewer loses", obj - down, "price", price)
    e_load, p_load = loads(doc, pairs_of(plan))
    by_name = {c["name"]: c for c in doc.get("constraints", [])}
    assert set(prices["constraints"]) <= set(by_name), label
    for name, c in by_name.items():
        load = quota_load(doc, c, e_load, p_load)
        sandwiches = []  # (gain of relaxing by one, loss of tightening by one) for each bound the load sits at
        if "max" in c and load == c["max"]:
            gain = objective_or(with_changes(doc, bounds={name: ("max", c["max"] + 1)}), -math.inf) - obj
            loss = math.inf
            if c["max"] - 1 >= c.get("min", 0):
                loss = obj - objective_or(with_changes(doc, bounds={name: ("max", c["max"] - 1)}), -math.inf)
            sandwiches.append((gain, loss))
        if "min" in c and load == c["min"]:
            gain = -math.inf if c["min"] == 0 else 0.0
            if c["min"] >= 1:
                gain = objective_or(with_changes(doc, bounds={name: ("min", c["min"] - 1)}), -math.inf) - obj
            loss = obj - objective_or(with_changes(doc, bounds={name: ("min", c["min"] + 1)}), -math.inf)
            sandwiches.append((gain, loss))
        if name not in prices["constraints"]:
            # Not listed: it may not be at a bound that is worth anything.
            assert all(gain <= tol for gain, _ in sandwiches), (label, name, "binds but has no price", sandwiches)
            continue
        price = prices["constraints"][name]
        assert sandwiches, (label, name, "priced but at no bound", load, c)
        assert any(gain <= price + tol and price <= loss + tol for gain, loss in sandwiches), (
            label,
            name,
            price,
            sandwiches,
        )


@needs_match
def test_shadow_prices_are_supergradients():
    checked = 0
    for k in range(64):
        doc = small_doc(40, k) if k < 60 else random_document(np.random.default_rng([40, k]), 40, 15, quotas=4)
        plan = match_or_none(doc)
        if plan is None:
            continue
        check_shadow_prices(doc, plan, (40, k))
        checked += 1
    assert checked >= 35


@needs_match
def test_alternates_lose_what_the_forced_milp_says():
    checked = 0
    for k in range(50):
        doc = small_doc(50, k)
        plan = match_or_none(doc, alternates=ALTERNATES)
        if plan is None:
            continue
        value, fit, feasible = reference_scores(doc)
        ei, pj = index(doc)
        held = set(pairs_of(plan))
        assert set(plan.alternates) <= set(pj), (k, plan.alternates.keys())
        for p, j in pj.items():
            listed = plan.alternates.get(p, [])
            assert len(listed) <= ALTERNATES, (k, p, listed)
            losses = {}
            for e, i in ei.items():
                if feasible[i, j] and (e, p) not in held:
                    forced = milp_plan(doc, force=[(e, p)])
                    if forced is not None:
                        losses[e] = plan.objective - forced[0]
            for a in listed:
                e = a["expert"]
                assert e in losses, (k, p, e, "listed, but not a feasible expert outside the post that can be forced")
                assert abs(a["loss"] - losses[e]) <= 1e-9 * max(1.0, abs(plan.objective)), (k, p, a, losses[e])
                assert close(a["value"], value[ei[e], j]) and close(a["fit"], fit[ei[e], j]), (k, p, a)
            assert len({a["expert"] for a in listed}) == len(listed), (k, p, "an expert listed twice")
            got = [a["loss"] for a in listed]
            assert got == sorted(got), (k, p, "not by loss", got)
            # The listed ones are the least costly: none left out loses less than the worst one listed.
            if len(listed) < ALTERNATES:
                assert {a["expert"] for a in listed} == set(losses), (k, p, listed, losses)
            elif listed:
                worst = max(got)
                left_out = {e: v for e, v in losses.items() if e not in {a["expert"] for a in listed}}
                assert all(v >= worst - 1e-9 for v in left_out.values()), (k, p, listed, left_out)
            assert all(v >= -1e-9 for v in losses.values()), (k, p, "the plan is not optimal", losses)
        checked += 1
    assert checked >= 30


# --- Recruiting briefs, unassigned experts, reports -------------------------------------------------------------------


def check_reports(doc: dict, plan, label) -> None:
    """Every claim of the unfilled posts' briefs and of the unassigned experts, against the reference."""
    value, fit, feasible = reference_scores(doc)
    levels = effective_levels(doc)
    settings = doc.get("settings") or {}
    ei, pj = index(doc)
    pairs = pairs_of(plan)
    held = set(pairs)
    e_load, p_load = loads(doc, pairs)
    caps = [e.get("capacity", 1) for e in doc["experts"]]
    available = [i for i in range(len(caps)) if e_load[i] < caps[i]]
    rules = {(r["expert"], r["post"]): r["rule"] for r in doc.get("pairs", [])}
    at_max = {
        c["name"]: c
        for c in doc.get("constraints", [])
        if "max" in c and quota_load(doc, c, e_load, p_load) == c["max"]
    }

    # Unfilled: exactly the posts with an empty slot.
    assert [u["post"] for u in plan.unfilled] == [p["id"] for j, p in enumerate(doc["posts"]) if p_load[j] < p["slots"]]
    for u in plan.unfilled:
        j = pj[u["post"]]
        post = doc["posts"][j]
        where = (label, u["post"])
        assert u["filled"] == p_load[j] and u["slots"] == post["slots"] - p_load[j], where
        assert (u["department"], u["unit"]) == (post["department"], post["unit"]), where
        # missing: exactly the requirements no available expert meets; best_available their best level.
        want = []
        for r in post["requires"]:
            best = max((levels[i].get(r["skill"], 0.0) for i in available), default=0.0)
            if best < r["min_level"]:
                want.append((r["skill"], r["min_level"], best, r["importance"], bool(r.get("essential", False))))
        got = [(m["skill"], m["level"], m["best_available"], m["importance"], m["essential"]) for m in u["missing"]]
        assert sorted(got) == sorted(want), (where, "missing", got, want)
        # closest: the experts of highest fit outside the post, each with a rule that holds.
        closest = u["closest"]
        assert len(closest) <= CLOSEST, where
        outside = [i for i, e in enumerate(doc["experts"]) if (e["id"], u["post"]) not in held]
        fits = [c["fit"] for c in closest]
        assert fits == sorted(fits, reverse=True), (where, "closest not by fit", fits)
        assert len(closest) == min(CLOSEST, len(outside)), (where, len(closest), len(outside))
        if closest:
            listed = {c["expert"] for c in closest}
            assert all(fit[i, j] <= min(fits) + 1e-12 for i in outside if doc["experts"][i]["id"] not in listed), where
        for c in closest:
            check_blocked(doc, c, u["post"], plan, value, fit, feasible, levels, settings, rules, at_max, held,
                          e_load, caps, where)  # fmt: skip
        provinces, institutions = [], []
        for c in closest:
            e = doc["experts"][ei[c["expert"]]]
            if e.get("province") and e["province"] not in provinces:
                provinces.append(e["province"])
            if e.get("institution") and e["institution"] not in institutions:
                institutions.append(e["institution"])
        assert list(u["provinces"]) == provinces and list(u["institutions"]) == institutions, where

    # Unassigned: exactly the experts without a post.
    assert {u["expert"] for u in plan.unassigned} == {e["id"] for i, e in enumerate(doc["experts"]) if e_load[i] == 0}
    for u in plan.unassigned:
        i = ei[u["expert"]]
        where = (label, u["expert"])
        options = [j for j in range(len(pj)) if feasible[i, j]]
        assert u["reason"] in {"no_feasible_post", "outbid", "quota", "value"}, where
        assert isinstance(u["explanation"], str) and u["explanation"], where
        assert (u["reason"] == "no_feasible_post") == (not options), (where, u)
        if not options:
            assert u["best_post"] in (None, ""), where
            continue
        top = max(value[i, j] for j in options)
        assert u["best_post"] in pj and feasible[i, pj[u["best_post"]]], where
        assert close(value[i, pj[u["best_post"]]], top) and close(u["best_value"], top), (where, u, top)
        best_j = pj[u["best_post"]]
        if u["reason"] == "value":
            assert top <= 1e-12, (where, u)
        elif u["reason"] == "outbid":
            assert p_load[best_j] == doc["posts"][best_j]["slots"], (where, "outbid, but the post has room", u)
        elif u["reason"] == "quota":
            # A quota at its max holds the expert, or one of the expert's feasible posts that has room.
            with_room = [j for j in options if p_load[j] < doc["posts"][j]["slots"]]
            assert any(
                (c["side"] == "experts" and i in quota_members(doc, c))
                or (c["side"] == "posts" and set(with_room) & set(quota_members(doc, c)))
                for c in at_max.values()
            ), (where, u)
        if not plan.fill_first:
            # At the optimum nothing of positive value can be added: each positive option is full or quota-bound.
            for j in options:
                if value[i, j] > 1e-12 and caps[i] > 0:
                    blocked = p_load[j] >= doc["posts"][j]["slots"] or any(
                        (c["side"] == "experts" and i in quota_members(doc, c))
                        or (c["side"] == "posts" and j in quota_members(doc, c))
                        for c in at_max.values()
                    )
                    assert blocked, (where, "could take", doc["posts"][j]["id"])


def forcing(doc: dict, plan, pair) -> str:
    """ "worse" or "equal": the best plan holding ``pair`` against ``plan`` (lexicographic in fill_first mode: the
    number of pairs, then the value); "infeasible" when no plan holds it."""
    forced = milp_plan(doc, fill_first=plan.fill_first, force=[pair])
    if forced is None:
        return "infeasible"
    mine = (len(plan.assignments), plan.objective) if plan.fill_first else (0, plan.objective)
    theirs = (len(forced[1]), forced[0]) if plan.fill_first else (0, forced[0])
    if theirs[0] < mine[0] or (theirs[0] == mine[0] and not close(theirs[1], mine[1]) and theirs[1] < mine[1]):
        return "worse"
    assert theirs[0] == mine[0] and close(theirs[1], mine[1]), ("the plan is not optimal", pair, mine, theirs)
    return "equal"


def check_blocked(doc, c, post_id, plan, value, fit, feasible, levels, settings, rules, at_max, held, e_load, caps,
                  where) -> None:  # fmt: skip
    ei, pj = index(doc)
    i, j = ei[c["expert"]], pj[post_id]
    e, post = doc["experts"][i], doc["posts"][j]
    where = (*where, c["expert"], c["rule"])
    assert close(c["fit"], fit[i, j]) and close(c["value"], value[i, j]), (where, c)
    assert c["feasible"] == bool(feasible[i, j]), (where, c)
    assert c["rule"] in BLOCKING_RULES | {""}, (where, "not a rule of a closest entry", c)
    assert isinstance(c["blocked_by"], str) and c["blocked_by"], (where, c)
    assert (c["rule"] in INFEASIBLE_RULES) == (not feasible[i, j]), (where, c)
    rule = c["rule"]
    if rule == "capacity":
        assert caps[i] == 0, (where, c)
    elif rule == "months":
        assert "min_months" in post and e["available_months"] < post["min_months"], (where, c)
        assert c["level"] == e["available_months"] and c["min_level"] == post["min_months"], (where, c)
    elif rule == "essential":
        assert settings.get("essential_hard", True), (where, c)
        reqs = [r for r in post["requires"] if r["skill"] == c["skill"] and r.get("essential")]
        assert reqs, (where, "not an essential skill of the post", c)
        level = levels[i].get(c["skill"], 0.0)
        assert level < reqs[0]["min_level"], (where, c, level)
        assert close(c["level"], level) and c["min_level"] == reqs[0]["min_level"], (where, c, level)
    elif rule == "min_score":
        assert fit[i, j] < settings.get("min_score", 0.0) - MIN_SCORE_TOLERANCE, (where, c)
    elif rule == "forbid":
        assert rules.get((c["expert"], post_id)) == "forbid", (where, c)
    elif rule == "outbid":
        mine = [q for x, q in held if x == c["expert"]]
        assert caps[i] > 0 and e_load[i] == caps[i], (where, "outbid, but the expert has room", c)
        assert c["by_post"] in mine, (where, c, mine)
        by_value = value[i, pj[c["by_post"]]]
        assert close(c["by_value"], by_value), (where, c)
        # Outbid only by a post worth as much (one worth less that holds the expert is "needed").
        assert by_value >= value[i, j] - 1e-12, (where, c)
        assert close(by_value, min(value[i, pj[q]] for q in mine)), (where, "not the least valuable post", c)
    elif rule == "needed":
        # Full, and held by a post worth less than this one: that post needs it (its min_fill, or a constraint at
        # its min), or no exchange that moves it gains (the MILP with the pair forced in is no better).
        mine = [q for x, q in held if x == c["expert"]]
        assert caps[i] > 0 and e_load[i] == caps[i], (where, "needed, but the expert has room", c)
        assert c["by_post"] in mine, (where, c, mine)
        k = pj[c["by_post"]]
        by_value = value[i, k]
        assert close(c["by_value"], by_value) and by_value < value[i, j], (where, c)
        assert close(by_value, min(value[i, pj[q]] for q in mine)), (where, "not the least valuable post", c)
        p_load = [sum(1 for _, q in held if q == p["id"]) for p in doc["posts"]]
        by_min_fill = p_load[k] <= doc["posts"][k].get("min_fill", 0)
        named = [q for q in doc.get("constraints", []) if q["name"] == c.get("constraint")]
        if named:
            quota = named[0]
            e_loads = [sum(1 for x, _ in held if x == e2["id"]) for e2 in doc["experts"]]
            assert "min" in quota and quota_load(doc, quota, e_loads, p_load) == quota["min"], (where, c)
            assert (i if quota["side"] == "experts" else k) in quota_members(doc, quota), (where, c)
        elif not by_min_fill:
            # Exchanges: every plan that holds the pair is worse (an equally good one would make the rule "").
            assert forcing(doc, plan, (c["expert"], post_id)) in ("worse", "infeasible"), (where, c)
    elif rule == "quota":
        quota = at_max.get(c["constraint"])
        assert quota is not None, (where, "not a constraint at its max", c)
        members = quota_members(doc, quota)
        assert (i if quota["side"] == "experts" else j) in members, (where, c)
    elif rule == "":
        # No rule: an equally good plan holds the pair.
        assert forcing(doc, plan, (c["expert"], post_id)) == "equal", (where, c)
    elif rule == "value":
        assert value[i, j] <= 1e-12, (where, c)


@needs_match
@pytest.mark.parametrize("fill_first", [False, True], ids=["value", "fill_first"])
def test_recruiting_briefs_and_unassigned_experts(fill_first):
    checked = 0
    for k in range(80):
        doc = small_doc(60, k) if k % 8 else random_document(np.random.default_rng([60, k]), 40, 15)
        plan = match_or_none(doc, fill_first=fill_first, alternates=ALTERNATES, closest=CLOSEST)
        if plan is None:
            continue
        check_reports(doc, plan, (60, k))
        checked += 1
    assert checked >= 50


@needs_match
def test_frames_json_and_explain(tmp_path):
    pd = pytest.importorskip("pandas")
    for k in range(12):
        doc = small_doc(70, k) if k else json.loads(FUYUN.read_text(encoding="utf-8"))
        plan = match_or_none(doc)
        if plan is None:
            continue
        frame = plan.to_frame()
        assert isinstance(frame, pd.DataFrame) and len(frame) == len(plan.assignments)
        assert {"expert", "post", "department", "unit", "value", "fit"} <= set(frame.columns)
        assert list(zip(frame["expert"], frame["post"])) == pairs_of(plan)
        np.testing.assert_allclose(frame["value"].to_numpy(float), [a["value"] for a in plan.assignments])
        unfilled = plan.unfilled_frame()
        assert isinstance(unfilled, pd.DataFrame) and list(unfilled["post"]) == [u["post"] for u in plan.unfilled]
        text = plan.to_json()
        data = json.loads(text)
        assert data["format"] == "talentmatch-plan/1" and data["kind"] == "posts"
        assert close(data["objective"], plan.objective)
        assert [(a["expert"], a["post"]) for a in data["assignments"]] == pairs_of(plan)
        for a, b in zip(data["assignments"], plan.assignments):
            assert close(a["value"], b["value"]) and close(a["fit"], b["fit"])
        assert [(u["post"], u["slots"]) for u in data["unfilled"]] == [(u["post"], u["slots"]) for u in plan.unfilled]
        for u, v in zip(data["unfilled"], plan.unfilled):
            assert [m["skill"] for m in u["missing"]] == [m["skill"] for m in v["missing"]]
            assert [(c["expert"], c["blocked_by"]) for c in u["closest"]] == [
                (c["expert"], c["blocked_by"]) for c in v["closest"]
            ]
            assert all(close(c["fit"], d["fit"]) for c, d in zip(u["closest"], v["closest"]))
        assert data["unassigned"] == [u["expert"] for u in plan.unassigned]
        assert data["certificate"]["ok"] is True and isinstance(data["certificate"]["gap"], (int, float))
        prices = data["shadow_prices"]
        for side in ("posts", "constraints"):
            assert set(prices[side]) == set(plan.shadow_prices[side])
            assert all(close(prices[side][n], plan.shadow_prices[side][n]) for n in prices[side])
        path = tmp_path / f"plan{k}.json"
        plan.to_json(path)
        assert json.loads(path.read_text(encoding="utf-8")) == data
        for e, p in pairs_of(plan)[:3]:
            assert plan.explain(e, p)


def tied_document(k: int) -> dict:
    """Documents full of ties and zero values: no requirements (every fit 1), a fit weight of 0 (values are the
    bonuses alone, mostly 0), or priority 1 with every minimum level 0."""
    doc = tiny_doc(80, k) if k % 2 else small_doc(80, k)
    if k % 3 == 0:
        for p in doc["posts"]:
            p["requires"] = []
    elif k % 3 == 1:
        doc.setdefault("settings", {})["weights"] = {"fit": 0.0, "bonus": 1.0}
    else:
        for p in doc["posts"]:
            p["priority"] = 1
            p["requires"] = [r | {"min_level": 0} for r in p["requires"]]
    return doc


@needs_match
@pytest.mark.parametrize("fill_first", [False, True], ids=["value", "fill_first"])
def test_ties_and_zero_values(fill_first):
    checked = 0
    for k in range(90):
        doc = tied_document(k)
        check_against_milp(doc, fill_first, ("tied", k))
        plan = match_or_none(doc, fill_first=fill_first)
        if plan is None:
            continue
        check_reports(doc, plan, ("tied", k))
        checked += 1
        if fill_first:
            continue
        check_shadow_prices(doc, plan, ("tied", k))
        if len(feasible_pairs(doc)) <= 12:
            plans = brute_force_plans(doc)
            alts = plan.alternatives(6)
            sets = [frozenset(pairs_of(a)) for a in alts]
            assert len(alts) == min(6, len(plans)) and len(set(sets)) == len(sets), ("tied", k, len(alts))
            for rank, (alt, pair_set) in enumerate(zip(alts, sets)):
                assert check_plan(doc, pair_set) == [] and close(alt.objective, plans[rank][0]), ("tied", k, rank)
    assert checked >= 50
