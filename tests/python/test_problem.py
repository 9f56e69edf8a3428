"""Problem: reading, validating and writing the talentmatch/1 document (DESIGN.md sections 4, 7 and 9).

Oracles: Python's json module (what is JSON text, which keys an object has), hand-checked paths and limits, and the
file system itself for what was written."""

from __future__ import annotations

import copy
import doctest
import json
import math
import os
import pathlib
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile

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


def test_failed_rename_leaves_the_target_and_no_temporary(tmp_path):
    # The rename fails: a folder (not empty) has the target's name. The folder stays, no temporary file is left.
    out = tmp_path / "problem.json"
    (out / "inside").mkdir(parents=True)
    with pytest.raises(OSError, match="a folder of that name exists") as info:
        tm.Problem.from_json(FUYUN).to_json(out)
    assert str(out) in str(info.value)
    assert os.listdir(tmp_path) == ["problem.json"] and os.listdir(out) == ["inside"]


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


def test_to_json_into_a_missing_folder_names_the_folder(tmp_path):
    folder = tmp_path / "no" / "such"
    with pytest.raises(FileNotFoundError) as info:
        tm.Problem.from_json(FUYUN).to_json(folder / "problem.json")
    assert f"the folder {folder} does not exist" in str(info.value)
    assert info.value.filename == str(folder)
    assert os.listdir(tmp_path) == []


READ_ONLY_CHILD = """
import os, sys, talentmatch as tm
problem = tm.Problem.from_json(sys.argv[1])  # read as root
os.setgid(65534)
os.setuid(65534)
try:
    problem.to_json(sys.argv[2])
except PermissionError as e:
    print("PermissionError", e)
"""


def test_to_json_into_a_read_only_folder_names_it_and_keeps_the_file(tmp_path):
    # Root writes anywhere: then the write runs as user "nobody" in a child process, in a folder it can reach (the
    # parents of tmp_path are private to root).
    root = os.geteuid() == 0
    outer = pathlib.Path(tempfile.mkdtemp()) if root else tmp_path
    outer.chmod(0o755)
    folder = outer / "locked"
    folder.mkdir()
    out = folder / "problem.json"
    out.write_text("original", encoding="utf-8")
    folder.chmod(0o555)
    try:
        if root:
            run = subprocess.run([sys.executable, "-c", READ_ONLY_CHILD, str(FUYUN), str(out)], capture_output=True,
                                 text=True, timeout=120)  # fmt: skip
            assert run.returncode == 0, run.stderr
            message = run.stdout
            assert message.startswith("PermissionError"), message
        else:
            with pytest.raises(PermissionError) as info:
                tm.Problem.from_json(FUYUN).to_json(out)
            message = str(info.value)
        assert f"cannot create a file in the folder {folder}: Permission denied" in message
        assert out.read_text(encoding="utf-8") == "original"
        assert os.listdir(folder) == ["problem.json"]
    finally:
        folder.chmod(0o755)
        if root:
            shutil.rmtree(outer)


