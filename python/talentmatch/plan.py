"""Post plans (DESIGN.md section 7): :func:`match` turns a :class:`~talentmatch.Problem` into a :class:`Plan`.

A :class:`Plan` is a thin wrapper over ``talentmatch._core.Plan``, the C++ ``talentmatch::plan::plan`` that the
matcher (``include/talentmatch/plan/matcher.hpp``) returns: the same code the command line and C++ users call, so
the three never disagree. Its properties are plain Python values (lists and dicts of str, float, int, bool and
None) with the keys of the plan JSON (:meth:`Plan.to_json`, format ``talentmatch-plan/1``), so a dict read from a
``Plan`` and one read from its JSON text are equal.

Examples
--------
>>> import talentmatch as tm
>>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}, {"id": "math", "name": "Mathematics"}],
...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}},
...                    {"id": "e-chen", "available_months": 9, "skills": {"math": 6}}],
...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 2, "priority": 4,
...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]},
...                  {"id": "p-math", "department": "education", "unit": "school", "slots": 1, "priority": 3,
...                   "requires": [{"skill": "math", "importance": 4, "min_level": 5}]}]}
>>> plan = tm.match(tm.Problem.from_json(doc))
>>> plan
Plan(posts: 2/3 slots filled, objective 7, certified)
>>> [(a["expert"], a["post"], a["value"]) for a in plan.assignments]
[('e-sun', 'p-icu', 4.0), ('e-chen', 'p-math', 3.0)]
>>> [(u["post"], u["slots"], [m["skill"] for m in u["missing"]]) for u in plan.unfilled]
[('p-icu', 1, ['icu'])]
"""

from __future__ import annotations

import math
import numbers
import os
from typing import Any

from talentmatch import _core
from talentmatch._core import Error
from talentmatch.problem import Explanation, Problem
from talentmatch.solution import Certificate, _certificate

__all__ = ["Plan", "match"]

_INT64_MAX = 2**63 - 1


def _flag(value: Any, name: str) -> bool:
    """``value`` as a bool, or tm.Error naming the argument: only True and False (numpy's too), never 0 or "yes"."""
    if isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_")):
        return bool(value)
    raise Error(f"{name} must be True or False, got {type(value).__name__} {value!r}")


def _count(value: Any, name: str, minimum: int) -> int:
    """``value`` as an int >= minimum, or tm.Error naming the argument; bools and floats are refused (a float of
    3.0 is most likely a computed value that was meant to be whole, and is one step from 2.9999)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise Error(f"{name} must be a whole number (int) >= {minimum}, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise Error(f"{name} must be >= {minimum}, got {int(value)}")
    if value > _INT64_MAX:  # the C++ side counts in std::ptrdiff_t
        raise Error(f"{name} must be at most {_INT64_MAX}, got {int(value)}")
    return int(value)


def _problem(value: Any, name: str) -> Problem:
    if not isinstance(value, Problem):
        raise Error(
            f"{name} must be a talentmatch.Problem (use Problem.from_json or Problem.from_frames), "
            f"got {type(value).__name__}"
        )
    return value


def _pandas(what: str) -> Any:
    """pandas, imported only when a frame is asked for (it is an optional dependency)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(f"Plan.{what} needs pandas: pip install pandas (or talentmatch[frames])") from None
    return pd


def _restore(core: _core.Plan, problem: Problem, alternates: int, closest: int) -> Plan:
    """A pickled :class:`Plan`, loaded (``Plan.__reduce__``)."""
    return Plan(core, problem, alternates=alternates, closest=closest)


