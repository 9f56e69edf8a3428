"""National scale (DESIGN.md section 12): the exact plan of a problem whose experts are scored and priced in parts,
on a Dask cluster or on local threads, and scenario sweeps.

:func:`match` gives the plan :func:`talentmatch.match` gives, with the same objective and a certificate that covers
every expert-post pair, without ever holding all the pairs in one place:

1. The experts are cut into ``partitions`` ranges. Each part (its experts, every post, the taxonomy, the settings
   and its pair rules: ``_core.expert_slice``) is scored where it runs, with the C++ scoring (the GIL released), and
   its candidate pairs stay there.
2. Each part sends the driver its best ``candidates`` pairs per expert, its best ``candidates`` per post and its
   ``require`` pairs. The driver solves the plan on their union exactly, with the flow solver of
   :func:`talentmatch.match` (``_core.match_candidates``: the same graph, rules and reports on fewer pairs).
3. **Pricing**: the plan's duals go out (``_core.pair_duals``), each part computes the reduced cost of every one of
   its pairs and returns those below the certificate's tolerance (pairs that could improve the plan); they are added
   and the plan is solved again, warm from the last one. When no part returns one, the duals are feasible for every
   pair, so the plan is optimal for the whole problem (column generation: the pair arcs are the only part of the
   flow's linear program that depends on which pairs are candidates).

If the plan on the candidates is infeasible (a ``min_fill`` or a quota minimum that needs pairs left out), the parts
send twice as many per expert and per post, until they have sent all their pairs; the infeasibility is then the
problem's own and is raised with :func:`talentmatch.match`'s message.

On Dask, the scored parts are futures held by the workers (the scheduler sends each pricing task where its part
is), each task is a pure function of its inputs, and a part lost with its worker is scored again from the problem:
the plan is not lost. ``progress=True`` shows Dask's own progress bar for each phase.

Examples
--------
>>> import talentmatch as tm
>>> from talentmatch import distributed
>>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
...        "experts": [{"id": f"e{i}", "available_months": 6, "skills": {"icu": 2 + i % 5}} for i in range(40)],
...        "posts": [{"id": f"p{j}", "department": "health", "unit": "hospital", "slots": 2, "priority": 1 + j,
...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]} for j in range(5)]}
>>> problem = tm.Problem.from_json(doc)
>>> plan = distributed.match(problem, partitions=4, candidates=2)
>>> plan.objective == tm.match(problem).objective, plan.pricing["ok"]
(True, True)
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from talentmatch import _core
from talentmatch._core import Error, InfeasibleError
from talentmatch.plan import Plan, _count, _flag, _problem
from talentmatch.plan import match as _match
from talentmatch.problem import Problem

__all__ = ["DistributedPlan", "match", "match_frames", "sweep"]


# --- What runs on the workers (module-level functions: Dask pickles them by reference) ----------------------------


class _Pairs:
    """A part's candidate pairs, in the whole problem's expert indices: what a worker keeps between rounds."""

    __slots__ = ("expert", "post", "value", "fit", "required")

    def __init__(self, expert: np.ndarray, post: np.ndarray, value: np.ndarray, fit: np.ndarray, required: np.ndarray):
        self.expert, self.post, self.value, self.fit, self.required = expert, post, value, fit, required

    def take(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return self.expert[mask], self.post[mask], self.value[mask], self.fit[mask]

    def __len__(self) -> int:
        return len(self.expert)


def _score_part(part: Problem, offset: int) -> _Pairs:
    """Scores one part (the C++ scoring, the GIL released) and marks its require pairs."""
    c = _core.score_candidates(part._core)
    expert = np.asarray(c.expert, dtype=np.int64)
    post = np.asarray(c.post, dtype=np.int64)
    required = np.zeros(len(expert), dtype=bool)
    re, rq = _core.required_pairs(part._core)
    if len(re):
        m = max(int(c.posts), 1)
        at = np.searchsorted(expert * m + post, re * m + rq)
        required[at] = True  # scoring makes every require pair a candidate
    return _Pairs(expert + offset, post, np.asarray(c.value), np.asarray(c.fit), required)


class _Unscored:
    """A part scored anew whenever it is read (``keep_pairs=False`` on local threads): only the parts being read
    hold their pairs."""

    __slots__ = ("part", "offset", "size")

    def __init__(self, part: Problem, offset: int) -> None:
        self.part, self.offset, self.size = part, offset, None

    def pairs(self) -> _Pairs:
        pairs = _score_part(self.part, self.offset)
        self.size = len(pairs)
        return pairs

    def __len__(self) -> int:
        return len(self.pairs()) if self.size is None else self.size


def _pairs_of(pairs: _Pairs | _Unscored) -> _Pairs:
    return pairs.pairs() if isinstance(pairs, _Unscored) else pairs


def _best(pairs: _Pairs | _Unscored, k: int) -> tuple[tuple[np.ndarray, ...], bool]:
    """The part's best ``k`` pairs per expert and per post (by value, ties to the lower index) and its require
    pairs; and whether that is all of them."""
    pairs = _pairs_of(pairs)
    n = len(pairs)
    if n == 0:
        return pairs.take(np.zeros(0, dtype=bool)), True
    keep = pairs.required.copy()
    neg = -pairs.value
    for group, other in ((pairs.expert, pairs.post), (pairs.post, pairs.expert)):
        order = np.lexsort((other, neg, group))
        g = group[order]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        rank = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        keep[order[rank < k]] = True
    return pairs.take(keep), bool(keep.all())


def _price(
    pairs: _Pairs | _Unscored, u: np.ndarray, offset: int, v: np.ndarray, tol: float, used: np.ndarray
) -> tuple[tuple[np.ndarray, ...], float]:
    """The part's pairs outside the plan whose reduced cost against the duals is below ``-tol`` (they could improve
    the plan), and the smallest reduced cost over its pairs outside the plan (inf when there are none). ``used``:
    the keys ``expert * posts + post`` of the plan's pairs in this part, sorted; they may price below 0 (a pair is
    used at most once) and are left out."""
    pairs = _pairs_of(pairs)
    r = -pairs.value - u[pairs.expert - offset] - v[pairs.post]
    if len(used):
        r[np.isin(pairs.expert * max(len(v), 1) + pairs.post, used, assume_unique=True)] = math.inf
    if len(r) == 0:
        return pairs.take(np.zeros(0, dtype=bool)), math.inf
    return pairs.take(r < -tol), float(r.min())


# --- Where the tasks run -----------------------------------------------------------------------------------------


class _Local:
    """The parts on local threads (the scoring and the numpy work release the GIL)."""

    def __init__(self, workers: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="talentmatch")

    def map(self, fn: Callable[..., Any], *args: Sequence[Any], phase: str) -> list[Any]:
        return [f.result() for f in [self.pool.submit(fn, *a) for a in zip(*args)]]

    def gather(self, handles: list[Any]) -> list[Any]:
        return handles

    def wait(self, handles: list[Any]) -> None:
        pass

    def close(self) -> None:
        self.pool.shutdown()


class _Dask:
    """The parts on a dask.distributed Client: scored parts stay on the workers as futures."""

    def __init__(self, client: Any, progress: bool) -> None:
        self.client, self.progress = client, progress

    def map(self, fn: Callable[..., Any], *args: Sequence[Any], phase: str) -> list[Any]:
        futures = self.client.map(fn, *args, pure=False, key=[f"talentmatch-{phase}-{k}" for k in range(len(args[0]))])
        if self.progress:
            from distributed import progress

            progress(futures)
        return futures

    def gather(self, handles: list[Any]) -> list[Any]:
        return self.client.gather(handles)

    def wait(self, handles: list[Any]) -> None:
        from distributed import wait

        wait(handles)

    def close(self) -> None:
        pass


def _unique_keys(phase: str) -> str:
    return f"{phase}-{time.monotonic_ns()}"


# --- The result ----------------------------------------------------------------------------------------------------


class DistributedPlan(Plan):
    """A :class:`~talentmatch.Plan` made by :func:`match` from parts, with the record of its pricing.

    Everything a :class:`~talentmatch.Plan` has, and :attr:`pricing`. The flow's :attr:`certificate` is on the
    pairs the plan was solved on; :attr:`pricing` extends it to every pair. The reports that read the solved graph
    (:attr:`alternates`) are drawn from those pairs, which hold every pair that priced below zero at any round and
    each part's best pairs per expert and per post.

    Attributes
    ----------
    pricing : dict
        See the property.

    Examples
    --------
    >>> import talentmatch as tm
    >>> from talentmatch import distributed
    >>> doc = {"skills": [{"id": "icu", "name": "Intensive care"}],
    ...        "experts": [{"id": f"e{i}", "available_months": 6, "skills": {"icu": 3 + i % 4}} for i in range(8)],
    ...        "posts": [{"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1, "priority": 5,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]},
    ...                  {"id": "p-ward", "department": "health", "unit": "hospital", "slots": 3, "priority": 2,
    ...                   "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]}]}
    >>> plan = distributed.match(tm.Problem.from_json(doc), partitions=2, candidates=1)
    >>> plan
    Plan(posts: 4/4 slots filled, objective 11, certified, 2 rounds over 2 parts)

    Each expert's best pair is p-icu, so the first plan lacked most p-ward pairs; one round of pricing added the
    6 that could improve it:

    >>> p = plan.pricing
    >>> p["ok"], p["pairs"], p["added"]
    (True, 16, [6])
    """

    __slots__ = ("_pricing",)

    def __init__(self, core: _core.Plan, problem: Problem, pricing: dict[str, Any], *, alternates: int, closest: int):
        super().__init__(core, problem, alternates=alternates, closest=closest)
        self._pricing = pricing

    @property
    def pricing(self) -> dict[str, Any]:
        """How the plan was proved optimal for every pair: ``ok`` (no pair of any part has a reduced cost below
        ``-tolerance`` against the plan's duals), ``min_reduced_cost`` over every pair, ``tolerance``, ``pairs``
        (every candidate pair, all parts), ``solved_pairs`` (the pairs the last plan was solved on), ``rounds``
        (solves), ``added`` (pairs each pricing round added), ``partitions``, ``candidates`` (per expert and per post,
        after any widening) and ``seconds`` by phase (``score``, ``select``, ``solve``, ``price``)."""
        return {
            k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
            for k, v in self._pricing.items()
        }

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self._core, self._problem, self._pricing, self._alternates, self._closest))

    def __repr__(self) -> str:
        base = super().__repr__()
        return base[:-1] + f", {self._pricing['rounds']} rounds over {self._pricing['partitions']} parts)"


_PRICING_KEYS = (
    "ok",
    "min_reduced_cost",
    "tolerance",
    "pairs",
    "solved_pairs",
    "rounds",
    "added",
    "partitions",
    "candidates",
    "seconds",
)


def _restore(core: _core.Plan, problem: Problem, pricing: Any, alternates: int, closest: int) -> DistributedPlan:
    """A pickled :class:`DistributedPlan`, loaded."""
    if not isinstance(pricing, dict) or any(k not in pricing for k in _PRICING_KEYS):
        raise Error(f"cannot load a DistributedPlan: its pricing record must be a dict with keys {_PRICING_KEYS}")
    return DistributedPlan(core, problem, dict(pricing), alternates=alternates, closest=closest)


# --- match -----------------------------------------------------------------------------------------------------


def _part_bounds(n: int, partitions: int) -> list[tuple[int, int]]:
    edges = np.linspace(0, n, partitions + 1).round().astype(np.int64)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])]


def _default_partitions(client: Any, n: int) -> int:
    if client is not None:
        threads = sum(client.nthreads().values()) or 1
        want = 2 * threads
    else:
        want = os.cpu_count() or 1
    # At most about 10^5 experts a part (the memory of one part's pairs), and parts of fewer than about 2000 cost
    # more in overhead than they save.
    want = max(want, math.ceil(n / 100_000))
    return max(1, min(want, math.ceil(n / 2000)))


def _merge(chunks: Iterable[tuple[np.ndarray, ...]], m: int) -> tuple[np.ndarray, ...]:
    """The union of candidate chunks, each pair once, by expert then post."""
    parts = list(chunks)
    if not parts:
        z = np.zeros(0, dtype=np.int64)
        return z, z, np.zeros(0), np.zeros(0)
    e, q, v, f = (np.concatenate([c[i] for c in parts]) for i in range(4))
    key = e * max(m, 1) + q
    _, first = np.unique(key, return_index=True)
    return e[first], q[first], v[first], f[first]


def match(
    problem: Problem,
    client: Any = None,
    *,
    partitions: int | None = None,
    candidates: int = 50,
    max_rounds: int = 100,
    progress: bool = False,
    keep_pairs: bool = True,
    fill_first: bool = False,
    alternates: int = 3,
    closest: int = 5,
) -> DistributedPlan:
    """The optimal post plan of ``problem``, scored and priced in parts: the objective :func:`talentmatch.match`
    gives, with a certificate for every pair.

    Parameters
    ----------
    problem : talentmatch.Problem
        The validated document.
    client : dask.distributed.Client, optional
        Where the parts run. None: on local threads of this process (the same algorithm, one part at a time per
        thread), so a pool whose pairs do not fit in memory at once still plans.
    partitions : int, optional
        How many parts the experts are cut into (contiguous ranges in document order). Default: twice the cluster's
        threads (the CPUs here without a client), with at least about 2000 experts a part.
    candidates : int, default 50
        Pairs each part sends first, per expert and per post (widened if the plan on them is infeasible).
    max_rounds : int, default 100
        Solves at most; pricing that has not converged by then raises :class:`talentmatch.Error` (it converges in
        a few rounds; every round adds the pairs that price below zero).
    progress : bool, default False
        With a client, show Dask's progress bar for each phase.
    keep_pairs : bool, default True
        Without a client: True keeps each part's scored pairs in memory between rounds (the parts' pairs all at
        once, about 33 bytes a pair); False scores a part again whenever it is read, so that only the parts being
        read (one per thread) hold pairs, at the cost of scoring once per round. On a cluster the workers keep them.
    fill_first : bool, default False
        Must be False: pricing proves a value-optimal plan. ``fill_first=True`` raises :class:`talentmatch.Error`
        (use :func:`talentmatch.match`).
    alternates, closest : int
        As for :func:`talentmatch.match`.

    Returns
    -------
    DistributedPlan
        The plan, with :attr:`~DistributedPlan.pricing`.

    Raises
    ------
    talentmatch.Error
        When an argument has the wrong type or value (the message names it), or pricing did not converge.
    talentmatch.InfeasibleError
        As :func:`talentmatch.match` raises it.

    Examples
    --------
    >>> import talentmatch as tm
    >>> from talentmatch import distributed
    >>> problem = tm.data.fuyun()
    >>> plan = distributed.match(problem, partitions=3, candidates=2)
    >>> plan.objective == tm.match(problem).objective, plan.certificate.ok, plan.pricing["ok"]
    (True, True, True)

    On a cluster (here two local worker processes; any ``dask.distributed.Client`` will do):

    >>> from dask.distributed import Client, LocalCluster  # doctest: +SKIP
    >>> with LocalCluster(n_workers=2, processes=True) as cluster, Client(cluster) as client:  # doctest: +SKIP
    ...     plan = distributed.match(problem, client)
    """
    problem = _problem(problem, "problem")
    if _flag(fill_first, "fill_first"):
        raise Error(
            "distributed.match: fill_first=True is not supported: pricing proves the plan of most value, and a "
            "fill_first plan's duals price slots, not value; use talentmatch.match for it"
        )
    alternates = _count(alternates, "alternates", 0)
    closest = _count(closest, "closest", 0)
    k = _count(candidates, "candidates", 1)
    max_rounds = _count(max_rounds, "max_rounds", 1)
    progress = _flag(progress, "progress")
    keep_pairs = _flag(keep_pairs, "keep_pairs")
    n, m = len(problem.expert_ids), len(problem.post_ids)
    parts_n = _default_partitions(client, n) if partitions is None else _count(partitions, "partitions", 1)
    parts_n = max(1, min(parts_n, n))
    bounds = _part_bounds(n, parts_n)
    seconds = {"score": 0.0, "select": 0.0, "solve": 0.0, "price": 0.0}

    threads = min(parts_n, os.cpu_count() or 1)
    runner: _Local | _Dask = _Dask(client, progress) if client is not None else _Local(threads)
    try:
        t = time.perf_counter()
        slices = [Problem(_core.expert_slice(problem._core, a, b)) for a, b in bounds]
        offsets = [a for a, _ in bounds]
        if client is None and not keep_pairs:
            scored = [_Unscored(part, a) for part, a in zip(slices, offsets)]
        else:
            scored = runner.map(_score_part, slices, offsets, phase=_unique_keys("score"))
        runner.wait(scored)
        seconds["score"] = time.perf_counter() - t
        t = time.perf_counter()
        while True:
            best = runner.gather(runner.map(_best, scored, [k] * parts_n, phase=_unique_keys("select")))
            cand = _merge((b for b, _ in best), m)
            everything = all(done for _, done in best)
            seconds["select"] += time.perf_counter() - t
            t = time.perf_counter()
            try:
                core = _core.match_candidates(problem._core, *cand, False, alternates, closest, None)
                seconds["solve"] += time.perf_counter() - t
                break
            except InfeasibleError:
                seconds["solve"] += time.perf_counter() - t
                if everything:
                    raise
                k *= 2
            t = time.perf_counter()
        total_pairs = None
        added: list[int] = []
        rounds = 1
        while True:
            t = time.perf_counter()
            u, v, tol, ue, uq = _core.pair_duals(core, problem._core)
            used = ue * max(m, 1) + uq  # by expert then post: sorted
            cut = np.searchsorted(ue, [a for a, _ in bounds] + [n])
            priced = runner.gather(
                runner.map(
                    _price,
                    scored,
                    [u[a:b] for a, b in bounds],
                    offsets,
                    [v] * parts_n,
                    [tol] * parts_n,
                    [used[cut[i] : cut[i + 1]] for i in range(parts_n)],
                    phase=_unique_keys("price"),
                )
            )
            seconds["price"] += time.perf_counter() - t
            min_reduced = min((r for _, r in priced), default=math.inf)
            if total_pairs is None:
                sizes = runner.gather(runner.map(len, scored, phase=_unique_keys("size")))
                total_pairs = int(sum(sizes))
            new = [p for p, _ in priced if len(p[0])]
            if not new:
                break
            if rounds >= max_rounds:
                raise Error(f"distributed.match: pricing still finds improving pairs after max_rounds={max_rounds}")
            before = len(cand[0])
            cand = _merge([cand, *new], m)
            added.append(len(cand[0]) - before)
            if added[-1] == 0:
                # Only unused pairs of the solved graph, which its certificate prices at >= -tolerance: a plan
                # whose duals disagree with it would be wrong, so say so rather than loop.
                raise Error(
                    "distributed.match: pricing returned only pairs the plan was solved on; the duals do not "
                    "match the plan's certificate (report this as a bug)"
                )
            t = time.perf_counter()
            core = _core.match_candidates(problem._core, *cand, False, alternates, closest, core)
            seconds["solve"] += time.perf_counter() - t
            rounds += 1
    finally:
        runner.close()
    pricing = {
        "ok": bool(min_reduced >= -tol),
        "min_reduced_cost": float(min_reduced) if math.isfinite(min_reduced) else 0.0,
        "tolerance": float(tol),
        "pairs": total_pairs,
        "solved_pairs": int(len(cand[0])),
        "rounds": rounds,
        "added": added,
        "partitions": parts_n,
        "candidates": k,
        "seconds": seconds,
    }
    return DistributedPlan(core, problem, pricing, alternates=alternates, closest=closest)


_FRAMES = ("skills", "staff", "pairs", "constraints", "settings", "hosts")


def match_frames(
    experts: Any,
    expert_skills: Any,
    posts: Any,
    requirements: Any,
    client: Any = None,
    **frames: Any,
) -> DistributedPlan:
    """:func:`match` on tables, as :meth:`talentmatch.Problem.from_frames` reads them; the tables may be dask
    DataFrames (from ``dask.dataframe.read_parquet`` or ``read_csv``) or pandas ones.

    Parameters
    ----------
    experts, expert_skills, posts, requirements : DataFrame
        As for :meth:`~talentmatch.Problem.from_frames`; a dask DataFrame is collected (``.compute()``).
    client : dask.distributed.Client, optional
        As for :func:`match`.
    **frames
        ``skills``, ``staff``, ``pairs``, ``constraints``, ``hosts`` (DataFrames) and ``settings`` (a dict) go to
        :meth:`~talentmatch.Problem.from_frames`; any other keyword (``partitions``, ``candidates``, ...) to
        :func:`match`.

    Returns
    -------
    DistributedPlan
        As :func:`match` returns it.

    Raises
    ------
    talentmatch.ValidationError
        As :meth:`~talentmatch.Problem.from_frames` raises it (a path names the table's row).
    talentmatch.Error, talentmatch.InfeasibleError
        As :func:`match` raises them.

    Notes
    -----
    The tables are read into one :class:`~talentmatch.Problem` on the driver, because the plan's reports need it
    whole (the explanations of the pairs read the experts' skills); the scoring and the pricing of the pairs, the
    part that grows with experts x posts, run in parts as in :func:`match`.

    Examples
    --------
    >>> import pandas as pd
    >>> from talentmatch import distributed
    >>> plan = distributed.match_frames(
    ...     experts=pd.DataFrame({"id": ["e-liu", "e-sun"], "available_months": [6, 9]}),
    ...     expert_skills=pd.DataFrame({"expert": ["e-liu", "e-sun"], "skill": ["icu", "icu"], "level": [3, 5]}),
    ...     posts=pd.DataFrame({"id": ["p-icu"], "department": ["health"], "unit": ["hospital"], "slots": [1]}),
    ...     requirements=pd.DataFrame({"post": ["p-icu"], "skill": ["icu"], "importance": [5], "min_level": [4]}),
    ...     partitions=2,
    ... )
    >>> [(a["expert"], a["post"]) for a in plan.assignments]
    [('e-sun', 'p-icu')]
    """

    def local(frame: Any) -> Any:
        return frame.compute() if hasattr(frame, "compute") and hasattr(frame, "npartitions") else frame

    tables = {k: local(frames.pop(k)) for k in _FRAMES if k in frames}
    problem = Problem.from_frames(local(experts), local(expert_skills), local(posts), local(requirements), **tables)
    return match(problem, client, **frames)


# --- sweep -----------------------------------------------------------------------------------------------------


def _apply(doc: dict[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """The document with one variation's updates: ``posts`` / ``experts`` ({id: {field: value}}), ``constraints``
    ({name: {field: value}}), ``settings`` ({field: value}, merged one level deep)."""
    out = dict(doc)
    for section, key in (("posts", "id"), ("experts", "id"), ("constraints", "name")):
        updates = change.get(section)
        if updates is None:
            continue
        if not isinstance(updates, Mapping):
            raise Error(f"sweep: a variation's {section!r} must map each {key} to its new fields")
        rows = [dict(r) for r in out.get(section) or []]
        index = {r.get(key): i for i, r in enumerate(rows)}
        for name, fields in updates.items():
            if name not in index:
                raise Error(f"sweep: a variation changes {section} {name!r}, which the problem does not have")
            if not isinstance(fields, Mapping):
                raise Error(f"sweep: the change of {section} {name!r} must be a mapping of fields")
            rows[index[name]].update(fields)
        out[section] = rows
    if "settings" in change:
        settings = dict(out.get("settings") or {})
        for field, value in dict(change["settings"]).items():
            if isinstance(value, Mapping) and isinstance(settings.get(field), Mapping):
                settings[field] = {**settings[field], **value}
            else:
                settings[field] = value
        out["settings"] = settings
    unknown = set(change) - {"name", "posts", "experts", "constraints", "settings"}
    if unknown:
        raise Error(f"sweep: a variation has unknown keys {sorted(unknown)}; use posts, experts, constraints, settings")
    return out


def _summary(name: Any, problem: Problem, options: dict[str, Any]) -> dict[str, Any]:
    """What a sweep keeps of one variant's plan (runs where the variant runs)."""
    try:
        plan = _match(problem, **options)
    except InfeasibleError as e:
        return {
            "variation": name,
            "feasible": False,
            "objective": math.nan,
            "filled": 0,
            "slots": 0,
            "fill_rate": math.nan,
            "unfilled": [],
            "certified": False,
            "error": str(e),
        }
    slots = plan.slots
    return {
        "variation": name,
        "feasible": True,
        "objective": plan.objective,
        "filled": plan.filled,
        "slots": slots,
        "fill_rate": plan.filled / slots if slots else 1.0,
        "unfilled": [u["post"] for u in plan.unfilled],
        "certified": plan.certificate.ok,
        "error": "",
    }


def sweep(problem: Problem, variations: Iterable[Any], client: Any = None, **options: Any) -> Any:
    """Plans many variants of a problem (slots, quotas, weights, ...) and tabulates them.

    Parameters
    ----------
    problem : talentmatch.Problem
        The base problem.
    variations : iterable
        Each one a :class:`~talentmatch.Problem` (planned as it is), a callable that takes the document as a dict
        (:meth:`~talentmatch.Problem.to_dict`) and returns the variant's, or a mapping of updates: ``posts`` and
        ``experts`` ({id: {field: value}}), ``constraints`` ({name: {field: value}}), ``settings`` ({field: value}),
        and an optional ``name``.
    client : dask.distributed.Client, optional
        Where the variants run (``client.map``: a Problem pickles). None: local threads.
    **options
        Those of :func:`talentmatch.match` (``fill_first``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per variation, in order: ``variation`` (its ``name``, else its position), ``feasible``,
        ``objective``, ``filled``, ``slots``, ``fill_rate``, ``unfilled`` (the ids of the posts left short),
        ``certified`` and ``error`` (the infeasibility's message, empty when feasible).

    Raises
    ------
    talentmatch.Error
        When a variation is of no known kind, names a post, expert or constraint the problem lacks, or has an
        unknown key.
    talentmatch.ValidationError
        When a variant is not a valid document (the message has the JSON path).

    Examples
    --------
    >>> import talentmatch as tm
    >>> from talentmatch import distributed
    >>> problem = tm.data.fuyun()
    >>> post = problem.post_ids[0]
    >>> frame = distributed.sweep(problem, [{"name": "as is"}, {"name": "one more", "posts": {post: {"slots": 3}}}])
    >>> list(frame["variation"]), bool(frame["objective"][0] == tm.match(problem).objective)
    (['as is', 'one more'], True)
    """
    import pandas as pd

    problem = _problem(problem, "problem")
    names: list[Any] = []
    problems: list[Problem] = []
    doc: dict[str, Any] | None = None
    for i, var in enumerate(variations):
        if isinstance(var, Problem):
            names.append(i)
            problems.append(var)
            continue
        if doc is None:
            doc = problem.to_dict()
        if callable(var):
            names.append(getattr(var, "__name__", i) if getattr(var, "__name__", "<lambda>") != "<lambda>" else i)
            problems.append(Problem.from_json(var(dict(doc))))
        elif isinstance(var, Mapping):
            names.append(var.get("name", i))
            problems.append(Problem.from_json(_apply(doc, var)))
        else:
            raise Error(
                f"sweep: variation {i} is a {type(var).__name__}; give a Problem, a callable or a mapping of updates"
            )
    if client is not None:
        futures = client.map(_summary, names, problems, [options] * len(problems), pure=False)
        rows = client.gather(futures)
    else:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            rows = list(pool.map(_summary, names, problems, [options] * len(problems)))
    return pd.DataFrame(
        rows,
        columns=[
            "variation",
            "feasible",
            "objective",
            "filled",
            "slots",
            "fill_rate",
            "unfilled",
            "certified",
            "error",
        ],
    )
