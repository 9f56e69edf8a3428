"""scipy's own test modules for the two functions talentmatch replaces, run against talentmatch's drop-ins.

Each module is copied at test time from the installed scipy into a scratch folder, its import of the function under
test rebound to talentmatch's, and run by pytest in a subprocess. Nothing of scipy is kept in this tree, and a newer
scipy brings its newer tests. If scipy reformats an import line the rebinding fails loudly (it never silently tests
scipy against itself): the copied module also asserts that the name it tests is talentmatch's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

scipy = pytest.importorskip("scipy")

SCIPY_DIR = Path(scipy.__file__).resolve().parent

# Deliberate deviations (DESIGN.md section 6), deselected by name, each with why.
DESELECT = {
    # Stored zeros are edges in talentmatch (scipy drops them and warns that it does): nothing to warn about.
    "test_matching.py::test_explicit_zero_causes_warning": "explicit zeros are edges, so no warning",
}


def _rebound(source: Path, rebind: list[tuple[str, str]], names: list[str]) -> str:
    text = source.read_text(encoding="utf-8")
    for old, new in rebind:
        assert old in text, f"{source}: expected import not found (scipy changed it?): {old!r}"
        text = text.replace(old, new)
    check = "".join(f"assert {n} is _talentmatch.{n}, 'not rebound: {n}'\n" for n in names)
    return text + f"\n\nimport talentmatch as _talentmatch  # appended by talentmatch's test_scipy_suites.py\n{check}"


def _run(tmp_path: Path, module: str, only: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)]
    if only is not None:
        args += only
    else:
        args.append(module)
        for node in DESELECT:
            if node.startswith(module + "::"):
                args += ["--deselect", node]
    return subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=600)


def _assert_passed(result: subprocess.CompletedProcess[str]) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-6000:]
    assert re.search(r"\b\d+ passed\b", out), out  # tests ran (pytest exits 5 when none were collected)


def _linear_assignment_module(tmp_path: Path) -> None:
    text = _rebound(
        SCIPY_DIR / "optimize" / "tests" / "test_linear_assignment.py",
        [
            ("from scipy.optimize import linear_sum_assignment\n", "from talentmatch import linear_sum_assignment\n"),
            (
                "from scipy.sparse.csgraph import min_weight_full_bipartite_matching\n",
                "from talentmatch import min_weight_full_bipartite_matching\n",
            ),
        ],
        ["linear_sum_assignment", "min_weight_full_bipartite_matching"],
    )
    (tmp_path / "test_linear_assignment.py").write_text(text, encoding="utf-8")


def test_scipy_linear_assignment_suite(tmp_path):
    """scipy/optimize/tests/test_linear_assignment.py against talentmatch.linear_sum_assignment (and, where it
    compares the two, talentmatch.min_weight_full_bipartite_matching)."""
    _linear_assignment_module(tmp_path)
    _assert_passed(_run(tmp_path, "test_linear_assignment.py"))


def test_scipy_matching_suite(tmp_path):
    """scipy/sparse/csgraph/tests/test_matching.py against talentmatch.min_weight_full_bipartite_matching (its
    maximum_bipartite_matching tests keep scipy's function, which talentmatch does not replace)."""
    text = _rebound(
        SCIPY_DIR / "sparse" / "csgraph" / "tests" / "test_matching.py",
        [
            (
                "    maximum_bipartite_matching, min_weight_full_bipartite_matching\n)\n",
                "    maximum_bipartite_matching,\n)\nfrom talentmatch import min_weight_full_bipartite_matching\n",
            )
        ],
        ["min_weight_full_bipartite_matching"],
    )
    (tmp_path / "test_matching.py").write_text(text, encoding="utf-8")
    _assert_passed(_run(tmp_path, "test_matching.py"))
