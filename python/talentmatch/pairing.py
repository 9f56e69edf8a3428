"""Mentor pairings and training placements (DESIGN.md section 1): :func:`pair_mentors` and :func:`place_trainees`.

Both return a :class:`PairingPlan`, a thin wrapper over ``talentmatch._core.PairingPlan``, the C++
``talentmatch::plan::pairing_plan`` that ``include/talentmatch/plan/mentoring.hpp`` and ``placement.hpp`` build: the
same code the command line (``talentmatch mentor``, ``talentmatch place``) runs. Each staff member takes at most one
partner (a mentor, a team of mentors, or a host), each partner up to its capacity, and a pair's value is what the
partner can teach the member: the sum over the member's goals the partner covers of ``importance * (target_level -
current level)``, plus, for mentors posted to the member's unit, ``settings.mentoring.unit_bonus``. The pairing with
the most total value is found exactly (a min-cost flow, with its certificate); ``stable=True`` gives the stable
pairing of deferred acceptance instead, and what stability costs.

Examples
--------
>>> import talentmatch as tm
>>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}, {"id": "math", "name": "Mathematics"}],
...        "experts": [{"id": "e-sun", "available_months": 9, "mentor_capacity": 1, "skills": {"icu": 6}},
...                    {"id": "e-chen", "available_months": 9, "mentor_capacity": 2, "skills": {"math": 6}}],
...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}],
...        "staff": [{"id": "s-ma", "unit": "hospital", "skills": {"icu": 2},
...                   "goals": [{"skill": "icu", "target_level": 5, "importance": 4}]},
...                  {"id": "s-li", "unit": "school", "goals": [{"skill": "math", "target_level": 4}]}],
...        "hosts": [{"id": "h-hmu", "capacity": 1, "offers": {"icu": 6}}]}
>>> problem = tm.Problem.from_json(doc)
>>> mentors = tm.pair_mentors(problem)
>>> mentors
PairingPlan(mentors: 2/2 staff paired, objective 16, certified)
>>> [(a["mentor"], a["staff"], a["value"]) for a in mentors.assignments]
[('e-sun', 's-ma', 12.0), ('e-chen', 's-li', 4.0)]
>>> [(a["staff"], a["host"]) for a in tm.place_trainees(problem).assignments]
[('s-ma', 'h-hmu')]
"""

from __future__ import annotations

import os
from typing import Any

from talentmatch import _core
from talentmatch._core import Error
from talentmatch.plan import Plan, _count, _flag, _pandas, _problem
from talentmatch.problem import Problem
from talentmatch.solution import Certificate, _certificate

__all__ = ["PairingPlan", "pair_mentors", "place_trainees"]


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        names = ", ".join(f'"{a}"' for a in allowed)
        raise Error(f"{name} must be one of {names}, got {value!r}")
    return value


def _optimal(value: Any, stable: bool, allowed: tuple[str, str]) -> str:
    """The proposing side of a stable pairing: ``allowed[0]`` unless named; naming it without ``stable`` is an error
    (as ``--optimal`` without ``--stable`` is on the command line), not silently ignored."""
    if value is None:
        return allowed[0]
    if not stable:
        raise Error(f"optimal applies only to a stable pairing: pass stable=True, or leave optimal out (got {value!r})")
    return _choice(value, "optimal", allowed)


