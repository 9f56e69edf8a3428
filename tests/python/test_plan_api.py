"""Plan and match: the shape of the Python API (DESIGN.md section 7), not optimality (test_plan.py checks plans
against oracles).

Oracles: the design's list of plan JSON keys, Python's json module, the file system for what was written, and
plain Python for what the frames and reprs must hold."""

from __future__ import annotations

import copy
import doctest
import importlib
import inspect
import json
import math
import os
import re

import pytest
import talentmatch as tm
import talentmatch.plan as tm_plan

# --- Documents ---------------------------------------------------------------------------------------------------


def small() -> dict:
    """Three experts, two posts, one slot left empty (no available expert has the essential icu level)."""
    return {
        "skills": [{"id": "icu", "name": "Intensive care"}, {"id": "math", "name": "Mathematics"}],
        "experts": [
            {"id": "e-liu", "province": "Heilongjiang", "institution": "HMU", "available_months": 6,
             "skills": {"icu": 3}},
            {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}},
            {"id": "e-chen", "province": "Heilongjiang", "available_months": 9, "skills": {"math": 6}},
        ],
        "posts": [
            {"id": "p-icu", "department": "health", "unit": "hospital", "slots": 2, "priority": 4,
             "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]},
            {"id": "p-math", "department": "education", "unit": "school", "slots": 1, "priority": 3,
             "requires": [{"skill": "math", "importance": 4, "min_level": 5}]},
        ],
    }  # fmt: skip


def with_quota() -> dict:
    """Two posts in one department, a quota of one pair on the department: a binding constraint."""
    return {
        "skills": [{"id": "icu", "name": "Intensive care"}],
        "experts": [
            {"id": "e-a", "available_months": 6, "skills": {"icu": 5}},
            {"id": "e-b", "available_months": 6, "skills": {"icu": 5}},
        ],
        "posts": [
            {"id": "p-1", "department": "health", "unit": "hospital", "slots": 1, "priority": 2,
             "requires": [{"skill": "icu", "importance": 3, "min_level": 3}]},
            {"id": "p-2", "department": "health", "unit": "clinic", "slots": 1, "priority": 1,
             "requires": [{"skill": "icu", "importance": 3, "min_level": 3}]},
        ],
        "constraints": [{"name": "health-max", "side": "posts", "where": {"department": "health"}, "max": 1}],
    }  # fmt: skip


def many(n: int) -> dict:
    """n experts, one post with n slots: n assignments."""
    return {
        "skills": [{"id": "s", "name": "S"}],
        "experts": [{"id": f"e{k}", "available_months": 6, "skills": {"s": 3}} for k in range(n)],
        "posts": [{"id": "p", "department": "d", "unit": "u", "slots": n,
                   "requires": [{"skill": "s", "importance": 1, "min_level": 2}]}],
    }  # fmt: skip


@pytest.fixture(scope="module")
def problem():
    return tm.Problem.from_json(small())


@pytest.fixture(scope="module")
def plan(problem):
    return tm.match(problem)


@pytest.fixture(scope="module")
def replanned(plan):
    doc = small()
    del doc["experts"][1]  # e-sun leaves
    doc["experts"].append({"id": "e-wu", "available_months": 12, "skills": {"icu": 6, "math": 5}})
    return plan.replan(tm.Problem.from_json(doc), switching_cost=0.5)


# --- The plan JSON: keys exactly as the design lists them ----------------------------------------------------------

TOP = ["format", "kind", "objective", "assignments", "unfilled", "unassigned", "unassigned_reasons", "alternates",
       "certificate", "shadow_prices", "constraint_prices", "fill_first", "slots", "filled"]  # fmt: skip
ASSIGNMENT = ["expert", "post", "value", "fit", "department", "unit", "required", "reason"]
UNFILLED = ["post", "slots", "filled", "department", "unit", "missing", "closest", "provinces", "institutions"]
MISSING = ["skill", "level", "best_available", "importance", "essential"]
CLOSEST = ["expert", "fit", "value", "feasible", "rule", "blocked_by"]
DETAILS = {
    "essential": ["skill", "level", "min_level"],
    "months": ["level", "min_level"],
    "outbid": ["by_post", "by_value"],
    "needed": ["by_post", "by_value"],
    "quota": ["constraint"],
}
REASON = ["expert", "reason", "explanation", "best_post", "best_value"]
ALTERNATE = ["expert", "value", "fit", "loss", "exact"]
CONSTRAINT = ["name", "side", "bound", "load", "price"]
DIFF = ["kept", "added", "removed", "moved", "value_change"]
CERTIFICATE = ["ok", "gap", "min_reduced_cost", "max_slackness", "tolerance"]


