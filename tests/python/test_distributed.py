"""talentmatch.distributed: plans scored and priced in parts equal the single-machine plan (tm.match) and the MILP
oracle (plan_oracles.milp_plan, HiGHS through scipy), on local threads and on a dask.distributed LocalCluster with
two worker processes; a worker killed mid-run still yields the plan; sweeps equal a loop of tm.match."""

from __future__ import annotations

import math
import os
import signal
import threading

import numpy as np
import pytest
import talentmatch as tm
from plan_oracles import milp_plan, random_document
from talentmatch import _core, distributed

pytest.importorskip("distributed")


def _doc(seed: int, experts: int = 60, posts: int = 12, **kw) -> dict:
    return random_document(np.random.default_rng([seed, 15]), experts, posts, **kw)


def _feasible(seed: int, **kw) -> tuple[dict, tm.Problem, tm.Plan]:
    """The first feasible document of the family from ``seed`` on, its Problem and tm.match's plan."""
    for k in range(seed, seed + 50):
        doc = _doc(k, **kw)
        problem = tm.Problem.from_json(doc)
        try:
            return doc, problem, tm.match(problem)
        except tm.InfeasibleError:
            continue
    raise AssertionError("no feasible draw")


def _all_pairs(problem: tm.Problem):
    c = _core.score_candidates(problem._core)
    return np.asarray(c.expert), np.asarray(c.post), np.asarray(c.value)


def _check_priced(plan: distributed.DistributedPlan, problem: tm.Problem) -> None:
    """The certificate over every pair, recomputed here from the whole problem's scoring: against the plan's duals
    no pair outside the plan has a negative reduced cost (beyond the tolerance), and none in it a positive one."""
    u, v, tol, ue, uq = _core.pair_duals(plan._core, problem._core)
    e, q, w = _all_pairs(problem)
    r = -w - u[e] - v[q]
    m = len(problem.post_ids)
    used = np.isin(e * m + q, ue * m + uq)
    assert used.sum() == len(ue) == plan.filled
    assert plan.certificate.ok, plan.certificate.message
    assert plan.pricing["ok"]
    assert (r[~used] >= -tol - 1e-12).all(), r[~used].min()
    # The required pairs are fixed outside the flow, so only the free ones are priced.
    ids = {x: i for i, x in enumerate(problem.expert_ids)}, {x: j for j, x in enumerate(problem.post_ids)}
    fixed = [ids[0][a["expert"]] * m + ids[1][a["post"]] for a in plan.assignments if a["required"]]
    free = used & ~np.isin(e * m + q, fixed)
    assert (r[free] <= tol + 1e-12).all(), r[free].max()
    assert plan.pricing["pairs"] == len(e)
    if (~used).any():
        assert math.isclose(plan.pricing["min_reduced_cost"], r[~used].min(), rel_tol=0, abs_tol=1e-9)


def _same_plan_value(plan, problem, doc) -> None:
    single = tm.match(problem)
    assert math.isclose(plan.objective, single.objective, rel_tol=1e-9, abs_tol=1e-9)
    oracle = milp_plan(doc)
    assert oracle is not None
    assert math.isclose(plan.objective, oracle[0], rel_tol=1e-7, abs_tol=1e-7)
    assert plan.filled == len(plan.assignments)


def test_slices_score_as_the_whole():
    # Oracle: the whole problem's candidate list; the parts' lists, shifted to the whole's indices, are it.
    for seed in range(6):
        problem = tm.Problem.from_json(_doc(seed))
        e, q, w = _all_pairs(problem)
        n = len(problem.expert_ids)
        got = []
        for a, b in [(0, 7), (7, 30), (30, n)]:
            part = tm.Problem(_core.expert_slice(problem._core, a, b))
            assert part.expert_ids == problem.expert_ids[a:b]
            c = _core.score_candidates(part._core)
            got.append(np.c_[np.asarray(c.expert) + a, c.post, c.value])
        got = np.concatenate(got)
        np.testing.assert_array_equal(got[:, :2].astype(np.int64), np.c_[e, q])
        np.testing.assert_array_equal(got[:, 2], w)