def pair_mentors(
    problem: Problem,
    post_plan: Plan | None = None,
    *,
    format: str = "one_to_many",
    stable: bool = False,
    optimal: str | None = None,
) -> PairingPlan:
    """Experts with ``mentor_capacity`` paired with local staff by the staff's skill goals.

    A mentor can teach a goal when the mentor's effective level in the skill (after the taxonomy's ``related``
    transfer) is at least ``target_level + settings.mentoring.margin`` and the member is below the target.

    Parameters
    ----------
    problem : talentmatch.Problem
        The document, with ``staff`` (their ``goals``) and experts with ``mentor_capacity``.
    post_plan : talentmatch.Plan, optional
        The post plan (:func:`talentmatch.match`) of the same problem. With it a mentor pairs only with staff of a
        unit the mentor is posted to (``settings.mentoring.scope`` ``"unit"``, the default) or of a department the
        mentor is posted to (``"department"``), experts left unposted do not mentor, and a mentor in the member's
        unit earns ``settings.mentoring.unit_bonus`` (default 1). Without it every mentor may pair with anyone.
    format : {"one_to_many", "one_to_one", "team"}, default "one_to_many"
        ``"one_to_many"``: each mentor takes up to ``mentor_capacity`` staff; ``"one_to_one"``: at most one each;
        ``"team"`` (needs ``post_plan``): the mentors posted to one unit mentor that unit's staff together, with the
        sum of their capacities (partner id ``"team:<unit>"``), each goal taught by the member with the highest
        level.
    stable : bool, default False
        The stable pairing of deferred acceptance instead of the most value. A staff member ranks the mentors of its
        ``prefers`` list first, in that order, then the others by pair value; a mentor likewise.
    optimal : {"staff", "mentors"}, optional
        With ``stable`` only: the side whose optimal stable pairing is returned (that side proposes); default
        ``"staff"``.

    Returns
    -------
    PairingPlan
        Kind ``"mentors"``.

    Raises
    ------
    talentmatch.Error
        On a bad argument (named), or a post plan naming experts or posts the problem does not have.

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-sun", "available_months": 9, "mentor_capacity": 1, "skills": {"icu": 6}},
    ...                    {"id": "e-liu", "available_months": 9, "mentor_capacity": 1, "skills": {"icu": 5}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 2,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}],
    ...        "staff": [{"id": "s-ma", "unit": "hospital", "goals": [{"skill": "icu", "target_level": 6}]},
    ...                  {"id": "s-li", "unit": "hospital", "goals": [{"skill": "icu", "target_level": 4}]}]}
    >>> problem = tm.Problem.from_json(doc)
    >>> team = tm.pair_mentors(problem, tm.match(problem), format="team")
    >>> [(a["mentor"], a["staff"], a["goals"][0]["by"]) for a in team.assignments]
    [('team:hospital', 's-ma', 'e-sun'), ('team:hospital', 's-li', 'e-sun')]
    """
    problem = _problem(problem, "problem")
    if post_plan is not None and not isinstance(post_plan, Plan):
        raise Error(
            f"post_plan must be a talentmatch.Plan (from talentmatch.match) or None, got {type(post_plan).__name__}"
        )
    format = _choice(format, "format", ("one_to_many", "one_to_one", "team"))
    stable = _flag(stable, "stable")
    optimal = _optimal(optimal, stable, ("staff", "mentors"))
    core = _core.pair_mentors(problem._core, None if post_plan is None else post_plan._core, format, stable, optimal)
    return PairingPlan(core, problem)


def place_trainees(problem: Problem, *, stable: bool = False, optimal: str | None = None) -> PairingPlan:
    """Local staff placed at training hosts by what each host offers against the staff's goals.

    A host trains a goal when it offers the skill at the target level or above and the member is below it.

    Parameters
    ----------
    problem : talentmatch.Problem
        The document, with ``staff`` and ``hosts``.
    stable : bool, default False
        The stable placement of deferred acceptance (both sides ranking by pair value) instead of the most value.
    optimal : {"staff", "hosts"}, optional
        With ``stable`` only: the side whose optimal stable placement is returned; default ``"staff"``.

    Returns
    -------
    PairingPlan
        Kind ``"placements"``.

    Raises
    ------
    talentmatch.Error
        On a bad argument; the message names it.

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}], "experts": [], "posts": [],
    ...        "staff": [{"id": "s-ma", "unit": "hospital", "goals": [{"skill": "icu", "target_level": 4}]}],
    ...        "hosts": [{"id": "h-hmu", "capacity": 1, "offers": {"icu": 6}}]}
    >>> plan = tm.place_trainees(tm.Problem.from_json(doc))
    >>> plan.assignments[0]["host"], plan.assignments[0]["reason"]
    ('h-hmu', 'trains icu 0 -> 4 (level 6, importance 1); value 4')
    """
    problem = _problem(problem, "problem")
    stable = _flag(stable, "stable")
    optimal = _optimal(optimal, stable, ("staff", "hosts"))
    return PairingPlan(_core.place_trainees(problem._core, stable, optimal), problem)


