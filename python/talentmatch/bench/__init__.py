"""Dense assignment instances for benchmarks, and ``python -m talentmatch.bench`` to time solvers on them.

``CLASSES`` maps each class name to its :class:`InstanceClass`; :func:`generate` builds one instance. Every
instance is a C-contiguous float64 matrix, so that no solver under comparison pays for a conversion the others do
not; the integral classes hold exact integers in it.

=============  =========  ==================================================================================
class          shape      costs
=============  =========  ==================================================================================
uniform        n x n      U[0, 1)
smallint       n x n      integers 0..9 (ties everywhere)
int100         n x n      integers 0..99
shifted        n x n      U[0, 1) plus U[0, 100) row and column offsets (stops at n = 2000 unless asked)
lowrank        n x n      talent-like: -(experts @ posts.T) of sparse integer skill profiles
geometric      n x n      Euclidean distances between random points in the unit square
machol-wien    n x n      i * j, i, j = 1..n (stops at n = 2000 unless asked)
rectangular    n x 2n     U[0, 1)
=============  =========  ==================================================================================

bench/bench_dense.cpp builds the same classes with the same parameters in C++ (its random stream is mt19937_64,
not numpy's PCG64, so the matrices themselves differ; it has no ``int100``).

``python -m talentmatch.bench --classes uniform lowrank --sizes 1000 2000 --peers scipy lapx ortools`` runs
talentmatch and the installed peers on the same arrays in one process, checks every objective and prints a
markdown table; ``python -m talentmatch.bench --help`` says more.

Examples
--------
>>> from talentmatch.bench import CLASSES, generate
>>> sorted(CLASSES)  # doctest: +NORMALIZE_WHITESPACE
['geometric', 'int100', 'lowrank', 'machol-wien', 'rectangular', 'shifted', 'smallint', 'uniform']
>>> generate("rectangular", 3, seed=1).shape
(3, 6)
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
    """One class of dense instances: how to build a matrix of it, and what to say about it.

    Parameters
    ----------
    name : str
        The key in ``CLASSES`` and the value of ``--classes``.
    tag : int
        Mixed into the seed, so that the classes of one size do not share a random stream.
    description : str
        What the costs are, in a few words.
    integral : bool
        Every cost is an integer (stored as float64).
    make : callable
        ``make(n, rng)``: the matrix for size ``n`` from the numpy Generator ``rng``.
    max_n : int or None
        Sizes above this are skipped unless asked for (the class is slow there); None: no cap.

    Examples
    --------
    >>> from talentmatch.bench import CLASSES
    >>> c = CLASSES["machol-wien"]
    >>> c.integral, c.max_n, c.shape(4)
    (True, 2000, (4, 4))
    """

    name: str
    tag: int
    description: str
    integral: bool
    make: Callable[[int, np.random.Generator], np.ndarray]
    max_n: int | None = None

    def shape(self, n: int) -> tuple[int, int]:
        """The shape of this class's instance of size ``n``.

        Parameters
        ----------
        n : int
            The size: the number of rows.

        Returns
        -------
        tuple of int
            ``(n, 2 * n)`` for ``rectangular``, ``(n, n)`` for the others.

        Raises
        ------
        Nothing
            Any ``n`` gives a shape; :func:`generate` checks the size.

        Examples
        --------
        >>> from talentmatch.bench import CLASSES
        >>> CLASSES["rectangular"].shape(5), CLASSES["uniform"].shape(5)
        ((5, 10), (5, 5))
        """
        return (n, 2 * n) if self.name == "rectangular" else (n, n)


def _uniform(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.random((n, n))


def _smallint(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 10, size=(n, n)).astype(np.float64)


def _int100(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 100, size=(n, n)).astype(np.float64)


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


# The tags of the first seven classes are those the figures before this package were made with (bench/instances.py):
# the same seed gives the same matrices.
CLASSES: dict[str, InstanceClass] = {
    c.name: c
    for c in (
        InstanceClass("uniform", 1, "U[0, 1) costs", False, _uniform),
        InstanceClass("smallint", 2, "integers 0..9 (ties everywhere)", True, _smallint),
        InstanceClass("int100", 8, "integers 0..99", True, _int100),
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
    """The instance of class ``name`` and size ``n`` for ``seed``: the same matrix on every call and machine.

    Parameters
    ----------
    name : str
        A key of ``CLASSES``.
    n : int
        The size: the number of rows (the matrix is ``CLASSES[name].shape(n)``).
    seed : int
        Seeds numpy's PCG64 together with the class's tag and ``n``.

    Returns
    -------
    numpy.ndarray
        C-contiguous float64 of shape ``CLASSES[name].shape(n)``.

    Raises
    ------
    KeyError
        When ``name`` is not a class; the message lists the classes.
    ValueError
        When ``n`` is negative.

    Examples
    --------
    >>> import numpy as np
    >>> from talentmatch.bench import generate
    >>> a = generate("smallint", 4, seed=7)
    >>> a.dtype, a.shape, a.flags.c_contiguous
    (dtype('float64'), (4, 4), True)
    >>> np.array_equal(a, generate("smallint", 4, seed=7))
    True
    >>> generate("machol-wien", 3, seed=0)
    array([[1., 2., 3.],
           [2., 4., 6.],
           [3., 6., 9.]])
    """
    cls = CLASSES.get(name)
    if cls is None:
        raise KeyError(f"unknown instance class {name!r}; the classes are {', '.join(CLASSES)}")
    if n < 0:
        raise ValueError(f"the size must not be negative, got {n}")
    rng = np.random.default_rng([seed, cls.tag, n])
    cost = cls.make(n, rng)
    assert cost.dtype == np.float64 and cost.flags.c_contiguous and cost.shape == cls.shape(n)
    return cost