@pytest.mark.parametrize("seed", range(24))
def test_local_threads_equal_match_and_the_milp(seed):
    doc = _doc(seed, quotas=4)
    problem = tm.Problem.from_json(doc)
    try:
        single = tm.match(problem)
    except tm.InfeasibleError as e:
        with pytest.raises(tm.InfeasibleError) as got:
            distributed.match(problem, partitions=3, candidates=1)
        assert str(got.value) == str(e)
        return
    plan = distributed.match(problem, partitions=3, candidates=1)
    _same_plan_value(plan, problem, doc)
    _check_priced(plan, problem)
    assert plan.objective == pytest.approx(single.objective)


def test_parts_scored_anew_each_round_give_the_same_plan():
    # keep_pairs=False scores a part whenever it is read: the same rounds, the same plan.
    for seed in range(40, 46):
        doc, problem, single = _feasible(seed, quotas=3)
        kept = distributed.match(problem, partitions=3, candidates=1)
        lean = distributed.match(problem, partitions=3, candidates=1, keep_pairs=False)
        assert lean.objective == kept.objective == pytest.approx(single.objective)
        assert lean.assignments == kept.assignments
        assert lean.pricing["rounds"] == kept.pricing["rounds"] and lean.pricing["pairs"] == kept.pricing["pairs"]


def test_pricing_adds_pairs_the_top_candidates_miss():
    # One candidate per expert and per post cannot be optimal when every expert's best post is the same post:
    # pricing must add pairs (more than one round) and still reach the optimum.
    rounds = []
    for seed in range(30):
        doc = _doc(100 + seed, experts=80, posts=10, quotas=3)
        problem = tm.Problem.from_json(doc)
        try:
            tm.match(problem)
        except tm.InfeasibleError:
            continue
        plan = distributed.match(problem, partitions=4, candidates=1)
        _same_plan_value(plan, problem, doc)
        _check_priced(plan, problem)
        rounds.append(plan.pricing["rounds"])
        assert plan.pricing["solved_pairs"] <= plan.pricing["pairs"]
    assert len(rounds) >= 5
    assert max(rounds) > 1, rounds


def test_widening_when_the_top_candidates_cannot_meet_a_minimum():
    # A post that needs 3 experts (min_fill) of value below every expert's best: 1 candidate each cannot meet it.
    doc = {
        "skills": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "experts": [{"id": f"e{i}", "available_months": 6, "skills": {"a": 5, "b": 3}} for i in range(6)],
        "posts": [
            {
                "id": "top",
                "department": "d",
                "unit": "u",
                "slots": 6,
                "priority": 5,
                "requires": [{"skill": "a", "importance": 5, "min_level": 4}],
            },
            {
                "id": "low",
                "department": "d",
                "unit": "v",
                "slots": 3,
                "min_fill": 3,
                "priority": 1,
                "requires": [{"skill": "b", "importance": 5, "min_level": 3}],
            },
        ],
    }
    problem = tm.Problem.from_json(doc)
    plan = distributed.match(problem, partitions=2, candidates=1)
    _same_plan_value(plan, problem, doc)
    _check_priced(plan, problem)
    assert plan.pricing["candidates"] > 1
    assert sum(a["post"] == "low" for a in plan.assignments) == 3


def test_an_infeasible_problem_raises_as_match_does():
    doc = {
        "skills": [{"id": "a", "name": "A"}],
        "experts": [{"id": f"e{i}", "available_months": 6, "skills": {"a": 5}} for i in range(3)],
        "posts": [
            {
                "id": "p",
                "department": "d",
                "unit": "u",
                "slots": 5,
                "min_fill": 4,
                "requires": [{"skill": "a", "importance": 5, "min_level": 4}],
            }
        ],
    }
    problem = tm.Problem.from_json(doc)
    with pytest.raises(tm.InfeasibleError) as single:
        tm.match(problem)
    with pytest.raises(tm.InfeasibleError) as got:
        distributed.match(problem, partitions=3, candidates=1)
    assert str(got.value) == str(single.value)


