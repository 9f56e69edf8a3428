"""Mentor pairings and training placements (tm.pair_mentors, tm.place_trainees) against oracles written here from the
words of include/talentmatch/plan/mentoring.hpp and placement.hpp: the pair values, brute force over every pairing
for the optimum, an independent rule checker, and for stable pairings brute force over every stable pairing."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
import talentmatch as tm

# --- Oracles ------------------------------------------------------------------------------------------------------


def effective_levels(doc, expert):
    """Own level, or the best one-hop `related` transfer into the skill (scoring's rule)."""
    own = dict(expert["skills"])
    out = dict(own)
    for s in doc["skills"]:
        for r in s.get("related", []):
            if s["id"] in own:
                out[r["skill"]] = max(out.get(r["skill"], 0.0), r["transfer"] * own[s["id"]])
    return out


def posted_units(doc, post_plan):
    """Per expert id: (units, departments) of its posts in the post plan."""
    posts = {p["id"]: p for p in doc["posts"]}
    out = {}
    for a in post_plan.assignments:
        units, deps = out.setdefault(a["expert"], (set(), set()))
        units.add(posts[a["post"]]["unit"])
        deps.add(posts[a["post"]]["department"])
    return out


def staff_department(doc, s):
    if "department" in s:
        return s["department"]
    for p in doc["posts"]:
        if p["unit"] == s["unit"]:
            return p["department"]
    return ""


def goal_values(staff, levels, margin):
    """The value of the goals that a partner with `levels` can teach `staff`."""
    own = dict(staff.get("skills", {}))
    total = 0.0
    for g in staff["goals"]:
        gap = g["target_level"] - own.get(g["skill"], 0.0)
        if gap > 0 and levels.get(g["skill"], 0.0) >= g["target_level"] + margin:
            total += g.get("importance", 1) * gap
    return total


def mentor_partners(doc, post_plan, fmt):
    """[(id, capacity, levels, members)] in the plan's partner order."""
    experts = [e for e in doc["experts"] if e.get("mentor_capacity", 0) > 0]
    if fmt != "team":
        posted = posted_units(doc, post_plan) if post_plan is not None else None
        out = []
        for e in experts:
            if posted is not None and e["id"] not in posted:
                continue
            cap = e["mentor_capacity"] if fmt == "one_to_many" else min(1, e["mentor_capacity"])
            out.append((e["id"], cap, effective_levels(doc, e), [e["id"]]))
        return out
    posted = posted_units(doc, post_plan)
    out, seen = [], set()
    for p in doc["posts"]:
        unit = p["unit"]
        if unit in seen:
            continue
        seen.add(unit)
        members = [e for e in experts if e["id"] in posted and unit in posted[e["id"]][0]]
        if not members:
            continue
        levels = {}
        for e in members:
            for k, v in effective_levels(doc, e).items():
                levels[k] = max(levels.get(k, 0.0), v)
        out.append(("team:" + unit, sum(e["mentor_capacity"] for e in members), levels, [e["id"] for e in members]))
    return out


def mentor_values(doc, post_plan, fmt):
    """values[s][x] (0: no pair) and the partners."""
    settings = doc.get("settings", {}).get("mentoring", {})
    margin = settings.get("margin", 0)
    bonus = settings.get("unit_bonus", 1.0) if post_plan is not None else 0.0
    scope = settings.get("scope", "unit")
    partners = mentor_partners(doc, post_plan, fmt)
    posted = posted_units(doc, post_plan) if post_plan is not None else {}
    values = np.zeros((len(doc.get("staff", [])), len(partners)))
    for i, s in enumerate(doc.get("staff", [])):
        for x, (pid, _cap, levels, members) in enumerate(partners):
            same_unit = False
            if post_plan is not None:
                if fmt == "team":
                    if pid != "team:" + s["unit"]:
                        continue
                    same_unit = True
                else:
                    units, deps = posted[members[0]]
                    same_unit = s["unit"] in units
                    dept = staff_department(doc, s)
                    if not same_unit and not (scope == "department" and dept and dept in deps):
                        continue
            v = goal_values(s, levels, margin)
            if v > 0:
                values[i, x] = v + (bonus if same_unit else 0.0)
    return values, partners


def best_pairing(values, caps):
    """Brute force: the most total value over every pairing (staff -> partner or none, within the capacities)."""
    n, m = values.shape
    best = 0.0
    for choice in itertools.product(range(-1, m), repeat=n):
        if any(x >= 0 and values[i, x] <= 0 for i, x in enumerate(choice)):
            continue
        if any(sum(1 for x in choice if x == y) > caps[y] for y in range(m)):
            continue
        best = max(best, sum(values[i, x] for i, x in enumerate(choice) if x >= 0))
    return best


def preferences(doc, values, partners, kind):
    """Staff rank partners, partners rank staff: the `prefers` lists first (mentors), then by value, then order."""
    staff = doc.get("staff", [])
    n, m = values.shape
    sp, pp = [], []
    for i, s in enumerate(staff):
        first = []
        if kind == "mentors":
            for eid in s.get("prefers", []):
                for x, p in enumerate(partners):
                    if eid in p[3] and values[i, x] > 0 and x not in first:
                        first.append(x)
        rest = sorted((x for x in range(m) if values[i, x] > 0 and x not in first), key=lambda x: (-values[i, x], x))
        sp.append(first + rest)
    experts = {e["id"]: e for e in doc["experts"]}
    ids = [s["id"] for s in staff]
    for x, p in enumerate(partners):
        first = []
        if kind == "mentors" and not p[0].startswith("team:"):
            for sid in experts[p[0]].get("prefers", []):
                i = ids.index(sid)
                if values[i, x] > 0 and i not in first:
                    first.append(i)
        rest = sorted((i for i in range(n) if values[i, x] > 0 and i not in first), key=lambda i: (-values[i, x], i))
        pp.append(first + rest)
    return sp, pp


def blocking(choice, sp, pp, caps):
    """Pairs (i, x) that block `choice` (per staff: partner or -1)."""
    out = []
    for i, ranks in enumerate(sp):
        for x in ranks:
            if choice[i] == x:
                break  # partners below the current one do not tempt i
            held = [j for j, y in enumerate(choice) if y == x]
            if len(held) < caps[x] or any(pp[x].index(i) < pp[x].index(j) for j in held):
                out.append((i, x))
    return out


def stable_pairings(values, sp, pp, caps):
    n, m = values.shape
    out = []
    for choice in itertools.product(range(-1, m), repeat=n):
        if any(x >= 0 and values[i, x] <= 0 for i, x in enumerate(choice)):
            continue
        if any(sum(1 for x in choice if x == y) > caps[y] for y in range(m)):
            continue
        if not blocking(choice, sp, pp, caps):
            out.append(choice)
    return out


def check_rules(plan, doc, values, partners):
    """Each pair: a real pair of the oracle's value, each staff member once, each partner within capacity."""
    ids = [s["id"] for s in doc.get("staff", [])]
    pids = [p[0] for p in partners]
    key = "mentor" if plan.kind == "mentors" else "host"
    assert [p["id"] for p in plan.partners] == pids
    seen, used = set(), [0] * len(pids)
    total = 0.0
    for a in plan.assignments:
        i, x = ids.index(a["staff"]), pids.index(a[key])
        assert i not in seen
        seen.add(i)
        used[x] += 1
        assert values[i, x] > 0
        assert a["value"] == pytest.approx(values[i, x])
        assert sum(g["value"] for g in a["goals"]) + a.get("bonus", 0.0) == pytest.approx(a["value"])
        total += a["value"]
    assert all(used[x] <= partners[x][1] for x in range(len(pids)))
    assert [p["used"] for p in plan.partners] == used
    assert plan.objective == pytest.approx(total)
    assert sorted(u["staff"] for u in plan.unassigned) == sorted(s for k, s in enumerate(ids) if k not in seen)
    return [next((pids.index(a[key]) for a in plan.assignments if a["staff"] == s), -1) for s in ids]


# --- Random documents ---------------------------------------------------------------------------------------------


def random_doc(rng, n_staff=None, with_prefers=False):
    skills = [{"id": f"k{k}", "name": f"skill {k}"} for k in range(4)]
    if rng.random() < 0.5:
        skills[0]["related"] = [{"skill": "k1", "transfer": float(rng.choice([0.5, 0.8]))}]
    units = ["u0", "u1", "u2"]
    depts = {"u0": "d0", "u1": "d0", "u2": "d1"}
    experts = []
    for e in range(int(rng.integers(1, 5))):
        levels = {f"k{k}": int(rng.integers(2, 8)) for k in range(4) if rng.random() < 0.6}
        x = {"id": f"e{e}", "available_months": 12, "skills": levels or {"k0": 3}}
        if rng.random() < 0.85:
            x["mentor_capacity"] = int(rng.choice([0, 1, 1, 2, 2]))
        experts.append(x)
    posts = []
    for q in range(int(rng.integers(1, 4))):
        unit = units[int(rng.integers(0, 3))]
        posts.append(
            {
                "id": f"p{q}",
                "department": depts[unit],
                "unit": unit,
                "slots": int(rng.integers(1, 3)),
                "requires": [{"skill": f"k{int(rng.integers(0, 4))}", "importance": 3, "min_level": 2}],
            }
        )
    staff = []
    for s in range(n_staff if n_staff is not None else int(rng.integers(1, 6))):
        goals = []
        for k in rng.choice(4, size=int(rng.choice([0, 1, 2, 2, 3])), replace=False):
            g = {"skill": f"k{k}", "target_level": float(rng.choice([2, 3, 4, 5, 6.5]))}
            if rng.random() < 0.7:
                g["importance"] = int(rng.integers(1, 6))
            goals.append(g)
        member = {"id": f"s{s}", "unit": units[int(rng.integers(0, 3))], "goals": goals}
        if rng.random() < 0.5:
            member["skills"] = {f"k{int(rng.integers(0, 4))}": int(rng.integers(0, 5))}
        staff.append(member)
    doc = {"skills": skills, "experts": experts, "posts": posts, "staff": staff}
    doc["hosts"] = [
        {
            "id": f"h{h}",
            "capacity": int(rng.integers(0, 3)),
            "offers": {f"k{int(rng.integers(0, 4))}": int(rng.integers(2, 8))},
        }
        for h in range(int(rng.integers(1, 4)))
    ]
    mentoring = {}
    if rng.random() < 0.5:
        mentoring["margin"] = float(rng.choice([0, 1, 0.5]))
    if rng.random() < 0.3:
        mentoring["unit_bonus"] = float(rng.choice([0, 2.5]))
    if rng.random() < 0.4:
        mentoring["scope"] = "department"
    if mentoring:
        doc["settings"] = {"mentoring": mentoring}
    if with_prefers:
        for e in experts:
            if rng.random() < 0.5:
                e["prefers"] = [s["id"] for s in staff if rng.random() < 0.5]
        for s in staff:
            if rng.random() < 0.5:
                s["prefers"] = [e["id"] for e in experts if rng.random() < 0.5]
    return doc


# --- Tests --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["one_to_many", "one_to_one", "team"])
def test_mentors_match_brute_force(fmt):
    rng = np.random.default_rng({"one_to_many": 1, "one_to_one": 2, "team": 3}[fmt])
    checked = 0
    for _ in range(150):
        doc = random_doc(rng)
        problem = tm.Problem.from_json(doc)
        with_plan = fmt == "team" or rng.random() < 0.6
        post_plan = tm.match(problem) if with_plan else None
        plan = tm.pair_mentors(problem, post_plan, format=fmt)
        values, partners = mentor_values(doc, post_plan, fmt)
        check_rules(plan, doc, values, partners)
        caps = [p[1] for p in partners]
        assert plan.objective == pytest.approx(best_pairing(values, caps), abs=1e-9)
        assert plan.certificate.ok and plan.certificate.gap <= 1e-9
        assert plan.optimal_objective == pytest.approx(plan.objective)
        # No member left unpaired while a partner with room could teach it (the value objective).
        paired = {a["staff"] for a in plan.assignments}
        room = [p["used"] < p["capacity"] for p in plan.partners]
        for i, s in enumerate(doc["staff"]):
            if s["id"] not in paired:
                assert not any(values[i, x] > 0 and room[x] for x in range(len(partners)))
        checked += 1
    assert checked == 150


def test_mentor_stable_pairings_against_brute_force():
    rng = np.random.default_rng(7)
    for trial in range(400):
        doc = random_doc(rng, with_prefers=True)
        problem = tm.Problem.from_json(doc)
        fmt = ["one_to_many", "one_to_one", "team"][trial % 3]
        post_plan = tm.match(problem) if fmt == "team" or trial % 2 else None
        values, partners = mentor_values(doc, post_plan, fmt)
        caps = [p[1] for p in partners]
        sp, pp = preferences(doc, values, partners, "mentors")
        stables = stable_pairings(values, sp, pp, caps)
        best = best_pairing(values, caps)
        for optimal in ("staff", "mentors"):
            plan = tm.pair_mentors(problem, post_plan, format=fmt, stable=True, optimal=optimal)
            choice = check_rules(plan, doc, values, partners)
            assert plan.stable and plan.blocking_pairs == [] and plan.certificate.ok
            assert tuple(choice) in stables
            # The proposing side's optimum: each of its members does at least as well as in any stable pairing.
            if optimal == "staff":
                for other in stables:
                    for i in range(len(choice)):
                        rank = sp[i].index(choice[i]) if choice[i] >= 0 else len(sp[i])
                        alt = sp[i].index(other[i]) if other[i] >= 0 else len(sp[i])
                        assert rank <= alt
            else:
                for other in stables:
                    for x in range(len(partners)):
                        mine = sorted(pp[x].index(i) for i, y in enumerate(choice) if y == x)
                        theirs = sorted(pp[x].index(i) for i, y in enumerate(other) if y == x)
                        # Rural hospitals: the same number; position by position at least as good.
                        assert len(mine) == len(theirs)
                        assert all(a <= b for a, b in zip(mine, theirs))
            assert plan.optimal_objective == pytest.approx(best, abs=1e-9)
            assert plan.stability_cost == pytest.approx(best - plan.objective, abs=1e-9)
        # The value-optimal pairing reports its blocking pairs under the same preferences.
        plan = tm.pair_mentors(problem, post_plan, format=fmt)
        choice = check_rules(plan, doc, values, partners)
        ids = [s["id"] for s in doc["staff"]]
        expect = sorted((ids[i], partners[x][0]) for i, x in blocking(choice, sp, pp, caps))
        assert sorted(plan.blocking_pairs) == expect


def test_placements_match_brute_force():
    rng = np.random.default_rng(11)
    for _ in range(150):
        doc = random_doc(rng)
        plan = tm.place_trainees(tm.Problem.from_json(doc))
        partners = [(h["id"], h["capacity"], dict(h["offers"]), []) for h in doc["hosts"]]
        values = np.zeros((len(doc["staff"]), len(partners)))
        for i, s in enumerate(doc["staff"]):
            for x, (_, cap, offers, _m) in enumerate(partners):
                if cap > 0:
                    values[i, x] = goal_values(s, offers, 0)
        check_rules(plan, doc, values, partners)
        assert plan.kind == "placements" and plan.certificate.ok
        assert plan.objective == pytest.approx(best_pairing(values, [p[1] for p in partners]), abs=1e-9)
        stable = tm.place_trainees(tm.Problem.from_json(doc), stable=True, optimal="hosts")
        assert stable.blocking_pairs == [] and stable.objective <= plan.objective + 1e-9


def test_uncovered_goals_are_the_recruiting_brief():
    doc = {
        "skills": [{"id": "icu", "name": "ICU"}, {"id": "ct", "name": "CT"}],
        "experts": [{"id": "e1", "available_months": 9, "mentor_capacity": 2, "skills": {"icu": 5}}],
        "posts": [],
        "staff": [
            {
                "id": "s1",
                "unit": "h",
                "goals": [{"skill": "icu", "target_level": 5}, {"skill": "ct", "target_level": 4}],
            },
            {
                "id": "s2",
                "unit": "h",
                "skills": {"icu": 1},
                "goals": [{"skill": "icu", "target_level": 6, "importance": 3}],
            },
            {"id": "s3", "unit": "h", "skills": {"icu": 6}, "goals": [{"skill": "icu", "target_level": 5}]},
        ],
        "settings": {"mentoring": {"margin": 0}},
    }
    plan = tm.pair_mentors(tm.Problem.from_json(doc))
    assert [(a["mentor"], a["staff"], a["value"]) for a in plan.assignments] == [("e1", "s1", 5.0)]
    # ct: nobody teaches it; icu to 6: e1 is at 5.
    assert plan.uncovered == [
        {"skill": "ct", "level": 4.0, "best_available": 0.0, "importance": 1, "staff": ["s1"]},
        {"skill": "icu", "level": 6.0, "best_available": 5.0, "importance": 3, "staff": ["s2"]},
    ]
    reasons = {u["staff"]: u["reason"] for u in plan.unassigned}
    assert reasons == {"s2": "uncovered", "s3": "no_goals"}


def test_capacity_reason_and_shadow_price():
    doc = {
        "skills": [{"id": "icu", "name": "ICU"}],
        "experts": [{"id": "e1", "available_months": 9, "mentor_capacity": 1, "skills": {"icu": 7}}],
        "posts": [],
        "staff": [
            {"id": "s1", "unit": "h", "goals": [{"skill": "icu", "target_level": 5}]},
            {"id": "s2", "unit": "h", "goals": [{"skill": "icu", "target_level": 3}]},
        ],
    }
    plan = tm.pair_mentors(tm.Problem.from_json(doc))
    assert [a["staff"] for a in plan.assignments] == ["s1"]
    assert plan.unassigned[0]["reason"] == "capacity" and plan.unassigned[0]["best_mentor"] == "e1"
    # A place of e1 is worth between what one more adds (s2's pair, 3) and what one fewer loses (s1's pair, 5).
    assert 3.0 - 1e-9 <= plan.shadow_prices["mentors"]["e1"] <= 5.0 + 1e-9


def test_shadow_prices_bracket_the_value_of_a_place():
    """Against re-solves by brute force: value(capacity + 1) - value <= price <= value - value(capacity - 1)."""
    rng = np.random.default_rng(13)
    for _ in range(120):
        doc = random_doc(rng)
        plan = tm.pair_mentors(tm.Problem.from_json(doc))
        values, partners = mentor_values(doc, None, "one_to_many")
        caps = [p[1] for p in partners]
        best = best_pairing(values, caps)
        for x, (pid, cap, _levels, _members) in enumerate(partners):
            price = plan.shadow_prices["mentors"][pid]
            more = best_pairing(values, [c + (k == x) for k, c in enumerate(caps)]) - best
            assert price >= more - 1e-9
            if cap > 0:
                fewer = best - best_pairing(values, [c - (k == x) for k, c in enumerate(caps)])
                assert price <= fewer + 1e-9


def test_json_keys():
    doc = random_doc(np.random.default_rng(5), n_staff=4)
    problem = tm.Problem.from_json(doc)
    plan = tm.pair_mentors(problem, tm.match(problem), format="team")
    data = json.loads(plan.to_json())
    assert data["format"] == "talentmatch-plan/1" and data["kind"] == "mentors" and data["pairing"] == "team"
    for a, b in zip(data["assignments"], plan.assignments):
        assert list(a)[:3] == ["mentor", "staff", "value"] and a == b
    assert data["unassigned"] == [u["staff"] for u in plan.unassigned]
    assert data["certificate"]["ok"] is True
    places = json.loads(tm.place_trainees(problem).to_json())
    assert places["kind"] == "placements" and all(
        list(a)[:3] == ["staff", "host", "value"] for a in places["assignments"]
    )
    assert set(places["shadow_prices"]) == {"hosts"}


def test_demo_scenario():
    problem = tm.data.fuyun()
    posts = tm.match(problem)
    for fmt in ("one_to_many", "one_to_one", "team"):
        plan = tm.pair_mentors(problem, posts, format=fmt)
        assert plan.certificate.ok and plan.paired > 0
        stable = tm.pair_mentors(problem, posts, format=fmt, stable=True)
        assert stable.blocking_pairs == [] and stable.stability_cost >= 0
        assert math.isclose(stable.optimal_objective, plan.objective, rel_tol=1e-12)
    places = tm.place_trainees(problem)
    assert places.certificate.ok and places.paired > 0


def test_bad_input():
    doc = random_doc(np.random.default_rng(3), n_staff=2)
    problem = tm.Problem.from_json(doc)
    with pytest.raises(tm.Error, match="format must be one of"):
        tm.pair_mentors(problem, format="pairs")
    with pytest.raises(tm.Error, match="optimal must be one of"):
        tm.pair_mentors(problem, stable=True, optimal="experts")
    with pytest.raises(tm.Error, match="optimal applies only to a stable pairing"):
        tm.place_trainees(problem, optimal="hosts")
    with pytest.raises(tm.Error, match='format "team" needs a post plan'):
        tm.pair_mentors(problem, format="team")
    with pytest.raises(tm.Error, match="post_plan must be a talentmatch.Plan"):
        tm.pair_mentors(problem, {"assignments": []})
    with pytest.raises(tm.Error, match="stable must be True or False"):
        tm.place_trainees(problem, stable=1)
    with pytest.raises(tm.Error, match="problem must be a talentmatch.Problem"):
        tm.pair_mentors(doc)
    # A post plan of another problem names the expert it does not know.
    other = dict(doc, experts=doc["experts"] + [{"id": "zz", "available_months": 9, "skills": {"k0": 7}}])
    other["posts"] = [dict(doc["posts"][0], slots=9, requires=[{"skill": "k0", "importance": 1, "min_level": 0}])]
    foreign = tm.match(tm.Problem.from_json(other))
    assert any(a["expert"] == "zz" for a in foreign.assignments)
    with pytest.raises(tm.Error, match=r'post_plan: assignments\[\d+\]: expert "zz" is not in the problem'):
        tm.pair_mentors(problem, foreign)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["experts"][0].update(prefers=["s0", "nobody"]),
            "/experts/0/prefers/1",
            'unknown staff member "nobody"',
        ),
        (lambda d: d["experts"][0].update(prefers=["s1", "s1"]), "/experts/0/prefers/1", '"s1" is listed twice'),
        (lambda d: d["staff"][1].update(prefers=["e9"]), "/staff/1/prefers/0", 'unknown expert "e9"'),
        (lambda d: d["staff"][0].update(prefers="e0"), "/staff/0/prefers", "expected an array"),
        (lambda d: d.update(settings={"mentoring": {"scope": "county"}}), "/settings/mentoring/scope", "scope must be"),
        (lambda d: d.update(settings={"mentoring": {"unit_bonus": -1}}), "/settings/mentoring/unit_bonus", "below 0"),
    ],
)
def test_invalid_preferences_and_settings(change, path, message):
    doc = random_doc(np.random.default_rng(4), n_staff=2)
    change(doc)
    with pytest.raises(tm.Error) as info:
        tm.Problem.from_json(doc)
    assert path in str(info.value) and message in str(info.value)
