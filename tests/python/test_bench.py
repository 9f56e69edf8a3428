"""talentmatch.bench: the instance generators and ``python -m talentmatch.bench``, run as a user runs it (a
subprocess). The oracles: scipy's objective on the same array (recorded in the JSON by the run itself, recomputed
here from the instance), the classes' definitions, and the exit statuses the command promises."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from talentmatch.bench import CLASSES, generate

REPO = Path(__file__).resolve().parents[2]
SMALL = 40


def bench(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "talentmatch.bench", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def shadowing(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    """An environment whose PYTHONPATH puts `files` (module path -> source) before the installed packages."""
    root = tmp_path / "shadow"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}


@pytest.fixture(scope="module")
def every_class(tmp_path_factory):
    """One run over every class at n = 40 with every peer, and its JSON."""
    pytest.importorskip("scipy")
    out = tmp_path_factory.mktemp("bench") / "out.json"
    t0 = time.perf_counter()
    r = bench("--classes", *CLASSES, "--sizes", str(SMALL), "--repeats", "1", "--json", str(out))
    elapsed = time.perf_counter() - t0
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    return r, json.loads(out.read_text(encoding="utf-8")), elapsed


def test_the_run_is_quick_and_prints_the_markdown_tables(every_class):
    r, doc, elapsed = every_class
    assert elapsed < 30
    lines = [re.sub(r" +", " ", line) for line in r.stdout.splitlines()]
    for header in (
        "| machine | |",
        "| class | n | solver | median ms | min-max ms | peer / tm | x one read | peak MiB |",
        "| class | n | talentmatch ms | tm x one read | " + " | ".join(doc["solvers"][2:]) + " |",
    ):
        assert header in lines, header
    assert any(line.startswith("| CPU |") for line in lines)
    assert any(line.startswith("| numpy | " + np.__version__) for line in lines)
    assert sum(bool(re.fullmatch(r"\|( :?-+:? \|)+", line)) for line in lines) == 3  # one rule under each header
    assert doc["format"] == "talentmatch-bench/1" and doc["failures"] == []
    assert doc["solvers"][:3] == ["one read", "talentmatch", "scipy"]


@pytest.mark.parametrize("name", list(CLASSES))
def test_every_objective_equals_scipys(every_class, name):
    from scipy.optimize import linear_sum_assignment

    _, doc, _ = every_class
    (entry,) = [e for e in doc["results"] if e["class"] == name]
    cost = generate(name, SMALL, doc["settings"]["seed"])
    rows, cols = linear_sum_assignment(cost)
    ref = float(cost[rows, cols].sum())
    assert entry["reference"] == "scipy" and entry["reference_objective"] == pytest.approx(ref, rel=1e-12)
    assert entry["shape"] == list(cost.shape)
    for solver, s in entry["solvers"].items():
        assert s["error"] is None, (solver, s["error"])
        assert len(s["times_ms"]) == 1 and s["median_ms"] > 0 and s["x_one_read"] > 0
        if solver == "one read":
            continue
        tol = s["tolerance"] if s["tolerance"] is not None else 0.0  # None: scipy itself
        assert abs(s["objective"] - ref) <= tol + 1e-9 * max(1.0, abs(ref)), solver
        if solver == "ortools" and CLASSES[name].integral:
            assert s["objective"] == ref  # integer classes go to OR-Tools unscaled
    lapx = [s for s in doc["solvers"] if s.startswith("lapx.")]
    if lapx:  # lapx installed as the `lap` module: its newer solvers are found, not only lapjv
        assert "lapx.lapjvx" in lapx


@pytest.mark.parametrize("name", list(CLASSES))
def test_generate_is_deterministic_float64_and_c_contiguous(name):
    a = generate(name, 7, seed=3)
    assert a.dtype == np.float64 and a.flags.c_contiguous
    assert a.shape == ((7, 14) if name == "rectangular" else (7, 7)) == CLASSES[name].shape(7)
    assert np.array_equal(a, generate(name, 7, seed=3))
    if name != "machol-wien":  # the one class without randomness
        assert not np.array_equal(a, generate(name, 7, seed=4))
    if CLASSES[name].integral:
        assert np.array_equal(a, np.rint(a))


def test_generate_rejects_an_unknown_class():
    with pytest.raises(KeyError, match="unknown instance class 'nope'"):
        generate("nope", 3, seed=0)


@pytest.mark.parametrize(("option", "value"), [("--classes", "nope"), ("--peers", "lap")])
def test_an_unknown_class_or_peer_is_a_usage_error(option, value):
    r = bench(option, value, "--sizes", "5")
    assert r.returncode == 2
    assert f"argument {option}: invalid choice: '{value}'" in r.stderr
    assert r.stdout == ""


def test_a_peer_that_is_not_installed_is_skipped(tmp_path):
    pytest.importorskip("scipy")
    env = shadowing(tmp_path, {"ortools/__init__.py": "raise ImportError('hidden by the test')\n"})
    r = bench("--classes", "uniform", "--sizes", "5", "--repeats", "1", "--peers", "scipy", "ortools", env=env)
    assert r.returncode == 0, r.stderr
    assert "- ortools: skipped, cannot import ortools.graph.python.linear_sum_assignment" in r.stdout
    assert "| ortools" not in r.stdout


def test_a_wrong_objective_is_loud_and_exits_1(tmp_path):
    pytest.importorskip("scipy")
    try:
        from importlib.metadata import version

        version("lapx")
    except Exception:  # noqa: BLE001
        pytest.skip("lapx is not installed (the fake solver stands in for its lap module)")
    # A `lap` module whose lapjvx returns the identity: a full matching, but not an optimal one.
    fake = "import numpy as np\n\ndef lapjvx(cost, extend_cost=False, return_cost=True):\n"
    fake += "    return np.arange(cost.shape[0]), np.arange(cost.shape[0])\n"
    env = shadowing(tmp_path, {"lap.py": fake})
    r = bench("--classes", "uniform", "--sizes", "30", "--repeats", "1", "--peers", "scipy", "lapx", env=env)
    assert r.returncode == 1
    assert "!!! MISMATCH/FAILURE: lapx.lapjvx on uniform n=30: objective" in r.stderr
    assert re.search(r"\| uniform +\| 30 +\| lapx\.lapjvx +\| +FAIL \|", r.stdout)
    assert "**FAILED**: lapx.lapjvx on uniform n=30" in r.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the peak comes from /proc/self")
def test_float32_instances_are_solved_in_place(tmp_path):
    # --dtype float32: the same instance as float32; talentmatch reads it as it is, so what a run adds to resident
    # memory is its O(n) workspace and the result, far below a copy of the matrix (n * n * 4 bytes, 8.6 MiB here).
    scipy_optimize = pytest.importorskip("scipy.optimize")
    n = 1500
    out = tmp_path / "f32.json"
    r = bench(
        "--classes", "uniform", "--sizes", str(n), "--peers", "--repeats", "2", "--dtype", "float32", "--json", str(out)
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["settings"]["dtype"] == "float32" and "every instance as float32" in r.stdout
    (entry,) = doc["results"]
    tm = entry["solvers"]["talentmatch"]
    cost = generate("uniform", n, doc["settings"]["seed"]).astype(np.float32)
    rows, cols = scipy_optimize.linear_sum_assignment(cost)
    assert tm["objective"] == pytest.approx(float(cost.astype(np.float64)[rows, cols].sum()), rel=1e-6)
    assert tm["peak_mib"] is not None and tm["peak_mib"] < 0.25 * n * n * 4 / 2**20


def test_the_bench_scripts_still_import_their_helpers():
    pytest.importorskip("scipy")
    r = subprocess.run(
        [sys.executable, str(REPO / "bench" / "compare_anchors.py"), "--classes", "geometric", "--sizes", "8"]
        + ["--repeats", "1", "--peers", "scipy"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "| geometric" in r.stdout
    for script in ("compare_flow.py", "compare_scoring.py", "bench_match.py", "compare_sparse.py"):
        r = subprocess.run(
            [sys.executable, str(REPO / "bench" / script), "--help"], capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 0, (script, r.stderr)
