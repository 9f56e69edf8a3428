"""talentmatch.resolve: warm re-solves after edits agree with scipy on the edited matrix and verify."""

import numpy as np
import pytest
import talentmatch as tm
from scipy.optimize import linear_sum_assignment as scipy_lsa


def _scipy_objective(c: np.ndarray, maximize: bool) -> float:
    r, k = scipy_lsa(c, maximize=maximize)
    return float(c[r, k].sum())


@pytest.mark.parametrize("maximize", [False, True])
@pytest.mark.parametrize("seed", range(40))
def test_changed_rows_and_columns_match_scipy(seed: int, maximize: bool) -> None:
    rng = np.random.default_rng(seed)
    n, m = rng.integers(1, 30, size=2)
    c = rng.random((n, m)) * 10
    sol = tm.solve(c, maximize=maximize)
    for _ in range(3):
        rows = rng.choice(n, size=rng.integers(0, n + 1), replace=False)
        cols = rng.choice(m, size=rng.integers(0, m + 1), replace=False)
        c = c.copy()
        c[rows, :] = rng.random((len(rows), m)) * 10
        c[:, cols] = rng.random((n, len(cols))) * 10
        sol = tm.resolve(c, sol, changed_rows=rows, changed_cols=cols)
        sol.verify()
        assert sol.maximize == maximize
        assert len(sol) == min(n, m)
        assert sol.objective == pytest.approx(_scipy_objective(c, maximize), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("seed", range(30))
def test_added_and_removed_rows_and_columns(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n, m = rng.integers(1, 25, size=2)
    c = rng.integers(0, 20, size=(n, m))
    sol = tm.solve(c)
    keep_r = np.sort(rng.choice(n, size=rng.integers(0, n + 1), replace=False))
    keep_c = np.sort(rng.choice(m, size=rng.integers(0, m + 1), replace=False))
    add_r, add_c = rng.integers(0, 4, size=2)
    new = rng.integers(0, 20, size=(len(keep_r) + add_r, len(keep_c) + add_c))
    new[: len(keep_r), : len(keep_c)] = c[np.ix_(keep_r, keep_c)]
    row_origin = np.concatenate([keep_r, -np.ones(add_r, dtype=np.int64)])
    col_origin = np.concatenate([keep_c, -np.ones(add_c, dtype=np.int64)])
    out = tm.resolve(new, sol, row_origin=row_origin, col_origin=col_origin)
    out.verify()
    assert isinstance(out.objective, (int, np.integer))
    assert out.objective == int(round(_scipy_objective(new.astype(float), False)))


def test_rejects_wrong_origins_and_previous() -> None:
    c = np.arange(9.0).reshape(3, 3)
    sol = tm.solve(c)
    with pytest.raises(tm.Error, match="row count changed"):
        tm.resolve(np.ones((4, 3)), sol)
    with pytest.raises(tm.Error, match="repeats"):
        tm.resolve(c, sol, row_origin=[0, 0, 1])
    with pytest.raises(tm.Error, match="changed_rows"):
        tm.resolve(c, sol, changed_rows=[5])
    with pytest.raises(tm.Error, match="previous"):
        tm.resolve(c, tm.solve(c, unassigned_cost=(1.0, 1.0)))


def test_infeasible_edit_raises() -> None:
    c = np.ones((3, 3))
    sol = tm.solve(c)
    c2 = c.copy()
    c2[:, 1] = np.inf
    with pytest.raises(tm.InfeasibleError):
        tm.resolve(c2, sol, changed_cols=[1])