def check_closest(c: dict) -> None:
    expected = CLOSEST + DETAILS.get(c["rule"], [])
    expected += [k for k in ("province", "institution") if k in c]
    assert list(c) == expected
    for k in ("province", "institution"):
        if k in c:
            assert isinstance(c[k], str) and c[k]


def check_document(data: dict, replanned: bool = False) -> None:
    assert list(data) == TOP + (["diff", "switching_cost"] if replanned else [])
    assert data["format"] == "talentmatch-plan/1"
    assert data["kind"] == "posts"
    assert isinstance(data["objective"], float)
    for a in data["assignments"]:
        assert list(a) == ASSIGNMENT
    for u in data["unfilled"]:
        assert list(u) == UNFILLED
        for m in u["missing"]:
            assert list(m) == MISSING
        for c in u["closest"]:
            check_closest(c)
    assert all(isinstance(e, str) for e in data["unassigned"])
    assert [r["expert"] for r in data["unassigned_reasons"]] == data["unassigned"]
    for r in data["unassigned_reasons"]:
        assert list(r) == REASON
    for post, alternates in data["alternates"].items():
        assert isinstance(post, str)
        for a in alternates:
            assert list(a) == ALTERNATE
    assert list(data["certificate"]) in (CERTIFICATE, [*CERTIFICATE, "message"])
    assert list(data["shadow_prices"]) == ["posts", "constraints"]
    for c in data["constraint_prices"]:
        assert list(c) == CONSTRAINT
    assert isinstance(data["fill_first"], bool)
    assert isinstance(data["slots"], int) and isinstance(data["filled"], int)
    if replanned:
        assert list(data["diff"]) == DIFF
        for key in ("kept", "added", "removed"):
            for a in data["diff"][key]:
                assert list(a) == ASSIGNMENT
        for m in data["diff"]["moved"]:
            assert list(m) == ["expert", "from", "to"]


def test_to_json_has_the_designs_keys(plan):
    data = json.loads(plan.to_json())
    check_document(data)
    assert data["unfilled"], "the small document leaves a slot empty"
    assert data["unfilled"][0]["closest"], "and names the closest experts"
    assert data["unassigned"] == ["e-liu"]


def test_to_json_of_a_replanned_plan_has_the_diff(replanned):
    check_document(json.loads(replanned.to_json()), replanned=True)


def test_to_json_with_a_binding_quota(problem):
    plan = tm.match(tm.Problem.from_json(with_quota()))
    data = json.loads(plan.to_json())
    check_document(data)
    assert [c["name"] for c in data["constraint_prices"]] == ["health-max"]
    assert data["constraint_prices"][0]["bound"] == "max"
    assert list(data["shadow_prices"]["constraints"]) == ["health-max"]
    assert plan.shadow_prices == data["shadow_prices"]


def test_the_properties_agree_with_the_json(plan, replanned):
    for p in (plan, replanned):
        data = json.loads(p.to_json())
        assert p.objective == data["objective"]
        assert p.assignments == data["assignments"]
        assert p.unfilled == data["unfilled"]
        assert p.unassigned == data["unassigned_reasons"]
        assert p.alternates == data["alternates"]
        assert p.shadow_prices == data["shadow_prices"]
        assert p.constraint_prices == data["constraint_prices"]
        assert (p.fill_first, p.slots, p.filled) == (data["fill_first"], data["slots"], data["filled"])
        assert p.certificate.ok == data["certificate"]["ok"]
        for key in CERTIFICATE:
            assert getattr(p.certificate, key) == data["certificate"][key]
    assert replanned.diff == json.loads(replanned.to_json())["diff"]
    assert replanned.switching_cost == 0.5


def test_to_json_indent(plan):
    one_line = plan.to_json(indent=-1)
    assert one_line.count("\n") == 1 and one_line.endswith("\n")
    assert json.loads(one_line) == json.loads(plan.to_json())
    assert plan.to_json(indent=0) != one_line
    for bad in ("2", 2.0, -2, None):
        with pytest.raises(tm.Error, match="indent"):
            plan.to_json(indent=bad)


