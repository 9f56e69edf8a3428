"""Problem: reading, validating and writing the talentmatch/1 document (DESIGN.md sections 4, 7 and 9)."""

from __future__ import annotations

import copy
import json
import math
import os
import pathlib
import subprocess
import sys

import pytest
import talentmatch as tm
from frames import long_frames

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
INVALID = DATA / "invalid"
FUYUN = DATA / "fuyun.json"
EXPECTED = json.loads((INVALID / "expected.json").read_text(encoding="utf-8"))

KNOWN_CPP_DEFECTS: dict = {}


def base() -> dict:
    """The valid document every file in tests/data/invalid is a copy of, with one change."""
    return json.loads((INVALID / "valid_base.json").read_text(encoding="utf-8"))


def issues_of(source) -> list[tuple[str, str]]:
    with pytest.raises(tm.ValidationError) as info:
        tm.Problem.from_json(source)
    return info.value.issues


def has_issue(issues, path: str, contains: str) -> bool:
    return any(p == path and contains in m for p, m in issues)


# --- Invalid documents ------------------------------------------------------------------------------------------


def test_every_invalid_document_has_an_expectation():
    files = {p.name for p in INVALID.glob("*.json")} - {"expected.json", "valid_base.json"}
    assert files == set(EXPECTED)


def test_the_base_of_the_invalid_documents_is_valid():
    p = tm.Problem.from_json(INVALID / "valid_base.json")
    assert p.validate() == []


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=KNOWN_CPP_DEFECTS[n]) if n in KNOWN_CPP_DEFECTS else n for n in EXPECTED]
)
def test_invalid_document_names_the_path(name):
    expected = EXPECTED[name]
    with pytest.raises(tm.ValidationError) as info:
        tm.Problem.from_json(INVALID / name)
    err = info.value
    # One exception, three ways to catch it.
    assert isinstance(err, tm.Error)
    assert isinstance(err, ValueError)
    assert all(isinstance(i, tuple) and len(i) == 2 for i in err.issues)
    assert has_issue(err.issues, expected["path"], expected["contains"]), err.issues
    # Each file has exactly one problem, and the reader reports it once.
    assert len(err.issues) == expected.get("issues", 1), err.issues
    # The message lists the issue too (the root as "/").
    assert f"{expected['path'] or '/'}: " in str(err)


def test_unknown_where_field_is_reported_once():
    # The quota matches no post because of the unknown field: that consequence is not reported as a second issue.
    issues = issues_of(INVALID / "unknown_where_field.json")
    assert not has_issue(issues, "/constraints/0/min", "cannot be met")


def test_a_document_with_several_problems_lists_them_all():
    doc = base()
    doc["experts"][0]["salary"] = 100  # structure: unknown key
    doc["experts"][1]["skills"]["edu"] = 8  # meaning: level out of range
    doc["posts"][2]["id"] = "p-icu"  # duplicate id
    doc["posts"][0]["requires"][0]["min_level"] = 4.5  # not a whole number
    doc["pairs"][0]["rule"] = "avoid"
    doc["skills"][0]["parents"] = ["med.icu"]  # a cycle
    err_issues = issues_of(doc)
    expected = [
        ("/experts/0/salary", 'unknown key "salary"'),
        ("/experts/1/skills/edu", "level 8 is outside 0..7"),
        ("/posts/2/id", 'duplicate id "p-icu"'),
        ("/posts/0/requires/0/min_level", "expected a whole number"),
        ("/pairs/0/rule", "rule must be"),
        ("/skills/1/parents/0", "cycle in the skill parents"),
    ]
    for path, contains in expected:
        assert has_issue(err_issues, path, contains), (path, err_issues)
    assert len(err_issues) == len(expected), err_issues
    with pytest.raises(tm.Error, match=f"{len(expected)} problems in the document"):
        tm.Problem.from_json(doc)


def test_a_structural_issue_hides_no_unrelated_issue():
    # A structural issue at /experts/1 explains issues inside /experts/1, not those at /experts/11.
    doc = base()
    doc["experts"] = [{"id": f"e-{k}", "available_months": 6, "skills": {}} for k in range(12)]
    doc["experts"][1] = "not an expert"
    doc["experts"][11]["skills"] = {"no.such.skill": 3}
    doc["pairs"] = []
    issues = issues_of(doc)
    assert has_issue(issues, "/experts/1", "expected an object")
    assert has_issue(issues, "/experts/11/skills/no.such.skill", "unknown skill")


