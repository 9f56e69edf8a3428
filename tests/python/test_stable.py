"""talentmatch.hospital_resident and talentmatch.blocking_pairs: equal to the ``matching`` package's HospitalResident
on hundreds of random instances with incomplete lists (both optimalities); no blocking pair by a check written here
from the definition; one-sided listings ignored (equal to ``matching`` on the instance with them removed);
blocking_pairs equal to the definition on random matchings, stable or not; every validation error names the
argument and the id."""

from __future__ import annotations

import doctest
import inspect
import random
import warnings

import numpy as np
import pytest
import talentmatch as tm
import talentmatch.stable as tm_stable

# --- An oracle from the definition, and random instances -------------------------------------------------------------


def brute_blocking(result, rp, hp, caps):
    """Every (resident, hospital) pair that blocks ``result`` ({hospital: [residents]}), tried one by one in the
    dicts' orders."""
    partner = {r: h for h, rs in result.items() for r in rs}
    out = []
    for r in rp:
        for h in hp:
            if h not in rp[r] or r not in hp[h] or partner.get(r) == h:
                continue
            r_wants = r not in partner or rp[r].index(h) < rp[r].index(partner[r])
            members = result.get(h, [])
            h_wants = len(members) < caps[h] or any(hp[h].index(r) < hp[h].index(s) for s in members)
            if r_wants and h_wants:
                out.append((r, h))
    return out


def assert_a_matching(result, rp, hp, caps):
    """Every hospital a key, in order; residents in the hospital's order; each pair lists each other; capacities
    kept; no resident twice."""
    assert list(result) == list(hp)
    placed = [r for rs in result.values() for r in rs]
    assert len(placed) == len(set(placed))
    for h, rs in result.items():
        assert len(rs) <= caps[h]
        assert rs == [r for r in hp[h] if r in rs]
        for r in rs:
            assert h in rp[r] and r in hp[h]


def random_instance(rng, consistent=True, max_residents=8, max_hospitals=5, max_capacity=3, opposed=False):
    """Ids of mixed types (str and int, residents and hospitals may share one); lists incomplete and in random
    order; with ``consistent`` a hospital lists exactly the residents that list it; with ``opposed`` too, first
    those that rank it lowest, which makes more than one matching stable far more often than random orders do."""
    nr, nh = rng.randint(0, max_residents), rng.randint(0, max_hospitals)
    residents = [f"r{i}" if i % 3 else i for i in range(nr)]
    hospitals = [f"h{j}" if j % 2 else 100 + j for j in range(nh)]
    if rng.random() < 0.2:
        hospitals = list(range(nh))  # the same ids as some residents
    # Opposed instances: the residents list every hospital, and the hospitals have one or two places.
    rp = {r: rng.sample(hospitals, nh if opposed else rng.randint(0, nh)) for r in residents}
    hp = {}
    for h in hospitals:
        if consistent:
            hp[h] = [r for r in rng.sample(residents, nr) if h in rp[r]]
            if opposed:
                hp[h].sort(key=lambda r, h=h: -rp[r].index(h))
        else:
            hp[h] = rng.sample(residents, rng.randint(0, nr))
    caps = {h: rng.randint(1 if opposed else 0, 2 if opposed else max_capacity) for h in hospitals}
    return rp, hp, caps