def test_to_json_path_writes_the_file(plan, tmp_path):
    path = tmp_path / "plan.json"
    assert plan.to_json(path) is None
    assert path.read_text(encoding="utf-8") == plan.to_json()
    assert plan.to_json(str(tmp_path / "compact.json"), indent=-1) is None
    assert (tmp_path / "compact.json").read_text(encoding="utf-8") == plan.to_json(indent=-1)
    assert sorted(os.listdir(tmp_path)) == ["compact.json", "plan.json"]


def test_a_failed_write_leaves_no_file(plan, tmp_path):
    missing = tmp_path / "no" / "plan.json"
    with pytest.raises(FileNotFoundError) as info:
        plan.to_json(missing)
    assert "does not exist" in str(info.value)
    assert not (tmp_path / "no").exists()
    # A folder in the way: the folder is left as it was, and no temporary file stays behind.
    (tmp_path / "taken").mkdir()
    with pytest.raises(OSError):
        plan.to_json(tmp_path / "taken")
    assert sorted(os.listdir(tmp_path)) == ["taken"]
    assert os.listdir(tmp_path / "taken") == []


# --- Properties: types and shapes --------------------------------------------------------------------------------


def test_headline_types(plan):
    assert plan.kind == "posts"
    assert isinstance(plan.objective, float)
    assert isinstance(plan.slots, int) and plan.slots == 3
    assert isinstance(plan.filled, int) and plan.filled == len(plan.assignments)
    assert plan.fill_first is False
    assert plan.diff is None
    assert plan.switching_cost == 0.0
    assert isinstance(plan.problem, tm.Problem)
    cert = plan.certificate
    assert isinstance(cert, tm.Certificate)
    assert cert.ok is True and cert.message == ""
    assert isinstance(cert.gap, float) and isinstance(cert.tolerance, float)


def test_assignments_are_dicts_of_plain_values(plan):
    assert plan.assignments
    for a in plan.assignments:
        assert list(a) == ASSIGNMENT
        assert all(isinstance(a[k], str) for k in ("expert", "post", "department", "unit", "reason"))
        assert isinstance(a["value"], float) and isinstance(a["fit"], float)
        assert isinstance(a["required"], bool)


def test_unfilled_unassigned_alternates_shapes(plan):
    (u,) = plan.unfilled
    assert (u["post"], u["slots"], u["filled"], u["department"], u["unit"]) == ("p-icu", 1, 1, "health", "hospital")
    assert [m["skill"] for m in u["missing"]] == ["icu"]
    assert isinstance(u["missing"][0]["importance"], int)
    assert isinstance(u["missing"][0]["essential"], bool)
    assert all(isinstance(c["feasible"], bool) for c in u["closest"])
    assert u["provinces"] == ["Heilongjiang"]
    assert all(isinstance(x, str) for x in u["institutions"])
    (r,) = plan.unassigned
    assert list(r) == REASON and r["expert"] == "e-liu"
    assert r["best_post"] is None or isinstance(r["best_post"], str)
    assert isinstance(plan.alternates, dict)
    for post, alternates in plan.alternates.items():
        assert post in plan.problem.post_ids
        for a in alternates:
            assert list(a) == ALTERNATE
            assert all(isinstance(a[k], float) for k in ("value", "fit", "loss"))


def test_shadow_prices_and_timings(plan):
    prices = plan.shadow_prices
    assert list(prices) == ["posts", "constraints"]
    assert list(prices["posts"]) == plan.problem.post_ids
    assert all(isinstance(v, float) for v in prices["posts"].values())
    assert prices["constraints"] == {}
    assert plan.constraint_prices == []
    assert list(plan.timings) == ["validate", "score", "graph", "solve", "report"]
    assert all(isinstance(v, float) and v >= 0 for v in plan.timings.values())


def test_properties_return_new_objects(plan):
    plan.assignments[0]["expert"] = "someone else"
    plan.unfilled.clear()
    plan.shadow_prices["posts"].clear()
    assert plan.assignments[0]["expert"] != "someone else"
    assert plan.unfilled
    assert plan.shadow_prices["posts"]


def test_a_plan_of_an_empty_problem():
    plan = tm.match(tm.Problem.from_json({"skills": [], "experts": [], "posts": []}))
    assert (plan.objective, plan.slots, plan.filled) == (0.0, 0, 0)
    assert plan.assignments == [] and plan.unfilled == [] and plan.unassigned == [] and plan.alternates == {}
    check_document(json.loads(plan.to_json()))


