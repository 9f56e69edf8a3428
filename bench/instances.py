"""Instance classes for the dense assignment benchmarks (DESIGN.md section 10).

One definition per class, used by every Python benchmark script; bench/bench_dense.cpp builds the same
classes with the same parameters in C++ (its random stream is mt19937_64, not numpy's PCG64, so the matrices
themselves differ).

Every generator returns a C-contiguous float64 matrix, so that no solver under comparison pays for a
conversion the others do not; the integer classes (``smallint``, ``lowrank``, ``machol-wien``) hold exact
integers in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["CLASSES", "InstanceClass", "generate"]

# lowrank: experts hold SKILLS_PER_EXPERT of SKILLS skills at levels 1..7; posts weight REQUIREMENTS_PER_POST
# of them 1..7. The same constants are in bench_dense.cpp.
SKILLS = 64
SKILLS_PER_EXPERT = 15
REQUIREMENTS_PER_POST = 8


@dataclass(frozen=True)
class InstanceClass:
    name: str
    tag: int  # mixed into the seed, so that classes of one size do not share a random stream
    description: str
    integral: bool  # every cost is an integer (stored as float64)
    make: Callable[[int, np.random.Generator], np.ndarray]
    max_n: int | None = None  # sizes above this are skipped unless asked for: the class is slow there

    def shape(self, n: int) -> tuple[int, int]:
        return (n, 2 * n) if self.name == "rectangular" else (n, n)


def _uniform(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.random((n, n))


def _smallint(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 10, size=(n, n)).astype(np.float64)


def _shifted(n: int, rng: np.random.Generator) -> np.ndarray:
    # Every full assignment pays each offset once, so the optimum is that of the uniform part, but a solver
    # that starts from zero potentials must first learn the offsets.
    r = rng.uniform(0.0, 100.0, size=n)
    s = rng.uniform(0.0, 100.0, size=n)
    return rng.random((n, n)) + r[:, None] + s[None, :]


def _sparse_profiles(rows: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """rows x SKILLS, each row with k distinct skills at integer levels 1..7."""
    skills = np.argsort(rng.random((rows, SKILLS)), axis=1)[:, :k]  # k distinct skills per row, uniformly
    out = np.zeros((rows, SKILLS))
    out[np.arange(rows)[:, None], skills] = rng.integers(1, 8, size=(rows, k))
    return out


def _lowrank(n: int, rng: np.random.Generator) -> np.ndarray:
    # cost[i, j] = -(fit of expert i to post j), the fit a weighted sum of the expert's levels in the post's
    # required skills: a product of two sparse rank-64 factors with small integer entries, so few distinct
    # values and many near ties. Exact in float64 (every partial sum is a small integer).
    experts = _sparse_profiles(n, SKILLS_PER_EXPERT, rng)
    posts = _sparse_profiles(n, REQUIREMENTS_PER_POST, rng)
    return np.ascontiguousarray(-(experts @ posts.T))


def _geometric(n: int, rng: np.random.Generator) -> np.ndarray:
    p = rng.random((n, 2))
    q = rng.random((n, 2))
    return np.hypot(p[:, None, 0] - q[None, :, 0], p[:, None, 1] - q[None, :, 1])


def _machol_wien(n: int, rng: np.random.Generator) -> np.ndarray:
    # Machol and Wien, "A hard assignment problem", Operations Research 24(1), 1976,
    # doi:10.1287/opre.24.1.190.
    del rng  # deterministic
    i = np.arange(1, n + 1, dtype=np.float64)
    return np.outer(i, i)


def _rectangular(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.random((n, 2 * n))


CLASSES: dict[str, InstanceClass] = {
    c.name: c
    for c in (
        InstanceClass("uniform", 1, "U[0, 1) costs", False, _uniform),
        InstanceClass("smallint", 2, "integers 0..9 (ties everywhere)", True, _smallint),
        InstanceClass("shifted", 3, "U[0, 1) plus U[0, 100) row and column offsets", False, _shifted, max_n=2000),
        InstanceClass(
            "lowrank",
            4,
            f"talent-like: -(experts @ posts.T), {SKILLS} skills, {SKILLS_PER_EXPERT} per expert at levels "
            f"1..7, {REQUIREMENTS_PER_POST} requirements per post weighted 1..7",
            True,
            _lowrank,
        ),
        InstanceClass(
            "geometric", 5, "Euclidean distances between random points in the unit square", False, _geometric
        ),
        InstanceClass("machol-wien", 6, "c[i, j] = i * j, i, j = 1..n", True, _machol_wien, max_n=2000),
        InstanceClass("rectangular", 7, "n x 2n, U[0, 1) costs", False, _rectangular),
    )
}


def generate(name: str, n: int, seed: int) -> np.ndarray:
    """The instance of class `name` and size `n` for `seed`: the same matrix on every call and machine."""
    cls = CLASSES[name]
    rng = np.random.default_rng([seed, cls.tag, n])
    cost = cls.make(n, rng)
    assert cost.dtype == np.float64 and cost.flags.c_contiguous and cost.shape == cls.shape(n)
    return cost
