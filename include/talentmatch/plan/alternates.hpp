#pragma once

// Alternates of a post plan: for a post and an expert not in it, the value the plan loses when that pair is forced
// in, exactly, without a solve per pair.
//
// Min-cost flow sensitivity (Ahuja, Magnanti and Orlin, "Network Flows" (1993), section 9.3): the difference between
// an optimal flow x* and the best flow that uses the arc (e, q) is a circulation in the residual network of x*; it
// decomposes into cycles, each of non-negative reduced cost, and one of them holds (e, q). So the least loss is
// rc(e, q) plus the shortest path from q back to e in the residual network under reduced costs, which are all >= 0
// for the flow's optimal potentials: one Dijkstra from each post, stopped once its alternates are settled, prices
// every expert at once, and stopped once the k cheapest are known (s and t, reached from everywhere, are searched
// from once, see cheapest()). An expert that cannot be reached cannot be forced in under the rules.
//
// The potentials come from the flow's duals (solver::flow_solution, minimisation form), with the reduced costs its
// certificate checks: for a pair, c - u[e] - v[q] - (duals of the groups holding e and q); for a member's arc, its
// dual less its unassigned cost; for a group's arc, the group's dual. In maximum cardinality mode (fill_first) the
// arcs between s and t are left out, so a forced pair never costs a pair of the plan's size.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "talentmatch/graph/flow_problem.hpp"
#include "talentmatch/solver/flow.hpp"

