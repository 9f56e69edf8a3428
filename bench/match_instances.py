"""Large realistic talentmatch/1 documents for the plan layer (``tm.match``, DESIGN.md sections 4, 5 and 7), for
``bench_match.py``.

N experts x M posts, deterministic from a seed, built with numpy (10^5 x 10^4 in a few seconds):

- Taxonomy: four domains (medicine, education, tourism, industry), each of ten fields (cardiology, mathematics,
  hospitality, mining, ...), each field a skill of its own and nine techniques under it: 404 skills, ``parents``
  domain > field > technique; one technique in seven passes a ``related`` transfer (0.3, 0.5 or 0.7) to a sibling.
- Experts: a home domain (medicine 40%, education 30%, industry 20%, tourism 10%) and a home field in it; 8-15
  skills, about 60% in the home field, 25% elsewhere in the domain, 15% anywhere; integer levels 1..7 around the
  expert's seniority (higher at home). A province (eight partner provinces, Heilongjiang the largest) and an
  institution of that province and domain (a hospital, school, tourism group or company; ~40 experts each, sizes
  uneven), a title, available_months in {4, 6, 9, 12}, capacity 2 for one in twenty, mentor_capacity now and then,
  an attribute or two.
- Posts: a county (``region``, one per ~250 posts), its four departments (one per domain: "<county> health
  commission", ...) and each department's units (the county people's hospital, the senior high school, ...); a home
  field; 3-6 requirements, ~80% in the home field, importance 1..5 (mostly 3-5), min_level 2..6, one in four
  essential; slots 1-3; min_months on a third; priority 1..5; ``min_fill`` 1 on one post in ten that has candidates.
- Quotas, nested on each side: every department at most 85% of its slots and every other one at least 25% of them;
  one unit in five at most its slots less one (posts: department > unit); at most ``per_institution`` experts of
  each institution, at most a share of the two smallest provinces' experts (experts: province > institution).
- Pairs: ``forbid`` and ``bonus`` (0.1-1.0) for about 1% of experts each, with a post of their home field; a few
  ``require`` nominations (one per 10^4 experts, at least one), each a good candidate pair, with distinct experts,
  posts, departments and institutions.
- ``settings.min_score``: chosen from the scores of a sample of experts (the default model, computed here with
  numpy) so that an expert has on average ``candidates`` candidate posts (feasible, fit >= min_score).

    python bench/match_instances.py                     # builds both sizes, prints sizes and candidate counts
    python bench/match_instances.py --experts 2000 --posts 200
"""

from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import dataclass

import numpy as np

__all__ = [
    "DOMAINS",
    "SIZES",
    "Instance",
    "candidate_counts",
    "generate",
    "generate_json",
    "instance",
    "without_expert",
]

# The sizes bench_match.py runs: name -> (experts, posts).
SIZES: dict[str, tuple[int, int]] = {
    "quick": (2_000, 200),
    "10^4x10^3": (10_000, 1_000),
    "10^5x10^4": (100_000, 10_000),
}

