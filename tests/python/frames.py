"""The long-format frames Problem.from_frames takes, built from a talentmatch/1 document (the inverse of from_frames
for the taxonomy, experts and posts): shared by the Problem and the scoring tests."""

from __future__ import annotations

import pytest


def long_frames(doc: dict) -> dict:
    """experts (attributes as columns), expert_skills, posts, requirements and skills frames for ``doc``."""
    pd = pytest.importorskip("pandas")
    experts, expert_skills = [], []
    for e in doc["experts"]:
        row = {k: v for k, v in e.items() if k not in ("skills", "attributes")}
        row.update(e.get("attributes", {}))
        experts.append(row)
        expert_skills += [{"expert": e["id"], "skill": s, "level": lv} for s, lv in e["skills"].items()]
    posts, requirements = [], []
    for q in doc["posts"]:
        posts.append({k: v for k, v in q.items() if k != "requires"})
        requirements += [{"post": q["id"], **r} for r in q["requires"]]
    skills = [
        {"id": s["id"], "name": s["name"], "parent": s.get("parents", [None])[0], "related": s.get("related")}
        for s in doc["skills"]
    ]
    return {
        "experts": pd.DataFrame(experts, columns=None if experts else ["id", "available_months"]),
        "expert_skills": pd.DataFrame(expert_skills, columns=["expert", "skill", "level"]),
        "posts": pd.DataFrame(posts, columns=None if posts else ["id", "department", "unit", "slots"]),
        "requirements": pd.DataFrame(
            requirements, columns=None if requirements else ["post", "skill", "importance", "min_level"]
        ),
        "skills": pd.DataFrame(skills),
    }
