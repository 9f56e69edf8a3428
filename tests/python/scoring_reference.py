"""A plain-loop reference of the default scoring model (DESIGN.md section 5, include/talentmatch/scoring/scoring.hpp),
written independently of the C++: the oracle of tests/python/test_scoring.py and the "python" anchor of
bench/compare_scoring.py."""

from __future__ import annotations

import numpy as np

MIN_SCORE_TOLERANCE = 1e-12  # scoring.hpp: min_score_tolerance


def reference_levels(expert: dict, related: dict[str, list[dict]]) -> dict[str, float]:
    """The expert's effective levels: own levels, raised by one hop of `related` transfer from own levels."""
    own: dict[str, float] = {}
    for skill, level in expert["skills"].items():
        own[skill] = max(own.get(skill, 0.0), float(level))
    effective = dict(own)
    for skill, level in own.items():
        for rel in related.get(skill, []):
            moved = rel["transfer"] * level  # from the own level only: a transferred level is not transferred again
            if moved > effective.get(rel["skill"], 0.0):
                effective[rel["skill"]] = moved
    return effective


def reference_scores(doc: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(value, fit, feasible), experts x posts in document order, by plain loops."""
    settings = doc.get("settings") or {}
    min_score = settings.get("min_score", 0.0)
    essential_hard = settings.get("essential_hard", True)
    weights = settings.get("weights") or {}
    fit_weight, bonus_weight = weights.get("fit", 1.0), weights.get("bonus", 1.0)
    related = {s["id"]: s.get("related", []) for s in doc["skills"]}
    rules = {(r["expert"], r["post"]): r for r in doc.get("pairs", [])}
    experts, posts = doc["experts"], doc["posts"]
    value = np.zeros((len(experts), len(posts)))
    fit = np.zeros((len(experts), len(posts)))
    feasible = np.zeros((len(experts), len(posts)), dtype=bool)
    for i, e in enumerate(experts):
        levels = reference_levels(e, related)
        for j, q in enumerate(posts):
            ok = True
            if q["requires"]:
                weighted = 0.0
                total = 0
                for r in q["requires"]:
                    level, need = levels.get(r["skill"], 0.0), r["min_level"]
                    coverage = 1.0 if need == 0 else min(level, need) / need
                    weighted += r["importance"] * coverage
                    total += r["importance"]
                    if essential_hard and r.get("essential", False) and level < need:
                        ok = False
                f = weighted / total
            else:
                f = 1.0
            if e.get("capacity", 1) == 0:
                ok = False
            if "min_months" in q and e["available_months"] < q["min_months"]:
                ok = False
            if f < min_score - MIN_SCORE_TOLERANCE:
                ok = False
            bonus = 0.0
            rule = rules.get((e["id"], q["id"]))
            if rule is not None:
                if rule["rule"] == "forbid":
                    ok = False
                elif rule["rule"] == "require":
                    ok = True
                else:
                    bonus = rule.get("value", 0.0)
            fit[i, j] = f
            value[i, j] = fit_weight * q.get("priority", 1) * f + bonus_weight * bonus
            feasible[i, j] = ok
    return value, fit, feasible