def match(problem: Problem, *, fill_first: bool = False, alternates: int = 3, closest: int = 5) -> Plan:
    """The optimal post plan of a problem: scoring, the flow network and an exact min-cost flow, with its reports.

    Parameters
    ----------
    problem : talentmatch.Problem
        The validated document.
    fill_first : bool, default False
        ``False``: the most total value; a slot stays empty rather than take a pair that adds no value (unless a
        ``min_fill`` or a quota's ``min`` needs it). ``True``: as many filled slots as the rules allow, then the
        most value among those plans.
    alternates : int, default 3
        Per post, how many feasible experts not in it to list, each with the value the plan loses if that expert
        is put there (:attr:`Plan.alternates`).
    closest : int, default 5
        Per unfilled post, how many of the experts of highest fit not in it to list, each with the rule that keeps
        it out (:attr:`Plan.unfilled`).

    Returns
    -------
    Plan
        The plan, with its certificate of optimality.

    Raises
    ------
    talentmatch.Error
        When an argument has the wrong type or value; the message names the argument.
    talentmatch.InfeasibleError
        When no plan meets the rules (a ``require`` pair, a ``min_fill`` or a quota that cannot be met); the message
        names the post or the constraint.

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
    >>> plan = tm.match(tm.Problem.from_json(doc))
    >>> plan.objective, plan.filled, plan.certificate.ok
    (3.0, 1, True)
    >>> tm.match(doc)
    Traceback (most recent call last):
    ...
    talentmatch._core.Error: problem must be a talentmatch.Problem (...), got dict
    """
    problem = _problem(problem, "problem")
    fill_first = _flag(fill_first, "fill_first")
    alternates = _count(alternates, "alternates", 0)
    closest = _count(closest, "closest", 0)
    core = _core.match(problem._core, fill_first, alternates, closest)
    return Plan(core, problem, alternates=alternates, closest=closest)