class PairingPlan:
    """A mentor pairing (kind ``"mentors"``) or a training placement (kind ``"placements"``): who is paired with
    whom and why, who stays unpaired and why, the goals no partner covers (whom to recruit), what one more place of
    each partner is worth, the blocking pairs, and the certificate.

    Made by :func:`pair_mentors` and :func:`place_trainees`; read-only. Assignments have the keys of the plan JSON:
    ``mentor``, ``staff``, ``value`` (mentors) or ``staff``, ``host``, ``value`` (placements), with ``unit``,
    ``department``, ``goals`` (each taught goal's skill, levels, importance and value) and a one-line ``reason``.

    Parameters
    ----------
    core : talentmatch._core.PairingPlan
        The C++ pairing.
    problem : talentmatch.Problem
        The problem it pairs.

    Attributes
    ----------
    kind : str
        ``"mentors"`` or ``"placements"``.
    objective : float
        The total value of the pairs.
    certificate : talentmatch.Certificate
        The flow's certificate for the value-optimal pairing.
    pairing, scope, staff, paired, assignments, unassigned, uncovered, partners, shadow_prices, blocking_pairs,
    stable, optimal_objective, stability_cost, problem
        See each property.

    Examples
    --------
    >>> import talentmatch as tm
    >>> problem = tm.data.fuyun()
    >>> plan = tm.pair_mentors(problem, tm.match(problem), stable=True)
    >>> plan.kind, plan.stable, plan.blocking_pairs, plan.certificate.ok
    ('mentors', True, [], True)
    >>> plan.stability_cost == plan.optimal_objective - plan.objective
    True
    """

    __slots__ = ("_core", "_problem")

    HTML_LIMIT = 500

    def __init__(self, core: _core.PairingPlan, problem: Problem) -> None:
        if not isinstance(core, _core.PairingPlan):
            raise TypeError("use talentmatch.pair_mentors or talentmatch.place_trainees to make a PairingPlan")
        self._core = core
        self._problem = _problem(problem, "problem")

    @property
    def kind(self) -> str:
        """``"mentors"`` or ``"placements"``."""
        return self._core.kind

    @property
    def pairing(self) -> str:
        """Mentors: the format, ``"one_to_many"``, ``"one_to_one"`` or ``"team"``; placements: ``""``."""
        return self._core.pairing

    @property
    def scope(self) -> str:
        """Mentors paired after a post plan: ``"unit"`` or ``"department"``; else ``""``."""
        return self._core.scope

    @property
    def problem(self) -> Problem:
        """The problem the pairing solves."""
        return self._problem

    @property
    def objective(self) -> float:
        """The total value of the pairs."""
        return self._core.objective

    @property
    def certificate(self) -> Certificate:
        """The flow's certificate for the value-optimal pairing (:attr:`optimal_objective`); for a stable pairing
        ``ok`` also needs no blocking pair."""
        return _certificate(self._core.cert)

    @property
    def staff(self) -> int:
        """Staff members in the problem."""
        return self._core.staff

    @property
    def paired(self) -> int:
        """Staff members with a partner."""
        return len(self._core.assignments)

    @property
    def assignments(self) -> list[dict[str, Any]]:
        """The pairs, by staff member in document order."""
        return self._core.assignments

    @property
    def unassigned(self) -> list[dict[str, Any]]:
        """The staff left unpaired, each with ``reason`` (``"no_goals"``, ``"uncovered"`` or ``"capacity"``), an
        ``explanation``, and the best partner it could have had (``best_mentor`` / ``best_host``) with its value."""
        return self._core.unassigned

    @property
    def uncovered(self) -> list[dict[str, Any]]:
        """The recruiting brief: each skill some staff want that no partner they may pair with can teach, with the
        ``level`` a partner needs, the ``best_available`` level, the summed ``importance`` and the ``staff``."""
        return self._core.uncovered

    @property
    def partners(self) -> list[dict[str, Any]]:
        """Each mentor, team or host: ``id``, ``capacity``, ``used``, ``price`` (and a team's ``unit`` and
        ``members``)."""
        return self._core.partners

    @property
    def shadow_prices(self) -> dict[str, dict[str, float]]:
        """``{"mentors": {id: price}}`` (or ``"hosts"``): the shadow price of one place of each partner, the flow's
        dual for the value-optimal pairing. One more place adds at most this much value and one place fewer loses at
        least this much (the two are equal unless the optimum is degenerate); 0 for a partner with room."""
        key = "mentors" if self.kind == "mentors" else "hosts"
        return {key: {p["id"]: p["price"] for p in self._core.partners}}

    @property
    def blocking_pairs(self) -> list[tuple[str, str]]:
        """(staff, partner) pairs that would both rather be together, under the preferences of the stable pairing
        (``prefers`` lists first, then pair values); empty for a stable pairing."""
        return self._core.blocking_pairs

    @property
    def stable(self) -> bool:
        """Whether this is the stable pairing (deferred acceptance)."""
        return self._core.stable

    @property
    def optimal_objective(self) -> float:
        """The value-optimal pairing's objective (equal to :attr:`objective` unless :attr:`stable`)."""
        return self._core.optimal_objective

    @property
    def stability_cost(self) -> float:
        """``optimal_objective - objective``: the value stability gives up (0 unless :attr:`stable`)."""
        return self._core.stability_cost

    def to_frame(self) -> Any:
        """The pairs as a pandas DataFrame, one row per pair.

        Parameters
        ----------
        none

        Returns
        -------
        pandas.DataFrame
            Columns ``mentor`` (or ``host``), ``staff``, ``unit``, ``department``, ``value`` (float64), ``goals``
            (the taught skills, comma-separated) and ``reason``, in the order of :attr:`assignments`.

        Raises
        ------
        ImportError
            When pandas is not installed.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}], "experts": [], "posts": [],
        ...        "staff": [{"id": "s-ma", "unit": "hospital", "goals": [{"skill": "icu", "target_level": 4}]}],
        ...        "hosts": [{"id": "h-hmu", "capacity": 1, "offers": {"icu": 6}}]}
        >>> tm.place_trainees(tm.Problem.from_json(doc)).to_frame()[["host", "staff", "value", "goals"]]
            host staff  value goals
        0  h-hmu  s-ma    4.0   icu
        """
        pd = _pandas("to_frame")
        key = "mentor" if self.kind == "mentors" else "host"
        rows = self.assignments
        return pd.DataFrame(
            {
                key: pd.Series([r[key] for r in rows], dtype=object),
                "staff": pd.Series([r["staff"] for r in rows], dtype=object),
                "unit": pd.Series([r["unit"] for r in rows], dtype=object),
                "department": pd.Series([r["department"] for r in rows], dtype=object),
                "value": pd.Series([r["value"] for r in rows], dtype="float64"),
                "goals": pd.Series([", ".join(g["skill"] for g in r["goals"]) for r in rows], dtype=object),
                "reason": pd.Series([r["reason"] for r in rows], dtype=object),
            }
        )

    def to_json(self, path: str | os.PathLike[str] | None = None, indent: int = 2) -> str | None:
        """The pairing as JSON (format ``talentmatch-plan/1``, kind ``"mentors"`` or ``"placements"``), as text or
        written to a file.

        Parameters
        ----------
        path : str or os.PathLike, optional
            Where to write it, whole or not at all (C++ ``talentmatch::io::save_pairing``: a new file beside it,
            flushed, then renamed over ``path``).
        indent : int, default 2
            Spaces per level; ``-1`` for one line.

        Returns
        -------
        str or None
            The text (ending with a newline) when ``path`` is None, else None.

        Raises
        ------
        talentmatch.Error
            When the pairing holds a number JSON cannot (never expected); nothing is written.
        OSError
            When the file cannot be written, naming the path or folder.

        Examples
        --------
        >>> import json
        >>> import talentmatch as tm
        >>> problem = tm.data.fuyun()
        >>> data = json.loads(tm.place_trainees(problem).to_json())
        >>> data["format"], data["kind"], list(data["assignments"][0])[:3], data["certificate"]["ok"]
        ('talentmatch-plan/1', 'placements', ['staff', 'host', 'value'], True)
        """
        indent = _count(indent, "indent", -1)
        if path is None:
            return _core.pairing_json(self._core, indent)
        _core.save_pairing(self._core, os.fspath(path), indent)
        return None

    def to_table(self, colour: bool = False, max_rows: int | None = None) -> str:
        """The pairing as a terminal table (C++ ``talentmatch::io::render_pairing_table``, what ``talentmatch
        mentor`` and ``talentmatch place`` print): the headline, the pairs with the goals each partner teaches, the
        staff left unpaired and why, the goals no partner covers (the recruiting brief), each partner's places and
        shadow price, and stability.

        Columns line up by display width, as in :meth:`talentmatch.Plan.to_table`.

        Parameters
        ----------
        colour : bool, default False
            ANSI colours and bold, for a terminal (``sys.stdout.isatty()``).
        max_rows : int, optional
            The most rows of each table (the rest are counted); every row when None.

        Returns
        -------
        str
            Lines ending with a newline.

        Raises
        ------
        talentmatch.Error
            When ``colour`` is not a bool or ``max_rows`` not a whole number >= 1; the message names it.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-sun", "name": "孙明", "available_months": 9, "mentor_capacity": 1,
        ...                     "skills": {"icu": 6}}],
        ...        "posts": [],
        ...        "staff": [{"id": "s-ma", "unit": "hospital", "skills": {"icu": 2},
        ...                   "goals": [{"skill": "icu", "target_level": 5, "importance": 4}]}]}
        >>> print(tm.pair_mentors(tm.Problem.from_json(doc)).to_table())  # doctest: +NORMALIZE_WHITESPACE
        Pairing (mentors, one_to_many): 1/1 staff paired, objective 12, certificate ok (gap 0)
        1 pair with 1 mentor (1/1 places used), 0 staff unpaired, 0 skills no mentor covers
        <BLANKLINE>
        Pairs
          mentor  name  staff  unit      value  goals taught (now->target)
          e-sun   孙明  s-ma   hospital     12  icu 2->5
        <BLANKLINE>
        Unpaired staff
          none: every staff member is paired
        <BLANKLINE>
        Goals no mentor covers (recruiting brief)
          none: every goal has a mentor who can teach it
        <BLANKLINE>
        Mentors: places and shadow prices
          mentor  name  capacity  used  shadow price
          e-sun   孙明         1     1             0
        <BLANKLINE>
        Stability
          the pairing of most value (not asked to be stable)
          0 blocking pairs under the preferences (the prefers lists, then pair values): it is stable too
        <BLANKLINE>
        """
        colour = _flag(colour, "colour")
        rows = 0 if max_rows is None else _count(max_rows, "max_rows", 1)
        return _core.render_pairing_table(self._core, self._problem._core, colour, rows)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """The pairing as one self-contained HTML report (C++ ``talentmatch::io::render_pairing_html``, what
        ``talentmatch mentor --format html`` writes), as text or written to a file.

        The report has the headline numbers (staff paired, objective, certificate, places used), the staff paired
        by unit, the pairs with the goals each teaches, the staff left unpaired and why, the goals no partner covers
        (the recruiting brief), each partner's places and shadow price, and stability. Inline CSS and SVG only, no
        script and no URL: it opens offline and fetches nothing.

        Parameters
        ----------
        path : str or os.PathLike, optional
            Where to write it, whole or not at all (C++ ``talentmatch::io::write_file_atomically``: a new file
            beside it, flushed, then renamed over ``path``), so a failure leaves any earlier file untouched.

        Returns
        -------
        str or None
            The document when ``path`` is None, else None.

        Raises
        ------
        OSError
            When the file cannot be written (FileNotFoundError for a missing folder, PermissionError, ...), naming
            the path or folder.

        Examples
        --------
        >>> import os, tempfile
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}], "experts": [], "posts": [],
        ...        "staff": [{"id": "s-ma", "unit": "hospital", "goals": [{"skill": "icu", "target_level": 4}]}],
        ...        "hosts": [{"id": "h-hmu", "capacity": 1, "offers": {"icu": 6}}]}
        >>> placements = tm.place_trainees(tm.Problem.from_json(doc))
        >>> text = placements.to_html()
        >>> text.startswith("<!DOCTYPE html>"), "<title>Training placements</title>" in text, "http" in text
        (True, True, False)
        >>> folder = tempfile.mkdtemp()
        >>> placements.to_html(os.path.join(folder, "placements.html"))
        >>> os.listdir(folder)
        ['placements.html']
        """
        text = _core.render_pairing_html(self._core, self._problem._core, False)
        if path is None:
            return text
        _core.write_file_atomically(os.fspath(path), text)
        return None

    def _repr_html_(self) -> str | None:
        """Compact inline HTML for Jupyter (C++ ``talentmatch::io::render_pairing_html`` with ``compact``: the
        headline, the first pairs and unpaired staff, the uncovered goals; no script, no external resource); None
        above :attr:`HTML_LIMIT` assignments, so that Jupyter shows :meth:`__repr__` instead."""
        if len(self._core.assignments) > self.HTML_LIMIT:
            return None
        return _core.render_pairing_html(self._core, self._problem._core, True)

    def __repr__(self) -> str:
        status = "certified" if self._core.cert.ok else "certificate failed"
        out = (
            f"PairingPlan({self.kind}: {self.paired}/{self.staff} staff paired, objective {self.objective:.10g}, "
            f"{status}"
        )
        if self.stable:
            out += f"; stable, costs {self.stability_cost:.10g}"
        return out + ")"