def test_write_file_atomically_from_python(tmp_path):
    # The C++ writer, bound: str is written as UTF-8, bytes as they are; an existing file is replaced.
    out = tmp_path / "plan.txt"
    tm._core.write_file_atomically(str(out), "富蕴 county\n")
    assert out.read_bytes() == "富蕴 county\n".encode()
    tm._core.write_file_atomically(str(out), b"\x00\xff")
    assert out.read_bytes() == b"\x00\xff"
    assert os.listdir(tmp_path) == ["plan.txt"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    with pytest.raises(FileNotFoundError, match="does not exist"):
        tm._core.write_file_atomically(str(tmp_path / "no" / "x"), "x")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


# --- Text that is not a plain JSON document (the C++ reader; Python's json module as the oracle) ----------------


def only_issue(source) -> tuple[str, str]:
    issues = issues_of(source)
    assert len(issues) == 1, issues
    return issues[0]


def test_duplicate_keys_are_issues_with_their_path(tmp_path):
    text = (INVALID / "valid_base.json").read_text(encoding="utf-8")
    # The first level (9, out of range) hides behind a valid second one: json.loads keeps the last, as nlohmann did.
    text = text.replace('"skills": {"med.icu": 5, "med": 4}', '"skills": {"med.icu": 9, "med.icu": 5}')
    text = text.replace('"id": "p-icu",', '"id": "p-icu", "id": "p-icu2",')
    pairs = []
    json.loads(text, object_pairs_hook=lambda kv: pairs.extend(k for k, _ in kv) or dict(kv))
    assert pairs.count("med.icu") == 2  # the oracle sees both keys
    for source in (text, text.encode(), tmp_path / "dup.json"):
        if isinstance(source, pathlib.Path):
            source.write_text(text, encoding="utf-8")
        issues = issues_of(source)
        assert has_issue(issues, "/experts/0/skills/med.icu", 'duplicate key "med.icu"'), issues
        assert has_issue(issues, "/posts/0/id", 'duplicate key "id"'), issues
        assert has_issue(issues, "/experts/0/skills/med.icu", "level 9 is outside 0..7"), issues  # the first counts
        assert len(issues) == 3, issues


BASE_TEXT = (INVALID / "valid_base.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "source, contains",
    [
        pytest.param("", "the document is empty", id="empty str"),
        pytest.param(b"", "the document is empty", id="empty bytes"),
        pytest.param("  \t ", "only white space", id="blank str"),
        pytest.param("\n", "only white space", id="newline"),
        pytest.param("null", "must be a JSON object, got null", id="null"),
        pytest.param(" 42 ", "must be a JSON object, got a number", id="number"),
        pytest.param("true", "must be a JSON object, got a boolean", id="true"),
        pytest.param('"fuyun.json"', "must be a JSON object, got a string", id="JSON string"),
        pytest.param("\ufeff" + BASE_TEXT, "byte order mark", id="BOM str"),
        pytest.param(b"\xef\xbb\xbf" + BASE_TEXT.encode(), "byte order mark", id="BOM bytes"),
        pytest.param(
            "// Fuyun\n" + BASE_TEXT, "JSON has no comments, and one starts at line 1, column 1", id="// line"
        ),
        pytest.param("/* Fuyun */ " + BASE_TEXT, "JSON has no comments", id="/* block"),
        pytest.param(
            BASE_TEXT.replace('"capacity": 1,', '"capacity": 1, // one post\n'), "starts at line 9", id="inner"
        ),
    ],
)
def test_text_that_is_not_a_document_is_a_talentmatch_error(source, contains):
    # Python's json agrees that none of these is a document (an object).
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    try:
        assert not isinstance(json.loads(text), dict)
    except ValueError:
        pass
    with pytest.raises(tm.ValidationError) as info:
        tm.Problem.from_json(source)
    assert isinstance(info.value, tm.Error)
    path, message = only_issue(source)
    assert path == "" and contains in message, message


def test_a_file_with_a_bom_or_a_comment_says_so(tmp_path):
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + BASE_TEXT.encode())
    assert "byte order mark" in only_issue(bom)[1]
    assert "byte order mark" in only_issue(str(bom))[1]
    comment = tmp_path / "comment.json"
    comment.write_text("// Fuyun\n" + BASE_TEXT, encoding="utf-8")
    assert "JSON has no comments" in only_issue(comment)[1]
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert "the document is empty" in only_issue(empty)[1]


def test_which_str_is_a_path_and_which_is_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # A name that is no JSON text is a path: a missing file raises FileNotFoundError naming it.
    with pytest.raises(FileNotFoundError) as info:
        tm.Problem.from_json("problem.json")
    assert info.value.filename == "problem.json" and "problem.json" in str(info.value)
    with pytest.raises(FileNotFoundError, match="nul"):
        tm.Problem.from_json("nul")  # not a JSON literal: a path
    # JSON-like text is text while no file has that name; an existing file wins over the look-alike.
    assert "got null" in only_issue("null")[1]
    assert "not valid JSON" in only_issue("[draft].json")[1]
    for name in ("null", "[draft].json", "42"):
        pathlib.Path(name).write_text(BASE_TEXT, encoding="utf-8")
        assert tm.Problem.from_json(name).validate() == []
    assert tm.Problem.from_json(pathlib.Path("null")).validate() == []
    # A comment-like name that is an existing file is the file; one that is not is text with a comment.
    (tmp_path / "x").mkdir()
    pathlib.Path("x/p.json").write_text(BASE_TEXT, encoding="utf-8")
    double = "/" + str(tmp_path / "x" / "p.json")  # "//tmp/...": the same file on POSIX
    assert tm.Problem.from_json(double).validate() == []
    assert "JSON has no comments" in only_issue("//" + "no such file")[1]
    # Text with a line break is never a path, even when such a file exists.
    pathlib.Path("a\nb").write_text(BASE_TEXT, encoding="utf-8")
    assert "not valid JSON" in only_issue("a\nb")[1]