def test_require_pairs_are_always_candidates():
    # A require pair on the lowest-value feasible pair: no part's top candidate, yet it must be in the plan.
    doc = _doc(7)
    doc["pairs"] = [r for r in doc.get("pairs", []) if r["rule"] != "require"]
    plain = tm.Problem.from_json(doc)
    e, q, w = _all_pairs(plain)
    low = int(np.lexsort((q, e, w))[0])
    pair = {"expert": plain.expert_ids[e[low]], "post": plain.post_ids[q[low]]}
    doc["pairs"] = [r for r in doc["pairs"] if (r["expert"], r["post"]) != (pair["expert"], pair["post"])]
    doc["pairs"].append({**pair, "rule": "require"})
    problem = tm.Problem.from_json(doc)
    try:
        single = tm.match(problem)
    except tm.InfeasibleError:
        pytest.skip("the added require pair made this draw infeasible")
    plan = distributed.match(problem, partitions=3, candidates=1)
    assert plan.objective == pytest.approx(single.objective)
    assert (plain.expert_ids[e[low]], plain.post_ids[q[low]]) in [(a["expert"], a["post"]) for a in plan.assignments]


def test_bad_arguments_name_themselves():
    problem = tm.Problem.from_json(_doc(1))
    with pytest.raises(tm.Error, match="fill_first=True is not supported"):
        distributed.match(problem, fill_first=True)
    with pytest.raises(tm.Error, match="candidates must be >= 1"):
        distributed.match(problem, candidates=0)
    with pytest.raises(tm.Error, match="partitions must be a whole number"):
        distributed.match(problem, partitions="4")
    with pytest.raises(tm.Error, match="problem must be a talentmatch.Problem"):
        distributed.match({"experts": []})
    with pytest.raises(tm.Error, match="expert_slice"):
        _core.expert_slice(problem._core, 5, 2)


def test_match_candidates_rejects_bad_candidate_lists():
    doc = _doc(3)
    doc["pairs"] = [r for r in doc.get("pairs", []) if r["rule"] != "require"]
    problem = tm.Problem.from_json(doc)
    e, q, w = _all_pairs(problem)
    f = np.ones(len(e))
    with pytest.raises(tm.Error, match="out of range"):
        _core.match_candidates(problem._core, np.r_[e, 10**6], np.r_[q, 0], np.r_[w, 1.0], np.r_[f, 1.0])
    with pytest.raises(tm.Error, match="given twice"):
        _core.match_candidates(
            problem._core, np.r_[e[::-1], e[0]], np.r_[q[::-1], q[0]], np.r_[w[::-1], w[0]], np.r_[f, 1.0]
        )
    with pytest.raises(tm.Error, match="not a finite number"):
        _core.match_candidates(problem._core, e, q, np.r_[w[:-1], np.nan], f)
    with pytest.raises(tm.Error, match="one length"):
        _core.match_candidates(problem._core, e, q[:-1], w, f)
    # Given in any order, the candidates plan as sorted ones do.
    a = _core.match_candidates(problem._core, e, q, w, f)
    b = _core.match_candidates(problem._core, e[::-1], q[::-1], w[::-1], f[::-1])
    assert a.objective == b.objective == tm.match(problem).objective


# --- On a cluster of two worker processes -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40)
    c = Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.mark.parametrize("seed", range(6))
def test_cluster_equals_match(client, seed):
    doc = _doc(200 + seed, experts=90, posts=14, quotas=4)
    problem = tm.Problem.from_json(doc)
    try:
        single = tm.match(problem)
    except tm.InfeasibleError:
        with pytest.raises(tm.InfeasibleError):
            distributed.match(problem, client, partitions=4, candidates=1)
        return
    plan = distributed.match(problem, client, partitions=4, candidates=1)
    assert plan.objective == pytest.approx(single.objective, rel=1e-9, abs=1e-9)
    _check_priced(plan, problem)
    local = distributed.match(problem, partitions=4, candidates=1)
    assert [(a["expert"], a["post"]) for a in plan.assignments] == [(a["expert"], a["post"]) for a in local.assignments]


class _KillsAWorker:
    """A Client that kills the worker process holding the first scored part as the first pricing round is
    gathered: the parts it held are lost and Dask must score them again."""

    def __init__(self, client):
        self.client = client
        self.killed = None

    def nthreads(self):
        return self.client.nthreads()

    def map(self, *args, **kw):
        return self.client.map(*args, **kw)

    def gather(self, futures):
        if self.killed is None and futures and "price" in str(futures[0].key):
            scored = self.client.who_has()
            victim = None
            for key, where in scored.items():
                if "score" in str(key) and where:
                    victim = where[0]
                    break
            assert victim is not None
            pid = self.client.run(os.getpid, workers=[victim])[victim]
            self.killed = victim
            os.kill(pid, signal.SIGKILL)
        return self.client.gather(futures)