# domain id -> (name, department, share of experts and posts, fields, units of a department, institution kind)
DOMAINS: dict[str, tuple[str, str, float, tuple[str, ...], tuple[str, ...], str]] = {
    "med": (
        "Medicine",
        "health commission",
        0.4,
        ("internal", "surgery", "maternal", "critical", "tcm"),
        (
            "county people's hospital",
            "county TCM hospital",
            "maternal and child health hospital",
            "disease control centre",
            "township health centre 1",
            "township health centre 2",
            "township health centre 3",
        ),
        "Hospital",
    ),
    "edu": (
        "Education",
        "education bureau",
        0.3,
        ("sciences", "humanities", "vocational", "management", "preschool"),
        (
            "senior high school",
            "vocational school",
            "No. 1 middle school",
            "No. 2 middle school",
            "central primary school",
            "kindergarten",
        ),
        "School",
    ),
    "tour": (
        "Tourism",
        "culture and tourism bureau",
        0.1,
        ("hospitality", "guiding", "marketing", "heritage", "ecotourism"),
        ("scenic area administration", "county museum", "tourism service centre"),
        "Tourism Group",
    ),
    "ind": (
        "Industry",
        "industrial park",
        0.2,
        ("mining", "energy", "manufacturing", "logistics", "agriculture"),
        ("park administration", "mining company", "power plant", "processing plant", "logistics centre"),
        "Industrial Co.",
    ),
}
TECHNIQUES = 19  # skills under each field
PROVINCES = ("Heilongjiang", "Jilin", "Liaoning", "Beijing", "Shanghai", "Jiangsu", "Guangdong", "Hainan")
PROVINCE_SHARE = np.array([0.45, 0.12, 0.12, 0.08, 0.08, 0.07, 0.05, 0.03])
TITLES = ("professor", "associate professor", "chief physician", "senior teacher", "senior engineer", "lecturer")
EXPERTS_PER_INSTITUTION = 40
POSTS_PER_COUNTY = 250
MAX_LEVEL = 7


@dataclass
class Instance:
    """A generated document and what generation learned about it."""

    doc: dict
    min_score: float
    sample_candidates: np.ndarray  # candidate count of each sampled expert (the calibration's, numpy's model)
    seconds: float  # time to generate the dict

    @property
    def experts(self) -> int:
        return len(self.doc["experts"])

    @property
    def posts(self) -> int:
        return len(self.doc["posts"])


def _taxonomy(rng: np.random.Generator):
    """The skills (document entries), and per skill: domain index, field index (-1 for a domain root)."""
    skills: list[dict] = []
    domain_of, field_of = [], []
    field_members: list[np.ndarray] = []  # per global field: its skill indices (the field skill and techniques)
    for d, (dom, (name, _dept, _share, fields, _units, _kind)) in enumerate(DOMAINS.items()):
        skills.append({"id": dom, "name": name})
        domain_of.append(d)
        field_of.append(-1)
        for fname in fields:
            f = len(field_members)
            fid = f"{dom}.{fname}"
            start = len(skills)
            skills.append({"id": fid, "name": fname.capitalize(), "parents": [dom]})
            domain_of.append(d)
            field_of.append(f)
            for t in range(TECHNIQUES):
                skills.append({"id": f"{fid}.t{t + 1}", "name": f"{fname.capitalize()} technique {t + 1}"})
                skills[-1]["parents"] = [fid]
                domain_of.append(d)
                field_of.append(f)
            field_members.append(np.arange(start, len(skills)))
    # One technique in seven passes part of its level to a sibling technique.
    related: list[tuple[int, int, float]] = []
    for members in field_members:
        techniques = members[1:]
        for a in techniques:
            if rng.random() < 1 / 7:
                b = int(rng.choice(techniques[techniques != a]))
                t = float(rng.choice([0.3, 0.5, 0.7]))
                skills[a]["related"] = [{"skill": skills[b]["id"], "transfer": t}]
                related.append((int(a), b, t))
    return skills, np.array(domain_of), np.array(field_of), field_members, related


