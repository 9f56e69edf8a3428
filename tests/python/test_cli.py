"""The talentmatch command (src/cli): every subcommand, its exit codes, and that output files are written whole or
not at all. The oracles are independent: the Python API's plan (itself checked against a MILP in test_plan.py and
test_data.py), the validator's own messages, and the file system."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import talentmatch as tm

DATA = Path(__file__).resolve().parent.parent / "data"
INVALID = sorted(p for p in (DATA / "invalid").glob("*.json") if p.name not in ("expected.json", "valid_base.json"))
EXPECTED = json.loads((DATA / "invalid" / "expected.json").read_text(encoding="utf-8"))


def _binary() -> str:
    """The command the wheel installed next to the interpreter (TALENTMATCH_CLI overrides)."""
    env = os.environ.get("TALENTMATCH_CLI")
    if env:
        return env
    exe = Path(sys.executable).parent / "talentmatch"
    if not exe.exists():
        pytest.skip("the talentmatch command is not installed next to the interpreter")
    return str(exe)


def run(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([_binary(), *args], capture_output=True, text=True, timeout=timeout, **kw)


def test_version_and_help():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"talentmatch {tm.__version__}"
    r = run("--help")
    assert r.returncode == 0
    for name in ("demo", "match", "validate", "explain", "replan", "mentor", "place"):
        assert f"  {name}" in r.stdout
        h = run(name, "--help")
        assert h.returncode == 0, name
        assert h.stdout.startswith(f"usage: talentmatch {name}"), h.stdout
        assert "--help" in h.stdout
    assert run().returncode == 2
    r = run("frobnicate")
    assert r.returncode == 2 and "unknown command 'frobnicate'" in r.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("match",), "missing PROBLEM.json"),
        (("match", "a.json", "b.json"), "unexpected argument 'b.json'"),
        (("match", "a.json", "--nope"), "unknown option --nope"),
        (("match", "a.json", "--format", "pdf"), "--format must be table, json or html"),
        (("match", "a.json", "--alternates", "-1"), "--alternates must be a whole number"),
        (("match", "a.json", "--format"), "--format needs a value"),
        (("explain", "a.json", "--post", "p"), "--expert ID is required"),
        (("replan", "a.json"), "--plan OLD.json is required"),
        (("replan", "a.json", "--plan", "x", "--switching-cost", "cheap"), "--switching-cost must be a number"),
    ],
)
def test_bad_arguments_exit_2(args, message):
    r = run(*args)
    assert r.returncode == 2, r
    assert message in r.stderr


def test_match_json_equals_the_python_plan(tmp_path):
    problem = tm.Problem.from_json(str(DATA / "fuyun.json"))
    want = tm.match(problem)
    r = run("match", str(DATA / "fuyun.json"), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # no progress line when stderr is not a terminal
    got = json.loads(r.stdout)
    assert got["format"] == "talentmatch-plan/1" and got["kind"] == "posts"
    assert got["objective"] == pytest.approx(want.objective, abs=1e-9)
    assert got["certificate"]["ok"] is True
    assert sorted((a["expert"], a["post"]) for a in got["assignments"]) == sorted(
        (a["expert"], a["post"]) for a in want.assignments
    )
    # -o writes the same document; the format comes from the extension.
    out = tmp_path / "plan.json"
    r = run("match", str(DATA / "fuyun.json"), "-o", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == got
    html = tmp_path / "plan.html"
    assert run("match", str(DATA / "fuyun.json"), "-o", str(html)).returncode == 0
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    r = run("match", str(DATA / "fuyun.json"), "--fill-first", "--format", "json")
    assert json.loads(r.stdout)["objective"] == pytest.approx(tm.match(problem, fill_first=True).objective)


def test_match_table_names_the_assignments():
    problem = tm.Problem.from_json(str(DATA / "fuyun.json"))
    want = tm.match(problem)
    r = run("match", str(DATA / "fuyun.json"))
    assert r.returncode == 0, r.stderr
    assert "\x1b[" not in r.stdout  # colour only on a terminal
    for a in want.assignments:
        assert a["expert"] in r.stdout and a["post"] in r.stdout


def test_demo_is_the_shipped_scenario_and_optimal():
    want = tm.match(tm.data.fuyun())
    r = run("demo", "--format", "json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["certificate"]["ok"] is True
    assert got["objective"] == pytest.approx(want.objective, abs=1e-9)
    assert len(got["assignments"]) == len(want.assignments)
    table = run("demo")
    assert table.returncode == 0 and "slots filled" in table.stdout
    # Runs from any directory, with no file.
    assert run("demo", cwd="/").returncode == 0


def test_demo_shows_the_three_plans(tmp_path):
    problem = tm.data.fuyun()
    posts = tm.match(problem)
    mentors = tm.pair_mentors(problem, posts)
    placements = tm.place_trainees(problem)
    r = run("demo")
    assert r.returncode == 0, r.stderr
    # The posts plan, then the mentor pairing after it, then the placements: each one's table as its own command
    # prints it.
    heads = [
        f"Plan (posts): {posts.filled}/{posts.slots} slots filled",
        f"Pairing (mentors, one_to_many): {mentors.paired}/{mentors.staff} staff paired, objective "
        f"{mentors.objective:.10g}, certificate ok",
        f"Pairing (placements): {placements.paired}/{placements.staff} staff paired, objective "
        f"{placements.objective:.10g}, certificate ok",
    ]
    at = [r.stdout.find(h) for h in heads]
    assert at[0] == 0 and at[0] < at[1] < at[2], (at, r.stdout[:400])
    assert r.stdout[at[1] :] == mentors.to_table() + "\n" + placements.to_table()
    assert "mentors pair with staff of the units they are posted to" in r.stdout
    # The HTML report holds all three; -o infers it from the extension.
    out = tmp_path / "report.html"
    r = run("demo", "-o", str(out))
    assert r.returncode == 0 and r.stdout == "", r.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('<h2 class="tm-part">') == 3
    for part in ("Posts: experts in the county", "Mentoring: experts paired with local staff", "Training placements"):
        assert f'<h2 class="tm-part">{part}' in html, part
    assert f'<span class="tm-objective">{mentors.objective:.10g}</span>' in html
    # --help says what --format json writes.
    h = run("demo", "--help")
    assert "--format json writes the posts plan alone" in " ".join(h.stdout.split())


FUYUN = str(tm.data.fuyun_path())


def test_mentor_and_place_help_list_their_options():
    for name, options in (
        ("mentor", ("--post-plan PLAN.json", "--pairing FORMAT", "--stable", "--optimal SIDE", "-o, --output FILE")),
        ("place", ("--stable", "--optimal SIDE", "-o, --output FILE", "--format FORMAT")),
    ):
        h = run(name, "--help")
        assert h.returncode == 0
        for o in options:
            assert o in h.stdout, (name, o)
        assert "--fill-first" not in h.stdout  # a posts-plan option
    assert "one_to_many" in run("mentor", "--help").stdout


def test_mentor_json_equals_the_python_pairing(tmp_path):
    problem = tm.Problem.from_json(FUYUN)
    r = run("mentor", FUYUN, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    got = json.loads(r.stdout)
    assert got["format"] == "talentmatch-plan/1" and got["kind"] == "mentors" and got["pairing"] == "one_to_many"
    assert got == json.loads(tm.pair_mentors(problem).to_json())
    # After the post plan (as match -o writes it), in every format, and stable.
    posts_file = tmp_path / "posts.json"
    assert run("match", FUYUN, "-o", str(posts_file)).returncode == 0
    posts = tm.match(problem)
    for args, kw in (
        ((), {}),
        (("--pairing", "one_to_one"), {"format": "one_to_one"}),
        (("--pairing", "team"), {"format": "team"}),
        (("--stable",), {"stable": True}),
        (("--stable", "--optimal", "mentors"), {"stable": True, "optimal": "mentors"}),
    ):
        r = run("mentor", FUYUN, "--post-plan", str(posts_file), *args, "--format", "json")
        assert r.returncode == 0, (args, r.stderr)
        got = json.loads(r.stdout)
        assert got["kind"] == "mentors" and got["scope"] == "unit"
        assert got == json.loads(tm.pair_mentors(problem, posts, **kw).to_json()), args
    # -o: the format from the extension; the table and HTML name the pairs.
    out = tmp_path / "mentors.json"
    assert run("mentor", FUYUN, "-o", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(tm.pair_mentors(problem).to_json())
    html = tmp_path / "mentors.html"
    assert run("mentor", FUYUN, "-o", str(html)).returncode == 0
    assert html.read_text(encoding="utf-8") == tm.pair_mentors(problem).to_html()
    table = run("mentor", FUYUN)
    assert table.returncode == 0 and table.stdout == tm.pair_mentors(problem).to_table()


def test_place_json_equals_the_python_placement(tmp_path):
    problem = tm.Problem.from_json(FUYUN)
    for args, kw in (
        ((), {}),
        (("--stable",), {"stable": True}),
        (("--stable", "--optimal", "hosts"), {"stable": True, "optimal": "hosts"}),
    ):
        r = run("place", FUYUN, *args, "--format", "json")
        assert r.returncode == 0, r.stderr
        got = json.loads(r.stdout)
        assert got["format"] == "talentmatch-plan/1" and got["kind"] == "placements"
        assert got == json.loads(tm.place_trainees(problem, **kw).to_json()), args
    table = run("place", FUYUN)
    assert table.returncode == 0 and table.stdout == tm.place_trainees(problem).to_table()
    out = tmp_path / "placements.html"
    assert run("place", FUYUN, "--format", "html", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == tm.place_trainees(problem).to_html()


@pytest.mark.parametrize(
    "args, message",
    [
        (("mentor",), "missing PROBLEM.json"),
        (("mentor", FUYUN, "--pairing", "pairs"), "--pairing must be one_to_many, one_to_one or team, got 'pairs'"),
        (("mentor", FUYUN, "--pairing", "team"), "--pairing team needs --post-plan PLAN.json"),
        (("mentor", FUYUN, "--stable", "--optimal", "hosts"), "--optimal must be staff or mentors"),
        (("mentor", FUYUN, "--optimal", "mentors"), "--optimal takes effect only with --stable"),
        (("mentor", FUYUN, "--fill-first"), "unknown option --fill-first"),
        (("mentor", FUYUN, "--format", "pdf"), "--format must be table, json or html"),
        (("mentor", FUYUN, "--post-plan", "/no/such/plan.json"), "/no/such/plan.json"),
        (("place", FUYUN, "--stable", "--optimal", "mentors"), "--optimal must be staff or hosts"),
        (("place", FUYUN, "--post-plan", "x.json"), "unknown option --post-plan"),
        (("place", "/no/such/problem.json"), "/no/such/problem.json"),
    ],
)
def test_mentor_and_place_bad_arguments_exit_2(args, message, tmp_path):
    out = tmp_path / "out.json"
    r = run(*args, "-o", str(out))
    assert r.returncode == 2, r
    assert message in r.stderr, r.stderr
    assert not out.exists()


def test_mentor_with_a_bad_post_plan_exits_2_naming_it(tmp_path):
    # Not JSON; a plan of another kind (a mentor pairing); a post plan of another problem.
    not_json = tmp_path / "not-json.json"
    not_json.write_text("{", encoding="utf-8")
    pairing = tmp_path / "mentors.json"
    assert run("mentor", FUYUN, "-o", str(pairing)).returncode == 0
    other_doc = json.loads((DATA / "fuyun.json").read_text(encoding="utf-8"))
    other_doc["experts"].append({"id": "e-visitor", "available_months": 6, "skills": {}})
    other_problem = tmp_path / "other.json"
    other_problem.write_text(json.dumps(other_doc), encoding="utf-8")
    other = tmp_path / "other-plan.json"
    plan = json.loads(tm.match(tm.Problem.from_json(other_problem)).to_json())
    plan["assignments"][0]["expert"] = "e-visitor"
    other.write_text(json.dumps(plan), encoding="utf-8")
    for path, message in (
        (not_json, "not valid JSON"),
        (pairing, '/kind: a post plan (kind "posts", as match -o writes it) is needed, got "mentors"'),
        (other, 'expert "e-visitor" is not in the problem'),
    ):
        out = tmp_path / "out.json"
        r = run("mentor", FUYUN, "--post-plan", str(path), "-o", str(out))
        assert r.returncode == 2, (path, r.stderr)
        assert message in r.stderr, r.stderr
        if path != other:
            assert str(path) in r.stderr
        assert not out.exists()


def test_validate():
    r = run("validate", str(DATA / "fuyun.json"))
    assert r.returncode == 0 and "valid talentmatch/1 document: 20 skills, 9 experts, 9 posts" in r.stdout


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_every_invalid_file_exits_2_naming_its_path_and_writes_nothing(path, tmp_path):
    with pytest.raises(tm.Error) as info:
        tm.Problem.from_json(str(path))
    want = EXPECTED.get(path.name)
    # The JSON paths the reader names (expected.json where it lists the file), else its whole message.
    paths = [want["path"]] if want else [str(info.value)]
    out = tmp_path / "plan.json"
    for cmd in (("validate", str(path)), ("match", str(path), "-o", str(out))):
        r = run(*cmd)
        assert r.returncode == 2, (cmd, r.stderr)
        for p in paths:
            assert p in r.stderr, (p, r.stderr)
        if want:
            assert want["contains"] in r.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def _impossible_quota_doc(tmp_path: Path) -> Path:
    doc = json.loads((DATA / "fuyun.json").read_text(encoding="utf-8"))
    # The senior high school has 3 slots, but only two experts (e-chen, e-yang) can teach there.
    doc["constraints"].append(
        {"name": "高级中学至少3人", "side": "posts", "where": {"unit": "senior high school"}, "min": 3}
    )
    path = tmp_path / "impossible.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_impossible_quota_exits_3_naming_the_constraint(tmp_path):
    path = _impossible_quota_doc(tmp_path)
    with pytest.raises(tm.InfeasibleError):
        tm.match(tm.Problem.from_json(str(path)))
    out = tmp_path / "plan.json"
    out.write_text("OLD", encoding="utf-8")
    r = run("match", str(path), "-o", str(out))
    assert r.returncode == 3, r.stderr
    assert "高级中学至少3人" in r.stderr
    assert out.read_text(encoding="utf-8") == "OLD"  # -o is never touched on an error


def test_output_into_a_missing_folder_fails_cleanly(tmp_path):
    out = tmp_path / "no" / "such" / "plan.json"
    r = run("match", str(DATA / "fuyun.json"), "-o", str(out))
    assert r.returncode == 1
    assert str(tmp_path / "no" / "such") in r.stderr
    assert not (tmp_path / "no").exists()


def test_a_write_that_fails_leaves_the_old_file(tmp_path):
    # The target is a directory: the rename over it fails after the new text was written beside it.
    target = tmp_path / "plan.json"
    target.mkdir()
    (target / "keep").write_text("OLD", encoding="utf-8")
    r = run("match", str(DATA / "fuyun.json"), "-o", str(target))
    assert r.returncode == 1, r.stderr
    assert (target / "keep").read_text(encoding="utf-8") == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]  # no temporary file left


def test_an_interrupted_run_leaves_the_old_file(tmp_path):
    # A run killed mid-way (here: while it matches a large generated document) leaves -o as it was.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import match_instances

    big = tmp_path / "big.json"
    big.write_text(match_instances.generate_json(40000, 4000), encoding="utf-8")
    out = tmp_path / "plan.json"
    out.write_text("OLD", encoding="utf-8")
    proc = subprocess.Popen([_binary(), "match", str(big), "-o", str(out)], stderr=subprocess.PIPE)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL  # it was still running
    assert out.read_text(encoding="utf-8") == "OLD"


def test_explain():
    problem = tm.Problem.from_json(str(DATA / "fuyun.json"))
    want = problem.explain("e-liu", "p-icu")
    r = run("explain", str(DATA / "fuyun.json"), "--expert", "e-liu", "--post", "p-icu", "--format", "json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    # The same keys and values as Problem.explain's dict (floats through JSON, to the bit with repr-exact dumps).
    assert list(got) == list(want)
    for key in want:
        if key == "requirements":
            assert len(got[key]) == len(want[key])
            for g, w in zip(got[key], want[key]):
                assert list(g) == list(w)
                assert all(g[k] == pytest.approx(w[k]) if isinstance(w[k], float) else g[k] == w[k] for k in w)
        elif isinstance(want[key], float):
            assert got[key] == pytest.approx(want[key], abs=1e-12)
        else:
            assert got[key] == want[key], key
    text = run("explain", str(DATA / "fuyun.json"), "--expert", "e-liu", "--post", "p-icu")
    assert text.returncode == 0 and "expert e-liu x post p-icu" in text.stdout
    r = run("explain", str(DATA / "fuyun.json"), "--expert", "nobody", "--post", "p-icu")
    assert r.returncode == 2 and "nobody" in r.stderr


def test_replan_after_an_expert_leaves(tmp_path):
    old = tmp_path / "old.json"
    assert run("match", str(DATA / "fuyun.json"), "-o", str(old)).returncode == 0
    old_plan = json.loads(old.read_text(encoding="utf-8"))
    leaving = old_plan["assignments"][0]["expert"]
    doc = json.loads((DATA / "fuyun.json").read_text(encoding="utf-8"))
    doc["experts"] = [e for e in doc["experts"] if e["id"] != leaving]
    doc["pairs"] = [p for p in doc.get("pairs", []) if p["expert"] != leaving]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(doc), encoding="utf-8")
    r = run("replan", str(new), "--plan", str(old), "--switching-cost", "1000", "--format", "json")
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["certificate"]["ok"] is True
    before = {(a["expert"], a["post"]) for a in old_plan["assignments"]}
    after = {(a["expert"], a["post"]) for a in got["assignments"]}
    # With a large switching cost every old pair still feasible is kept.
    assert {p for p in before if p[0] != leaving} <= after
    cold = json.loads(run("match", str(new), "--format", "json").stdout)
    zero = json.loads(run("replan", str(new), "--plan", str(old), "--format", "json").stdout)
    assert zero["objective"] == pytest.approx(cold["objective"])
    bad = tmp_path / "bad-plan.json"
    bad.write_text('{"format": "talentmatch-plan/1"}', encoding="utf-8")
    r = run("replan", str(new), "--plan", str(bad))
    assert r.returncode == 2, r.stderr


def test_a_progress_line_only_on_a_terminal(tmp_path):
    import pty

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import match_instances

    big = tmp_path / "big.json"
    big.write_text(match_instances.generate_json(40000, 4000), encoding="utf-8")
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [_binary(), "match", str(big), "--format", "json", "-o", str(tmp_path / "plan.json")],
            stderr=slave,
            stdout=subprocess.DEVNULL,
            timeout=300,
        )
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert f"talentmatch: matching {big}" in text and " s" in text
    assert text.endswith("\r\x1b[K")  # the line is cleared at the end
    # Not a terminal: nothing on stderr (test_match_json_equals_the_python_plan checks the same on a small run).
    r = run("match", str(big), "--format", "json", "-o", str(tmp_path / "plan2.json"))
    assert r.returncode == 0 and r.stderr == ""
