"""Stable matchings of a hospital-resident instance: :func:`hospital_resident` (deferred acceptance) and
:func:`blocking_pairs`, with the call shape of the ``matching`` package's
``HospitalResident.create_from_dictionaries``.

The ids are turned into indices here and the C++ core (``include/talentmatch/plan/stable.hpp``) does the work, the
same code that C++ callers and the mentoring plans use.

Examples
--------
>>> import talentmatch as tm
>>> residents = {"ana": ["icu", "er"], "bo": ["er", "icu"], "cy": ["icu"]}
>>> hospitals = {"icu": ["bo", "cy", "ana"], "er": ["ana", "bo"]}
>>> tm.hospital_resident(residents, hospitals, {"icu": 2, "er": 1})
{'icu': ['cy', 'ana'], 'er': ['bo']}
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from talentmatch import _core
from talentmatch._core import Error

__all__ = ["blocking_pairs", "hospital_resident"]

_INT64_MAX = 2**63 - 1


@dataclass
class _Indexed:
    """An instance by indices, with the ids each index stands for."""

    residents: list[Hashable]
    hospitals: list[Hashable]
    resident_index: dict[Hashable, int]
    hospital_index: dict[Hashable, int]
    resident_prefs: list[list[int]]
    hospital_prefs: list[list[int]]
    capacities: list[int]


def _mapping(x: Any, name: str, shape: str) -> Mapping:
    if not isinstance(x, Mapping):
        raise Error(f"{name} must be a dict {shape}, got {type(x).__name__}")
    return x


def _ordered(x: Any, where: str, what: str) -> list:
    """A preference list as a list: any iterable but a str, bytes, dict or set (a set has no order)."""
    if isinstance(x, (str, bytes, Mapping, set, frozenset)) or not isinstance(x, Iterable):
        raise Error(f"{where} must be a list of {what}s, best first, got {type(x).__name__} {x!r}")
    return list(x)


def _lists(prefs: Mapping, name: str, what: str, other: str, index: Mapping[Hashable, int]) -> list[list[int]]:
    """Each of ``prefs``' lists as indices into ``index``: tm.Error naming the list and the id for an unknown id or
    one listed twice."""
    out = []
    for key, value in prefs.items():
        where = f"{name}[{key!r}]"
        row: list[int] = []
        seen: set[int] = set()
        for k, x in enumerate(_ordered(value, where, what)):
            try:
                i = index.get(x)
            except TypeError:  # not hashable, so no id
                i = None
            if i is None:
                raise Error(f"{where}[{k}]: {x!r} is not a {what} (not a key of {other})")
            if i in seen:
                raise Error(f"{where}: {what} {x!r} is listed twice")
            seen.add(i)
            row.append(i)
        out.append(row)
    return out


def _capacity(value: Any, hospital: Hashable) -> int:
    name = f"capacities[{hospital!r}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise Error(f"{name} must be an int >= 0, got {type(value).__name__} {value!r}")
    c = int(value)
    if c < 0:
        raise Error(f"{name} is {c}, must be >= 0")
    if c > _INT64_MAX:  # the core counts in std::ptrdiff_t
        raise Error(f"{name} is {c}, above the largest allowed, {_INT64_MAX}")
    return c


def _indexed(resident_prefs: Any, hospital_prefs: Any, capacities: Any) -> _Indexed:
    rp = _mapping(resident_prefs, "resident_prefs", "{resident: [hospitals]}")
    hp = _mapping(hospital_prefs, "hospital_prefs", "{hospital: [residents]}")
    caps = _mapping(capacities, "capacities", "{hospital: int}")
    residents, hospitals = list(rp), list(hp)
    r_index = {r: i for i, r in enumerate(residents)}
    h_index = {h: j for j, h in enumerate(hospitals)}
    for h in caps:
        if h not in h_index:
            raise Error(f"capacities[{h!r}]: {h!r} is not a hospital (not a key of hospital_prefs)")
    missing = [h for h in hospitals if h not in caps]
    if missing:
        raise Error(f"capacities has no entry for hospital {missing[0]!r}")
    return _Indexed(
        residents,
        hospitals,
        r_index,
        h_index,
        _lists(rp, "resident_prefs", "hospital", "hospital_prefs", h_index),
        _lists(hp, "hospital_prefs", "resident", "resident_prefs", r_index),
        [_capacity(caps[h], h) for h in hospitals],
    )


def hospital_resident(
    resident_prefs: Mapping[Hashable, Iterable[Hashable]],
    hospital_prefs: Mapping[Hashable, Iterable[Hashable]],
    capacities: Mapping[Hashable, int],
    optimal: str = "resident",
) -> dict[Hashable, list[Hashable]]:
    """The resident-optimal or hospital-optimal stable matching of a hospital-resident instance (deferred
    acceptance), with the call shape of ``matching``'s ``HospitalResident.create_from_dictionaries(...).solve()``.

    Parameters
    ----------
    resident_prefs : dict
        ``{resident: [hospitals]}``: each resident's acceptable hospitals, best first. The lists may be incomplete.
    hospital_prefs : dict
        ``{hospital: [residents]}``: each hospital's acceptable residents, best first. A pair can be matched only
        when each side lists the other; a one-sided listing is ignored (``matching`` warns about it, or drops it
        with ``clean=True``).
    capacities : dict
        ``{hospital: int}``: the places of every hospital (and only of the hospitals), each an int >= 0.
    optimal : {"resident", "hospital"}, optional
        ``"resident"``: residents propose, and each gets its best partner over all stable matchings.
        ``"hospital"``: hospitals propose, and each gets its best residents over all stable matchings.

    Returns
    -------
    dict
        ``{hospital: [residents]}`` with every hospital of ``hospital_prefs`` as a key, in its order, and each
        hospital's residents in that hospital's preference order. The ids are those given (any hashable). No pair
        blocks it (:func:`blocking_pairs` is empty).

    Raises
    ------
    talentmatch.Error
        Naming the argument and the id: an argument that is not a dict, a list that is not a list (a str or a set,
        say), a hospital in a resident's list that is not a key of ``hospital_prefs`` or a resident in a hospital's
        list that is not a key of ``resident_prefs``, an id listed twice in one list, a hospital without a capacity
        or a capacity key that is not a hospital, a capacity that is negative or not an int (bools and floats are
        refused), and an ``optimal`` other than ``"resident"`` and ``"hospital"``.

    Notes
    -----
    Gale and Shapley's deferred acceptance (American Mathematical Monthly 69 (1962), doi:10.2307/2312726) in Roth's
    hospital-resident form (Journal of Political Economy 92 (1984), doi:10.1086/261272), in time linear in the
    lists' total length. The result does not depend on the order of the dicts.

    Examples
    --------
    >>> import talentmatch as tm
    >>> residents = {"ana": ["icu", "er"], "bo": ["er", "icu"], "cy": ["icu"]}
    >>> hospitals = {"icu": ["bo", "cy", "ana"], "er": ["ana", "bo"]}
    >>> capacities = {"icu": 2, "er": 1}
    >>> tm.hospital_resident(residents, hospitals, capacities)
    {'icu': ['cy', 'ana'], 'er': ['bo']}
    >>> tm.hospital_resident(residents, hospitals, capacities, optimal="hospital")
    {'icu': ['bo', 'cy'], 'er': ['ana']}
    """
    if not isinstance(optimal, str) or optimal not in ("resident", "hospital"):
        raise Error(f"optimal must be 'resident' or 'hospital', got {optimal!r}")
    x = _indexed(resident_prefs, hospital_prefs, capacities)
    hospital_of = _core.stable_deferred_acceptance(
        x.resident_prefs, x.hospital_prefs, x.capacities, optimal == "resident"
    )
    return {h: [x.residents[r] for r in x.hospital_prefs[j] if hospital_of[r] == j] for j, h in enumerate(x.hospitals)}


def blocking_pairs(
    matching: Mapping[Hashable, Iterable[Hashable]],
    resident_prefs: Mapping[Hashable, Iterable[Hashable]],
    hospital_prefs: Mapping[Hashable, Iterable[Hashable]],
    capacities: Mapping[Hashable, int],
) -> list[tuple[Hashable, Hashable]]:
    """The pairs that block a matching: a resident and a hospital that list each other, where the resident is
    unmatched or prefers the hospital to its own, and the hospital has a free place or prefers the resident to its
    worst one.

    Parameters
    ----------
    matching : dict
        ``{hospital: [residents]}``, as :func:`hospital_resident` returns it; a hospital that is not a key has no
        residents.
    resident_prefs, hospital_prefs, capacities : dict
        The instance, as for :func:`hospital_resident`.

    Returns
    -------
    list of (resident, hospital)
        Sorted by the residents' order in ``resident_prefs``, then by the hospitals' order in ``hospital_prefs``.
        Empty when the matching is stable.

    Raises
    ------
    talentmatch.Error
        For an invalid instance (as :func:`hospital_resident` does), and for a ``matching`` that is not one: not a
        dict, a key that is not a hospital, an unknown resident, a resident placed twice, a pair that does not list
        each other, or a hospital over its capacity.

    Examples
    --------
    >>> import talentmatch as tm
    >>> residents = {"ana": ["icu", "er"], "bo": ["er", "icu"], "cy": ["icu"]}
    >>> hospitals = {"icu": ["bo", "cy", "ana"], "er": ["ana", "bo"]}
    >>> capacities = {"icu": 2, "er": 1}
    >>> tm.blocking_pairs({"icu": ["ana"], "er": []}, residents, hospitals, capacities)
    [('bo', 'icu'), ('bo', 'er'), ('cy', 'icu')]
    >>> tm.blocking_pairs(tm.hospital_resident(residents, hospitals, capacities), residents, hospitals, capacities)
    []
    """
    x = _indexed(resident_prefs, hospital_prefs, capacities)
    m = _mapping(matching, "matching", "{hospital: [residents]}")
    hospital_of = [-1] * len(x.residents)
    # (resident, hospital) listed by the resident, and by the hospital: built once, so that the check is linear.
    by_resident = {(r, j) for r, row in enumerate(x.resident_prefs) for j in row} if m else set()
    by_hospital = {(r, j) for j, row in enumerate(x.hospital_prefs) for r in row} if m else set()
    for h, members in m.items():
        where = f"matching[{h!r}]"
        try:
            j = x.hospital_index.get(h)
        except TypeError:
            j = None
        if j is None:
            raise Error(f"{where}: {h!r} is not a hospital (not a key of hospital_prefs)")
        held = _lists({h: members}, "matching", "resident", "resident_prefs", x.resident_index)[0]
        if len(held) > x.capacities[j]:
            raise Error(f"{where} holds {len(held)} residents, above its capacity of {x.capacities[j]}")
        for r in held:
            if hospital_of[r] != -1:
                other = x.hospitals[hospital_of[r]]
                raise Error(f"{where}: resident {x.residents[r]!r} is also placed at {other!r}")
            if (r, j) not in by_resident or (r, j) not in by_hospital:
                raise Error(f"{where}: resident {x.residents[r]!r} and hospital {h!r} do not both list each other")
            hospital_of[r] = j
    pairs = _core.stable_blocking_pairs(x.resident_prefs, x.hospital_prefs, x.capacities, hospital_of)
    return [(x.residents[r], x.hospitals[h]) for r, h in pairs]