namespace talentmatch::plan::detail_alternates {

using idx = std::ptrdiff_t;

class residual_network {
 public:
  residual_network(const graph::flow_problem& g, const solver::flow_solution<double>& s) : g_(g) {
    const auto& opt = g.options;
    const idx n = g.experts, m = g.posts;
    const idx rg = static_cast<idx>(opt.row_groups.size()), cg = static_cast<idx>(opt.col_groups.size());
    // Nodes: s, t, row groups, experts, posts, column groups.
    s_ = 0, t_ = 1, off_rg_ = 2, off_e_ = off_rg_ + rg, off_p_ = off_e_ + n, off_cg_ = off_p_ + m;
    nodes_ = off_cg_ + cg;
    const double a = opt.priced() ? 0.0 : s.row_price, b = opt.priced() ? 0.0 : s.col_price;

    // Parents in each quota tree: the innermost group holding a member, then the next one out.
    auto parents = [](const std::vector<solver::quota>& groups, idx members, std::vector<idx>& member_parent,
                      std::vector<idx>& group_parent) {
      member_parent.assign(members, -1);
      group_parent.assign(groups.size(), -1);
      std::vector<idx> order(groups.size());
      for (std::size_t k = 0; k < groups.size(); ++k) order[k] = static_cast<idx>(k);
      std::stable_sort(order.begin(), order.end(),
                       [&](idx x, idx y) { return groups[x].members.size() > groups[y].members.size(); });
      for (idx k : order) {
        const auto& mem = groups[k].members;
        if (!mem.empty()) group_parent[k] = member_parent[mem.front()];
        for (idx e : mem) member_parent[e] = k;
      }
    };
    std::vector<idx> e_parent, rg_parent, q_parent, cg_parent;
    parents(opt.row_groups, n, e_parent, rg_parent);
    parents(opt.col_groups, m, q_parent, cg_parent);

    // Potentials: pi(e) = u[e] + the duals of e's groups; pi(G) = the duals of G and the groups around it; on the
    // post side the same, negated; pi(s) = pi(t) = 0. Then rc(x -> y) = cost(x -> y) - pi(x) + pi(y).
    pi_.assign(nodes_, 0.0);
    std::vector<double> rg_sum(rg, 0.0), cg_sum(cg, 0.0);
    auto chain = [](idx k, const std::vector<idx>& parent, const std::vector<double>& dual) {
      double sum = 0;
      for (; k >= 0; k = parent[k]) sum += dual[k];
      return sum;
    };
    for (idx k = 0; k < rg; ++k) rg_sum[k] = chain(k, rg_parent, s.row_group_dual);
    for (idx k = 0; k < cg; ++k) cg_sum[k] = chain(k, cg_parent, s.col_group_dual);
    for (idx k = 0; k < rg; ++k) pi_[off_rg_ + k] = rg_sum[k];
    for (idx k = 0; k < cg; ++k) pi_[off_cg_ + k] = -cg_sum[k];
    for (idx e = 0; e < n; ++e) pi_[off_e_ + e] = s.u[e] + (e_parent[e] >= 0 ? rg_sum[e_parent[e]] : 0.0);
    for (idx q = 0; q < m; ++q) pi_[off_p_ + q] = -(s.v[q] + (q_parent[q] >= 0 ? cg_sum[q_parent[q]] : 0.0));

    // Flow on every arc of the trees.
    std::vector<idx> rg_load(rg, 0), cg_load(cg, 0);
    for (idx k = 0; k < rg; ++k) {
      for (idx e : opt.row_groups[k].members) rg_load[k] += s.row_degree[e];
    }
    for (idx k = 0; k < cg; ++k) {
      for (idx q : opt.col_groups[k].members) cg_load[k] += s.col_degree[q];
    }
    idx total = 0;
    for (idx e = 0; e < n; ++e) total += s.row_degree[e];

    std::vector<std::pair<idx, std::pair<idx, double>>> arcs;  // (from, (to, cost)) residual arcs
    auto arc = [&](idx x, idx y, double cost, idx flow, idx lo, idx hi) {
      // A tree arc x -> y of cost `cost`, flow in [lo, hi]: forward while below hi, backward while above lo.
      const double rc = cost - pi_[x] + pi_[y];
      if (hi < 0 || flow < hi) arcs.push_back({x, {y, std::max(0.0, rc)}});
      if (flow > lo) arcs.push_back({y, {x, std::max(0.0, -rc)}});
    };
    auto group_hi = [](const solver::quota& q) { return q.max; };
    for (idx k = 0; k < rg; ++k) {
      const idx from = rg_parent[k] >= 0 ? off_rg_ + rg_parent[k] : s_;
      arc(from, off_rg_ + k, 0.0, rg_load[k], opt.row_groups[k].min, group_hi(opt.row_groups[k]));
    }
    // An expert with no pair in the flow (and room) is entered only from its parent, so it is contracted into it:
    // its pairs become arcs from the parent, of cost rc(parent -> e) + rc(e -> q), and the search never settles it
    // (thousands of them hang off each group and s; see cheapest()).
    free_parent_.assign(n, -1);
    free_rc_.assign(n, 0.0);
    for (idx e = 0; e < n; ++e) {
      const idx from = e_parent[e] >= 0 ? off_rg_ + e_parent[e] : s_;
      const idx lo = opt.row_min.empty() ? 0 : opt.row_min[e];
      if (s.row_degree[e] == 0 && opt.row_capacity[e] > 0) {
        free_parent_[e] = from;
        free_rc_[e] = std::max(0.0, -a - pi_[from] + pi_[off_e_ + e]);
        continue;
      }
      arc(from, off_e_ + e, -a, s.row_degree[e], lo, opt.row_capacity[e]);
    }
    for (idx q = 0; q < m; ++q) {
      const idx to = q_parent[q] >= 0 ? off_cg_ + q_parent[q] : t_;
      arc(off_p_ + q, to, -b, s.col_degree[q], opt.col_min[q], opt.col_capacity[q]);
    }
    for (idx k = 0; k < cg; ++k) {
      const idx to = cg_parent[k] >= 0 ? off_cg_ + cg_parent[k] : t_;
      arc(off_cg_ + k, to, 0.0, cg_load[k], opt.col_groups[k].min, group_hi(opt.col_groups[k]));
    }
    if (opt.priced()) arc(t_, s_, 0.0, total, 0, -1);
    // Pairs: unused ones forward, used ones backward.
    std::vector<idx> used_ptr(n + 1, 0);
    for (idx k = 0; k < s.size(); ++k) ++used_ptr[s.rows[k] + 1];
    for (idx e = 0; e < n; ++e) used_ptr[e + 1] += used_ptr[e];
    for (idx e = 0; e < n; ++e) {
      idx u = used_ptr[e];
      for (std::int64_t k = g.indptr[e]; k < g.indptr[e + 1]; ++k) {
        const idx q = static_cast<idx>(g.indices[k]);
        while (u < used_ptr[e + 1] && s.cols[u] < q) ++u;
        const bool used = u < used_ptr[e + 1] && s.cols[u] == q;
        const double rc = -g.weight[k] - pi_[off_e_ + e] + pi_[off_p_ + q];
        if (used) {
          arcs.push_back({off_p_ + q, {off_e_ + e, std::max(0.0, -rc)}});
        } else if (free_parent_[e] >= 0) {
          arcs.push_back({free_parent_[e], {off_p_ + q, free_rc_[e] + std::max(0.0, rc)}});
        } else {
          arcs.push_back({off_e_ + e, {off_p_ + q, std::max(0.0, rc)}});
        }
      }
    }
    // CSR of the residual arcs, by tail (a counting sort keeps the order of the list within a tail).
    ptr_.assign(nodes_ + 1, 0);
    for (const auto& a2 : arcs) ++ptr_[a2.first + 1];
    for (idx x = 0; x < nodes_; ++x) ptr_[x + 1] += ptr_[x];
    head_.resize(arcs.size());
    cost_.resize(arcs.size());
    std::vector<idx> next(ptr_.begin(), ptr_.end() - 1);
    for (const auto& a2 : arcs) {
      const idx at = next[a2.first]++;
      head_[at] = a2.second.first;
      cost_[at] = a2.second.second;
    }
    dist_.assign(nodes_, inf());
    done_.assign(nodes_, 0);
    hub_[0] = distances_from(s_);
    hub_[1] = distances_from(t_);
    for (auto& h : hub_) {
      for (idx e = 0; e < n; ++e) {
        if (free_parent_[e] >= 0 && h[free_parent_[e]] != inf()) h[off_e_ + e] = h[free_parent_[e]] + free_rc_[e];
      }
    }
  }