def by_matching(rp, hp, caps, optimal):
    """The ``matching`` package's answer on a mutually consistent instance, as {hospital: [residents]}.
    HospitalResident fails on hospitals without places and on empty lists (it asks an empty list for its favourite),
    so those players, who are matched in no matching, are left out and given no residents here."""
    from matching.games import HospitalResident

    hosp = {h: rs for h, rs in hp.items() if caps[h] > 0 and rs}
    res = {r: [h for h in hs if h in hosp] for r, hs in rp.items()}
    res = {r: hs for r, hs in res.items() if hs}
    hosp = {h: [r for r in rs if r in res] for h, rs in hosp.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the instance is within what the package takes without a complaint
        game = HospitalResident.create_from_dictionaries(res, hosp, {h: caps[h] for h in hosp})
        found = game.solve(optimal=optimal)
    names = {h.name: [r.name for r in rs] for h, rs in found.items()}
    return {h: names.get(h, []) for h in hp}


def mutual(rp, hp):
    """The instance with the one-sided listings taken out of both sides' lists."""
    return (
        {r: [h for h in hs if r in hp[h]] for r, hs in rp.items()},
        {h: [r for r in rs if h in rp[r]] for h, rs in hp.items()},
    )


# --- Against the matching package -----------------------------------------------------------------------------------


@pytest.mark.parametrize("optimal", ["resident", "hospital"])
def test_equal_to_the_matching_package_on_random_instances(optimal):
    pytest.importorskip("matching")
    rng = random.Random(13 if optimal == "resident" else 31)
    differ = 0  # instances where the two optimal matchings differ: there the optimality is what is compared
    for t in range(600):
        big = t % 20 == 0
        size = {"max_residents": 40, "max_hospitals": 8} if big else {}
        rp, hp, caps = random_instance(rng, opposed=t % 2 == 1, **size)
        ours = tm.hospital_resident(rp, hp, caps, optimal=optimal)
        assert ours == by_matching(rp, hp, caps, optimal), (rp, hp, caps)
        assert_a_matching(ours, rp, hp, caps)
        assert brute_blocking(ours, rp, hp, caps) == []
        other = "hospital" if optimal == "resident" else "resident"
        differ += ours != tm.hospital_resident(rp, hp, caps, optimal=other)
    assert differ >= 20, differ


@pytest.mark.parametrize("optimal", ["resident", "hospital"])
def test_one_sided_listings_are_ignored(optimal):
    pytest.importorskip("matching")
    rng = random.Random(7)
    for _ in range(200):
        rp, hp, caps = random_instance(rng, consistent=False)
        ours = tm.hospital_resident(rp, hp, caps, optimal=optimal)
        assert ours == tm.hospital_resident(*mutual(rp, hp), caps, optimal=optimal)
        assert ours == by_matching(*mutual(rp, hp), caps, optimal)
        assert_a_matching(ours, rp, hp, caps)
        assert brute_blocking(ours, rp, hp, caps) == []


def test_one_sided_listings_by_hand():
    # a lists x first, but x does not list a; y lists b, who does not list y.
    rp = {"a": ["x", "y"], "b": ["x"]}
    hp = {"x": ["b"], "y": ["a", "b"]}
    caps = {"x": 1, "y": 1}
    for optimal in ("resident", "hospital"):
        assert tm.hospital_resident(rp, hp, caps, optimal=optimal) == {"x": ["b"], "y": ["a"]}
    assert tm.blocking_pairs({}, rp, hp, caps) == [("a", "y"), ("b", "x")]


def test_each_side_gets_its_optimum_and_the_other_its_worst():
    # Two residents, two hospitals of one place, opposed preferences: two stable matchings.
    rp = {"a": ["x", "y"], "b": ["y", "x"]}
    hp = {"x": ["b", "a"], "y": ["a", "b"]}
    caps = {"x": 1, "y": 1}
    assert tm.hospital_resident(rp, hp, caps) == {"x": ["a"], "y": ["b"]}
    assert tm.hospital_resident(rp, hp, caps, optimal="hospital") == {"x": ["b"], "y": ["a"]}


def test_ids_of_any_hashable_type_and_empty_instances():
    rp = {("r", 1): [2.5, None], 7: [None]}
    hp = {2.5: [7, ("r", 1)], None: [("r", 1), 7]}
    out = tm.hospital_resident(rp, hp, {2.5: 1, None: 1})
    assert out == {2.5: [("r", 1)], None: [7]}
    assert tm.hospital_resident({}, {}, {}) == {}
    assert tm.hospital_resident({"a": []}, {}, {}) == {}
    assert tm.hospital_resident({}, {"x": []}, {"x": 0}) == {"x": []}
    # numpy integers are ints; tuples and other iterables are lists.
    assert tm.hospital_resident({"a": ("x",)}, {"x": iter(["a"])}, {"x": np.int64(2)}) == {"x": ["a"]}


def test_a_large_instance_is_stable():
    rng = random.Random(2026)
    residents = list(range(600))
    hospitals = [f"h{j}" for j in range(25)]
    rp = {r: rng.sample(hospitals, rng.randint(0, 12)) for r in residents}
    hp = {h: [r for r in rng.sample(residents, len(residents)) if h in rp[r] or r % 11 == 0] for h in hospitals}
    caps = {h: rng.randint(0, 30) for h in hospitals}
    for optimal in ("resident", "hospital"):
        out = tm.hospital_resident(rp, hp, caps, optimal=optimal)
        assert_a_matching(out, rp, hp, caps)
        assert tm.blocking_pairs(out, rp, hp, caps) == []
        assert brute_blocking(out, rp, hp, caps) == []


# --- blocking_pairs ------------------------------------------------------------------------------------------------


def random_matching(rng, rp, hp, caps):
    """A random matching, stable or not: residents in random order each take a random acceptable hospital with room
    (or none)."""
    room = dict(caps)
    placed = {}
    for r in rng.sample(list(rp), len(rp)):
        options = [h for h in rp[r] if r in hp[h] and room[h] > 0]
        if options and rng.random() < 0.8:
            h = rng.choice(options)
            placed[r] = h
            room[h] -= 1
    return {h: [r for r in hp[h] if placed.get(r) == h] for h in hp}


def test_blocking_pairs_equal_the_definition_on_random_matchings():
    rng = random.Random(5)
    found = 0
    for t in range(600):
        rp, hp, caps = random_instance(rng, consistent=t % 2 == 0)
        m = random_matching(rng, rp, hp, caps)
        pairs = tm.blocking_pairs(m, rp, hp, caps)
        assert pairs == brute_blocking(m, rp, hp, caps), (rp, hp, caps, m)
        found += len(pairs)
        # A hospital left out of the matching has no residents.
        assert tm.blocking_pairs({h: rs for h, rs in m.items() if rs}, rp, hp, caps) == pairs
    assert found > 200


def test_blocking_pairs_agree_with_the_matching_package():
    pytest.importorskip("matching")
    from matching.games import HospitalResident

    rng = random.Random(11)
    found = 0
    for _ in range(300):
        rp, hp, caps = random_instance(rng)
        hp = {h: rs for h, rs in hp.items() if rs and caps[h] > 0}
        rp = {r: [h for h in hs if h in hp] for r, hs in rp.items()}
        rp = {r: hs for r, hs in rp.items() if hs}
        hp = {h: [r for r in rs if r in rp] for h, rs in hp.items()}
        caps = {h: caps[h] for h in hp}
        m = random_matching(rng, rp, hp, caps)
        # The package's own check of a matching set on its unsolved game (solving shortens the players' lists).
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            game = HospitalResident.create_from_dictionaries(rp, hp, caps)
        residents = {p.name: p for p in game.residents}
        for hospital in game.hospitals:
            hospital.matching = [residents[r] for r in m[hospital.name]]
            for r in hospital.matching:
                r.matching = hospital
        game.check_stability()
        theirs = sorted(
            ((p.name, q.name) for p, q in game.blocking_pairs),
            key=lambda pq: (list(rp).index(pq[0]), list(hp).index(pq[1])),
        )
        assert tm.blocking_pairs(m, rp, hp, caps) == theirs
        found += len(theirs)
    assert found > 100


# --- Errors ----------------------------------------------------------------------------------------------------------

RP = {"a": ["x", "y"], "b": ["y"]}
HP = {"x": ["a"], "y": ["b", "a"]}
CAPS = {"x": 1, "y": 2}


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((["a"], HP, CAPS), {}, "resident_prefs must be a dict {resident: [hospitals]}, got list"),
        ((RP, None, CAPS), {}, "hospital_prefs must be a dict {hospital: [residents]}, got NoneType"),
        ((RP, HP, [1, 2]), {}, "capacities must be a dict {hospital: int}, got list"),
        (({"a": ["x", "z"], "b": []}, HP, CAPS), {}, "resident_prefs['a'][1]: 'z' is not a hospital"),
        ((RP, {"x": ["a"], "y": ["c"]}, CAPS), {}, "hospital_prefs['y'][0]: 'c' is not a resident"),
        ((RP, {"x": ["a"], "y": [["b"]]}, CAPS), {}, "hospital_prefs['y'][0]: ['b'] is not a resident"),
        (({"a": ["x", "x"], "b": []}, HP, CAPS), {}, "resident_prefs['a']: hospital 'x' is listed twice"),
        ((RP, {"x": ["a"], "y": ["b", "a", "b"]}, CAPS), {}, "hospital_prefs['y']: resident 'b' is listed twice"),
        (({"a": "xy", "b": []}, HP, CAPS), {}, "resident_prefs['a'] must be a list of hospitals, best first, got str"),
        ((RP, {"x": {"a"}, "y": []}, CAPS), {}, "hospital_prefs['x'] must be a list of residents, best first, got set"),
        ((RP, {"x": ["a"], "y": 3}, CAPS), {}, "hospital_prefs['y'] must be a list of residents, best first, got int"),
        ((RP, HP, {"x": 1}), {}, "capacities has no entry for hospital 'y'"),
        ((RP, HP, {"x": 1, "y": 1, "z": 1}), {}, "capacities['z']: 'z' is not a hospital"),
        ((RP, HP, {"x": -1, "y": 1}), {}, "capacities['x'] is -1, must be >= 0"),
        ((RP, HP, {"x": 1, "y": 1.0}), {}, "capacities['y'] must be an int >= 0, got float 1.0"),
        ((RP, HP, {"x": True, "y": 1}), {}, "capacities['x'] must be an int >= 0, got bool True"),
        ((RP, HP, {"x": np.bool_(True), "y": 1}), {}, "capacities['x'] must be an int >= 0, got bool"),
        ((RP, HP, {"x": "2", "y": 1}), {}, "capacities['x'] must be an int >= 0, got str '2'"),
        ((RP, HP, {"x": 2**63, "y": 1}), {}, "capacities['x'] is 9223372036854775808, above the largest allowed"),
        ((RP, HP, CAPS), {"optimal": "residents"}, "optimal must be 'resident' or 'hospital', got 'residents'"),
        ((RP, HP, CAPS), {"optimal": None}, "optimal must be 'resident' or 'hospital', got None"),
    ],
)
def test_invalid_instances_name_the_argument_and_the_id(args, kwargs, message):
    with pytest.raises(tm.Error) as e:
        tm.hospital_resident(*args, **kwargs)
    assert message in str(e.value)
    assert isinstance(e.value, ValueError)
    if not kwargs:  # blocking_pairs checks the instance the same way
        with pytest.raises(tm.Error) as e2:
            tm.blocking_pairs({}, *args)
        assert message in str(e2.value)


