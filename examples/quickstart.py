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