def test_fill_first_is_kept(problem):
    plan = tm.match(problem, fill_first=True)
    assert plan.fill_first is True
    assert json.loads(plan.to_json())["fill_first"] is True
    assert plan.replan(problem).fill_first is True
    assert all(p.fill_first for p in plan.alternatives(2))


def test_numpy_arguments_are_accepted(problem):
    np = pytest.importorskip("numpy")
    plan = tm.match(problem, fill_first=np.bool_(False), alternates=np.int64(1), closest=np.int32(1))
    assert all(len(a) <= 1 for a in plan.alternates.values())
    assert all(len(u["closest"]) <= 1 for u in plan.unfilled)
    assert len(plan.alternatives(np.int64(1))) == 1


def test_alternates_and_closest_limits(problem):
    plan = tm.match(problem, alternates=0, closest=0)
    assert plan.alternates == {}
    assert all(u["closest"] == [] for u in plan.unfilled)
    assert all(u["provinces"] == [] for u in plan.unfilled)


# --- replan, alternatives, explain -------------------------------------------------------------------------------


def test_replan_shape(plan, replanned):
    assert isinstance(replanned, tm.Plan)
    diff = replanned.diff
    assert list(diff) == DIFF
    assert isinstance(diff["value_change"], float)
    assert math.isclose(diff["value_change"], replanned.objective - plan.objective)
    kept = {(a["expert"], a["post"]) for a in diff["kept"]}
    added = {(a["expert"], a["post"]) for a in diff["added"]}
    assert kept | added == {(a["expert"], a["post"]) for a in replanned.assignments}
    assert ("e-sun", "p-icu") in {(a["expert"], a["post"]) for a in diff["removed"]}
    assert "e-wu" in replanned.problem.expert_ids
    assert re.search(r"\d+ kept, \d+ added, \d+ removed, \d+ moved\)$", repr(replanned))


def test_replan_keeps_the_settings(problem):
    plan = tm.match(problem, alternates=0, closest=1)
    again = plan.replan(problem, switching_cost=1)
    assert again.alternates == {}
    assert all(len(u["closest"]) <= 1 for u in again.unfilled)
    assert again.switching_cost == 1.0


def test_alternatives_shape(plan):
    plans = plan.alternatives(3)
    assert 1 <= len(plans) <= 3
    assert all(isinstance(p, tm.Plan) for p in plans)
    assert plans[0].objective == pytest.approx(plan.objective)
    assert [p.objective for p in plans] == sorted((p.objective for p in plans), reverse=True)
    pairs = [tuple(sorted((a["expert"], a["post"]) for a in p.assignments)) for p in plans]
    assert len(set(pairs)) == len(pairs)
    assert len(plan.alternatives(1)) == 1


def test_explain_delegates_to_the_problem(plan, problem):
    assert plan.explain("e-liu", "p-icu") == problem.explain("e-liu", "p-icu")
    with pytest.raises(tm.Error, match="e-nobody"):
        plan.explain("e-nobody", "p-icu")


def test_infeasible_problems_raise_infeasible_error():
    doc = small()
    doc["posts"][0]["min_fill"] = 2  # only e-sun is feasible for p-icu
    with pytest.raises(tm.InfeasibleError):
        tm.match(tm.Problem.from_json(doc))


# --- Bad arguments -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"fill_first": 1}, "fill_first"),
        ({"fill_first": "yes"}, "fill_first"),
        ({"fill_first": None}, "fill_first"),
        ({"alternates": -1}, "alternates"),
        ({"alternates": 2.0}, "alternates"),
        ({"alternates": True}, "alternates"),
        ({"alternates": "3"}, "alternates"),
        ({"closest": -1}, "closest"),
        ({"closest": 1.5}, "closest"),
        ({"closest": None}, "closest"),
        ({"closest": 2**63}, "closest"),
    ],
)
def test_match_rejects_bad_arguments(problem, kwargs, name):
    with pytest.raises(tm.Error, match=name):
        tm.match(problem, **kwargs)


@pytest.mark.parametrize("bad", [small(), "problem.json", None, 3])
def test_match_wants_a_problem(bad):
    with pytest.raises(tm.Error, match="problem must be a talentmatch.Problem"):
        tm.match(bad)


def test_match_takes_keywords_only(problem):
    with pytest.raises(TypeError):
        tm.match(problem, True)


@pytest.mark.parametrize("bad", [-1, -0.5, float("nan"), float("inf"), "1", True, None])
def test_replan_rejects_a_bad_switching_cost(plan, problem, bad):
    with pytest.raises(tm.Error, match="switching_cost"):
        plan.replan(problem, switching_cost=bad)


