#pragma once

// The k best distinct plans: talentmatch::plan::alternatives.
//
// Murty's partitioning (K. G. Murty, "An algorithm for ranking all the assignments in order of increasing cost",
// Operations Research 16 (1968), doi:10.1287/opre.16.3.682) in Lawler's form for any 0/1 problem (E. L. Lawler,
// Management Science 18 (1972), doi:10.1287/mnsc.18.7.401): a subproblem is the problem with some pairs forced in
// and some banned; its best plan S = {s_1 .. s_r} (the free pairs it chose) splits the rest of it into children
//   child i (i = 1..r):  s_1 .. s_{i-1} forced, s_i banned;
// and, because a plan here may have any number of pairs (by default a slot stays empty when no pair adds value),
//   child r + j:         all of S forced, t_1 .. t_{j-1} banned, t_j forced,
// for the candidate pairs t_j not in S; a t_j whose expert or post has no room left in S, or that falls in a quota
// at its max, cannot join S and its child is empty, so it is skipped. Every plan of the subproblem other than S lies
// in exactly one child. With fill_first every plan of a subproblem has the most pairs it allows, so no plan there
// holds S and more, and the second kind is not needed. Each child is one flow solve on the same candidates (the
// scoring runs once); the plans come out best first (fill_first: most pairs, then value), ties in the order found.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/graph/flow_problem.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/plan/matcher.hpp"
#include "talentmatch/plan/plan.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace talentmatch::plan {

namespace detail_alternatives {

using idx = std::ptrdiff_t;
using pair_list = std::vector<std::pair<idx, idx>>;

struct node {
  graph::overrides o;
  plan best;
  std::size_t order = 0;  // creation order: ties come out first found, first out
};

struct worse {
  bool operator()(const node* a, const node* b) const {
    if (a->best.fill_first && a->best.filled != b->best.filled) return a->best.filled < b->best.filled;
    if (a->best.objective != b->best.objective) return a->best.objective < b->best.objective;
    return a->order > b->order;
  }
};

}  // namespace detail_alternatives

// Up to k plans, best first, distinct as sets of pairs, each with its certificate; the first is match(p, opt). The
// reports of each (briefs, alternates) are built as match builds them. k >= 1.
inline std::vector<plan> alternatives(const model::problem& p, std::ptrdiff_t k, const match_options& opt = {}) {
  namespace dp = detail_plan;
  namespace da = detail_alternatives;
  using idx = std::ptrdiff_t;
  dp::check_options(opt);
  if (k < 1) throw error("alternatives: k must be >= 1, got " + std::to_string(k));
  timings time;
  const scoring::candidates c = dp::validated_candidates(p, opt, time);
  const std::vector<std::vector<idx>> members = model::all_members(p);

  std::vector<std::unique_ptr<da::node>> nodes;
  std::priority_queue<da::node*, std::vector<da::node*>, da::worse> queue;
  auto add = [&](graph::overrides o) {
    try {
      auto nd = std::make_unique<da::node>();
      nd->best = dp::match_on(p, c, o, opt, time);
      nd->o = std::move(o);
      nd->order = nodes.size();
      queue.push(nd.get());
      nodes.push_back(std::move(nd));
    } catch (const infeasible_error&) {
      // An empty subproblem: nothing in it.
    }
  };
  add({});
  std::vector<plan> out;
  while (!queue.empty() && static_cast<idx>(out.size()) < k) {
    da::node* nd = queue.top();
    queue.pop();
    out.push_back(nd->best);
    if (static_cast<idx>(out.size()) == k) break;
    // The free pairs of its plan: those not forced in this subproblem and not required by a rule.
    std::set<std::pair<idx, idx>> forced(nd->o.forced.begin(), nd->o.forced.end());
    da::pair_list chosen;
    for (const auto& a : nd->best.assignments) {
      const std::pair<idx, idx> pr{a.expert_index, a.post_index};
      if (!a.required && !forced.count(pr)) chosen.push_back(pr);
    }
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      graph::overrides o = nd->o;
      for (std::size_t j = 0; j < i; ++j) o.forced.push_back(chosen[j]);
      o.banned.push_back(chosen[i]);
      add(std::move(o));
    }
    if (opt.fill_first) continue;
    // Plans holding all of S and more: one more candidate pair t_j each, with room for it beside S.
    std::vector<idx> degree(p.experts.size(), 0), filled(p.posts.size(), 0);
    for (const auto& a : nd->best.assignments) ++degree[a.expert_index], ++filled[a.post_index];
    // The experts and posts a quota at its max closes to one more pair.
    std::vector<char> closed_expert(p.experts.size(), 0), closed_post(p.posts.size(), 0);
    if (p.constraints) {
      const auto& cs = *p.constraints;
      for (std::size_t g = 0; g < cs.size(); ++g) {
        if (!cs[g].max) continue;
        const bool on_posts = cs[g].on == model::side::posts;
        idx load = 0;
        for (idx x : members[g]) load += on_posts ? filled[x] : degree[x];
        if (load < *cs[g].max) continue;
        for (idx x : members[g]) (on_posts ? closed_post : closed_expert)[x] = 1;
      }
    }
    std::set<std::pair<idx, idx>> banned(nd->o.banned.begin(), nd->o.banned.end()), in_plan;
    for (const auto& a : nd->best.assignments) in_plan.insert({a.expert_index, a.post_index});
    graph::overrides base = nd->o;
    for (const auto& pr : chosen) base.forced.push_back(pr);
    da::pair_list tried;
    for (std::size_t t = 0; t < c.expert.size(); ++t) {
      const idx e = static_cast<idx>(c.expert[t]), q = static_cast<idx>(c.post[t]);
      if (in_plan.count({e, q}) || banned.count({e, q})) continue;
      if (degree[e] >= p.experts[e].capacity_or_default() || filled[q] >= p.posts[q].slots) continue;
      if (closed_expert[e] || closed_post[q]) continue;
      graph::overrides o = base;
      for (const auto& pr : tried) o.banned.push_back(pr);
      o.forced.push_back({e, q});
      add(std::move(o));
      tried.push_back({e, q});
    }
  }
  return out;
}

// The same, from a plan of p: the ranking follows the plan's mode (fill_first or not).
inline std::vector<plan> alternatives(const model::problem& p, const plan& best, std::ptrdiff_t k,
                                      match_options opt = {}) {
  opt.fill_first = best.fill_first;
  return alternatives(p, k, opt);
}

}  // namespace talentmatch::plan