def test_a_dict_nested_thousands_deep_is_our_error():
    doc = base()
    deep: list = []
    doc["format"] = deep
    for _ in range(5000):
        deep.append([])
        deep = deep[0]
    issues = issues_of(doc)  # not RecursionError
    assert len(issues) == 1, issues[:1]
    path, message = issues[0]
    # The document is level 1, /format level 2: the 257th container is 255 levels below /format.
    assert path == "/format" + "/0" * 255
    assert message == "arrays and objects nested more than 256 levels deep (the most a document may have)"
    # The same text gives the same issue from the C++ reader, and 100,000 levels do not crash it.
    nested = "[" * 5000 + "]" * 5000
    text = json.dumps(base())[:-1] + ', "format": ' + nested + "}"
    assert issues_of(text) == [(path, message)]
    assert len(issues_of("[" * 100000 + "]" * 100000)) == 1
    assert len(issues_of({"a": {"b": [{}] * 3}, "deep": _nest({}, 300)})) >= 1


def _nest(value, levels: int):
    for _ in range(levels):
        value = {"x": value}
    return value


def test_a_dict_that_contains_itself_is_our_error():
    doc = base()
    doc["experts"][0]["attributes"] = {"self": None}
    doc["experts"][0]["attributes"]["self"] = doc["experts"][0]
    issues = issues_of(doc)
    assert has_issue(issues, "/experts/0/attributes/self", "contains itself"), issues


INT_MAX = "is above the largest allowed, 2147483647"


def test_integers_out_of_range_say_so():
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    doc["experts"][0]["capacity"] = 10**18  # Python int: exact in the JSON text
    doc["experts"][0]["mentor_capacity"] = 2**31
    doc["posts"][0]["slots"] = 1e18
    doc["posts"][0]["min_fill"] = -(2**31) - 1
    doc["posts"][1]["requires"][0]["importance"] = 10**30  # beyond int64 too
    doc["posts"][1]["requires"][1]["min_level"] = 1e300
    doc["staff"][0]["goals"][0]["importance"] = 2**63
    doc["hosts"][0]["capacity"] = 2**64 - 1
    doc["constraints"] = [{"name": "q", "side": "posts", "where": {"unit": "x"}, "min": 1e12, "max": 10**12}]
    doc["settings"]["seed"] = 2**63
    issues = issues_of(doc)
    expected = [
        ("/experts/0/capacity", f"capacity 1000000000000000000 {INT_MAX}"),
        ("/experts/0/mentor_capacity", f"mentor_capacity 2147483648 {INT_MAX}"),
        ("/posts/0/slots", f"slots 1e+18 {INT_MAX}"),
        ("/posts/0/min_fill", "min_fill -2147483649 is below the smallest allowed, -2147483648"),
        ("/posts/1/requires/0/importance", INT_MAX),
        ("/posts/1/requires/1/min_level", INT_MAX),
        ("/staff/0/goals/0/importance", f"importance 9223372036854775808 {INT_MAX}"),
        ("/hosts/0/capacity", f"capacity 18446744073709551615 {INT_MAX}"),
        ("/constraints/0/min", INT_MAX),
        ("/constraints/0/max", INT_MAX),
        ("/settings/seed", "seed 9223372036854775808 is above the largest allowed, 9223372036854775807"),
    ]
    for path, contains in expected:
        assert has_issue(issues, path, contains), (path, issues)
    assert len(issues) == len(expected), issues
    assert all("whole number" not in m for _, m in issues)
    # At the limits the document reads; a fraction is still not a whole number.
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    doc["posts"][0]["slots"] = 2**31 - 1
    doc["settings"]["seed"] = -(2**63)
    assert tm.Problem.from_json(doc).to_dict()["settings"]["seed"] == -(2**63)
    doc["posts"][0]["slots"] = 2.5
    assert has_issue(issues_of(doc), "/posts/0/slots", "expected a whole number, got 2.5")


def test_a_number_no_double_holds_names_its_path():
    doc = base()
    doc["experts"][1]["available_months"] = 10**400  # a Python int: JSON text no double can hold
    path, message = only_issue(doc)
    assert path == "/experts/1/available_months" and "is too large" in message


def test_weights_that_would_overflow_are_rejected():
    doc = json.loads(FUYUN.read_text(encoding="utf-8"))
    doc["settings"]["weights"] = {"fit": 1e308, "bonus": 1.0}
    path, message = only_issue(doc)  # the oracle: 1e308 * priority 5 is inf in float arithmetic
    assert math.isinf(1e308 * 5.0)
    assert path == "/settings/weights/fit" and message == "weight 1e+308 is above the largest allowed, 1e+100"
    doc["settings"]["weights"] = {"fit": 1.0, "bonus": 1e300}
    doc["pairs"][1]["value"] = 1e300
    issues = issues_of(doc)
    assert [p for p, _ in issues] == ["/pairs/1/value", "/settings/weights/bonus"]
    # The largest allowed: every value finite.
    doc["settings"]["weights"] = {"fit": 1e100, "bonus": 1e100}
    doc["pairs"][1]["value"] = -1e100
    s = tm.Problem.from_json(doc).score()
    assert np_isfinite_all(s.value)


