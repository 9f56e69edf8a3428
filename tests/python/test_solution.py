"""The result types (talentmatch.solution) and the internal layer under them: read-only arrays, what resolve()
accepts, bound result structs, no always-None fields, keyword-only options, one import direction."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import talentmatch as tm
from conftest import unlocked
from talentmatch import _core

sp = pytest.importorskip("scipy.sparse")

C = np.array([[4.0, 1.0, 3.0, 7.0], [2.0, 0.0, 5.0, 1.0], [3.0, 2.0, 2.0, 6.0]])


def every_kind_of_solution():
    """One solution from each solver, with a name for the messages."""
    ks = tm.k_best(C, 3)
    first = tm.solve(C)
    return {
        "solve": first,
        "solve unassigned": tm.solve(C, unassigned_cost=(2.5, 0.0)),
        "solve_sparse": tm.solve_sparse(sp.csr_array(C)),
        "k_best first": ks[0],
        "k_best later": ks[2],
        "solve_batch": tm.solve_batch([C])[0],
        "resolve": tm.resolve(C, first),
        "flow": tm.solve(C, col_capacity=2),
        "flow quotas": tm.solve(C, col_capacity=2, col_groups=[([0, 1], 1, 2)], row_groups=[([0, 2], None, 2)]),
    }


KINDS = ["solve", "solve unassigned", "solve_sparse", "k_best first", "k_best later", "solve_batch", "resolve", "flow"]
KINDS += ["flow quotas"]

ARRAYS = ("rows", "cols", "col_for_row", "row_for_col", "u", "v", "fixed", "forbidden", "row_degree", "col_degree")
ARRAYS += ("col_group_duals", "row_group_duals")


@pytest.mark.parametrize("name", KINDS)
def test_solution_arrays_are_read_only(name):
    sol = every_kind_of_solution()[name]
    seen = 0
    for field in ARRAYS:
        a = getattr(sol, field, None)
        if a is None:
            continue
        seen += 1
        assert isinstance(a, np.ndarray) and not a.flags.writeable, f"{name}: {field} is writeable"
        if a.size:
            with pytest.raises(ValueError, match="read-only"):
                a.flat[0] = 1
        with pytest.raises(AttributeError):
            setattr(sol, field, np.zeros_like(a))
    for field in ("objective", "maximize"):
        with pytest.raises(AttributeError):
            setattr(sol, field, 0)
    assert seen >= 4
    sol.verify()  # still intact


def test_drop_in_results_are_plain_writeable_arrays():
    # scipy's callers may sort or edit what the drop-ins return: those stay ordinary arrays.
    for rows, cols in (tm.linear_sum_assignment(C), tm.min_weight_full_bipartite_matching(sp.csr_array(C))):
        assert rows.flags.writeable and cols.flags.writeable
        assert rows.dtype == np.int64 and cols.dtype == np.int64


def test_flow_solution_has_no_always_none_fields():
    sol = tm.solve(C, col_capacity=2)
    assert isinstance(sol, tm.FlowSolution) and isinstance(sol, tm.SolutionBase)
    assert not isinstance(sol, tm.Solution)
    public = [n for n in dir(sol) if not n.startswith("_")]
    for n in public:
        value = getattr(sol, n)
        assert value is not None, f"FlowSolution.{n} is None"
    for absent in ("col_for_row", "row_for_col", "fixed", "forbidden", "group_duals"):
        assert not hasattr(sol, absent)
    # The one-to-one solution's always-present fields: fixed/forbidden are None except for later k_best solutions.
    assert tm.solve(C).fixed is None and tm.k_best(C, 2)[1].fixed is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("solve unassigned", "dense_unassigned"),
        ("solve_sparse", "sparse"),
        ("k_best later", "k_best"),
        ("flow", None),
        ("flow quotas", None),
    ],
)
def test_resolve_rejects_what_it_cannot_warm_start(name, kind):
    previous = every_kind_of_solution()[name]
    if kind is not None:
        assert previous.kind == kind
    with pytest.raises(tm.Error, match="resolve: previous must be a Solution of a dense full matching") as info:
        tm.resolve(C, previous)
    assert (f"kind {kind!r}" if kind else "FlowSolution") in str(info.value)
    assert "solve()" in str(info.value)  # says what it accepts
    assert not isinstance(info.value, tm.InfeasibleError)


@pytest.mark.parametrize("name", ["solve", "k_best first", "solve_batch", "resolve"])
def test_resolve_accepts_dense_full_matchings(name):
    previous = every_kind_of_solution()[name]
    assert previous.kind == "dense"
    c = C.copy()
    c[1] = [9.0, 9.0, 0.0, 9.0]
    sol = tm.resolve(c, previous, changed_rows=[1])
    sol.verify()
    # Hand-checked: row 1 takes column 2 (0), row 0 column 1 (1), row 2 column 0 (3).
    assert sol.objective == pytest.approx(4.0) and sol.cols.tolist() == [1, 2, 0]


CORRUPTIONS = {
    "column index out of range": "sol.col_for_row[1] = 99",
    "negative row index": "sol.row_for_col[1] = -7",
    "not a matching": "sol.col_for_row[0] = sol.col_for_row[1]",
    "arrays disagree": "sol.row_for_col[sol.col_for_row[2]] = 0",
    "shifted duals": "sol.u[:] += 1.0; sol.v[sol.col_for_row] -= 1.0",
}


@pytest.mark.parametrize("what", list(CORRUPTIONS))
def test_resolve_rejects_corrupted_previous(what):
    # Run in a child process: before the core validated `previous`, an out-of-range index was a segfault, which
    # must fail this test rather than end the test run.
    code = textwrap.dedent(
        f"""
        import numpy as np, talentmatch as tm
        rng = np.random.default_rng(5)
        c = rng.random((6, 8))
        sol = tm.solve(c)
        for a in (sol.col_for_row, sol.row_for_col, sol.u, sol.v):
            a.setflags(write=True)
        {CORRUPTIONS[what]}
        c[2] = rng.random(8)
        try:
            new = tm.resolve(c, sol, changed_rows=[2])
        except tm.Error as e:
            print("rejected:", e)
        else:
            from scipy.optimize import linear_sum_assignment
            r, k = linear_sum_assignment(c)
            print("accepted", abs(new.objective - c[r, k].sum()) <= 1e-9, new.certificate().ok)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"{what}: the child died ({out.returncode}): {out.stderr[-2000:]}"
    if what == "shifted duals":
        # Shifted duals may be caught, or repaired by the re-solve; never a silently wrong objective.
        assert out.stdout.startswith(("rejected: ", "accepted True True")), f"{what}: {out.stdout}{out.stderr}"
    else:
        assert out.stdout.startswith("rejected: "), f"{what}: {out.stdout}{out.stderr[-2000:]}"
    if what == "column index out of range":
        # Named as this Solution spells its fields, not as the C++ struct does.
        assert "previous.col_for_row[1] = 99 is outside -1..7" in out.stdout, out.stdout


