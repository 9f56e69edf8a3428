"""The example notebooks (examples/*.ipynb) run from top to bottom without an error, in a kernel of this Python.

Each notebook is executed with nbclient, the way CI runs them; a cell that raises fails the test with the cell and
its traceback. The kernel is the interpreter running the tests (a kernelspec written for ``sys.executable`` and put
first on ``JUPYTER_PATH``), never whatever ``python3`` kernel a machine happens to have installed elsewhere. nbclient,
nbformat and ipykernel are in the ``test`` extra: without them these tests fail, they do not skip.

The Fuyun notebook is also read: the plan it shows is the plan this process computes, certified, and the report and
the inline form show its objective. Its cells are found by their tags (``plan-repr``, ``certificate``, ``replan``,
``report-html``, ``plan-inline``), so cells can be added without breaking the test.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import talentmatch as tm

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
KERNEL = "python3"
TIMEOUT = 300


def _require(module: str):
    """The module, or a failure (not a skip) that says how to install it: CI installs the test extra."""
    try:
        return __import__(module)
    except ImportError as exc:
        pytest.fail(f"{module} is needed to run the example notebooks: pip install '.[test]' ({exc})")


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory):
    """A Jupyter data folder whose ``python3`` kernel is this interpreter, first on ``JUPYTER_PATH``."""
    _require("ipykernel")
    _require("nbclient")
    _require("nbformat")
    kernelspec = _require("jupyter_client.kernelspec").kernelspec
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3 (talentmatch tests)", "language": "python"}),
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(root))
        found = kernelspec.KernelSpecManager().find_kernel_specs()
        assert Path(found[KERNEL]) == spec, found
        yield root


@pytest.fixture(scope="module")
def execute(kernel_dir, tmp_path_factory):
    """``execute(path)``: the notebook at ``path`` run in a fresh kernel (each notebook once per module), with a
    first cell added that prints the kernel's ``sys.prefix``."""
    import nbclient
    import nbformat

    done = {}

    def run(path: Path):
        if path not in done:
            nb = nbformat.read(path, as_version=4)
            probe = nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)")
            probe.metadata["tags"] = ["test-probe"]
            nb.cells.insert(0, probe)
            workdir = tmp_path_factory.mktemp(path.stem)  # files a notebook writes land here, not in examples/
            client = nbclient.NotebookClient(
                nb, timeout=TIMEOUT, kernel_name=KERNEL, resources={"metadata": {"path": str(workdir)}}
            )
            client.execute()
            done[path] = nb
        return done[path]

    return run


def _tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}, found {len(cells)}"
    return cells[0]


def _text(cell) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def _html(cell) -> str:
    return "".join(out.data.get("text/html", "") for out in cell.outputs if "data" in out)


def test_there_are_notebooks():
    assert EXAMPLES / "fuyun.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    nbformat = _require("nbformat")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs of {cell.id}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_runs_without_error(path, execute):
    nb = execute(path)  # nbclient raises CellExecutionError on the first cell that fails
    assert _text(_tagged(nb, "test-probe")).strip() == sys.prefix, "the kernel is not this environment's Python"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"{path.name}: cell {cell.id} did not run"
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: cell {cell.id} raised {out.ename}"
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"{path.name}: cell {cell.id} wrote to stderr (a warning the analyst would see): {out.text}"
            )


def test_fuyun_shows_the_certified_plan(execute):
    nb = execute(EXAMPLES / "fuyun.ipynb")
    plan = tm.match(tm.data.fuyun())
    objective = f"{plan.objective:.10g}"

    shown = _text(_tagged(nb, "plan-repr")).strip()
    assert re.fullmatch(r"Plan\(posts: \d+/\d+ slots filled, objective [0-9.]+, certified\)", shown), shown
    assert shown == repr(plan)
    assert _text(_tagged(nb, "certificate")).startswith("Certificate(ok=True,")

    replans = _text(_tagged(nb, "replan")).splitlines()
    assert len(replans) == 2 and all("certified; " in line and " kept, " in line for line in replans), replans

    report = _html(_tagged(nb, "report-html"))
    assert report.startswith("<!DOCTYPE html>") and f'tm-objective">{objective}<' in report
    assert all(a["expert"] in report for a in plan.assignments)

    inline = _tagged(nb, "plan-inline")
    assert _text(inline) == repr(plan)
    assert f'tm-objective">{objective}<' in _html(inline) and _html(inline) == plan._repr_html_()
