#pragma once

// The graph layer (DESIGN.md section 2): a pure function from a problem and its scored candidates to the flow
// problem the solver takes, talentmatch::graph::build. No solving and no scoring here.
//
//     const auto cands = talentmatch::scoring::score_candidates(problem);
//     const talentmatch::graph::flow_problem g = talentmatch::graph::build(problem, cands);
//     const auto sol = talentmatch::solver::solve_flow(g.view(), g.options);
//
// Rows are the experts and columns the posts, in document order. The candidate pairs (feasible == 1 in the
// scoring) are the CSR entries, never an experts x posts matrix. A pair that must be in the plan (a `require` rule,
// or one forced by the caller, as alternatives do) is fixed: it is taken out of the CSR and counted against its
// expert's capacity, its post's slots and min_fill, and the quotas that hold either end, so the flow decides only
// the rest. A pair banned by the caller is left out; `forbid` pairs are never candidates.
//
// Quotas (`constraints`) become groups of rows (side "experts") or of columns (side "posts") with the document's
// own matching rule (model::all_members); each group remembers its constraint, so the plan names it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/scoring/scoring.hpp"
#include "talentmatch/solver/csr_view.hpp"
#include "talentmatch/solver/flow.hpp"

namespace talentmatch::graph {

using idx = std::ptrdiff_t;

// What the caller adds to the document's rules, by positions in the problem's experts and posts.
struct overrides {
  std::vector<std::pair<idx, idx>> forced;   // must be in the plan (each must be a candidate)
  std::vector<std::pair<idx, idx>> banned;   // must not be
  std::vector<std::pair<idx, idx>> boosted;  // earn `boost` on top of their value in the solve (replan's kept pairs)
  double boost = 0;
};

struct flow_problem {
  idx experts = 0, posts = 0;
  // The free candidate pairs, by expert then post: the flow's CSR (row e holds indptr[e] <= k < indptr[e + 1]).
  std::vector<std::int64_t> indptr, indices;
  std::vector<double> weight;  // what the flow maximises: value, plus the boost on boosted pairs
  std::vector<double> value, fit;
  // The fixed pairs, by expert then post.
  std::vector<idx> fixed_expert, fixed_post;
  std::vector<double> fixed_value, fixed_fit;
  std::vector<char> fixed_by_rule;  // 1: a `require` rule of the document; 0: forced by the caller
  // Capacities, slots, minimums and quota bounds left after the fixed pairs; maximize; in priced mode (the default)
  // an unused unit costs 0, so the flow maximises the total weight; with fill_first, maximum cardinality mode.
  solver::flow_options<double> options;
  std::vector<idx> row_group_constraint, col_group_constraint;  // the constraint behind each group
  // The document's bounds, for the reports.
  std::vector<idx> capacity, slots, min_fill;
  std::vector<idx> fixed_per_expert, fixed_per_post;