def _draw_skills(
    rng: np.random.Generator,
    home_field: np.ndarray,
    forced: np.ndarray,
    count: np.ndarray,
    shares: tuple[float, float],
    first_of_field: np.ndarray,
    fields_per_domain: int,
) -> np.ndarray:
    """Distinct skills for each row, -1 padded on the right: the ``forced`` columns first, then techniques up to
    ``count`` skills in all, each from the home field (shares[0]), another field of the home domain (shares[1]) or
    any field."""
    rows, width = home_field.size, int(count.max()) if count.size else 0
    extra = 2 * width  # draws to spare, so that duplicates can be dropped
    u = rng.random((rows, extra))
    home_dom = home_field // fields_per_domain
    field = np.where(
        u < shares[0],
        home_field[:, None],
        home_dom[:, None] * fields_per_domain + rng.integers(0, fields_per_domain, (rows, extra)),
    )
    anywhere = u >= shares[0] + shares[1]
    field[anywhere] = rng.integers(0, first_of_field.size, int(anywhere.sum()))
    skill = np.concatenate([forced, first_of_field[field] + 1 + rng.integers(0, TECHNIQUES, (rows, extra))], axis=1)
    # Keep the first occurrence of each skill in a row, then the first `count` of those.
    order = np.argsort(skill, axis=1, kind="stable")
    sorted_ = np.take_along_axis(skill, order, axis=1)
    dup_sorted = np.zeros_like(sorted_, dtype=bool)
    dup_sorted[:, 1:] = sorted_[:, 1:] == sorted_[:, :-1]
    dup = np.zeros_like(dup_sorted)
    np.put_along_axis(dup, order, dup_sorted, axis=1)
    keep = ~dup
    rank = np.cumsum(keep, axis=1) - 1
    keep &= rank < count[:, None]
    # Compact each row's kept skills to the left.
    n_cols = skill.shape[1]
    out = np.full((rows, n_cols + 1), -1, dtype=np.int64)
    np.put_along_axis(out, np.where(keep, rank, n_cols), np.where(keep, skill, -1), axis=1)
    return out[:, :width]


def _effective_levels(own: np.ndarray, related: list[tuple[int, int, float]]) -> np.ndarray:
    """The scoring model's effective levels (one hop of `related` transfer) of dense experts x skills levels."""
    eff = own.copy()
    for a, b, t in related:
        np.maximum(eff[:, b], t * own[:, a], out=eff[:, b])
    return eff


def _fits(
    eff: np.ndarray,
    req_skill: np.ndarray,
    req_w: np.ndarray,
    req_r: np.ndarray,
    req_ess: np.ndarray,
    avail: np.ndarray,
    min_months: np.ndarray,
    chunk: int = 128,
):
    """fit (experts x posts) and feasible (essential requirements met, months) of DESIGN.md section 5, in chunks
    of experts; requirements padded with weight 0 (r >= 1 everywhere here)."""
    n, m = eff.shape[0], req_skill.shape[0]
    fit = np.empty((n, m), dtype=np.float64)
    feasible = np.empty((n, m), dtype=bool)
    sum_w = req_w.sum(axis=1)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        levels = eff[lo:hi][:, req_skill]  # chunk x posts x requirements
        cover = np.minimum(levels, req_r) / req_r
        fit[lo:hi] = (cover * req_w).sum(axis=2) / sum_w
        missed = (req_ess & (levels < req_r)).any(axis=2)
        short = avail[lo:hi, None] < min_months[None, :]  # NaN min_months compares False
        feasible[lo:hi] = ~missed & ~short
    return fit, feasible


