"""Sparse capacitated instances with nested quotas, for ``compare_flow.py --sparse`` (bench/bench_flow.cpp's
BM_FlowSparse_Quotas builds the same shape in C++ from mt19937_64, so the instances themselves differ).

E experts x P posts. Expert i is a candidate for K distinct posts drawn uniformly at random; the cost of a candidate
pair is an integer uniform in 0..999 (class ``int``) or a float uniform in [0, 1) (class ``float``). Every expert
takes at most one post, post j has 1..MAX_SLOTS slots (its column capacity). The posts form U units, contiguous
blocks of about P / U posts, and the units D departments, contiguous blocks of about U / D units; a unit takes at
most UNIT_SHARE of its slots (rounded down), a department at most DEPT_SHARE of its units' maxima (rounded down).
With K = 30 and E = 10 P each post is a candidate of about 300 experts, so the experts are plenty and the quotas
bind: the plan has (nearly) sum(department maxima) pairs, the cheapest among those, in maximum cardinality mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DEPT_SHARE", "MAX_SLOTS", "SPARSE_CLASSES", "UNIT_SHARE", "SparseQuotaInstance", "generate_sparse"]

MAX_SLOTS = 5
UNIT_SHARE = (7, 10)  # a unit takes at most 7/10 of its slots
DEPT_SHARE = (8, 10)  # a department takes at most 8/10 of its units' maxima

# class name -> (seed tag, description)
SPARSE_CLASSES: dict[str, tuple[int, str]] = {
    "int": (11, "integer costs uniform in 0..999 (int64)"),
    "float": (12, "float costs uniform in [0, 1) (float64)"),
}


@dataclass
class SparseQuotaInstance:
    experts: int
    posts: int
    indptr: np.ndarray  # int64, experts + 1
    indices: np.ndarray  # int64, columns sorted within each row
    data: np.ndarray  # int64 or float64
    slots: np.ndarray  # int64, per post
    unit_start: np.ndarray  # int64, units + 1: unit u holds posts unit_start[u] <= j < unit_start[u + 1]
    unit_max: np.ndarray  # int64, per unit
    dept_start: np.ndarray  # int64, depts + 1: department d holds units dept_start[d] <= u < dept_start[d + 1]
    dept_max: np.ndarray  # int64, per department

    @property
    def nnz(self) -> int:
        return int(self.indices.size)

    @property
    def unit_of_post(self) -> np.ndarray:
        return np.repeat(np.arange(self.unit_max.size), np.diff(self.unit_start))

    @property
    def dept_of_unit(self) -> np.ndarray:
        return np.repeat(np.arange(self.dept_max.size), np.diff(self.dept_start))

    def col_groups(self) -> list[tuple[np.ndarray, int, int]]:
        """The quotas as talentmatch.solve's col_groups: the units, then the departments, as (members, 0, max)."""
        posts = np.arange(self.posts, dtype=np.int64)
        groups = [
            (posts[self.unit_start[u] : self.unit_start[u + 1]], 0, int(self.unit_max[u]))
            for u in range(self.unit_max.size)
        ]
        groups += [
            (
                posts[self.unit_start[self.dept_start[d]] : self.unit_start[self.dept_start[d + 1]]],
                0,
                int(self.dept_max[d]),
            )
            for d in range(self.dept_max.size)
        ]
        return groups

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array, by field name (for np.savez)."""
        return {k: v for k, v in vars(self).items() if isinstance(v, np.ndarray)}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SparseQuotaInstance:
        a = {k: np.asarray(arrays[k]) for k in arrays}
        return cls(experts=a["indptr"].size - 1, posts=a["slots"].size, **a)


def _distinct_columns(e: int, p: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """e x k columns, each row k distinct ones of 0..p-1 drawn uniformly, sorted: the duplicates are redrawn until
    there are none (few rounds for k << p)."""
    cols = rng.integers(0, p, size=(e, k), dtype=np.int64)
    while True:
        cols.sort(axis=1)
        dup = np.zeros((e, k), dtype=bool)
        dup[:, 1:] = cols[:, 1:] == cols[:, :-1]
        count = int(dup.sum())
        if count == 0:
            return cols
        cols[dup] = rng.integers(0, p, size=count, dtype=np.int64)


def _block_starts(count: int, blocks: int) -> np.ndarray:
    """Starts of `blocks` contiguous blocks of 0..count-1 as even as integers allow, and count: blocks + 1 values."""
    return (np.arange(blocks + 1, dtype=np.int64) * count) // blocks


def generate_sparse(cls: str, e: int, p: int, k: int, units: int, depts: int, seed: int) -> SparseQuotaInstance:
    """One instance (see the module's docstring), the same for the same arguments."""
    if not 1 <= k <= p:
        raise ValueError(f"candidates per expert k = {k} must lie in 1..posts = {p}")
    if not 1 <= depts <= units <= p:
        raise ValueError(f"need 1 <= departments ({depts}) <= units ({units}) <= posts ({p})")
    tag, _ = SPARSE_CLASSES[cls]
    rng = np.random.default_rng([seed, tag, e, p, k, units, depts])
    indices = _distinct_columns(e, p, k, rng).ravel()
    if cls == "int":
        data = rng.integers(0, 1000, size=e * k, dtype=np.int64)
    else:
        data = rng.random(e * k)
    indptr = np.arange(e + 1, dtype=np.int64) * k
    slots = rng.integers(1, MAX_SLOTS + 1, size=p, dtype=np.int64)
    unit_start = _block_starts(p, units)
    unit_max = np.add.reduceat(slots, unit_start[:-1]) * UNIT_SHARE[0] // UNIT_SHARE[1]
    dept_start = _block_starts(units, depts)
    dept_max = np.add.reduceat(unit_max, dept_start[:-1]) * DEPT_SHARE[0] // DEPT_SHARE[1]
    return SparseQuotaInstance(e, p, indptr, indices, data, slots, unit_start, unit_max, dept_start, dept_max)