def test_results_are_bound_structs():
    a = np.ascontiguousarray(C)
    r = _core.solve_dense(a, False, None, None)
    assert isinstance(r, _core.Assignment) and not isinstance(r, tuple)
    assert r.col4row.tolist() == [1, 3, 2] and r.objective == 4.0
    assert not r.col4row.flags.writeable
    with pytest.raises(AttributeError):
        r.objective = 0.0
    ks = _core.k_best(a, 2, False)
    assert all(isinstance(k, _core.RankedAssignment) for k in ks)
    f = _core.solve_flow(a, col_capacity=np.full(4, 2, dtype=np.int64))
    assert isinstance(f, _core.FlowAssignment)
    cert = _core.check_certificate(a, r.col4row, r.row4col, r.u, r.v, r.objective)
    assert isinstance(cert, _core.CertificateReport) and cert.ok and cert.message == ""
    assert isinstance(tm.solve(C).certificate(), tm.Certificate)


def test_corrupted_solution_is_caught_by_verify():
    sol = unlocked(tm.solve(C, col_capacity=2))
    sol.u[0] += 5
    assert not sol.certificate().ok


# --- the internal layer -----------------------------------------------------------------------------------------

PACKAGE = Path(tm.__file__).resolve().parent
OWN = ["solver", "flow", "sparse", "kbest", "batch", "solution", "_convert", "__init__"]