def np_isfinite_all(a) -> bool:
    import numpy as np

    return bool(np.isfinite(a).all())


# --- Pickling, copies, equality ---------------------------------------------------------------------------------


def test_problem_pickles_and_copies():
    p = tm.Problem.from_json(FUYUN)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        q = pickle.loads(pickle.dumps(p, protocol=protocol))
        assert isinstance(q, tm.Problem) and q is not p
        assert q.to_dict() == p.to_dict() and q == p
    for q in (copy.copy(p), copy.deepcopy(p)):
        assert q == p and q.to_json() == p.to_json()
    q = copy.deepcopy({"problems": [p, p]})["problems"]
    assert q[0] is q[1] and q[0] == p  # the memo keeps shared references shared
    import numpy as np

    np.testing.assert_array_equal(pickle.loads(pickle.dumps(p)).score().value, p.score().value)


def test_unpickling_validates_again():
    state = pickle.dumps(tm.Problem.from_json(base()))
    tampered = state.replace(b'"slots":1,', b'"slots":0,', 1)
    assert tampered != state
    with pytest.raises(tm.ValidationError) as info:
        pickle.loads(tampered)
    assert has_issue(info.value.issues, "/posts/0/slots", "below 1")


MULTIPROCESSING_CHILD = """
import multiprocessing, pathlib, sys
import talentmatch as tm

def ids(problem):
    return problem.expert_ids

if __name__ == "__main__":
    p = tm.Problem.from_json(pathlib.Path(sys.argv[1]))
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        print(pool.map(ids, [p])[0] == p.expert_ids)
"""


def test_problem_crosses_process_boundaries(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(MULTIPROCESSING_CHILD, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(FUYUN)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"


def test_equal_documents_compare_equal():
    text = FUYUN.read_text(encoding="utf-8")
    from_file = tm.Problem.from_json(FUYUN)
    from_text = tm.Problem.from_json(text)
    doc = json.loads(text)
    doc["experts"][0]["available_months"] = 12.0  # another spelling of the same number
    from_dict = tm.Problem.from_json(doc)
    assert from_file == from_text == from_dict
    assert not (from_file != from_dict)
    assert hash(from_file) == hash(from_text) == hash(from_dict)
    assert len({from_file, from_text, from_dict}) == 1
    doc["experts"][0]["available_months"] = 11
    other = tm.Problem.from_json(doc)
    assert other != from_file and from_file != other
    assert from_file != text and from_file != json.loads(text)  # a Problem equals only a Problem
    # JSON objects have no order (the reader sorts their keys); arrays do.
    doc = json.loads(text)
    doc["experts"][0]["skills"] = dict(reversed(list(doc["experts"][0]["skills"].items())))
    doc["experts"][0] = dict(reversed(list(doc["experts"][0].items())))
    assert tm.Problem.from_json(doc) == from_file
    doc["experts"].reverse()
    assert tm.Problem.from_json(doc) != from_file


# --- Docstrings -------------------------------------------------------------------------------------------------


def test_docstring_examples_run():
    import talentmatch.problem

    result = doctest.testmod(talentmatch.problem, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted >= 30


def test_every_public_name_has_a_numpydoc_docstring():
    # The rule of tests/python/test_docs.py (the solver layer's): classes have Attributes and Examples, functions and
    # methods Parameters, Returns, Raises and Examples; properties here have Examples too.
    import inspect

    import talentmatch.problem

    def sections(doc: str) -> set[str]:
        lines = doc.splitlines()
        return {a for a, b in zip(lines, lines[1:]) if b and set(b) == {"-"} and len(b) == len(a)}

    for name in talentmatch.problem.__all__:
        obj = getattr(talentmatch.problem, name)
        assert {"Attributes", "Examples"} <= sections(inspect.getdoc(obj) or ""), name
        for member_name, member in vars(obj).items():
            if member_name.startswith("_"):
                continue
            doc = inspect.getdoc(getattr(obj, member_name)) or ""
            if isinstance(member, property):
                assert "Examples" in sections(doc), f"{name}.{member_name}"
            elif inspect.isfunction(member) or isinstance(member, classmethod):
                want = {"Parameters", "Returns", "Raises", "Examples"}
                assert want <= sections(doc), (f"{name}.{member_name}", want - sections(doc))
                assert ">>> " in doc, f"{name}.{member_name}"