  solver::csr_view<double> view() const {
    solver::csr_view<double> v;
    v.rows = experts;
    v.cols = posts;
    v.indptr = indptr.data();
    v.indices = indices.data();
    v.data = weight.data();
    v.nnz = static_cast<idx>(weight.size());
    return v;
  }
};

namespace detail_graph {

inline std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

inline std::uint64_t key(idx e, idx q, idx m) {
  return static_cast<std::uint64_t>(e) * static_cast<std::uint64_t>(m) + static_cast<std::uint64_t>(q);
}

}  // namespace detail_graph

// The flow problem of `p` on the candidates `c` (scoring::score_candidates of the same p, sorted by expert then
// post). Throws talentmatch::infeasible_error when the fixed pairs alone break a bound (naming the expert, the post
// or the constraint), and talentmatch::error when an override names a pair out of range or one that is not a
// candidate. p must be valid (model::require_valid).
inline flow_problem build(const model::problem& p, const scoring::candidates& c, const overrides& o = {},
                          bool fill_first = false) {
  namespace dg = detail_graph;
  flow_problem g;
  const idx n = static_cast<idx>(p.experts.size()), m = static_cast<idx>(p.posts.size());
  g.experts = n;
  g.posts = m;
  if (c.experts != n || c.posts != m) {
    throw error("graph: the candidates are for " + std::to_string(c.experts) + " experts x " + std::to_string(c.posts) +
                " posts, the problem has " + std::to_string(n) + " x " + std::to_string(m));
  }
  auto check_pair = [&](const std::pair<idx, idx>& pr, const char* what) {
    if (pr.first < 0 || pr.first >= n || pr.second < 0 || pr.second >= m) {
      throw error(std::string("graph: a ") + what + " pair (" + std::to_string(pr.first) + ", " +
                  std::to_string(pr.second) + ") is out of range");
    }
  };
  // Pair marks: 1 forced, 2 banned, 4 boosted, 8 required by the document.
  std::unordered_map<std::uint64_t, int> mark;
  for (const auto& pr : o.forced) check_pair(pr, "forced"), mark[dg::key(pr.first, pr.second, m)] |= 1;
  for (const auto& pr : o.banned) check_pair(pr, "banned"), mark[dg::key(pr.first, pr.second, m)] |= 2;
  for (const auto& pr : o.boosted) check_pair(pr, "boosted"), mark[dg::key(pr.first, pr.second, m)] |= 4;
  if (p.pairs) {
    const auto experts =
        model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
    const auto posts = model::id_index::of(p.posts, [](const model::post& q) -> const std::string& { return q.id; });
    for (const auto& r : *p.pairs) {
      if (r.rule != model::pair_kind::require) continue;
      const idx e = experts.find(r.expert), q = posts.find(r.post);
      if (e >= 0 && q >= 0) mark[dg::key(e, q, m)] |= 8;
    }
  }

  g.capacity.resize(n);
  for (idx e = 0; e < n; ++e) g.capacity[e] = p.experts[e].capacity_or_default();
  g.slots.resize(m);
  g.min_fill.resize(m);
  for (idx q = 0; q < m; ++q) {
    g.slots[q] = p.posts[q].slots;
    g.min_fill[q] = p.posts[q].min_fill_or_default();
  }
  g.fixed_per_expert.assign(n, 0);
  g.fixed_per_post.assign(m, 0);

  const std::size_t total = c.expert.size();
  g.indptr.assign(n + 1, 0);
  g.indices.reserve(total);
  g.weight.reserve(total);
  g.value.reserve(total);
  g.fit.reserve(total);
  std::size_t fixed_found = 0;
  for (std::size_t k = 0; k < total; ++k) {
    const idx e = static_cast<idx>(c.expert[k]), q = static_cast<idx>(c.post[k]);
    int flags = 0;
    if (!mark.empty()) {
      const auto it = mark.find(dg::key(e, q, m));
      if (it != mark.end()) flags = it->second;
    }
    if ((flags & 2) != 0 && (flags & 9) != 0) {
      const bool rule = (flags & 8) != 0;
      throw infeasible_error("the pair (" + dg::in_quotes(p.experts[e].id) + ", " + dg::in_quotes(p.posts[q].id) +
                             ") is both " + (rule ? "required by a pair rule" : "forced") + " and banned");
    }
    if ((flags & 2) != 0) continue;
    if ((flags & 9) != 0) {
      g.fixed_expert.push_back(e);
      g.fixed_post.push_back(q);
      g.fixed_value.push_back(c.value[k]);
      g.fixed_fit.push_back(c.fit[k]);
      g.fixed_by_rule.push_back((flags & 8) != 0 ? 1 : 0);
      ++g.fixed_per_expert[e];
      ++g.fixed_per_post[q];
      ++fixed_found;
      continue;
    }
    g.indices.push_back(q);
    g.value.push_back(c.value[k]);
    g.fit.push_back(c.fit[k]);
    g.weight.push_back((flags & 4) != 0 ? c.value[k] + o.boost : c.value[k]);
    ++g.indptr[e + 1];
  }
  for (idx e = 0; e < n; ++e) g.indptr[e + 1] += g.indptr[e];
  // Every forced pair must have been a candidate (a require pair always is: scoring makes it feasible).
  std::size_t wanted = 0;
  for (const auto& [k, flags] : mark) wanted += (flags & 9) != 0 && (flags & 2) == 0 ? 1 : 0;
  if (fixed_found != wanted) {
    for (const auto& pr : o.forced) {
      bool found = false;
      for (std::size_t k = 0; k < g.fixed_expert.size() && !found; ++k) {
        found = g.fixed_expert[k] == pr.first && g.fixed_post[k] == pr.second;
      }
      if (!found) {
        throw error("graph: the forced pair (" + dg::in_quotes(p.experts[pr.first].id) + ", " +
                    dg::in_quotes(p.posts[pr.second].id) + ") is not a candidate (infeasible under the rules)");
      }
    }
  }

  // Bounds left for the flow.
  auto& opt = g.options;
  opt.maximize = true;
  if (!fill_first)
    opt.unassigned = solver::unassigned_costs<double>{std::vector<double>(n, 0.0), std::vector<double>(m, 0.0)};
  opt.row_capacity.resize(n);
  for (idx e = 0; e < n; ++e) {
    const idx left = g.capacity[e] - g.fixed_per_expert[e];
    if (left < 0) {
      std::string at;
      for (std::size_t k = 0; k < g.fixed_expert.size(); ++k) {
        if (g.fixed_expert[k] == e) at += (at.empty() ? "" : ", ") + dg::in_quotes(p.posts[g.fixed_post[k]].id);
      }
      throw infeasible_error("expert " + dg::in_quotes(p.experts[e].id) + " is required at " +
                             std::to_string(g.fixed_per_expert[e]) + " posts (" + at + ") but has capacity " +
                             std::to_string(g.capacity[e]));
    }
    opt.row_capacity[e] = left;
  }
  opt.col_capacity.resize(m);
  opt.col_min.resize(m);
  for (idx q = 0; q < m; ++q) {
    const idx left = g.slots[q] - g.fixed_per_post[q];
    if (left < 0) {
      throw infeasible_error("post " + dg::in_quotes(p.posts[q].id) + " has " + std::to_string(g.slots[q]) +
                             " slots but " + std::to_string(g.fixed_per_post[q]) + " required experts");
    }
    opt.col_capacity[q] = left;
    opt.col_min[q] = std::max<idx>(0, g.min_fill[q] - g.fixed_per_post[q]);
  }
  if (p.constraints) {
    const auto& cs = *p.constraints;
    std::vector<std::vector<idx>> members = model::all_members(p);
    for (std::size_t k = 0; k < cs.size(); ++k) {
      const model::constraint& con = cs[k];
      const bool on_posts = con.on == model::side::posts;
      solver::quota qt;
      qt.members = std::move(members[k]);
      idx fixed = 0;
      for (idx x : qt.members) fixed += on_posts ? g.fixed_per_post[x] : g.fixed_per_expert[x];
      if (con.max && fixed > *con.max) {
        throw infeasible_error("constraint " + dg::in_quotes(con.name) + " allows at most " + std::to_string(*con.max) +
                               " pairs, but " + std::to_string(fixed) + " required pairs fall in it");
      }
      qt.min = con.min ? std::max<idx>(0, *con.min - fixed) : 0;
      qt.max = con.max ? *con.max - fixed : -1;
      (on_posts ? opt.col_groups : opt.row_groups).push_back(std::move(qt));
      (on_posts ? g.col_group_constraint : g.row_group_constraint).push_back(static_cast<idx>(k));
    }
  }
  return g;
}

}  // namespace talentmatch::graph
