"""Solve an assignment, check its certificate, and compare with scipy's call shape."""

import numpy as np

import talentmatch as tm

# Fit of 4 experts (rows) to 3 posts (columns); higher is better. -inf: the expert may not take that post.
fit = np.array(
    [
        [0.9, 0.4, 0.1],
        [0.8, 0.7, -np.inf],
        [0.2, 0.6, 0.5],
        [0.3, 0.2, 0.4],
    ]
)

rows, cols = tm.linear_sum_assignment(fit, maximize=True)  # scipy's call and return shapes
print("pairs:", list(zip(rows.tolist(), cols.tolist())))

sol = tm.solve(fit, maximize=True)
cert = sol.verify()  # raises talentmatch.Error if the duals do not prove optimality
print(f"objective {sol.objective:.2f}, certificate ok={cert.ok}, gap={cert.gap:.1e}")

# A post stays empty rather than take an expert whose fit is below 0.5: leaving a row or a column unmatched
# is worth 0.25 (a pair of fit f is kept only when f > 0.25 + 0.25).
partial = tm.solve(fit, maximize=True, unassigned_cost=(0.25, 0.25))
partial.verify()
print("with a reserve value:", list(zip(partial.rows.tolist(), partial.cols.tolist())), f"objective {partial.objective:.2f}")
assert sol.objective == 0.9 + 0.7 + 0.5

# The Fuyun scenario: read the problem document (validated, every issue reported with its JSON path), score every
# expert against every post, and fill the posts' slots under the document's quotas on posts.
from pathlib import Path  # noqa: E402

problem = tm.Problem.from_json(Path(__file__).resolve().parent.parent / "tests" / "data" / "fuyun.json")
scores = problem.score()
doc = problem.to_dict()
slots = np.array([p["slots"] for p in doc["posts"]])
groups = []
for c in doc.get("constraints", []):
    if c["side"] == "posts":
        posts = [k for k, p in enumerate(doc["posts"]) if all(p.get(f) == v for f, v in c["where"].items())]
        groups.append((posts, c.get("min"), c.get("max")))
plan = tm.solve(scores.masked_value(), maximize=True, col_capacity=slots, col_groups=groups)
plan.verify()
print(f"\n{problem}: {len(plan)} experts placed, total value {plan.objective:.2f}")
for e, p in zip(plan.rows, plan.cols):
    print(f"  {problem.expert_ids[e]:8s} -> {problem.post_ids[p]:11s} fit {scores.fit[e, p]:.2f}")
why = problem.explain("e-liu", "p-maternal")
print("why not e-liu at p-maternal:", "; ".join(why["rules"]))