def test_replan_wants_a_problem(plan):
    with pytest.raises(tm.Error, match="new_problem"):
        plan.replan(small())


@pytest.mark.parametrize("bad", [0, -1, 1.0, "2", True, None, 2**64])
def test_alternatives_rejects_a_bad_k(plan, bad):
    with pytest.raises(tm.Error, match="k must be"):
        plan.alternatives(bad)


def test_a_plan_is_made_by_match(problem):
    with pytest.raises(TypeError):
        tm.Plan(object(), problem)


# --- Frames ------------------------------------------------------------------------------------------------------


def test_to_frame_columns(plan):
    pd = pytest.importorskip("pandas")
    frame = plan.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["expert", "post", "department", "unit", "value", "fit", "required", "reason"]
    assert len(frame) == len(plan.assignments)
    assert frame["value"].dtype == "float64" and frame["fit"].dtype == "float64"
    assert frame["required"].dtype == bool
    assert frame.to_dict("records") == [{k: a[k] for k in frame.columns} for a in plan.assignments]


def test_unfilled_frame_columns(plan):
    pytest.importorskip("pandas")
    frame = plan.unfilled_frame()
    assert list(frame.columns) == [
        "post", "department", "unit", "slots", "filled", "missing", "closest", "provinces", "institutions"
    ]  # fmt: skip
    assert len(frame) == len(plan.unfilled)
    row = frame.iloc[0]
    (u,) = plan.unfilled
    assert row["post"] == "p-icu" and row["slots"] == 1 and row["filled"] == 1
    assert row["missing"] == "icu"
    assert row["closest"] == ", ".join(c["expert"] for c in u["closest"])
    assert row["provinces"] == "Heilongjiang"
    assert frame["slots"].dtype == "int64"


def test_frames_of_an_empty_plan_have_the_columns():
    pytest.importorskip("pandas")
    plan = tm.match(tm.Problem.from_json({"skills": [], "experts": [], "posts": []}))
    assert list(plan.to_frame().columns)[:2] == ["expert", "post"] and len(plan.to_frame()) == 0
    assert list(plan.unfilled_frame().columns)[:2] == ["post", "department"] and len(plan.unfilled_frame()) == 0


# --- Display -----------------------------------------------------------------------------------------------------


def test_repr_is_one_line(plan):
    assert repr(plan) == "Plan(posts: 2/3 slots filled, objective 7, certified)"
    assert "\n" not in repr(tm.match(tm.Problem.from_json(with_quota())))


def test_repr_html(plan):
    text = plan._repr_html_()
    assert text.startswith("<div") and text.endswith("</div>")
    assert text.count("<table") == 3  # fill by department, assignments, unfilled posts
    for needle in ("2/3 slots filled", "certified", "health", "education", "e-sun", "p-math", "icu"):
        assert needle in text
    assert "<script" not in text and "http" not in text


def test_repr_html_escapes_text():
    doc = small()
    doc["posts"][1]["department"] = "<b>edu & co</b>"
    doc["posts"][1]["id"] = "p-<math>"
    text = tm.match(tm.Problem.from_json(doc))._repr_html_()
    assert "<b>" not in text and "p-<math>" not in text
    assert "&lt;b&gt;edu &amp; co&lt;/b&gt;" in text and "p-&lt;math&gt;" in text


def test_repr_html_is_none_above_the_limit(monkeypatch):
    big = tm.match(tm.Problem.from_json(many(tm.Plan.HTML_LIMIT + 1)))
    assert len(big.assignments) == tm.Plan.HTML_LIMIT + 1
    assert big._repr_html_() is None
    at_limit = tm.match(tm.Problem.from_json(many(tm.Plan.HTML_LIMIT)))
    assert at_limit._repr_html_() is not None
    monkeypatch.setattr(tm.Plan, "HTML_LIMIT", 1)
    assert tm.match(tm.Problem.from_json(small()))._repr_html_() is None


# --- Documentation -----------------------------------------------------------------------------------------------