def generate(
    n_experts: int,
    n_posts: int,
    *,
    candidates: int = 50,
    seed: int = 0,
    per_institution: int = 6,
    institution_quotas: float = 1.0,
    sample: int = 1000,
) -> Instance:
    """A random valid talentmatch/1 document (see the module docstring) as a dict, with its calibration.

    Parameters
    ----------
    n_experts, n_posts : int
        Sizes.
    candidates : int
        The mean number of candidate posts per expert that ``settings.min_score`` is chosen for.
    seed : int
        The same seed and sizes give the same document.
    per_institution : int
        The ``max`` of each institution's quota.
    institution_quotas : float
        The share of the institutions, largest first, that have that quota (all by default).
    sample : int
        Experts scored (with numpy) to choose ``min_score``; all of them when there are fewer.
    """
    start = time.perf_counter()
    rng = np.random.default_rng([seed, n_experts, n_posts])
    skills, _domain_of, _field_of, field_members, related = _taxonomy(rng)
    n_skills = len(skills)
    skill_ids = np.array([s["id"] for s in skills], dtype=object)
    doms = list(DOMAINS)
    fields_per_domain = len(DOMAINS["med"][3])
    share = np.array([DOMAINS[d][2] for d in doms])
    share = share / share.sum()

    first_of_field = np.array([m[0] for m in field_members])
    root_of_domain = first_of_field[::fields_per_domain] - 1

    # --- experts: the domain's root skill and the home field's skill, then techniques
    e_dom = rng.choice(len(doms), size=n_experts, p=share)
    e_field = e_dom * fields_per_domain + rng.integers(0, fields_per_domain, n_experts)
    e_count = rng.integers(8, 16, n_experts)
    forced = np.stack([root_of_domain[e_dom], first_of_field[e_field]], axis=1)
    e_skill = _draw_skills(rng, e_field, forced, e_count, (0.6, 0.25), first_of_field, fields_per_domain)
    e_valid = e_skill >= 0
    seniority = rng.uniform(2.5, 5.5, n_experts)
    home_lo = first_of_field[e_field][:, None]
    at_home = (e_skill >= home_lo) & (e_skill < home_lo + field_members[0].size)
    bump = np.where(at_home, 0.5, -1.0)
    bump[:, :2] = 1.0  # general competence: the domain and the field themselves
    level = np.rint(seniority[:, None] + rng.normal(0, 1.2, e_skill.shape) + bump)
    level = np.clip(level, 1, MAX_LEVEL).astype(np.int64)
    avail = rng.choice(np.array([4.0, 6.0, 9.0, 12.0]), size=n_experts, p=[0.2, 0.35, 0.2, 0.25])
    e_prov = rng.choice(len(PROVINCES), size=n_experts, p=PROVINCE_SHARE)
    # Institutions per (province, domain), ~EXPERTS_PER_INSTITUTION experts each on average, uneven sizes.
    inst_names: list[str] = []
    e_inst = np.empty(n_experts, dtype=np.int64)
    for p in range(len(PROVINCES)):
        for d, dom in enumerate(doms):
            members = np.flatnonzero((e_prov == p) & (e_dom == d))
            if members.size == 0:
                continue
            k = max(1, round(members.size / EXPERTS_PER_INSTITUTION))
            weight = rng.pareto(1.5, k) + 1
            pick = rng.choice(k, size=members.size, p=weight / weight.sum())
            e_inst[members] = len(inst_names) + pick
            inst_names += [f"{PROVINCES[p]} {DOMAINS[dom][5]} No. {i + 1}" for i in range(k)]
    e_title = rng.integers(0, len(TITLES), n_experts)
    e_capacity2 = rng.random(n_experts) < 0.05
    e_mentor = np.where(rng.random(n_experts) < 0.3, rng.integers(1, 4, n_experts), 0)
    e_lang = rng.random(n_experts) < 0.2
    e_driving = rng.random(n_experts) < 0.1

    # --- posts
    n_counties = max(1, round(n_posts / POSTS_PER_COUNTY))
    p_dom = rng.choice(len(doms), size=n_posts, p=share)
    p_field = p_dom * fields_per_domain + rng.integers(0, fields_per_domain, n_posts)
    p_county = rng.integers(0, n_counties, n_posts)
    p_unit = np.array([rng.integers(0, len(DOMAINS[doms[d]][4])) for d in p_dom], dtype=np.int64)
    p_count = rng.integers(3, 7, n_posts)
    # The first requirement is general (the domain or the field itself, never essential), then techniques.
    general = np.where(rng.random(n_posts) < 0.5, root_of_domain[p_dom], first_of_field[p_field])
    req_skill = _draw_skills(rng, p_field, general[:, None], p_count, (0.8, 0.2), first_of_field, fields_per_domain)
    req_valid = req_skill >= 0
    width = req_skill.shape[1]
    req_w = rng.choice(np.arange(1, 6), size=(n_posts, width), p=[0.05, 0.1, 0.25, 0.3, 0.3]).astype(np.float64)
    req_w[:, 0] = rng.integers(1, 4, n_posts)
    req_r = rng.choice(np.arange(2, 7), size=(n_posts, width), p=[0.1, 0.2, 0.3, 0.25, 0.15]).astype(np.float64)
    p_lo = first_of_field[p_field][:, None]
    p_home = (req_skill > p_lo) & (req_skill < p_lo + field_members[0].size)
    req_ess = (rng.random((n_posts, width)) < 0.2) & p_home
    req_w[~req_valid] = 0.0
    req_skill_safe = np.where(req_valid, req_skill, 0)
    slots = rng.choice(np.array([1, 2, 3]), size=n_posts, p=[0.6, 0.3, 0.1])
    min_months = np.where(rng.random(n_posts) < 1 / 3, rng.choice(np.array([3.0, 6.0, 9.0]), n_posts), np.nan)
    priority = rng.choice(np.arange(1, 6), size=n_posts, p=[0.1, 0.2, 0.3, 0.25, 0.15])

    # --- calibration: min_score so that a sampled expert has `candidates` candidates on average
    n_sample = min(n_experts, sample)
    sampled = np.sort(rng.choice(n_experts, size=n_sample, replace=False))
    own = np.zeros((n_sample, n_skills))
    rows = np.repeat(np.arange(n_sample), e_skill.shape[1]).reshape(n_sample, -1)
    valid = e_valid[sampled]
    own[rows[valid], e_skill[sampled][valid]] = level[sampled][valid]
    eff = _effective_levels(own, related)
    fit, feasible = _fits(eff, req_skill_safe, req_w, np.maximum(req_r, 1), req_ess, avail[sampled], min_months)
    feasible_fits = np.sort(fit[feasible])[::-1]
    k = min(feasible_fits.size, candidates * n_sample)
    min_score = float(feasible_fits[k - 1]) if k > 0 else 0.0
    min_score = max(min_score, 1e-6)  # never 0: then every feasible pair would be a candidate
    is_candidate = feasible & (fit >= min_score - 1e-12)
    sample_candidates = is_candidate.sum(axis=1)
    post_sample_candidates = is_candidate.sum(axis=0)

    # --- the document
    def county(c: int) -> str:
        return f"County {c + 1}"

    def department(c: int, d: int) -> str:
        return f"{county(c)} {DOMAINS[doms[d]][1]}"

    experts = []
    for i in range(n_experts):
        row = e_skill[i]
        e = {
            "id": f"e{i:06d}",
            "name": f"Expert {i}",
            "province": PROVINCES[e_prov[i]],
            "institution": inst_names[e_inst[i]],
            "title": TITLES[e_title[i]],
            "available_months": float(avail[i]),
            "skills": {skill_ids[s]: int(lv) for s, lv in zip(row[row >= 0].tolist(), level[i][row >= 0].tolist())},
        }
        if e_capacity2[i]:
            e["capacity"] = 2
        if e_mentor[i]:
            e["mentor_capacity"] = int(e_mentor[i])
        attributes = {}
        if e_lang[i]:
            attributes["languages"] = "zh,ru" if i % 3 == 0 else "zh,en"
        if e_driving[i]:
            attributes["driving"] = True
        if attributes:
            e["attributes"] = attributes
        experts.append(e)

    # min_fill 1 on one post in ten among those with at least 3 sampled candidates.
    min_fill = (rng.random(n_posts) < 0.1) & (post_sample_candidates >= 3)
    posts = []
    for j in range(n_posts):
        c, d = int(p_county[j]), int(p_dom[j])
        valid_j = req_valid[j]
        reqs = []
        for s, w, r, ess in zip(
            req_skill[j][valid_j].tolist(),
            req_w[j][valid_j].tolist(),
            req_r[j][valid_j].tolist(),
            req_ess[j][valid_j].tolist(),
        ):
            q = {"skill": skill_ids[s], "importance": int(w), "min_level": int(r)}
            if ess:
                q["essential"] = True
            reqs.append(q)
        post = {
            "id": f"p{j:05d}",
            "department": department(c, d),
            "unit": DOMAINS[doms[d]][4][p_unit[j]],
            "region": county(c),
            "slots": int(slots[j]),
            "priority": int(priority[j]),
            "requires": reqs,
        }
        if min_fill[j]:
            post["min_fill"] = 1
        if not math.isnan(min_months[j]):
            post["min_months"] = float(min_months[j])
        posts.append(post)

    # --- quotas, nested on each side: department > unit on posts, province > institution on experts
    constraints = []
    dept_key = p_county * len(doms) + p_dom
    dept_slots = np.bincount(dept_key, weights=slots, minlength=n_counties * len(doms)).astype(np.int64)
    unit_key = dept_key * 16 + p_unit
    for key in np.unique(dept_key).tolist():
        c, d = divmod(key, len(doms))
        total = int(dept_slots[key])
        q = {"name": department(c, d), "side": "posts", "where": {"department": department(c, d)}}
        q["max"] = max(1, int(0.85 * total))
        if key % 2 == 0 and int(0.25 * total) > 0:
            q["min"] = int(0.25 * total)
        constraints.append(q)
    for key in np.unique(unit_key).tolist():
        if rng.random() >= 0.2:
            continue
        dkey, u = divmod(key, 16)
        c, d = divmod(dkey, len(doms))
        unit_slots = int(slots[unit_key == key].sum())
        if unit_slots < 2:
            continue
        unit = DOMAINS[doms[d]][4][u]
        constraints.append(
            {
                "name": f"{department(c, d)}: {unit}",
                "side": "posts",
                "where": {"department": department(c, d), "unit": unit},
                "max": unit_slots - 1,
            }
        )
    # The two smallest provinces: at most half of their share of the slots.
    total_slots = int(slots.sum())
    for p in range(len(PROVINCES) - 2, len(PROVINCES)):
        n_p = int((e_prov == p).sum())
        if n_p == 0:
            continue
        cap = max(1, int(0.5 * total_slots * n_p / n_experts))
        constraints.append({"name": f"from {PROVINCES[p]}", "side": "experts", "where": {"province": PROVINCES[p]}})
        constraints[-1]["max"] = cap
    inst_size = np.bincount(e_inst, minlength=len(inst_names))
    n_capped = round(institution_quotas * len(inst_names))
    for k in sorted(np.argsort(-inst_size, kind="stable")[:n_capped].tolist()):
        name = inst_names[k]
        constraints.append(
            {"name": f"at most {per_institution} from {name}", "side": "experts", "where": {"institution": name}}
        )
        constraints[-1]["max"] = per_institution

    # --- pairs
    posts_of_field = [np.flatnonzero(p_field == f) for f in range(len(field_members))]
    pairs = []
    rule_of = rng.random(n_experts)
    for i in np.flatnonzero(rule_of < 0.02).tolist():
        pool = posts_of_field[e_field[i]]
        if pool.size == 0:
            continue
        j = int(pool[rng.integers(0, pool.size)])
        if rule_of[i] < 0.01:
            pairs.append({"expert": experts[i]["id"], "post": posts[j]["id"], "rule": "forbid"})
        else:
            value = round(float(rng.uniform(0.1, 1.0)), 2)
            pairs.append({"expert": experts[i]["id"], "post": posts[j]["id"], "rule": "bonus", "value": value})
    # Nominations: good candidate pairs of sampled experts, distinct experts, posts, departments and institutions,
    # so that no quota can be broken by them alone; none where a forbid or bonus rule names the expert or post.
    taken_experts = {p["expert"] for p in pairs}
    taken_posts = {p["post"] for p in pairs}
    used_depts: set[int] = set()
    used_insts: set[int] = set()
    wanted = max(1, n_experts // 10_000)
    order = rng.permutation(n_sample)
    for s in order.tolist():
        if wanted == 0:
            break
        i = int(sampled[s])
        cands = np.flatnonzero(is_candidate[s])
        if cands.size == 0 or experts[i]["id"] in taken_experts or int(e_inst[i]) in used_insts:
            continue
        j = int(cands[np.argmax(fit[s, cands])])
        if posts[j]["id"] in taken_posts or int(dept_key[j]) in used_depts:
            continue
        pairs.append({"expert": experts[i]["id"], "post": posts[j]["id"], "rule": "require"})
        taken_experts.add(experts[i]["id"])
        taken_posts.add(posts[j]["id"])
        used_depts.add(int(dept_key[j]))
        used_insts.add(int(e_inst[i]))
        wanted -= 1

    doc = {
        "format": "talentmatch/1",
        "skills": skills,
        "experts": experts,
        "posts": posts,
        "pairs": pairs,
        "constraints": constraints,
        "settings": {"min_score": min_score, "essential_hard": True, "seed": int(seed)},
    }
    return Instance(doc, min_score, sample_candidates, time.perf_counter() - start)


def generate_json(n_experts: int, n_posts: int, **kwargs) -> str:
    """:func:`generate`'s document as compact JSON text, ready for ``tm.Problem.from_json``."""
    return to_json(generate(n_experts, n_posts, **kwargs).doc)


def to_json(doc: dict) -> str:
    """A document as compact JSON text."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def instance(name: str, **kwargs) -> Instance:
    """The instance of one of :data:`SIZES`."""
    n, m = SIZES[name]
    return generate(n, m, **kwargs)


def without_expert(doc: dict, expert_id: str) -> dict:
    """``doc`` after ``expert_id`` leaves: the expert and every pair rule naming them removed (a shallow copy; the
    other entries are shared with ``doc``)."""
    out = dict(doc)
    out["experts"] = [e for e in doc["experts"] if e["id"] != expert_id]
    if "pairs" in doc:
        out["pairs"] = [p for p in doc["pairs"] if p["expert"] != expert_id]
    return out


def candidate_counts(problem) -> np.ndarray:
    """Candidate posts per expert of a ``tm.Problem`` (C++ scoring, ``score(sparse=True)``)."""
    c = problem.score(sparse=True)
    return np.bincount(c.expert, minlength=len(problem.expert_ids))


def describe(counts: np.ndarray) -> str:
    """Mean and quantiles of candidate counts, and the share of experts without any."""
    if counts.size == 0:
        return "no experts"
    q = np.percentile(counts, [10, 50, 90])
    return (
        f"mean {counts.mean():.1f}, p10 {q[0]:.0f}, median {q[1]:.0f}, p90 {q[2]:.0f}, "
        f"max {counts.max()}, none {np.mean(counts == 0):.1%}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--experts", type=int, help="experts (with --posts: one size instead of SIZES)")
    parser.add_argument("--posts", type=int)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write the (last) document's JSON text to this file")
    args = parser.parse_args()
    sizes = [(args.experts, args.posts)] if args.experts and args.posts else [SIZES[k] for k in SIZES if k != "quick"]
    try:
        import talentmatch as tm
    except ImportError:
        tm = None
    for n, m in sizes:
        inst = generate(n, m, candidates=args.candidates, seed=args.seed)
        t0 = time.perf_counter()
        text = to_json(inst.doc)
        t_json = time.perf_counter() - t0
        print(f"{n} x {m}: generated in {inst.seconds:.2f} s, JSON {len(text) / 2**20:.1f} MiB in {t_json:.2f} s")
        print(f"  {len(inst.doc['skills'])} skills, {len(inst.doc['constraints'])} quotas, {len(inst.doc['pairs'])}")
        print(f"  pairs; min_score {inst.min_score:.4f}; sampled candidates: {describe(inst.sample_candidates)}")
        if tm is not None:
            t0 = time.perf_counter()
            problem = tm.Problem.from_json(text)
            t_parse = time.perf_counter() - t0
            t0 = time.perf_counter()
            counts = candidate_counts(problem)
            t_score = time.perf_counter() - t0
            print(f"  from_json {t_parse:.2f} s, score(sparse) {t_score:.2f} s; candidates: {describe(counts)}")
        if args.out:
            with open(args.out, "w", encoding="utf-8") as f:
                f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
