"""Problem.score and Problem.explain (DESIGN.md section 5) against a plain Python reference written here.

The reference reads the document as a dict and loops over experts, posts and requirements, with its own loop over
the `related` transfers; it shares nothing with the C++ (no threshold decomposition, no sparse products). The model
it implements is the one in include/talentmatch/scoring/scoring.hpp:

- effective level L[e, s] = max(own level, max over the expert's skills a relating to s of transfer * own level of a);
- coverage min(L, r) / r (1 when r = 0); fit = sum w c / sum w (1 for a post without requirements);
- infeasible: an essential requirement with L < r (when settings.essential_hard, default true), available_months <
  min_months, a forbid pair, expert capacity 0, fit < min_score - 1e-12; a require pair is always feasible;
- value = fit_weight * priority * fit + bonus_weight * bonus.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest
import talentmatch as tm
from frames import long_frames
from scoring_reference import reference_scores

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
FUYUN = DATA / "fuyun.json"

N_RANDOM = 100


# --- random valid documents -------------------------------------------------------------------------------------


def _level(rng: np.random.Generator) -> float | int:
    kind = rng.integers(4)
    if kind == 0:
        return int(rng.integers(0, 8))  # whole levels, 0 included
    if kind == 1:
        return float(rng.integers(0, 15)) / 2  # halves
    if kind == 2:
        return round(float(rng.uniform(0, 7)), 3)
    return float(rng.uniform(0, 7))  # any double


def _transfer(rng: np.random.Generator) -> float:
    return float(rng.choice([0.0, 0.25, 0.4, 0.5, 0.6, 1.0, round(float(rng.random()), 2), float(rng.random())]))


def random_document(seed: int) -> dict:
    """A valid talentmatch/1 document exercising every part of the scoring model."""
    rng = np.random.default_rng(seed)
    n_skills = int(rng.integers(2, 12))
    skill_ids = [f"s{k}" for k in range(n_skills)]
    skills = []
    for k, sid in enumerate(skill_ids):
        s: dict = {"id": sid, "name": f"skill {k}"}
        if k > 0 and rng.random() < 0.3:
            s["parents"] = [skill_ids[int(rng.integers(0, k))]]  # parents point backwards: no cycle
        if rng.random() < 0.5:
            # Any target, itself or one named twice included.
            targets = rng.integers(0, n_skills, size=int(rng.integers(1, 4)))
            s["related"] = [{"skill": skill_ids[int(t)], "transfer": _transfer(rng)} for t in targets]
        skills.append(s)

    n = int(rng.integers(0, 12)) if rng.random() < 0.05 else int(rng.integers(1, 12))
    m = int(rng.integers(0, 10)) if rng.random() < 0.05 else int(rng.integers(1, 10))
    experts = []
    for i in range(n):
        e: dict = {"id": f"e{i}", "available_months": int(rng.integers(0, 13))}
        if rng.random() < 0.3:
            e["available_months"] = round(float(rng.uniform(0, 12)), 1)
        if rng.random() < 0.3:
            e["capacity"] = int(rng.choice([0, 1, 2]))
        held = rng.choice(n_skills, size=int(rng.integers(0, min(n_skills, 6) + 1)), replace=False)
        e["skills"] = {skill_ids[int(s)]: _level(rng) for s in held}
        experts.append(e)
    posts = []
    for j in range(m):
        q: dict = {"id": f"p{j}", "department": f"d{j % 3}", "unit": f"u{j}", "slots": int(rng.integers(1, 4))}
        if rng.random() < 0.4:
            q["min_months"] = int(rng.integers(0, 13)) if rng.random() < 0.5 else round(float(rng.uniform(0, 12)), 1)
        if rng.random() < 0.7:
            q["priority"] = int(rng.integers(1, 6))
        wanted = rng.choice(n_skills, size=int(rng.integers(0, min(n_skills, 5) + 1)), replace=False)
        requires = []
        for s in wanted:
            r: dict = {
                "skill": skill_ids[int(s)],
                "importance": int(rng.integers(1, 6)),
                "min_level": 0 if rng.random() < 0.15 else int(rng.integers(1, 8)),
            }
            u = rng.random()
            if u < 0.25:
                r["essential"] = True
            elif u < 0.4:
                r["essential"] = False
            requires.append(r)
        q["requires"] = requires
        posts.append(q)

    doc: dict = {"format": "talentmatch/1", "skills": skills, "experts": experts, "posts": posts}
    if n and m and rng.random() < 0.8:
        cells = rng.choice(n * m, size=int(rng.integers(1, min(n * m, 8) + 1)), replace=False)
        pairs = []
        for c in cells:
            rule: dict = {"expert": f"e{int(c) // m}", "post": f"p{int(c) % m}"}
            rule["rule"] = str(rng.choice(["forbid", "require", "bonus"]))
            if rule["rule"] == "bonus" and rng.random() < 0.8:
                rule["value"] = round(float(rng.uniform(-1, 3)), 3)
            pairs.append(rule)
        doc["pairs"] = pairs
    if rng.random() < 0.9:
        settings: dict = {}
        u = rng.random()
        if u < 0.5:
            settings["min_score"] = float(rng.choice([0.0, 0.25, 0.3, 0.5, 0.6, 0.75, 1.0]))
        elif u < 0.85:
            settings["min_score"] = float(rng.random())
        if rng.random() < 0.6:
            settings["essential_hard"] = bool(rng.random() < 0.5)
        if rng.random() < 0.6:
            weights = {}
            if rng.random() < 0.7:
                weights["fit"] = float(rng.choice([0.0, 0.5, 1.0, 2.0, round(float(rng.uniform(0, 3)), 2)]))
            if rng.random() < 0.7:
                weights["bonus"] = float(rng.choice([0.0, 1.0, 3.0, round(float(rng.uniform(0, 3)), 2)]))
            settings["weights"] = weights
        if rng.random() < 0.3:
            settings["seed"] = int(rng.integers(0, 1000))
        doc["settings"] = settings
    return doc


def assert_scores_match(s, value, fit, feasible, where: str) -> None:
    np.testing.assert_allclose(s.fit, fit, rtol=0, atol=1e-12, err_msg=f"fit, {where}")
    np.testing.assert_allclose(s.value, value, rtol=0, atol=1e-12, err_msg=f"value, {where}")
    bad = np.argwhere(s.feasible != feasible)
    assert bad.size == 0, f"feasible differs at (expert, post) {bad[:5].tolist()}, {where}"


# --- dense and sparse scores against the reference --------------------------------------------------------------


def test_random_problems_match_the_reference():
    min_score_positive = with_rules = with_transfer = 0
    for seed in range(N_RANDOM):
        doc = random_document(seed)
        p = tm.Problem.from_json(doc)
        s = p.score()
        n, m = len(doc["experts"]), len(doc["posts"])
        assert s.value.shape == s.fit.shape == s.feasible.shape == (n, m)
        assert s.feasible.dtype == np.bool_
        value, fit, feasible = reference_scores(doc)
        assert_scores_match(s, value, fit, feasible, f"seed {seed}")

        # The sparse list is exactly the feasible entries, by expert then post, with the dense fit to the bit.
        c = p.score(sparse=True)
        rows, cols = np.nonzero(feasible)
        assert c.expert.dtype == c.post.dtype == np.int64
        np.testing.assert_array_equal(c.expert, rows, err_msg=f"seed {seed}")
        np.testing.assert_array_equal(c.post, cols, err_msg=f"seed {seed}")
        np.testing.assert_array_equal(c.fit, s.fit[rows, cols], err_msg=f"seed {seed}")
        np.testing.assert_allclose(c.value, value[rows, cols], rtol=0, atol=1e-12, err_msg=f"seed {seed}")
        listed = set(zip(c.expert.tolist(), c.post.tolist()))
        for r in doc.get("pairs", []):
            pair = (int(r["expert"][1:]), int(r["post"][1:]))
            if r["rule"] == "require":
                assert pair in listed, (seed, r)
            if r["rule"] == "forbid":
                assert pair not in listed, (seed, r)

        min_score_positive += (doc.get("settings") or {}).get("min_score", 0) > 0
        with_rules += bool(doc.get("pairs"))
        with_transfer += any(sk.get("related") for sk in doc["skills"])
    # The generator covers the cases the test is about.
    assert min_score_positive >= 30 and with_rules >= 50 and with_transfer >= 50


def test_reference_edge_cases():
    # Hand-made: a one-hop transfer is not transferred again, an own level beats a lower transfer, min_level 0 is
    # always covered (essential or not), a post without requirements has fit 1, a require pair overrides every rule.
    doc = {
        "skills": [
            {"id": "a", "name": "a", "related": [{"skill": "b", "transfer": 0.5}, {"skill": "c", "transfer": 0.25}]},
            {"id": "b", "name": "b", "related": [{"skill": "c", "transfer": 1.0}]},
            {"id": "c", "name": "c"},
        ],
        "experts": [
            {"id": "x", "available_months": 6, "skills": {"a": 6}},  # b: 3 (transfer), c: 1.5, not 3
            {"id": "y", "available_months": 2, "capacity": 0, "skills": {"a": 6, "b": 4}},  # b: 4 (own)
        ],
        "posts": [
            {"id": "p", "department": "d", "unit": "u", "slots": 1, "priority": 2, "min_months": 3,
             "requires": [{"skill": "b", "importance": 3, "min_level": 4, "essential": True},
                          {"skill": "c", "importance": 1, "min_level": 3},
                          {"skill": "a", "importance": 2, "min_level": 0, "essential": True}]},
            {"id": "q", "department": "d", "unit": "v", "slots": 1, "requires": []},
        ],
        "pairs": [{"expert": "y", "post": "p", "rule": "require"}],
        "settings": {"min_score": 0.5},
    }  # fmt: skip
    s = tm.Problem.from_json(doc).score()
    # x, p: b 3 (from a), c 1.5 (from a; b's transferred 3 is not passed on), a 6:
    #       (3 * 3/4 + 1 * 1.5/3 + 2 * 1) / 6 = 4.75 / 6; b is essential and 3 < 4: infeasible.
    # y, p: b 4 (own beats a's 3), c 4 (from b's own 4 at transfer 1), a 6: (3 + 1 + 2) / 6 = 1; capacity 0 and
    #       months 2 < 3, but required.
    # q has no requirements: fit 1; y has capacity 0.
    np.testing.assert_allclose(s.fit, [[4.75 / 6, 1.0], [1.0, 1.0]], rtol=0, atol=1e-15)
    assert s.feasible.tolist() == [[False, True], [True, False]]
    np.testing.assert_allclose(s.value, s.fit * [[2, 1], [2, 1]], rtol=0, atol=1e-15)
    value, fit, feasible = reference_scores(doc)
    assert_scores_match(s, value, fit, feasible, "hand-made")


def test_a_fit_equal_to_min_score_is_kept():
    # Full coverage is 1 in exact arithmetic, but summed as r terms of 1 / r it comes out an ulp or two below 1 for
    # r = 6 and 7 (in this test's float arithmetic as in the threshold decomposition): min_score 1 keeps the pair.
    doc = {
        "skills": [{"id": "a", "name": "a"}],
        "experts": [{"id": "x", "available_months": 1, "skills": {"a": 7}}],
        "posts": [
            {"id": f"p{r}", "department": "d", "unit": "u", "slots": 1,
             "requires": [{"skill": "a", "importance": 1, "min_level": r}]}
            for r in range(1, 8)
        ],
        "settings": {"min_score": 1.0},
    }  # fmt: skip
    p = tm.Problem.from_json(doc)
    s = p.score()
    np.testing.assert_allclose(s.fit, 1.0, rtol=0, atol=1e-15)
    assert s.feasible.all()
    assert p.score(sparse=True).post.tolist() == list(range(7))
    assert all(p.explain("x", f"p{r}")["feasible"] for r in range(1, 8))


# --- DataFrames -> model -> JSON -> model -----------------------------------------------------------------------


def frames_of(doc: dict) -> dict:
    """The long-format frames (and the other sections) Problem.from_frames takes for ``doc``."""
    pd = pytest.importorskip("pandas")
    frames = long_frames(doc)
    if "pairs" in doc:
        frames["pairs"] = pd.DataFrame(doc["pairs"])
    if "settings" in doc:
        frames["settings"] = doc["settings"]
    return frames


def test_frames_to_model_to_json_to_model_gives_the_same_scores():
    for seed in range(0, N_RANDOM, 3):
        doc = random_document(seed)
        p = tm.Problem.from_frames(**frames_of(doc))
        again = tm.Problem.from_json(p.to_json())
        direct = tm.Problem.from_json(doc)
        assert again.to_dict() == p.to_dict()
        assert again.expert_ids == p.expert_ids == direct.expert_ids
        assert again.post_ids == p.post_ids == direct.post_ids
        a, b, d = p.score(), again.score(), direct.score()
        for name in ("value", "fit", "feasible"):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=f"{name}, seed {seed}")
            np.testing.assert_array_equal(getattr(a, name), getattr(d, name), err_msg=f"{name}, seed {seed}")
        ca, cb = p.score(sparse=True), again.score(sparse=True)
        for name in ("expert", "post", "value", "fit"):
            np.testing.assert_array_equal(getattr(ca, name), getattr(cb, name), err_msg=f"{name}, seed {seed}")


# --- the arrays -------------------------------------------------------------------------------------------------


def test_score_arrays_are_the_cpp_result_not_copies():
    for seed in (1, 2, 3):
        doc = random_document(seed)
        p = tm.Problem.from_json(doc)
        s = p.score()
        shape = (len(p.expert_ids), len(p.post_ids))
        for a, dtype in ((s.value, np.float64), (s.fit, np.float64), (s.feasible, np.bool_)):
            assert a.shape == shape
            assert a.dtype == dtype
            assert a.flags.c_contiguous  # row-major, as Eigen's RowMajor result
            assert not a.flags.owndata and a.base is not None  # a view of memory held by its base
        # value and fit are views of the moved Eigen matrices (their base holds them, not another ndarray copy).
        assert not isinstance(s.value.base, np.ndarray)
        assert not isinstance(s.fit.base, np.ndarray)
        # feasible is a bool view of the uint8 Eigen matrix: same memory.
        u8 = s.feasible.base
        assert isinstance(u8, np.ndarray) and u8.dtype == np.uint8 and u8.shape == shape
        assert not u8.flags.owndata and u8.base is not None
        assert np.shares_memory(s.feasible, u8)
        assert u8.ctypes.data == s.feasible.ctypes.data
        # Two calls give two results.
        t = p.score()
        assert not np.shares_memory(s.value, t.value) and not np.shares_memory(s.feasible, t.feasible)


def test_score_shapes_of_empty_sides():
    doc = {"skills": [{"id": "a", "name": "a"}], "experts": [], "posts": []}
    assert tm.Problem.from_json(doc).score().value.shape == (0, 0)
    doc["experts"] = [{"id": "x", "available_months": 1, "skills": {"a": 3}}]
    s = tm.Problem.from_json(doc).score()
    assert s.value.shape == s.fit.shape == s.feasible.shape == (1, 0)
    assert len(tm.Problem.from_json(doc).score(sparse=True)) == 0


# --- explain on fuyun.json ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuyun():
    return tm.Problem.from_json(FUYUN)


def _requirements(e) -> dict[str, dict]:
    return {r["skill"]: r for r in e["requirements"]}


def test_explain_met(fuyun):
    # e-wang (laparoscopy 6, surgery 5) for p-urology (laparoscopy 5x5 essential, surgery 3x4), priority 5.
    e = fuyun.explain("e-wang", "p-urology")
    r = _requirements(e)
    assert r["med.urology.laparoscopy"]["status"] == "met"
    assert r["med.urology.laparoscopy"]["contribution"] == pytest.approx(5 / 8, abs=1e-15)
    # Surgery: own 5 beats laparoscopy's transfer 0.5 * 6 = 3.
    assert r["med.surgery"]["status"] == "met"
    assert r["med.surgery"]["level"] == 5 and r["med.surgery"]["transferred_from"] is None
    assert r["med.surgery"]["weight_share"] == pytest.approx(3 / 8)
    assert e["fit"] == pytest.approx(1.0) and e["value"] == pytest.approx(5.0)
    assert e["feasible"] is True and e["rules"] == []


def test_explain_partial_and_missing(fuyun):
    # e-wu (tour.marketing 5, ind.planning 2) for p-park (ind.planning 4x4, ind.mining 3x3), priority 3:
    # planning 2 < 4, partial with gap 2, 4 * (2/4) / 7 = 2/7; mining missing, 0. fit 2/7 >= min_score 0.2, value
    # 3 * 2/7 = 6/7.
    e = fuyun.explain("e-wu", "p-park")
    r = _requirements(e)
    assert r["ind.planning"]["status"] == "partial"
    assert r["ind.planning"]["gap"] == pytest.approx(2.0)
    assert r["ind.planning"]["contribution"] == pytest.approx(2 / 7, abs=1e-15)
    assert r["ind.mining"]["status"] == "missing"
    assert r["ind.mining"]["level"] == 0 and r["ind.mining"]["gap"] == 3 and r["ind.mining"]["contribution"] == 0
    assert e["fit"] == pytest.approx(2 / 7, abs=1e-15) and e["value"] == pytest.approx(6 / 7, abs=1e-14)
    assert e["feasible"] is True and e["rules"] == []

    # e-zhao (nephrology 6, dialysis 4) for p-dialysis (dialysis 5x5, nephrology 3x4), priority 4: dialysis own 4
    # beats nephrology's transfer 0.6 * 6 = 3.6, partial, 5 * 4/5 / 8 = 0.5; nephrology met, 3/8. fit 0.875, value
    # 3.5.
    e = fuyun.explain("e-zhao", "p-dialysis")
    r = _requirements(e)
    assert r["med.dialysis"]["status"] == "partial" and r["med.dialysis"]["level"] == 4
    assert r["med.dialysis"]["transferred_from"] is None
    assert r["med.nephrology"]["status"] == "met"
    assert e["fit"] == pytest.approx(0.875, abs=1e-15) and e["value"] == pytest.approx(3.5, abs=1e-14)

    # e-chen (edu.math 6, edu.management 4) for p-physics (edu.physics 5x5): missing, fit 0 < min_score 0.2.
    e = fuyun.explain("e-chen", "p-physics")
    assert [r["status"] for r in e["requirements"]] == ["missing"]
    assert e["fit"] == 0 and e["feasible"] is False
    assert any("min_score" in rule and "/settings/min_score" in rule for rule in e["rules"]), e["rules"]


def test_explain_essential_missing(fuyun):
    # e-liu (icu 6, surgery 3, 4 months) for p-maternal (obstetrics.critical 5x5 essential, icu 2x3), priority 5:
    # obstetrics from icu's transfer 0.4 * 6 = 2.4 < 5: essential-missing, 5 * 2.4/5 / 7 = 2.4/7; icu met, 2/7.
    # fit 4.4/7, value 5 * 4.4/7 = 22/7. Forbidden by /pairs/0 too.
    e = fuyun.explain("e-liu", "p-maternal")
    r = _requirements(e)
    ob = r["med.obstetrics.critical"]
    assert ob["status"] == "essential-missing" and ob["essential"] is True
    assert ob["level"] == pytest.approx(2.4) and ob["own_level"] == 0 and ob["transferred_from"] == "med.icu"
    assert ob["gap"] == pytest.approx(2.6)
    assert ob["contribution"] == pytest.approx(2.4 / 7, abs=1e-15)
    assert r["med.icu"]["status"] == "met" and r["med.icu"]["contribution"] == pytest.approx(2 / 7, abs=1e-15)
    assert e["fit"] == pytest.approx(4.4 / 7, abs=1e-15) and e["value"] == pytest.approx(22 / 7, abs=1e-14)
    assert e["feasible"] is False
    assert any("/pairs/0" in rule and "forbid" in rule for rule in e["rules"]), e["rules"]
    assert any("/posts/2/requires/0" in rule for rule in e["rules"]), e["rules"]

    # e-liu for p-urology (laparoscopy 5x5 essential, surgery 3x4; min_months 6): laparoscopy 0, essential-missing
    # (not "missing": essential wins), surgery 3 < 4 partial, 3 * 3/4 / 8 = 0.28125 = fit; value 5 * 0.28125.
    # Infeasible twice over: 4 months < 6, and the essential requirement.
    e = fuyun.explain("e-liu", "p-urology")
    r = _requirements(e)
    assert r["med.urology.laparoscopy"]["status"] == "essential-missing"
    assert r["med.urology.laparoscopy"]["level"] == 0
    assert r["med.surgery"]["status"] == "partial" and r["med.surgery"]["gap"] == pytest.approx(1.0)
    assert e["fit"] == pytest.approx(0.28125, abs=1e-15) and e["value"] == pytest.approx(1.40625, abs=1e-14)
    assert e["feasible"] is False
    assert any("/posts/0/min_months" in rule for rule in e["rules"]), e["rules"]
    assert any("/posts/0/requires/0" in rule for rule in e["rules"]), e["rules"]


def test_explain_bonus(fuyun):
    # e-gao (mining 6, planning 4) for p-park: both met, fit 1; value 3 * 1 + 1.0 * 0.5 (bonus from /pairs/1).
    e = fuyun.explain("e-gao", "p-park")
    assert e["bonus"] == 0.5 and e["value"] == pytest.approx(3.5)
    assert any("/pairs/1" in rule for rule in e["rules"]), e["rules"]


def test_explain_agrees_with_score_on_every_pair(fuyun):
    s = fuyun.score()
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    value, fit, feasible = reference_scores(doc)
    assert_scores_match(s, value, fit, feasible, "fuyun")
    for i, expert in enumerate(fuyun.expert_ids):
        for j, post in enumerate(fuyun.post_ids):
            e = fuyun.explain(expert, post)
            assert e["expert"] == expert and e["post"] == post
            assert e["fit"] == pytest.approx(s.fit[i, j], abs=1e-12)
            assert e["value"] == pytest.approx(s.value[i, j], abs=1e-12)
            assert e["feasible"] == bool(s.feasible[i, j]), (expert, post)
            assert sum(r["contribution"] for r in e["requirements"]) == pytest.approx(e["fit"], abs=1e-12)
            assert sum(r["weight_share"] for r in e["requirements"]) == pytest.approx(1.0, abs=1e-12)


def test_explain_fit_and_value_are_the_scores_to_the_bit(fuyun):
    # Hand-checked: full coverage of min_level 7 is seven steps of 1/7, 0.9999999999999998 in float arithmetic (the
    # oracle below), not the 1.0 of 7/7; explain says what score says, whatever the order of the sum.
    steps = 0.0
    for _ in range(7):
        steps += 1 / 7
    assert steps == 0.9999999999999998
    doc = {
        "skills": [{"id": "a", "name": "a"}],
        "experts": [{"id": "x", "available_months": 1, "skills": {"a": 7}}],
        "posts": [{"id": "p", "department": "d", "unit": "u", "slots": 1,
                   "requires": [{"skill": "a", "importance": 1, "min_level": 7}]}],
    }  # fmt: skip
    p = tm.Problem.from_json(doc)
    assert p.score().fit[0, 0] == steps
    assert p.explain("x", "p")["fit"] == steps
    # Every pair of fuyun.json and of the random documents, compared with ==.
    problems = [fuyun] + [tm.Problem.from_json(random_document(seed)) for seed in range(N_RANDOM)]
    compared = 0
    for problem in problems:
        s = problem.score()
        for i, expert in enumerate(problem.expert_ids):
            for j, post in enumerate(problem.post_ids):
                e = problem.explain(expert, post)
                assert e["fit"] == s.fit[i, j], (expert, post, e["fit"], s.fit[i, j])
                assert e["value"] == s.value[i, j], (expert, post, e["value"], s.value[i, j])
                compared += 1
    assert compared > 3000


def test_explain_unknown_ids_name_the_id(fuyun):
    with pytest.raises(tm.Error, match="e-nobody"):
        fuyun.explain("e-nobody", "p-icu")
    with pytest.raises(tm.Error, match="p-nowhere"):
        fuyun.explain("e-wang", "p-nowhere")


def test_explain_to_frame_has_one_row_per_requirement(fuyun):
    pytest.importorskip("pandas")
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    for q in doc["posts"]:
        e = fuyun.explain("e-liu", q["id"])
        frame = e.to_frame()
        assert len(frame) == len(q["requires"])
        assert frame["skill"].tolist() == [r["skill"] for r in q["requires"]]
        assert {"status", "gap", "weight_share", "contribution", "level"} <= set(frame.columns)
        assert frame["contribution"].sum() == pytest.approx(e["fit"], abs=1e-12)


# --- scores -> solve ----------------------------------------------------------------------------------------------


def _solve_and_check(p: tm.Problem, doc: dict) -> tuple[np.ndarray, np.ndarray]:
    s = p.score()
    slots = np.array([q["slots"] for q in doc["posts"]])
    masked = s.masked_value()
    assert np.array_equal(np.isfinite(masked), s.feasible)
    plan = tm.solve(masked, maximize=True, col_capacity=slots)
    plan.verify()
    rows, cols = np.asarray(plan.rows), np.asarray(plan.cols)
    assert s.feasible[rows, cols].all()
    assert np.bincount(rows, minlength=len(p.expert_ids)).max(initial=0) <= 1
    assert (np.bincount(cols, minlength=len(p.post_ids)) <= slots).all()
    assert plan.objective == pytest.approx(s.value[rows, cols].sum(), rel=1e-12, abs=1e-12)
    return rows, cols


def test_masked_value_solves_to_a_plan_of_feasible_pairs(fuyun):
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    rows, cols = _solve_and_check(fuyun, doc)
    chosen = {(fuyun.expert_ids[r], fuyun.post_ids[c]) for r, c in zip(rows, cols)}
    assert ("e-liu", "p-maternal") not in chosen  # forbidden
    assert len(chosen) == 9  # each expert has a feasible post of its own field (see the feasible matrix)
    for seed in range(10):
        doc = random_document(1000 + seed)
        if doc["experts"] and doc["posts"]:
            _solve_and_check(tm.Problem.from_json(doc), doc)


def test_score_chooses_candidates_when_the_dense_matrices_would_be_too_large(monkeypatch):
    problem = tm.Problem.from_json(FUYUN)
    assert isinstance(problem.score(), tm.problem.Scores)
    monkeypatch.setattr(tm.Problem, "DENSE_LIMIT", 80)  # fuyun has 9 x 9 = 81 pairs
    auto = problem.score()
    assert isinstance(auto, tm.problem.Candidates)
    dense = problem.score(sparse=False)
    assert len(auto) == int(dense.feasible.sum())
    np.testing.assert_array_equal(auto.value, dense.value[dense.feasible])


def test_scores_unpack_as_value_fit_feasible():
    problem = tm.Problem.from_json(FUYUN)
    scores = problem.score()
    value, fit, feasible = scores
    assert value is scores.value and fit is scores.fit and feasible is scores.feasible