  // The reduced cost of the free pair at CSR position k (>= 0 when unused, within rounding).
  double pair_reduced_cost(idx e, std::int64_t k) const {
    return -g_.weight[k] - pi_[off_e_ + e] + pi_[off_p_ + static_cast<idx>(g_.indices[k])];
  }

  // The k experts cheapest to force into post q: (loss, expert, CSR position of the pair), least loss first, then
  // document order. `cands` lists the free pairs (expert, CSR position) of q whose expert is not in q, and
  // pair_at[e] is the position of (e, q) for those experts (-1 for every other).
  //
  // A Dijkstra from q that stops once the next distance is at least the k-th least loss found: an unsettled expert
  // cannot do better, its loss being its distance plus a reduced cost >= 0. s and t are hubs: nearly every expert
  // with room hangs off s, so expanding s from every post would settle the whole network each time. They are not
  // expanded; instead their distances to every node are computed once (hub_), and when the search reaches a hub h
  // at distance d, every candidate is offered at d + hub_[h][e] + rc(e, q). That is exact: a shortest path from q
  // either avoids both hubs (the search finds it) or passes one, and then splits at the first hub it reaches.
  //
  // The search of one post is bounded (max_work arcs and nodes, from work_per_post): past it, only the losses it has
  // proven are kept, so on a large network a loss may be that of one exchange that moves the expert in (a real plan,
  // its loss an upper bound) rather than the least: `exact` says which.
  //
  // The bound of each post's search: 2^16, less on networks of many posts so that all the searches together stay
  // within 2^26 (at least 2^12 each). Measured at 10^5 experts x 10^4 posts: 2^16 each took 6.5 s; most searches
  // there reach the bound anyway.
  static std::ptrdiff_t work_per_post(std::ptrdiff_t posts) {
    const std::ptrdiff_t total = std::ptrdiff_t{1} << 26;
    return std::clamp<std::ptrdiff_t>(total / std::max<std::ptrdiff_t>(posts, 1), std::ptrdiff_t{1} << 12,
                                      std::ptrdiff_t{1} << 16);
  }
  struct forced_loss {
    double loss;
    idx expert;
    std::int64_t pair;
    bool exact = true;
  };
  std::vector<forced_loss> cheapest(idx q, const std::vector<std::pair<idx, std::int64_t>>& cands,
                                    const std::vector<std::int64_t>& pair_at, idx k, std::ptrdiff_t max_work) {
    std::vector<forced_loss> found;
    if (k <= 0 || cands.empty()) return found;
    auto before = [](const forced_loss& a, const forced_loss& b) {
      return a.loss != b.loss ? a.loss < b.loss : a.expert < b.expert;
    };
    auto worst = [&] { return static_cast<idx>(found.size()) < k ? inf() : found.back().loss; };
    auto offer = [&](const forced_loss& f) {
      for (std::size_t i = 0; i < found.size(); ++i) {
        if (found[i].expert != f.expert) continue;
        if (!before(f, found[i])) return;
        found.erase(found.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
      if (static_cast<idx>(found.size()) >= k && !before(f, found.back())) return;
      found.insert(std::upper_bound(found.begin(), found.end(), f, before), f);
      if (static_cast<idx>(found.size()) > k) found.pop_back();
    };
    // The contracted candidates, by parent: offered when their parent is settled.
    std::vector<std::pair<idx, std::size_t>>& by_parent = by_parent_;
    by_parent.clear();
    for (std::size_t c = 0; c < cands.size(); ++c) {
      if (free_parent_[cands[c].first] >= 0) by_parent.push_back({free_parent_[cands[c].first], c});
    }
    std::sort(by_parent.begin(), by_parent.end());
    using item = std::pair<double, idx>;
    std::priority_queue<item, std::vector<item>, std::greater<item>> heap;
    const idx src = off_p_ + q;
    dist_[src] = 0;
    touched_.push_back(src);
    heap.push({0.0, src});
    std::ptrdiff_t work = 0;
    while (!heap.empty()) {
      const auto [d, x] = heap.top();
      if (d >= worst()) break;
      if (work > max_work) {
        // Out of budget: what was offered at a loss <= d is proven (any better path passes a node at distance >= d);
        // the rest are the losses of real exchanges, not proven least.
        for (auto& f : found) f.exact = f.loss <= d;
        break;
      }
      heap.pop();
      if (done_[x] || d > dist_[x]) continue;
      done_[x] = 1;
      if (x == s_ || x == t_) {
        const std::vector<double>& from = hub_[x == s_ ? 0 : 1];
        for (const auto& [e, at] : cands) {
          if (from[off_e_ + e] != inf())
            offer({d + from[off_e_ + e] + std::max(0.0, pair_reduced_cost(e, at)), e, at, true});
        }
        continue;
      }
      if (x >= off_e_ && x < off_p_ && pair_at[x - off_e_] >= 0) {
        const idx e = x - off_e_;
        offer({d + std::max(0.0, pair_reduced_cost(e, pair_at[e])), e, pair_at[e], true});
      }
      if (x < off_e_ && !by_parent.empty()) {
        auto it = std::lower_bound(by_parent.begin(), by_parent.end(), std::pair<idx, std::size_t>{x, 0});
        for (; it != by_parent.end() && it->first == x; ++it) {
          const auto& [e, at] = cands[it->second];
          offer({d + free_rc_[e] + std::max(0.0, pair_reduced_cost(e, at)), e, at, true});
        }
      }
      work += 1 + (ptr_[x + 1] - ptr_[x]);
      for (idx a = ptr_[x]; a < ptr_[x + 1]; ++a) {
        const idx y = head_[a];
        const double nd = d + cost_[a];
        if (!done_[y] && nd < dist_[y]) {
          if (dist_[y] == inf()) touched_.push_back(y);
          dist_[y] = nd;
          heap.push({nd, y});
        }
      }
    }
    for (idx x : touched_) dist_[x] = inf(), done_[x] = 0;
    touched_.clear();
    return found;
  }

  // Plain Dijkstra from x over the whole residual network.
  std::vector<double> distances_from(idx x0) const {
    std::vector<double> d(nodes_, inf());
    std::vector<char> done(nodes_, 0);
    using item = std::pair<double, idx>;
    std::priority_queue<item, std::vector<item>, std::greater<item>> heap;
    d[x0] = 0;
    heap.push({0.0, x0});
    while (!heap.empty()) {
      const auto [dx, x] = heap.top();
      heap.pop();
      if (done[x]) continue;
      done[x] = 1;
      for (idx a = ptr_[x]; a < ptr_[x + 1]; ++a) {
        const idx y = head_[a];
        if (!done[y] && dx + cost_[a] < d[y]) d[y] = dx + cost_[a], heap.push({d[y], y});
      }
    }
    return d;
  }

 private:
  static constexpr double inf() { return std::numeric_limits<double>::infinity(); }

  const graph::flow_problem& g_;
  idx s_ = 0, t_ = 1, off_rg_ = 0, off_e_ = 0, off_p_ = 0, off_cg_ = 0, nodes_ = 0;
  std::vector<double> pi_;
  std::vector<idx> ptr_, head_;
  std::vector<double> hub_[2];    // distances from s and from t
  std::vector<idx> free_parent_;  // the parent node of a contracted expert, -1 for the others
  std::vector<double> free_rc_;   // the reduced cost of its arc from the parent
  std::vector<std::pair<idx, std::size_t>> by_parent_;
  std::vector<double> cost_, dist_;
  std::vector<char> done_;
  std::vector<idx> touched_;
};

}  // namespace talentmatch::plan::detail_alternates