class Plan:
    """A post plan: who goes where and why, what stays unmet and whom to recruit, what each slot and quota is worth,
    and the certificate that proves the plan optimal.

    Made by :func:`match`, :meth:`replan` and :meth:`alternatives`; read-only. Every property returns new Python
    objects, so changing a returned list or dict changes nothing in the plan.

    A ``Plan`` pickles (``pickle``, ``copy.deepcopy``, multiprocessing, Dask's ``client.map(tm.match, problems)``)
    as its JSON text (:meth:`to_json`, read back whole) and its problem; the loaded plan equals the original in
    everything but :attr:`timings` (zeros) and :attr:`warm_started` (False): its :meth:`replan` starts cold, to the
    same optimum.

    Parameters
    ----------
    core : talentmatch._core.Plan
        The C++ plan.
    problem : talentmatch.Problem
        The problem it plans.
    alternates, closest : int
        The settings it was made with, which :meth:`replan` and :meth:`alternatives` use again.

    Attributes
    ----------
    kind : str
        ``"posts"``.
    objective : float
        The total value of the assignments.
    certificate : talentmatch.Certificate
        The flow's optimality certificate.
    fill_first, slots, filled, assignments, unfilled, unassigned, alternates, shadow_prices, constraint_prices,
    diff, switching_cost, warm_started, timings, problem
        See each property.
    HTML_LIMIT : int
        Above this many assignments, :meth:`_repr_html_` returns None (Jupyter then shows :meth:`__repr__`).

    Examples
    --------
    >>> import talentmatch as tm
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}},
    ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
    >>> plan = tm.match(tm.Problem.from_json(doc))
    >>> plan
    Plan(posts: 1/1 slots filled, objective 4, certified)
    >>> list(plan.shadow_prices), list(plan.shadow_prices["posts"])
    (['posts', 'constraints'], ['p-icu'])
    >>> [(a["expert"], a["loss"]) for a in plan.alternates["p-icu"]]
    [('e-liu', 1.0)]
    """

    __slots__ = ("_core", "_problem", "_alternates", "_closest")

    HTML_LIMIT = 500

    def __init__(self, core: _core.Plan, problem: Problem, *, alternates: int = 3, closest: int = 5) -> None:
        if not isinstance(core, _core.Plan):
            raise TypeError("use talentmatch.match to make a Plan")
        self._core = core
        self._problem = _problem(problem, "problem")
        self._alternates = _count(alternates, "alternates", 0)
        self._closest = _count(closest, "closest", 0)

    # --- Headline ---------------------------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        """``"posts"``: a plan of experts in posts."""
        return self._core.kind

    @property
    def problem(self) -> Problem:
        """The problem the plan solves."""
        return self._problem

    @property
    def objective(self) -> float:
        """The total value of the assignments (priority * fit + bonus, summed)."""
        return self._core.objective

    @property
    def certificate(self) -> Certificate:
        """The flow's optimality certificate on the problem the plan solved: ``ok``, ``gap`` (``|primal - dual|``),
        the most negative reduced cost, the largest slackness violation, the tolerance, and what failed
        (``message``, empty when ``ok``)."""
        return _certificate(self._core.cert)

    @property
    def fill_first(self) -> bool:
        """Whether the plan fills the most slots first (see :func:`match`)."""
        return self._core.fill_first

    @property
    def slots(self) -> int:
        """Slots over all posts."""
        return self._core.slots

    @property
    def filled(self) -> int:
        """Slots the plan fills (the number of assignments)."""
        return self._core.filled

    # --- Contents ---------------------------------------------------------------------------------------------

    @property
    def assignments(self) -> list[dict[str, Any]]:
        """One dict per expert in a post, by expert (document order) then post: ``expert``, ``post``, ``value``,
        ``fit``, ``department``, ``unit``, ``required`` (a ``require`` pair put it there) and ``reason`` (one
        line: the fit, the requirements met, the rule that forced it)."""
        return self._core.assignments

    @property
    def unfilled(self) -> list[dict[str, Any]]:
        """The recruiting brief: one dict per post with slots left empty, in post order.

        ``post``, ``slots`` (left empty), ``filled``, ``department``, ``unit``; ``missing``: the requirements no
        available expert brings (``skill``, ``level`` required, ``best_available``, ``importance``,
        ``essential``); ``closest``: the experts of highest fit not in the post, best first (``expert``, ``fit``,
        ``value``, ``feasible``, ``rule``, ``blocked_by`` and the detail fields of the rule: ``skill``, ``level``,
        ``min_level`` for ``"essential"``, ``level`` and ``min_level`` (months) for ``"months"``, ``by_post`` and
        ``by_value`` for ``"outbid"`` and ``"needed"``, ``constraint`` for ``"quota"`` (and ``"needed"`` when a
        constraint's min holds the expert); ``province`` and ``institution`` when
        known); ``provinces`` and ``institutions``: where the closest came from, each once."""
        return self._core.unfilled

    @property
    def unassigned(self) -> list[dict[str, Any]]:
        """One dict per expert the plan does not use: ``expert``, ``reason`` (``"no_feasible_post"``,
        ``"outbid"``, ``"quota"``, ``"value"``), ``explanation`` (a sentence), ``best_post`` (the feasible post of
        highest value, None when there is none) and ``best_value``."""
        return self._core.unassigned

    @property
    def alternates(self) -> dict[str, list[dict[str, Any]]]:
        """Per post (with at least one), the feasible experts not in it that are cheapest to put there: ``expert``,
        ``value``, ``fit``, ``loss`` (the value the plan loses when the expert is put there and the rest re-planned;
        0: an equally good plan does it) and ``exact`` (False only on networks too large to search whole: then
        ``loss`` is that of one valid exchange, an upper bound); by loss, then value."""
        return self._core.alternates

    @property
    def shadow_prices(self) -> dict[str, dict[str, float]]:
        """``{"posts": {post: price}, "constraints": {name: price}}``: what one more slot of each post is worth,
        and one unit of relaxation of each constraint at a bound (see :attr:`constraint_prices`)."""
        return {
            "posts": self._core.post_prices,
            "constraints": {c["name"]: c["price"] for c in self._core.constraint_prices},
        }

    @property
    def constraint_prices(self) -> list[dict[str, Any]]:
        """The constraints at a bound, in document order: ``name``, ``side``, ``bound`` (``"max"`` or ``"min"``),
        ``load`` (the pairs its members hold) and ``price``."""
        return self._core.constraint_prices

    @property
    def diff(self) -> dict[str, Any] | None:
        """For a plan from :meth:`replan`, what changed against the old plan: ``kept``, ``added``, ``removed``
        (assignment dicts, matched by expert and post id), ``moved`` (``expert``, ``from``, ``to``) and
        ``value_change`` (new objective - old); None for any other plan."""
        return self._core.diff

    @property
    def switching_cost(self) -> float:
        """The bonus each kept pair earned in the solve of :meth:`replan`; 0 for any other plan."""
        return self._core.switching_cost

    @property
    def warm_started(self) -> bool:
        """Whether the solve of :meth:`replan` started from the old plan's flow and duals (it does whenever a
        switching cost is given and the old plan came from this session, not from JSON), searching again only what
        the change displaced; the plan is optimal either way."""
        return self._core.warm_started

    @property
    def timings(self) -> dict[str, float]:
        """Seconds spent in each step: ``validate``, ``score``, ``graph``, ``solve``, ``report``."""
        return self._core.timings

    # --- Frames and files -------------------------------------------------------------------------------------

    def to_frame(self) -> Any:
        """The assignments as a pandas DataFrame, one row per assignment.

        Parameters
        ----------
        none

        Returns
        -------
        pandas.DataFrame
            Columns ``expert``, ``post``, ``department``, ``unit``, ``value``, ``fit`` (float64), ``required``
            (bool) and ``reason``, in the order of :attr:`assignments`.

        Raises
        ------
        ImportError
            When pandas is not installed.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> tm.match(tm.Problem.from_json(doc)).to_frame()[["expert", "post", "value", "fit"]]
          expert   post  value  fit
        0  e-sun  p-icu    1.0  1.0
        """
        pd = _pandas("to_frame")
        rows = self.assignments
        columns = {
            "expert": ("expert", object),
            "post": ("post", object),
            "department": ("department", object),
            "unit": ("unit", object),
            "value": ("value", "float64"),
            "fit": ("fit", "float64"),
            "required": ("required", bool),
            "reason": ("reason", object),
        }
        return pd.DataFrame(
            {name: pd.Series([r[key] for r in rows], dtype=dtype) for name, (key, dtype) in columns.items()}
        )

    def unfilled_frame(self) -> Any:
        """The recruiting brief as a pandas DataFrame, one row per unfilled post.

        Parameters
        ----------
        none

        Returns
        -------
        pandas.DataFrame
            Columns ``post``, ``department``, ``unit``, ``slots`` (left empty), ``filled`` (int64), ``missing``
            (the skills no available expert brings), ``closest`` (the ids of the closest experts, best first),
            ``provinces`` and ``institutions`` (where they came from), each of the last four a comma-separated
            str (``""`` when empty). :attr:`unfilled` has the details.

        Raises
        ------
        ImportError
            When pandas is not installed.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "province": "Heilongjiang", "available_months": 6,
        ...                     "skills": {"icu": 3}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 2,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4, "essential": True}]}]}
        >>> frame = tm.match(tm.Problem.from_json(doc)).unfilled_frame()
        >>> frame[["post", "slots", "filled", "missing", "closest", "provinces"]]
            post  slots  filled missing closest     provinces
        0  p-icu      2       0     icu   e-liu  Heilongjiang
        """
        pd = _pandas("unfilled_frame")
        rows = self.unfilled

        def joined(values: list[str]) -> str:
            return ", ".join(values)

        data = {
            "post": pd.Series([u["post"] for u in rows], dtype=object),
            "department": pd.Series([u["department"] for u in rows], dtype=object),
            "unit": pd.Series([u["unit"] for u in rows], dtype=object),
            "slots": pd.Series([u["slots"] for u in rows], dtype="int64"),
            "filled": pd.Series([u["filled"] for u in rows], dtype="int64"),
            "missing": pd.Series([joined([m["skill"] for m in u["missing"]]) for u in rows], dtype=object),
            "closest": pd.Series([joined([c["expert"] for c in u["closest"]]) for u in rows], dtype=object),
            "provinces": pd.Series([joined(u["provinces"]) for u in rows], dtype=object),
            "institutions": pd.Series([joined(u["institutions"]) for u in rows], dtype=object),
        }
        return pd.DataFrame(data)

    def to_json(self, path: str | os.PathLike[str] | None = None, indent: int = 2) -> str | None:
        """The plan as JSON (format ``talentmatch-plan/1``, DESIGN.md section 7), as text or written to a file.

        Parameters
        ----------
        path : str or os.PathLike, optional
            Where to write it, whole or not at all (C++ ``talentmatch::io::save_plan``: a new file beside it,
            flushed, then renamed over ``path``), so a failure leaves any earlier file untouched and no temporary
            file behind.
        indent : int, default 2
            Spaces per level; ``-1`` for one line.

        Returns
        -------
        str or None
            The text (ending with a newline) when ``path`` is None, else None.

        Raises
        ------
        talentmatch.Error
            When the plan holds a number JSON cannot (NaN or infinity; never expected): the message names its JSON
            pointer, and nothing is written.
        OSError
            When the file cannot be written (FileNotFoundError for a missing folder, PermissionError, ...), naming
            the path or folder.

        Examples
        --------
        >>> import json, os, tempfile
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> plan = tm.match(tm.Problem.from_json(doc))
        >>> data = json.loads(plan.to_json())
        >>> data["format"], data["objective"], data["assignments"][0]["post"], data["certificate"]["ok"]
        ('talentmatch-plan/1', 1.0, 'p-icu', True)
        >>> folder = tempfile.mkdtemp()
        >>> plan.to_json(os.path.join(folder, "plan.json"))
        >>> os.listdir(folder)
        ['plan.json']
        """
        indent = _count(indent, "indent", -1)
        if path is None:
            return _core.plan_json(self._core, indent)
        _core.save_plan(self._core, os.fspath(path), indent)
        return None

    # --- Questions --------------------------------------------------------------------------------------------

    def explain(self, expert: str, post: str) -> Explanation:
        """Why ``expert`` scores as it does for ``post`` (:meth:`talentmatch.Problem.explain` on the plan's
        problem).

        Parameters
        ----------
        expert, post : str
            Ids of the plan's problem.

        Returns
        -------
        talentmatch.Explanation
            Each requirement's status, weight and share of the fit, and the rules that apply.

        Raises
        ------
        talentmatch.Error
            When either id is unknown; the message names it.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 3}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 4,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> e = tm.match(tm.Problem.from_json(doc)).explain("e-liu", "p-icu")
        >>> e["fit"], [(r["skill"], r["status"]) for r in e["requirements"]]
        (0.75, [('icu', 'partial')])
        """
        return self._problem.explain(expert, post)

    def replan(self, new_problem: Problem, *, switching_cost: float = 0.0) -> Plan:
        """The plan after the document changed (an expert left, a post was added, slots or quotas changed).

        Pairs are matched to this plan by expert and post id; every one still feasible earns ``switching_cost`` in
        the solve, so a pair moves only when moving gains more than that. The settings of this plan
        (``fill_first``, ``alternates``, ``closest``) are used again.

        Parameters
        ----------
        new_problem : talentmatch.Problem
            The changed document.
        switching_cost : float, default 0.0
            What keeping a pair is worth, in the units of the values; finite and >= 0. 0 gives
            ``match(new_problem)``.

        Returns
        -------
        Plan
            The new plan; its :attr:`diff` says what was kept, added, removed and moved, and the value change. Its
            objective is the plain total value (without the switching cost).

        Raises
        ------
        talentmatch.Error
            When an argument has the wrong type or value; the message names it.
        talentmatch.InfeasibleError
            When no plan meets the new document's rules.

        Examples
        --------
        >>> import copy
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 4}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 5}]}]}
        >>> plan = tm.match(tm.Problem.from_json(doc))
        >>> [a["expert"] for a in plan.assignments]
        ['e-sun']
        >>> changed = copy.deepcopy(doc)
        >>> del changed["experts"][1]  # e-sun leaves
        >>> new = plan.replan(tm.Problem.from_json(changed), switching_cost=0.5)
        >>> [a["expert"] for a in new.diff["added"]], [a["expert"] for a in new.diff["removed"]]
        (['e-liu'], ['e-sun'])
        >>> round(new.diff["value_change"], 3)
        -0.2
        """
        new_problem = _problem(new_problem, "new_problem")
        if isinstance(switching_cost, bool) or not isinstance(switching_cost, numbers.Real):
            raise Error(
                f"switching_cost must be a finite number >= 0, got {type(switching_cost).__name__} {switching_cost!r}"
            )
        cost = float(switching_cost)
        if not math.isfinite(cost) or cost < 0:
            raise Error(f"switching_cost must be a finite number >= 0, got {cost!r}")
        core = _core.replan(self._core, new_problem._core, cost, self.fill_first, self._alternates, self._closest)
        return Plan(core, new_problem, alternates=self._alternates, closest=self._closest)

    def alternatives(self, k: int) -> list[Plan]:
        """The ``k`` best distinct plans of the plan's problem, best first, ranked as this plan was made
        (``fill_first`` or not).

        Parameters
        ----------
        k : int
            How many, >= 1. Fewer come back when the problem has fewer distinct plans.

        Returns
        -------
        list of Plan
            Best first; the first has this plan's pairs (or an equally good plan's).

        Raises
        ------
        talentmatch.Error
            When ``k`` is not a whole number >= 1.

        Examples
        --------
        >>> import talentmatch as tm
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-liu", "available_months": 6, "skills": {"icu": 4}},
        ...                    {"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 5}]}]}
        >>> plans = tm.match(tm.Problem.from_json(doc)).alternatives(2)
        >>> [[a["expert"] for a in p.assignments] for p in plans]
        [['e-sun'], ['e-liu']]
        """
        k = _count(k, "k", 1)
        cores = _core.alternatives(self._problem._core, self._core, k, self.fill_first, self._alternates, self._closest)
        return [Plan(c, self._problem, alternates=self._alternates, closest=self._closest) for c in cores]

    # --- Pickling ---------------------------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        # The C++ plan pickles as its JSON text and the problem as its own; both are read and validated again on
        # loading, so a tampered pickle raises instead of making a Plan that is not one.
        return (_restore, (self._core, self._problem, self._alternates, self._closest))

    # --- Display ----------------------------------------------------------------------------------------------

    def __repr__(self) -> str:
        cert = self._core.cert
        status = "certified" if cert.ok else "certificate failed"
        out = f"Plan({self.kind}: {self.filled}/{self.slots} slots filled, objective {self.objective:.10g}, {status}"
        diff = self._core.diff
        if diff is not None:
            out += (
                f"; {len(diff['kept'])} kept, {len(diff['added'])} added, {len(diff['removed'])} removed, "
                f"{len(diff['moved'])} moved"
            )
        return out + ")"

    def to_table(self, colour: bool = False, max_rows: int | None = None) -> str:
        """The plan as a terminal table (C++ ``talentmatch::io::render_table``, what ``talentmatch match`` prints):
        the headline, the assignments, the unfilled posts with their recruiting briefs and the binding constraints.

        Columns line up by display width, so Chinese, Japanese and Korean names (two terminal columns a character)
        stay aligned; a cell too long for its column is cut with an ellipsis.

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
        ...        "experts": [{"id": "e-sun", "name": "孙明", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "卫生健康委员会", "unit": "县人民医院", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> print(tm.match(tm.Problem.from_json(doc)).to_table())  # doctest: +NORMALIZE_WHITESPACE
        Plan (posts): 1/1 slots filled, objective 1, certificate ok (gap 0)
        1 assignment, 0 posts with empty slots (0 slots), 0 experts unassigned
        <BLANKLINE>
        Assignments
          expert  name  post   department      unit        value    fit
          e-sun   孙明  p-icu  卫生健康委员会  县人民医院      1  1.000
        <BLANKLINE>
        Unfilled posts
          none: every slot is filled
        <BLANKLINE>
        Binding constraints
          none
        <BLANKLINE>
        """
        colour = _flag(colour, "colour")
        rows = 0 if max_rows is None else _count(max_rows, "max_rows", 1)
        return _core.render_table(self._core, self._problem._core, colour, rows)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """The plan as one self-contained HTML report (C++ ``talentmatch::io::render_html``, what ``talentmatch
        match --format html`` writes), as text or written to a file.

        The report has the headline numbers (slots filled, objective, certificate), the fill rate and value by
        department (an inline SVG chart), the assignments, the unfilled posts with their recruiting briefs, the
        skills most in short supply, the experts left unassigned and the shadow prices of posts and binding
        constraints. Inline CSS and SVG only, no script and no URL: it opens offline and fetches nothing.

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
        >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
        ...        "experts": [{"id": "e-sun", "available_months": 9, "skills": {"icu": 5}}],
        ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
        ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
        >>> plan = tm.match(tm.Problem.from_json(doc))
        >>> text = plan.to_html()
        >>> text.startswith("<!DOCTYPE html>"), "e-sun" in text, "http" in text
        (True, True, False)
        >>> folder = tempfile.mkdtemp()
        >>> plan.to_html(os.path.join(folder, "report.html"))
        >>> os.listdir(folder)
        ['report.html']
        """
        text = _core.render_html(self._core, self._problem._core, False)
        if path is None:
            return text
        _core.write_file_atomically(os.fspath(path), text)
        return None

    def _repr_html_(self) -> str | None:
        """Compact inline HTML for Jupyter (C++ ``talentmatch::io::render_html`` with ``compact``: the headline,
        fill by department, the first assignments and the unfilled posts; no script, no external resource); None
        above :attr:`HTML_LIMIT` assignments, so that Jupyter shows :meth:`__repr__` instead."""
        if len(self._core.assignments) > self.HTML_LIMIT:
            return None
        return _core.render_html(self._core, self._problem._core, True)