def test_the_plan_module_doctests_pass():
    pytest.importorskip("pandas")  # the frames' examples
    result = doctest.testmod(tm_plan, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0
    assert result.attempted > 0


def _documented():
    mod = importlib.import_module("talentmatch.plan")
    for attr in mod.__all__:
        obj = getattr(mod, attr)
        yield f"talentmatch.plan.{attr}", obj
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if not member.startswith("_") and inspect.isfunction(value):
                    yield f"talentmatch.plan.{attr}.{member}", value


@pytest.mark.parametrize(("qualname", "obj"), list(_documented()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_public_name_has_a_numpydoc_docstring(qualname, obj):
    doc = inspect.getdoc(obj) or ""
    sections = ["Examples"] + (["Attributes"] if inspect.isclass(obj) else ["Parameters", "Returns", "Raises"])
    for section in sections:
        assert f"\n{section}\n{'-' * len(section)}\n" in doc, f"{qualname}: no numpydoc {section!r} section"
    assert ">>> " in doc


def test_plan_and_match_are_exported():
    assert tm.Plan is tm_plan.Plan and tm.match is tm_plan.match
    assert "Plan" in tm.__all__ and "match" in tm.__all__


def test_copying_is_not_required_but_deepcopy_of_a_document_works(problem):
    # The Problem a plan holds is the caller's, not a copy.
    plan = tm.match(problem)
    assert plan.problem is problem
    assert copy.deepcopy(problem) == problem


def test_match_runs_in_threads():
    # The solve runs without the GIL (register_plan.cpp): plans made on threads at once are the plans made alone.
    from concurrent.futures import ThreadPoolExecutor

    problem = tm.Problem.from_json(many(200))
    alone = tm.match(problem).to_json()
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda _: tm.match(problem).to_json(), range(8)))
    assert texts == [alone] * 8


# --- Pickling: a plan travels (multiprocessing, Dask) as its JSON and its problem -------------------------------------


def same_plan(a: tm.Plan, b: tm.Plan) -> None:
    """Every property but the timings and warm_started, against the original plan."""
    for name in (
        "kind",
        "objective",
        "fill_first",
        "slots",
        "filled",
        "assignments",
        "unfilled",
        "unassigned",
        "alternates",
        "shadow_prices",
        "constraint_prices",
        "diff",
        "switching_cost",
        "certificate",
    ):
        assert getattr(a, name) == getattr(b, name), name
    assert a.problem == b.problem
    assert a.to_json() == b.to_json()
    assert repr(a) == repr(b)
    assert a.to_table() == b.to_table()


@pytest.mark.parametrize("make", ["plan", "replanned", "quota", "fill_first", "fuyun"])
def test_a_plan_pickles_whole(make, plan, replanned):
    import pickle

    p = {
        "plan": lambda: plan,
        "replanned": lambda: replanned,
        "quota": lambda: tm.match(tm.Problem.from_json(with_quota())),
        "fill_first": lambda: tm.match(tm.Problem.from_json(small()), fill_first=True, alternates=1, closest=2),
        "fuyun": lambda: tm.match(tm.data.fuyun()),
    }[make]()
    for q in (pickle.loads(pickle.dumps(p)), copy.deepcopy(p), copy.copy(p)):
        assert type(q) is tm.Plan and q is not p
        same_plan(q, p)
        if q._core is not p._core:  # copy.copy shares the (read-only) C++ plan
            assert q.timings == dict.fromkeys(p.timings, 0.0)
            assert q.warm_started is False
        # Its settings travel: alternatives and replan give what the original's give.
        assert [x.to_json() for x in q.alternatives(2)] == [x.to_json() for x in p.alternatives(2)]
        assert q.replan(q.problem).objective == p.replan(p.problem).objective


def test_a_tampered_pickle_raises_with_the_path(plan):
    import pickle

    data = pickle.dumps(plan)
    assert b'"kind":"posts"' in data
    with pytest.raises(tm.ValidationError, match="/kind"):
        pickle.loads(data.replace(b'"kind":"posts"', b'"kind":"other"'))
    with pytest.raises(tm.ValidationError, match="/certificate/ok"):
        pickle.loads(data.replace(b'"certificate":{"ok":true', b'"certificate":{"ok":"ye"'))
    core = tm._core.Plan.__new__(tm._core.Plan)
    with pytest.raises(tm.ValidationError, match="not valid JSON"):
        core.__setstate__("{")
    with pytest.raises(TypeError):
        core.__setstate__(5)
    with pytest.raises(TypeError, match="use talentmatch.match"):
        tm_plan._restore("not a plan", plan.problem, 3, 5)
    with pytest.raises(tm.Error, match="alternates"):
        tm_plan._restore(plan._core, plan.problem, -1, 5)
