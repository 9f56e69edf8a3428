"""Helpers shared by the solver tests (pytest loads this file first; the tests import what they need from it)."""

from __future__ import annotations

import numpy as np


def unlocked(sol):
    """``sol`` with its arrays made writeable again, so a test can corrupt it on purpose: solutions come back
    read-only, and only code that means it (setflags) can change them."""
    for name in ("col_for_row", "row_for_col", "u", "v", "rows", "cols", "row_degree", "col_degree"):
        a = getattr(sol, name, None)
        if isinstance(a, np.ndarray):
            a.setflags(write=True)
    return sol