@pytest.mark.parametrize(
    ("matching", "message"),
    [
        ([("x", ["a"])], "matching must be a dict {hospital: [residents]}, got list"),
        ({"z": []}, "matching['z']: 'z' is not a hospital"),
        ({"x": ["c"]}, "matching['x'][0]: 'c' is not a resident"),
        ({"y": ["b", "b"]}, "matching['y']: resident 'b' is listed twice"),
        ({"x": ["a"], "y": ["a"]}, "matching['y']: resident 'a' is also placed at 'x'"),
        ({"x": ["b"]}, "matching['x']: resident 'b' and hospital 'x' do not both list each other"),
        ({"x": ["a", "b"]}, "matching['x'] holds 2 residents, above its capacity of 1"),
        ({"y": "ab"}, "matching['y'] must be a list of residents, best first, got str"),
    ],
)
def test_invalid_matchings_are_named(matching, message):
    with pytest.raises(tm.Error) as e:
        tm.blocking_pairs(matching, RP, HP, CAPS)
    assert message in str(e.value)


def test_the_core_checks_index_lists_too():
    from talentmatch import _core

    with pytest.raises(tm.Error, match=r"resident_prefs\[0\]\[0\]: hospital 3 is out of range \(1 hospitals\)"):
        _core.stable_deferred_acceptance([[3]], [[0]], [1], True)
    with pytest.raises(tm.Error, match=r"capacities has 2 entries, hospital_prefs 1"):
        _core.stable_deferred_acceptance([[0]], [[0]], [1, 1], False)
    with pytest.raises(tm.Error, match=r"hospital_of has 0 entries, resident_prefs 1"):
        _core.stable_blocking_pairs([[0]], [[0]], [1], [])
    assert _core.stable_deferred_acceptance([[0]], [[0]], [1], True) == [0]
    assert _core.stable_blocking_pairs([[0]], [[0]], [1], [-1]) == [(0, 0)]


# --- Documentation -------------------------------------------------------------------------------------------------


def test_the_stable_module_doctests_pass():
    result = doctest.testmod(tm_stable, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0
    assert result.attempted > 0


@pytest.mark.parametrize("name", tm_stable.__all__)
def test_every_public_function_has_a_numpydoc_docstring(name):
    doc = inspect.getdoc(getattr(tm_stable, name)) or ""
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert f"\n{section}\n{'-' * len(section)}\n" in doc, f"{name}: no numpydoc {section!r} section"
    assert getattr(tm, name) is getattr(tm_stable, name)
    assert name in tm.__all__
