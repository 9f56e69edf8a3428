"""The solver layer's documentation is tested: every public function and class has a numpydoc docstring whose
Examples run as doctests, and the type stubs of talentmatch._core agree with the compiled module (mypy stubtest)."""

from __future__ import annotations

import doctest
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

MODULES = [
    "talentmatch",
    "talentmatch.solver",
    "talentmatch.flow",
    "talentmatch.sparse",
    "talentmatch.kbest",
    "talentmatch.batch",
    "talentmatch.solution",
    "talentmatch.plan",
    "talentmatch.pairing",
    "talentmatch.stable",
    "talentmatch.data",
    "talentmatch.bench",
    "talentmatch.distributed",
    "talentmatch._convert",
]
# The modules whose public names are documented API: the solver layer (talentmatch re-exports it) and talentmatch.bench.
PUBLIC = [m for m in MODULES if m not in ("talentmatch", "talentmatch._convert")]


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    pytest.importorskip("scipy")  # the sparse examples build scipy matrices
    mod = importlib.import_module(name)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0
    if name in PUBLIC:
        assert result.attempted > 0, f"{name} has no examples"


def _documented():
    for name in PUBLIC:
        mod = importlib.import_module(name)
        for attr in mod.__all__:
            obj = getattr(mod, attr)
            if not (inspect.isclass(obj) or inspect.isroutine(obj)):
                continue  # a constant (talentmatch.bench.CLASSES) has no docstring of its own: its module documents it
            yield f"{name}.{attr}", obj
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    if not member.startswith("_") and inspect.isfunction(value):
                        yield f"{name}.{attr}.{member}", value


@pytest.mark.parametrize(("qualname", "obj"), list(_documented()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_public_name_has_a_numpydoc_docstring(qualname, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{qualname} has no docstring"
    sections = ["Examples"]
    if inspect.isclass(obj):
        sections.append("Attributes" if not hasattr(obj, "__dataclass_fields__") else "Parameters")
    else:
        sections += ["Parameters", "Returns", "Raises"]
    for section in sections:
        assert f"\n{section}\n{'-' * len(section)}\n" in doc, f"{qualname}: no numpydoc {section!r} section"
    assert ">>> " in doc, f"{qualname}: its Examples have no doctest"


def test_stubs_match_the_compiled_module(tmp_path):
    pytest.importorskip("mypy")
    allowlist = Path(__file__).with_name("stubtest_allowlist.txt")
    out = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "talentmatch._core", "--allowlist", str(allowlist)],
        cwd=tmp_path,  # mypy's cache goes there, not into the tree
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