def test_a_killed_worker_still_yields_the_plan(client):
    doc, problem, single = _feasible(300, experts=120, posts=15, quotas=3)
    proxy = _KillsAWorker(client)
    done = {}

    def run():
        try:
            done["plan"] = distributed.match(problem, proxy, partitions=4, candidates=1)
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            done["error"] = e

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=240)
    assert not t.is_alive(), "distributed.match did not finish after the worker was killed"
    assert "error" not in done, done.get("error")
    assert proxy.killed is not None
    plan = done["plan"]
    assert plan.objective == pytest.approx(single.objective, rel=1e-9, abs=1e-9)
    _check_priced(plan, problem)
    client.wait_for_workers(2, timeout=120)


# --- Sweeps ----------------------------------------------------------------------------------------------------------


def _variations(doc):
    post = doc["posts"][0]["id"]
    return [
        {"name": "base"},
        {"name": "more slots", "posts": {post: {"slots": doc["posts"][0]["slots"] + 2}}},
        {"name": "fit x2", "settings": {"weights": {"fit": 2.0}}},
        lambda d: {**d, "posts": [{**p, "slots": p["slots"] + 1} for p in d["posts"]]},
        tm.Problem.from_json(doc),
    ]


@pytest.mark.parametrize("on_cluster", [False, True])
def test_sweep_equals_a_loop_of_match(client, on_cluster):
    doc, base, _ = _feasible(400, experts=50, posts=10, quotas=2)
    frame = distributed.sweep(base, _variations(doc), client if on_cluster else None)
    assert list(frame["variation"]) == ["base", "more slots", "fit x2", 3, 4]
    post = doc["posts"][0]["id"]
    expected = [
        doc,
        {**doc, "posts": [{**doc["posts"][0], "slots": doc["posts"][0]["slots"] + 2}, *doc["posts"][1:]]},
        {
            **doc,
            "settings": {
                **doc.get("settings", {}),
                "weights": {**doc.get("settings", {}).get("weights", {}), "fit": 2.0},
            },
        },
        {**doc, "posts": [{**p, "slots": p["slots"] + 1} for p in doc["posts"]]},
        doc,
    ]
    for row, d in zip(frame.itertuples(), expected):
        problem = tm.Problem.from_json(d)
        try:
            plan = tm.match(problem)
        except tm.InfeasibleError as e:
            assert not row.feasible and row.error == str(e)
            continue
        assert row.feasible and row.certified
        assert row.objective == plan.objective
        assert row.filled == plan.filled and row.slots == plan.slots
        assert row.unfilled == [u["post"] for u in plan.unfilled]
    assert post


def test_sweep_rejects_unknown_changes():
    problem = tm.Problem.from_json(_doc(5))
    with pytest.raises(tm.Error, match="does not have"):
        distributed.sweep(problem, [{"posts": {"no-such-post": {"slots": 1}}}])
    with pytest.raises(tm.Error, match="unknown keys"):
        distributed.sweep(problem, [{"slots": 3}])
    with pytest.raises(tm.Error, match="variation 0 is a int"):
        distributed.sweep(problem, [3])


def test_client_map_of_match_returns_the_plans(client):
    # Problem and Plan both pickle: a sweep by hand is client.map(tm.match, problems).
    problems = [_feasible(seed)[1] for seed in (8, 9, 10)]
    plans = client.gather(client.map(tm.match, problems))
    for got, problem in zip(plans, problems):
        want = tm.match(problem)
        assert type(got) is tm.Plan and got.problem == problem
        assert got.to_json() == want.to_json()
        assert got.certificate.ok


def test_a_distributed_plan_pickles_with_its_pricing(client):
    import pickle

    _, problem, _ = _feasible(11)
    plan = distributed.match(problem, partitions=3, candidates=2)
    back = pickle.loads(pickle.dumps(plan))
    assert type(back) is distributed.DistributedPlan
    assert back.pricing == plan.pricing and repr(back) == repr(plan) and back.to_json() == plan.to_json()
    # And back from a worker.
    remote = client.submit(distributed.match, problem, partitions=3, candidates=2, pure=False).result()
    assert remote.to_json() == plan.to_json() and remote.pricing["ok"]
    with pytest.raises(tm.Error, match="pricing record"):
        distributed._restore(plan._core, problem, {"ok": True}, 3, 5)