@pytest.mark.parametrize("module", OWN)
def test_no_private_imports_and_no_lazy_imports(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("talentmatch"):
            for alias in node.names:
                # The package's private modules (_core, _convert) are there to be imported; their names are public.
                assert not alias.name.startswith("_") or alias.name in ("_core", "_convert", "__version__"), (
                    f"{module}.py imports the private name {alias.name} from {node.module}"
                )
    # An import inside a function is how a cycle hides: every talentmatch import sits at the top of the module.
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    assert not any(n.startswith("talentmatch") for n in names), f"{module}.{fn.name} imports lazily"


@pytest.mark.parametrize("module", [m for m in OWN if m != "__init__"])
def test_each_module_imports_first(module):
    # Imported first in a fresh interpreter, each module must load without depending on import order (a cycle
    # would fail here for one of them).
    code = f"import talentmatch.{module}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


KEYWORD_ONLY_AFTER = {
    tm.solve: 1,
    tm.resolve: 2,
    tm.k_best: 2,
    tm.solve_sparse: 1,
    tm.solve_batch: 1,
}


@pytest.mark.parametrize("fn", list(KEYWORD_ONLY_AFTER), ids=lambda f: f.__name__)
def test_options_are_keyword_only(fn):
    params = list(inspect.signature(fn).parameters.values())
    positional = KEYWORD_ONLY_AFTER[fn]
    for p in params[:positional]:
        assert p.kind is p.POSITIONAL_OR_KEYWORD, f"{fn.__name__}({p.name})"
    for p in params[positional:]:
        assert p.kind is p.KEYWORD_ONLY, f"{fn.__name__}: {p.name} should be keyword-only"
    with pytest.raises(TypeError):
        fn(*([C] * positional), True)


def test_certificate_tolerance_is_keyword_only():
    sol = tm.solve(C)
    assert sol.verify(rtol=1e-6).ok and sol.certificate(rtol=0.0).ok
    with pytest.raises(TypeError):
        sol.verify(1e-6)


def test_drop_ins_keep_scipys_positional_maximize():
    for fn, x in ((tm.linear_sum_assignment, C), (tm.min_weight_full_bipartite_matching, sp.csr_array(C))):
        p = inspect.signature(fn).parameters["maximize"]
        assert p.kind is p.POSITIONAL_OR_KEYWORD
        rows, cols = fn(x, True)
        assert C[rows, cols].sum() == pytest.approx(15.0)  # 7 + 5 + 3, hand-checked


def test_quota_arguments_are_named_like_the_cpp_api():
    sol = tm.solve(C, col_capacity=2, col_groups=[([0, 1], 2, 2)], row_groups=[([0, 1, 2], None, 3)])
    assert sol.col_group_duals.shape == (1,) and sol.row_group_duals.shape == (1,)
    # Columns 0 and 1 must take exactly two pairs between them: hand-checked optimum 1 + 0 + 2 = 3.
    assert sol.objective == pytest.approx(3.0)
    assert int(sol.col_degree[:2].sum()) == 2
    with pytest.raises(TypeError, match="groups"):
        tm.solve(C, col_capacity=2, groups=[([0, 1], 2, 2)])
    assert "col_groups" in inspect.signature(tm.solve).parameters