def test_a_long_parent_chain_does_not_crash():
    # The cycle search is iterative: a chain of 50,000 parents must not overflow the stack. Run in a child process so
    # that a crash would not take the test session with it.
    code = (
        "import talentmatch as tm\n"
        "n = 50000\n"
        "skills = [{'id': f's{k}', 'name': 's', 'parents': [f's{k + 1}'] if k + 1 < n else []} for k in range(n)]\n"
        "print(tm.Problem.from_json({'skills': skills, 'experts': [], 'posts': []}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "50000 skills" in run.stdout


def test_dict_with_non_finite_numbers_lists_every_path():
    doc = base()
    doc["experts"][0]["available_months"] = float("nan")
    doc["experts"][1]["skills"]["a/b~c"] = float("inf")  # pointer tokens escaped as RFC 6901 says
    doc["posts"][1]["priority"] = -math.inf
    issues = issues_of(doc)
    assert [p for p, _ in issues] == [
        "/experts/0/available_months",
        "/experts/1/skills/a~1b~0c",
        "/posts/1/priority",
    ]
    assert all("finite" in m for _, m in issues)


def test_dict_with_a_value_json_cannot_hold():
    doc = base()
    doc["experts"][0]["name"] = {1, 2}
    assert has_issue(issues_of(doc), "/experts/0/name", "no JSON form")


def test_dict_accepts_numpy_scalars():
    np = pytest.importorskip("numpy")
    doc = base()
    doc["experts"][0]["available_months"] = np.float64(7.5)
    doc["posts"][1]["slots"] = np.int64(3)
    doc["posts"][0]["requires"][0]["essential"] = np.bool_(False)
    d = tm.Problem.from_json(doc).to_dict()
    assert d["experts"][0]["available_months"] == 7.5
    assert d["posts"][1]["slots"] == 3
    assert d["posts"][0]["requires"][0]["essential"] is False
    doc["posts"][1]["priority"] = np.float64("nan")
    assert has_issue(issues_of(doc), "/posts/1/priority", "finite")


def test_errors_other_than_validation_keep_their_class():
    with pytest.raises(tm.Error) as info:
        tm.linear_sum_assignment([1.0, 2.0])
    assert not isinstance(info.value, tm.ValidationError)


# --- Reading and writing ----------------------------------------------------------------------------------------


def test_round_trip_of_fuyun():
    p = tm.Problem.from_json(FUYUN)
    original = json.loads(FUYUN.read_text(encoding="utf-8"))
    assert json.loads(p.to_json()) == original
    assert p.to_dict() == original
    assert p.validate() == []


@pytest.mark.parametrize("kind", ["str path", "pathlib.Path", "text", "indented text", "bytes", "dict"])
def test_from_json_sources(kind):
    text = FUYUN.read_text(encoding="utf-8")
    source = {
        "str path": str(FUYUN),
        "pathlib.Path": FUYUN,
        "text": text,
        "indented text": "\n  \t" + text,
        "bytes": text.encode("utf-8"),
        "dict": json.loads(text),
    }[kind]
    assert tm.Problem.from_json(source).to_dict() == json.loads(text)


def test_from_json_rejects_other_sources():
    with pytest.raises(TypeError):
        tm.Problem.from_json(42)
    with pytest.raises(FileNotFoundError):
        tm.Problem.from_json(str(DATA / "no-such-file.json"))
    with pytest.raises(TypeError):
        tm.Problem(json.loads(FUYUN.read_text(encoding="utf-8")))


def test_text_that_is_not_an_object_is_read_as_text():
    assert has_issue(issues_of("[1, 2]"), "", "must be a JSON object")


def test_bad_utf8_in_a_file_is_a_document_error(tmp_path):
    f = tmp_path / "bad.json"
    f.write_bytes(FUYUN.read_bytes().replace(b"Wang Li", b"Wang \xff"))
    assert has_issue(issues_of(f), "", "not valid JSON")


def test_ids(tmp_path):
    p = tm.Problem.from_json(FUYUN)
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    assert p.expert_ids == [e["id"] for e in doc["experts"]]
    assert p.post_ids == [q["id"] for q in doc["posts"]]
    assert p.skill_ids == [s["id"] for s in doc["skills"]]
    assert p.staff_ids == ["s-ma", "s-ayi", "s-guli"]
    assert p.host_ids == ["h-hmu1", "h-hs3"]
    assert repr(p) == "Problem(9 experts, 9 posts, 20 skills, 3 staff, 2 hosts)"
    small = tm.Problem.from_json(base())
    assert small.staff_ids == [] and small.host_ids == []
    assert repr(small) == "Problem(2 experts, 3 posts, 3 skills)"


def test_to_json_indent():
    p = tm.Problem.from_json(FUYUN)
    assert p.to_json(indent=-1).count("\n") == 1  # compact, one trailing newline
    assert json.loads(p.to_json(indent=4)) == p.to_dict()


def test_to_json_writes_atomically(tmp_path):
    p = tm.Problem.from_json(FUYUN)
    out = tmp_path / "problem.json"
    assert p.to_json(out) is None
    assert json.loads(out.read_text(encoding="utf-8")) == p.to_dict()
    assert os.listdir(tmp_path) == ["problem.json"]  # no temporary file left
    p.to_json(str(out), indent=0)  # over an existing file
    assert json.loads(out.read_text(encoding="utf-8")) == p.to_dict()
    assert os.listdir(tmp_path) == ["problem.json"]


def test_written_file_has_the_usual_permissions(tmp_path):
    plain = tmp_path / "plain.json"
    plain.write_text("{}", encoding="utf-8")
    out = tmp_path / "problem.json"
    tm.Problem.from_json(FUYUN).to_json(out)
    assert out.stat().st_mode == plain.stat().st_mode  # as the umask makes it, not a temporary file's 0600


def test_failed_rename_leaves_the_original(tmp_path, monkeypatch):
    out = tmp_path / "problem.json"
    out.write_text("original", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        tm.Problem.from_json(FUYUN).to_json(out)
    assert out.read_text(encoding="utf-8") == "original"
    assert os.listdir(tmp_path) == ["problem.json"]


def test_failed_serialisation_leaves_the_original(tmp_path):
    out = tmp_path / "problem.json"
    out.write_text("original", encoding="utf-8")

    class Broken:
        def to_json(self, indent):
            raise RuntimeError("serialisation failed")

    p = tm.Problem.from_json(FUYUN)
    p._core = Broken()  # provoke a failure inside serialisation
    with pytest.raises(RuntimeError, match="serialisation failed"):
        p.to_json(out)
    assert out.read_text(encoding="utf-8") == "original"
    assert os.listdir(tmp_path) == ["problem.json"]


def test_to_json_into_a_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError):
        tm.Problem.from_json(FUYUN).to_json(tmp_path / "no" / "problem.json")
    assert os.listdir(tmp_path) == []


# --- DataFrames -------------------------------------------------------------------------------------------------


def fuyun_frames() -> dict:
    """The long-format frames of fuyun.json's taxonomy, experts and posts, and the document itself."""
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    return {**long_frames(doc), "doc": doc}


def test_from_frames_matches_from_json():
    f = fuyun_frames()
    doc = f.pop("doc")
    assert f["experts"]["mentor_capacity"].isna().any()  # NaN in an optional column: the field is absent
    rest = {k: doc[k] for k in ("staff", "hosts", "pairs", "constraints", "settings")}
    p = tm.Problem.from_frames(**f, **rest)
    assert p.to_dict() == tm.Problem.from_json(FUYUN).to_dict()


def test_from_frames_without_a_taxonomy_uses_the_skills_in_use():
    f = fuyun_frames()
    f.pop("skills")
    doc = f.pop("doc")
    p = tm.Problem.from_frames(**f)
    d = p.to_dict()
    want = tm.Problem.from_json(FUYUN).to_dict()
    assert d["experts"] == want["experts"]
    assert d["posts"] == want["posts"]
    used = list(dict.fromkeys(list(f["expert_skills"]["skill"]) + list(f["requirements"]["skill"])))
    assert p.skill_ids == used
    assert all(s["name"] == s["id"] for s in d["skills"])
    assert "staff" not in d and "pairs" not in d
    # Skills named only by staff goals and host offers join the taxonomy too.
    p = tm.Problem.from_frames(**f, staff=doc["staff"], hosts=doc["hosts"])
    assert set(p.skill_ids) >= {"med.urology.laparoscopy", "edu.management", "med.icu"}


def test_from_frames_reports_frame_rows():
    f = fuyun_frames()
    f.pop("doc")
    f["expert_skills"].loc[3, "expert"] = "e-nobody"
    f["requirements"].loc[0, "post"] = "p-nowhere"
    issues = issues_of_frames(f)
    assert has_issue(issues, "/expert_skills/3/expert", 'unknown expert "e-nobody"')
    assert has_issue(issues, "/requirements/0/post", 'unknown post "p-nowhere"')


def test_from_frames_missing_column():
    f = fuyun_frames()
    f.pop("doc")
    f["posts"] = f["posts"].drop(columns=["department"])
    assert has_issue(issues_of_frames(f), "/posts", 'missing column "department"')


def test_from_frames_values_are_checked_by_the_reader():
    f = fuyun_frames()
    f.pop("doc")
    f["experts"].loc[2, "capacity"] = 1.5
    f["posts"].loc[1, "colour"] = "red"
    issues = issues_of_frames(f)
    assert has_issue(issues, "/experts/2/capacity", "expected a whole number")
    assert has_issue(issues, "/posts/1/colour", 'unknown key "colour"')


def test_from_frames_required_nan_is_a_missing_key():
    f = fuyun_frames()
    f.pop("doc")
    f["experts"].loc[0, "available_months"] = float("nan")
    assert has_issue(issues_of_frames(f), "/experts/0/available_months", "missing required key")


def issues_of_frames(frames: dict) -> list[tuple[str, str]]:
    with pytest.raises(tm.ValidationError) as info:
        tm.Problem.from_frames(**frames)
    return info.value.issues


def test_deep_copy_of_the_source_is_not_needed():
    doc = base()
    before = copy.deepcopy(doc)
    tm.Problem.from_json(doc)
    assert doc == before  # the caller's dict is not modified
