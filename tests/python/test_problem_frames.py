"""Problem.experts, .expert_skills, .posts and .requirements: the document as the long tables Problem.from_frames
takes, and back (DESIGN.md sections 4 and 7).

Oracle: the document itself. from_frames of the four tables (with the document's other sections as they are) must
give a problem equal to the first one (the same canonical JSON text), and each table must hold exactly the
document's values, read here straight from Problem.to_dict, field by field."""

from __future__ import annotations

import doctest
import json
import math
import pathlib

import numpy as np
import pytest
import talentmatch as tm
import talentmatch.problem

pd = pytest.importorskip("pandas")

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
DOCUMENTS = sorted(DATA.glob("*.json"))

EXPERT_COLUMNS = [
    "id",
    "name",
    "province",
    "institution",
    "title",
    "available_months",
    "capacity",
    "mentor_capacity",
]
POST_COLUMNS = ["id", "department", "unit", "region", "slots", "min_fill", "min_months", "priority"]
REQUIREMENT_COLUMNS = ["post", "skill", "importance", "min_level", "essential"]


def rebuilt(problem: tm.Problem) -> tm.Problem:
    """from_frames of the problem's tables; the sections that have no table of their own go as the document has them."""
    doc = problem.to_dict()
    skills = pd.DataFrame(doc["skills"], columns=None if doc["skills"] else ["id", "name"])
    return tm.Problem.from_frames(
        experts=problem.experts,
        expert_skills=problem.expert_skills,
        posts=problem.posts,
        requirements=problem.requirements,
        skills=skills,
        staff=doc.get("staff"),
        hosts=doc.get("hosts"),
        pairs=doc.get("pairs"),
        constraints=doc.get("constraints"),
        settings=doc.get("settings"),
    )


