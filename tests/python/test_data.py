"""The embedded Fuyun scenario (``talentmatch.data``, ``python/talentmatch/data/fuyun.json``, made by
``scripts/make_fuyun.py``): it ships in the package, validates, has the shape issue 12 asks for, regenerates byte for
byte, and its plan is certified and worth exactly what an independent MILP says (tests/python/plan_oracles.py: scipy's
HiGHS over the plan rules, with values from the plain-Python scoring reference; no code shared with the C++).
"""

from __future__ import annotations

import doctest
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import talentmatch as tm
from plan_oracles import check_plan, milp_plan, plan_value, quota_members, with_changes
from scoring_reference import reference_scores

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "python" / "talentmatch" / "data" / "fuyun.json"
GENERATOR = ROOT / "scripts" / "make_fuyun.py"
RTOL = 1e-9

HEALTH = "富蕴县卫生健康委员会"
EDUCATION = "富蕴县教育局"
TOURISM = "富蕴县文化体育广播电视和旅游局"
PARK = "富蕴县工业园区"
HOSPITAL = "富蕴县人民医院"


@pytest.fixture(scope="module")
def doc() -> dict:
    """The document the installed package ships, as plain JSON."""
    return json.loads(tm.data.fuyun_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan() -> tm.Plan:
    return tm.match(tm.data.fuyun())


def close(a: float, b: float) -> bool:
    return abs(a - b) <= RTOL * max(1.0, abs(a), abs(b))


# --- The file and the package -----------------------------------------------------------------------------------


def test_the_package_ships_the_document():
    assert "data" in tm.__all__
    path = tm.data.fuyun_path()
    assert path.name == "fuyun.json" and path.is_file()
    assert path.stat().st_size < 300_000
    problem = tm.data.fuyun()
    assert isinstance(problem, tm.Problem)
    assert problem.validate() == []
    assert problem == tm.Problem.from_json(path)


def test_the_installed_file_is_the_source_trees():
    if not SHIPPED.is_file():
        pytest.skip("not run from a source tree")
    assert tm.data.fuyun_path().read_bytes() == SHIPPED.read_bytes(), "reinstall the package: fuyun.json changed"


def test_the_generator_reproduces_the_shipped_file(tmp_path):
    if not GENERATOR.is_file() or not SHIPPED.is_file():
        pytest.skip("not run from a source tree")
    out = tmp_path / "sub" / "fuyun.json"
    subprocess.run([sys.executable, str(GENERATOR), "--output", str(out)], check=True, timeout=120, cwd=tmp_path)
    assert out.read_bytes() == SHIPPED.read_bytes()
    assert [p.name for p in out.parent.iterdir()] == ["fuyun.json"]  # no temporary file left behind


def test_doctests_of_the_module_pass():
    result = doctest.testmod(tm.data, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0 and result.attempted > 0


def test_the_document_is_plain_utf8_json_with_its_format(doc):
    text = tm.data.fuyun_path().read_bytes()
    assert not text.startswith(b"\xef\xbb\xbf")
    assert "富蕴县" in text.decode("utf-8")  # Chinese as characters, not \u escapes
    assert doc["format"] == "talentmatch/1"
    assert set(doc) <= {"format", "skills", "experts", "posts", "staff", "hosts", "pairs", "constraints", "settings"}


# --- The shape of the scenario ------------------------------------------------------------------------------------


def test_experts_are_59_specialists_and_13_vocational_teachers(doc):
    experts = doc["experts"]
    assert len(experts) == 72
    assert len({e["id"] for e in experts}) == 72
    vocational = [e for e in experts if e["attributes"]["team"] == "职教组团"]
    assert len(vocational) == 13
    assert all("职业" in e["institution"] for e in vocational)  # Heilongjiang's vocational colleges
    assert not any("职业" in e["institution"] for e in experts if e not in vocational)
    assert all(e["province"] == "黑龙江省" for e in experts)
    assert all(e["attributes"]["synthetic"] is True for e in experts)  # labelled synthetic in the file
    months = [e["available_months"] for e in experts]
    assert min(months) == 4 and max(months) == 12
    assert all(e.get("name") and e.get("title") and e.get("institution") for e in experts)
    assert all(any("\u4e00" <= c <= "\u9fff" for c in e["name"]) for e in experts)  # Chinese names
    assert any(e.get("mentor_capacity", 0) > 0 for e in experts)
    levels = [v for e in experts for v in e["skills"].values()]
    assert min(levels) >= 0 and max(levels) <= 7
    titles = {e["title"] for e in experts}
    assert {"教授", "副教授", "主任医师"} <= titles


def test_skills_form_a_taxonomy_of_about_150_with_transfers(doc):
    skills = doc["skills"]
    assert 140 <= len(skills) <= 160
    roots = {s["id"] for s in skills if not s.get("parents")}
    assert {"med", "edu", "voc", "tour", "ind"} <= roots
    assert sum(1 for s in skills if s.get("related")) >= 20
    assert all(any("\u4e00" <= c <= "\u9fff" for c in s["name"]) for s in skills)
    used = {r["skill"] for p in doc["posts"] for r in p["requires"]}
    assert used <= {s["id"] for s in skills}


def test_departments_and_units_of_the_issue_exist(doc):
    posts = doc["posts"]
    assert {p["department"] for p in posts} == {HEALTH, EDUCATION, TOURISM, PARK}
    units = {(p["department"], p["unit"]) for p in posts}
    for unit in (HOSPITAL, "喀拉布勒根乡卫生院"):
        assert (HEALTH, unit) in units
    for unit in ("富蕴县高级中学", "可可托海职业技术学校"):
        assert (EDUCATION, unit) in units
    # The county people's hospital's key disciplines: urology, haemodialysis, critical maternal care, ICU.
    hospital = {r["skill"] for p in posts if p["unit"] == HOSPITAL for r in p["requires"]}
    assert {"med.urology.pcnl", "med.nephrology.dialysis", "med.obstetrics.critical", "med.icu"} <= hospital
    assert all(1 <= r["importance"] <= 5 and 0 <= r["min_level"] <= 7 for p in posts for r in p["requires"])
    assert any(r.get("essential") for p in posts for r in p["requires"])
    assert any("min_fill" in p for p in posts) and any("min_months" in p for p in posts)
    assert len({p.get("priority") for p in posts}) >= 3


def test_staff_hosts_rules_and_quotas(doc):
    assert len(doc["staff"]) == 62
    assert all(s["goals"] for s in doc["staff"])
    hosts = [h["name"] for h in doc["hosts"]]
    assert any("佳木斯" in h and "医院" in h for h in hosts)
    assert any("黑龙江" in h or "哈尔滨" in h for h in hosts)
    # The seed's exchanges: 10 school staff to Heilongjiang colleges, 12 doctors to Jiamusi hospitals.
    assert sum(h["capacity"] for h in doc["hosts"] if "佳木斯" in h["name"]) == 12
    assert sum(h["capacity"] for h in doc["hosts"] if "佳木斯" not in h["name"]) == 10
    assert {r["rule"] for r in doc["pairs"]} == {"forbid", "require", "bonus"}
    sides = {(c["side"], key) for c in doc["constraints"] for key in ("min", "max") if key in c}
    assert {("posts", "min"), ("posts", "max"), ("experts", "max")} <= sides
    assert any(c["side"] == "experts" and "institution" in c["where"] for c in doc["constraints"])


def test_quotas_on_each_side_nest(doc):
    # Independent of the validator: any two quotas of one side are disjoint or one holds the other.
    groups = [(c["side"], set(quota_members(doc, c))) for c in doc["constraints"]]
    assert all(members for _, members in groups)
    for i, (side_a, a) in enumerate(groups):
        for side_b, b in groups[i + 1 :]:
            if side_a == side_b:
                assert not (a & b) or a <= b or b <= a


# --- The plan ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fill_first", [False, True])
def test_the_plan_is_certified_and_equals_the_milp_oracle(doc, fill_first):
    plan = tm.match(tm.data.fuyun(), fill_first=fill_first)
    assert plan.certificate.ok, plan.certificate.message
    oracle = milp_plan(doc, fill_first)
    assert oracle is not None
    value, oracle_pairs = oracle
    pairs = [(a["expert"], a["post"]) for a in plan.assignments]
    assert close(plan.objective, value), (plan.objective, value)
    assert close(plan_value(doc, pairs), plan.objective)
    assert check_plan(doc, pairs) == []
    if fill_first:
        assert plan.filled == len(oracle_pairs)


def test_some_posts_stay_unfilled_with_recruiting_briefs(doc, plan):
    assert plan.filled < plan.slots
    _, _, feasible = reference_scores(doc)
    unfilled = {u["post"]: u for u in plan.unfilled}
    assert len(unfilled) >= 5
    # A post no expert can take is unfilled whole, and its brief names what nobody brings.
    for j, post in enumerate(doc["posts"]):
        if not feasible[:, j].any():
            assert unfilled[post["id"]]["slots"] == post["slots"]
    assert sum(1 for u in unfilled.values() if u["missing"]) >= 3
    left = sum(u["slots"] for u in unfilled.values())
    assert plan.filled + left == plan.slots == sum(p["slots"] for p in doc["posts"])


def test_a_quota_binds(doc, plan):
    # Binding, checked by the oracle: relaxing the quota by one makes a better plan possible.
    at_bound = [c for c in plan.constraint_prices if c["price"] > 0]
    assert at_bound
    base, _ = milp_plan(doc)
    for c in at_bound:
        bound = c["bound"]
        step = 1 if bound == "max" else -1
        original = next(q for q in doc["constraints"] if q["name"] == c["name"])
        relaxed = with_changes(doc, bounds={c["name"]: (bound, original[bound] + step)})
        better, _ = milp_plan(relaxed)
        assert better > base + 1e-9, c["name"]
        members = set(quota_members(doc, original))
        key = "post" if original["side"] == "posts" else "expert"
        ids = [item["id"] for item in doc[original["side"]]]
        load = sum(1 for a in plan.assignments if ids.index(a[key]) in members)
        assert load == original[bound] == c["load"]


def test_nominations_and_conflicts_hold(doc, plan):
    pairs = {(a["expert"], a["post"]) for a in plan.assignments}
    for rule in doc["pairs"]:
        pair = (rule["expert"], rule["post"])
        if rule["rule"] == "require":
            assert pair in pairs
        elif rule["rule"] == "forbid":
            assert pair not in pairs
    # Every department gets someone, and the plan uses most of the experts.
    by_department = {a["department"] for a in plan.assignments}
    assert by_department == {HEALTH, EDUCATION, TOURISM, PARK}
    assert len({a["expert"] for a in plan.assignments}) >= 50
    assert np.isfinite(plan.objective)