def cell(frame, row: int, column: str):
    """One cell as plain Python: None for any missing value (None, NaN, <NA>)."""
    v = frame[column].iloc[row]
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def same(a, b) -> bool:
    """Equal as JSON values: a bool only equals a bool, numbers compare by value."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


# --- A random valid document ------------------------------------------------------------------------------------


def random_document(seed: int) -> dict:
    """Every optional field of experts, posts and requirements present or not at random, attributes of each kind
    (text, bool, whole and fractional numbers, a key named like a document key), fractional levels and months, and
    the other sections (pairs, quotas, settings, staff, hosts) now and then."""
    rng = np.random.default_rng(seed)
    n_skills = int(rng.integers(1, 12))
    skills = []
    for k in range(n_skills):
        s = {"id": f"s{k}.x/y~{k}" if k % 5 == 4 else f"s{k}", "name": f"Skill {k}"}
        if k > 0 and rng.random() < 0.4:
            s["parents"] = [skills[int(rng.integers(0, k))]["id"]]
        if n_skills > 1 and rng.random() < 0.3:
            other = skills[int(rng.integers(0, k))]["id"] if k > 0 else None
            if other is not None:
                s["related"] = [{"skill": other, "transfer": round(float(rng.random()), 3)}]
        skills.append(s)
    ids = [s["id"] for s in skills]

    def maybe(p: float = 0.5) -> bool:
        return bool(rng.random() < p)

    attribute_makers = {
        "languages": lambda: str(rng.choice(["zh", "zh,en", "ru", ""])),
        "driving": lambda: bool(rng.random() < 0.5),
        "years": lambda: int(rng.integers(0, 40)),
        "rating": lambda: round(float(rng.random() * 5), 2),
        "mixed": lambda: [True, 2, "two", 2.5][int(rng.integers(0, 4))],
        "skills": lambda: "also a key of the document",
    }
    experts = []
    for i in range(int(rng.integers(0, 15))):
        e: dict = {"id": f"e{i}", "available_months": float(rng.choice([3, 4.5, 6, 9, 12]))}
        for key, make in (
            ("name", lambda i=i: f"Name {i}"),
            ("province", lambda: str(rng.choice(["Heilongjiang", "Jilin"]))),
            ("institution", lambda: str(rng.choice(["H1", "H2", "School 3"]))),
            ("title", lambda: "professor"),
            ("capacity", lambda: int(rng.integers(1, 4))),
            ("mentor_capacity", lambda: int(rng.integers(0, 4))),
        ):
            if maybe():
                e[key] = make()
        chosen = rng.choice(n_skills, size=int(rng.integers(0, n_skills + 1)), replace=False)
        e["skills"] = {ids[s]: float(rng.choice([0, 1, 2.5, 3, 4, 5, 6, 7])) for s in chosen}
        attributes = {key: make() for key, make in attribute_makers.items() if maybe(0.3)}
        if attributes:
            e["attributes"] = attributes
        experts.append(e)

    posts = []
    for j in range(int(rng.integers(0, 10))):
        slots = int(rng.integers(1, 4))
        q: dict = {
            "id": f"p{j}",
            "department": str(rng.choice(["health", "education"])),
            "unit": f"unit {j % 3}",
            "slots": slots,
        }
        if maybe():
            q["region"] = str(rng.choice(["north", "south"]))
        if maybe(0.3):
            q["min_fill"] = int(rng.integers(0, slots + 1))
        if maybe():
            q["min_months"] = float(rng.choice([3, 4.5, 6]))
        if maybe():
            q["priority"] = float(rng.choice([1, 2, 3.5, 5]))
        chosen = rng.choice(n_skills, size=int(rng.integers(0, min(n_skills, 4) + 1)), replace=False)
        q["requires"] = []
        for s in chosen:
            r = {"skill": ids[s], "importance": int(rng.integers(1, 6)), "min_level": int(rng.integers(0, 8))}
            if maybe():
                r["essential"] = maybe()
            q["requires"].append(r)
        posts.append(q)

    doc = {"format": "talentmatch/1", "skills": skills, "experts": experts, "posts": posts}
    if experts and posts and maybe():
        doc["pairs"] = [{"expert": experts[0]["id"], "post": posts[-1]["id"], "rule": "bonus", "value": 0.25}]
    if maybe():
        doc["constraints"] = [{"name": "health", "side": "posts", "where": {"department": "health"}, "max": 5}]
    if maybe():
        doc["settings"] = {"min_score": 0.25, "seed": seed}
    if maybe(0.3):
        doc["staff"] = [{"id": "s-ma", "unit": "unit 0", "goals": [{"skill": ids[0], "target_level": 3}]}]
    if maybe(0.3):
        doc["hosts"] = [{"id": "h1", "capacity": 2, "offers": {ids[-1]: 5}}]
    return doc


# --- The round trip ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_from_frames_of_the_tables_gives_the_same_problem_for_the_test_documents(path):
    problem = tm.Problem.from_json(path)
    assert rebuilt(problem) == problem


@pytest.mark.parametrize("seed", range(60))
def test_from_frames_of_the_tables_gives_the_same_problem_for_random_documents(seed):
    problem = tm.Problem.from_json(random_document(seed))
    again = rebuilt(problem)
    assert again == problem, (problem.to_json(), again.to_json())
    assert again.to_json() == problem.to_json()


def test_the_random_documents_exercise_every_optional_field():
    """The round trip above proves little if the generator never leaves a field out, or never fills one."""
    present, absent = set(), set()
    for seed in range(60):
        doc = tm.Problem.from_json(random_document(seed)).to_dict()
        for e in doc["experts"]:
            for key in EXPERT_COLUMNS + ["attributes"]:
                (present if key in e else absent).add(("expert", key))
        for q in doc["posts"]:
            for key in POST_COLUMNS:
                (present if key in q else absent).add(("post", key))
            for r in q["requires"]:
                (present if "essential" in r else absent).add(("requirement", "essential"))
    optional = {("expert", k) for k in EXPERT_COLUMNS + ["attributes"] if k not in ("id", "available_months")}
    optional |= {("post", k) for k in ("region", "min_fill", "min_months", "priority")}
    optional |= {("requirement", "essential")}
    assert optional <= present
    assert optional <= absent


def test_an_empty_problem_has_every_column_and_goes_back():
    problem = tm.Problem.from_json({"format": "talentmatch/1", "skills": [], "experts": [], "posts": []})
    assert list(problem.experts.columns) == EXPERT_COLUMNS
    assert list(problem.expert_skills.columns) == ["expert", "skill", "level"]
    assert list(problem.posts.columns) == POST_COLUMNS
    assert list(problem.requirements.columns) == REQUIREMENT_COLUMNS
    assert all(len(f) == 0 for f in (problem.experts, problem.expert_skills, problem.posts, problem.requirements))
    assert rebuilt(problem) == problem


# --- Each table holds the document's values -------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_the_tables_hold_the_documents_values_and_nothing_else(seed):
    problem = tm.Problem.from_json(random_document(seed))
    doc = problem.to_dict()

    experts = problem.experts
    attribute_keys = list(dict.fromkeys(k for e in doc["experts"] for k in e.get("attributes", {})))
    assert list(experts.columns) == EXPERT_COLUMNS + attribute_keys
    assert experts["id"].tolist() == problem.expert_ids
    for i, e in enumerate(doc["experts"]):
        for key in EXPERT_COLUMNS:
            assert same(cell(experts, i, key), e.get(key)), (i, key)
        for key in attribute_keys:
            assert same(cell(experts, i, key), e.get("attributes", {}).get(key)), (i, key)

    levels = [(e["id"], s, lv) for e in doc["experts"] for s, lv in e["skills"].items()]
    assert list(problem.expert_skills.itertuples(index=False, name=None)) == levels

    posts = problem.posts
    assert posts["id"].tolist() == problem.post_ids
    for j, q in enumerate(doc["posts"]):
        for key in POST_COLUMNS:
            assert same(cell(posts, j, key), q.get(key)), (j, key)

    requirements = problem.requirements
    rows = [(q["id"], r) for q in doc["posts"] for r in q["requires"]]
    assert len(requirements) == len(rows)
    for k, (post, r) in enumerate(rows):
        assert cell(requirements, k, "post") == post
        for key in REQUIREMENT_COLUMNS[1:]:
            assert same(cell(requirements, k, key), r.get(key)), (k, key)


def test_the_column_types_keep_integers_and_booleans():
    problem = tm.Problem.from_json(DATA / "fuyun.json")
    experts, posts, requirements = problem.experts, problem.posts, problem.requirements
    assert str(experts["capacity"].dtype) == "Int64"
    assert str(experts["mentor_capacity"].dtype) == "Int64"
    assert experts["available_months"].dtype == np.float64
    assert posts["slots"].dtype == np.int64
    assert str(posts["min_fill"].dtype) == "Int64"
    assert posts["priority"].dtype == np.float64
    assert requirements["importance"].dtype == np.int64
    assert requirements["min_level"].dtype == np.int64
    assert str(requirements["essential"].dtype) == "boolean"
    assert problem.expert_skills["level"].dtype == np.float64
    # fuyun.json has one expert with attributes {"languages": "zh", "driving": true}: the others have none.
    assert experts["driving"].dropna().tolist() == [True]
    assert type(experts["driving"].dropna().iloc[0]) is bool  # a bool, not 1.0
    assert experts["languages"].isna().sum() == len(experts) - 1


def test_a_numeric_attribute_is_a_float_column_and_a_mixed_one_keeps_each_value():
    doc = {
        "skills": [],
        "posts": [],
        "experts": [
            {"id": "a", "available_months": 6, "skills": {}, "attributes": {"years": 3, "mixed": True}},
            {"id": "b", "available_months": 6, "skills": {}, "attributes": {"years": 2.5, "mixed": 1}},
            {"id": "c", "available_months": 6, "skills": {}},
        ],
    }
    experts = tm.Problem.from_json(doc).experts
    assert experts["years"].dtype == np.float64
    assert experts["years"].tolist()[:2] == [3.0, 2.5] and math.isnan(experts["years"].iloc[2])
    assert experts["mixed"].tolist() == [True, 1, None]
    assert type(experts["mixed"].iloc[0]) is bool


def test_an_attribute_named_like_an_expert_field_is_an_error_naming_it():
    doc = {"skills": [], "posts": [], "experts": [{"id": "a", "available_months": 6, "skills": {}}]}
    doc["experts"][0]["attributes"] = {"capacity": "two"}
    problem = tm.Problem.from_json(doc)
    with pytest.raises(ValueError, match='attribute "capacity" has the name of an expert field'):
        _ = problem.experts
    # The other tables do not depend on the attributes.
    assert problem.expert_skills.empty
    assert problem.posts.empty


def test_each_access_gives_a_new_frame():
    problem = tm.Problem.from_json(DATA / "fuyun.json")
    frame = problem.posts
    frame.loc[0, "slots"] = 99
    assert problem.posts.loc[0, "slots"] != 99
    assert problem.experts is not problem.experts


def test_the_tables_give_the_same_scores_through_from_frames():
    """The tables carry what scoring reads: the rebuilt problem scores the same, to the bit."""
    problem = tm.Problem.from_json(DATA / "fuyun.json")
    a, b = problem.score(), rebuilt(problem).score()
    assert np.array_equal(a.value, b.value) and np.array_equal(a.fit, b.fit) and np.array_equal(a.feasible, b.feasible)


def test_the_docstring_examples_of_the_tables_run():
    for name in ("experts", "expert_skills", "posts", "requirements"):
        prop = getattr(tm.Problem, name)
        tests = doctest.DocTestFinder().find(prop.fget, name=name, globs={})
        assert tests and tests[0].examples, name
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        for t in tests:
            runner.run(t)
        assert runner.failures == 0, name


def test_the_document_json_of_the_tables_is_plain():
    """The rebuilt document has no NaN, numpy scalar or pandas NA left in it (it passed the reader, and its JSON
    text is the first problem's)."""
    problem = tm.Problem.from_json(random_document(3))
    text = rebuilt(problem).to_json()
    assert "NaN" not in text and "<NA>" not in text
    assert json.loads(text) == json.loads(problem.to_json())
    assert talentmatch.problem.Problem is tm.Problem
