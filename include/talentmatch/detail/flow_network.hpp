#pragma once

// The network search of the capacitated assignment (solver/flow.hpp): successive shortest paths on
//
//     s -> row groups (outermost first) -> rows -> columns -> column groups (innermost first) -> t
//
// with node potentials, one unit per augmentation, each search a Dijkstra over the residual reduced costs on an
// indexed 4-ary heap (detail/indexed_heap.hpp):
//
//     R. K. Ahuja, T. L. Magnanti, J. B. Orlin. Network Flows: Theory, Algorithms, and Applications.
//     Prentice Hall, 1993: sections 2.4 (lower bounds) and 9.7 (successive shortest paths).
//
// Each unit of each member of the scanned side in turn searches from that member alone (Crouse's order, so each
// search explores only its own alternating tree): in priced mode always (augment_priced_per_source, on a pseudoflow
// that meets the lower bounds as it goes; the units left over at s or at a group, which the right side's minimums
// put there, are searched for backwards from the node still short); in maximum cardinality mode when the scanned side
// has no quotas, after the lower bounds are met (each forced unit routed along a shortest path from where it must
// start, or to where it must end) (augment_per_source). Otherwise s -> t paths are augmented while one exists. Every
// step keeps all residual reduced costs non-negative, so the result is optimal, and the potentials are the LP duals.
// The network is never built: a member's pair arcs are read in place from the caller's dense matrix or from the CSR
// graph (detail/flow_pairs.hpp).
//
// What stays slower: maximum cardinality with quotas on both sides, when it runs here, searches from s, settling
// every node nearer than t each time. solve_flow (solver/flow.hpp) runs it as the priced problem with a big-M
// unassigned cost instead, except on integers where that M would leave exact arithmetic.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/indexed_heap.hpp"
#include "talentmatch/detail/input_checks.hpp"
#include "talentmatch/detail/laminar.hpp"
#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::detail {

// The search's heap holds node ids; their keys are the distances in dist_ (see detail/indexed_heap.hpp for why).
// The targets of a search win ties: the node named `preferred`, then, when `imbalance` is set, every node whose
// imbalance has the sign the search looks for (a deficit going forwards, an excess going backwards). Once a target
// is as near as anything left it is settled and the search ends, instead of first scanning every node at the same
// distance: after a few units the tight arcs form plateaus of thousands of nodes at one distance, and a search
// that ends at their far side costs all of them. Then ties go to the higher id going forwards (nodes are numbered
// from s to t, so the node nearest the sink first) and to the lower going backwards; the order is deterministic.
template <class W>
struct flow_heap_order {
  const W* key = nullptr;
  std::ptrdiff_t preferred = -1;
  const std::ptrdiff_t* imbalance = nullptr;
  bool backwards = false;
  static std::ptrdiff_t id(std::ptrdiff_t x) { return x; }
  bool target(std::ptrdiff_t a) const { return backwards ? imbalance[a] > 0 : imbalance[a] < 0; }
  bool operator()(std::ptrdiff_t a, std::ptrdiff_t b) const {
    if (key[a] != key[b]) return key[a] < key[b];
    if (a == preferred || b == preferred) return a == preferred;
    if (imbalance) {
      const bool ta = target(a), tb = target(b);
      if (ta != tb) return ta;
    }
    return backwards ? a < b : a > b;
  }
};

// The network in the solver's orientation: "left" is the side scanned (its pair arcs read from the matrix rows),
// "right" the other. Nodes: s, left groups, left members, right members, right groups, t. Every node but s and t
// has one tree arc, to its parent (left side: parent -> node; right side: node -> parent), with bounds [lo, hi], a
// flow and a cost (minus the unassigned cost on a member's arc, 0 on a group's).
template <class Pairs>
class flow_network {
 public:
  using W = typename Pairs::W;
  using idx = std::ptrdiff_t;

  // A used pair as seen from one of its ends: the member at the other end, and (CSR) the pair's edge id; a dense
  // edge id is i * columns + j, so it is not stored.
  struct csr_ref {
    idx other;
    idx edge;
  };
  struct dense_ref {
    idx other;
  };
  using edge_ref = std::conditional_t<Pairs::dense, dense_ref, csr_ref>;
  static edge_ref make_ref(idx other, idx edge) {
    if constexpr (Pairs::dense) {
      (void)edge;
      return {other};
    } else {
      return {other, edge};
    }
  }
  // The edge id of the pair (i, r.other) seen from left member i, or of (r.other, j) seen from right member j.
  idx left_edge(idx i, const edge_ref& r) const {
    if constexpr (Pairs::dense) {
      return i * nr_ + r.other;
    } else {
      (void)i;
      return r.edge;
    }
  }
  idx right_edge(idx j, const edge_ref& r) const {
    if constexpr (Pairs::dense) {
      return r.other * nr_ + j;
    } else {
      (void)j;
      return r.edge;
    }
  }

  flow_network(Pairs pairs, const side_bounds& left, const side_bounds& right, const std::vector<W>& left_cost,
               const std::vector<W>& right_cost, bool priced)
      : pairs_(std::move(pairs)), priced_(priced) {
    nl_ = pairs_.left();
    nr_ = pairs_.right();
    const idx gl = static_cast<idx>(left.group_lo.size()), gr = static_cast<idx>(right.group_lo.size());
    off_l_ = 1 + gl;
    off_r_ = off_l_ + nl_;
    off_rg_ = off_r_ + nr_;
    t_ = off_rg_ + gr;
    n_ = t_ + 1;
    parent_.assign(n_, -1);
    lo_.assign(n_, 0);
    hi_.assign(n_, 0);
    flow_.assign(n_, 0);
    arc_cost_.assign(n_, W(0));
    imbalance_.assign(n_, 0);
    for (idx k = 0; k < gl; ++k) {
      const idx x = 1 + k;
      parent_[x] = left.group_parent[k] < 0 ? s_ : 1 + left.group_parent[k];
      lo_[x] = left.group_lo[k];
      hi_[x] = left.group_hi[k];
    }
    for (idx i = 0; i < nl_; ++i) {
      const idx x = off_l_ + i;
      parent_[x] = left.member_parent[i] < 0 ? s_ : 1 + left.member_parent[i];
      lo_[x] = left.lo[i];
      hi_[x] = left.hi[i];  // at most the other side's size: each pair is used once
      arc_cost_[x] = left_cost[i];
    }
    for (idx j = 0; j < nr_; ++j) {
      const idx x = off_r_ + j;
      parent_[x] = right.member_parent[j] < 0 ? t_ : off_rg_ + right.member_parent[j];
      lo_[x] = right.lo[j];
      hi_[x] = right.hi[j];
      arc_cost_[x] = right_cost[j];
    }
    for (idx k = 0; k < gr; ++k) {
      const idx x = off_rg_ + k;
      parent_[x] = right.group_parent[k] < 0 ? t_ : off_rg_ + right.group_parent[k];
      lo_[x] = right.group_lo[k];
      hi_[x] = right.group_hi[k];
    }
    // Children lists (for s, t and the groups), by node id.
    child_ptr_.assign(n_ + 1, 0);
    for (idx x = 0; x < n_; ++x) {
      if (parent_[x] >= 0) ++child_ptr_[parent_[x] + 1];
    }
    for (idx x = 0; x < n_; ++x) child_ptr_[x + 1] += child_ptr_[x];
    children_.resize(child_ptr_[n_]);
    std::vector<idx> fill(child_ptr_.begin(), child_ptr_.end() - 1);
    for (idx x = 0; x < n_; ++x) {
      if (parent_[x] >= 0) children_[fill[parent_[x]]++] = x;
    }
    used_.assign(pairs_.edges(), 0);
    partners_l_.assign(nl_, {});
    partners_r_.assign(nr_, {});
    dist_.assign(n_, talentmatch::detail::infinity<W>());
    pred_.assign(n_, -1);
    pred_edge_.assign(n_, -1);
    state_.assign(n_, 0);
    heap_.reset(n_);
    dead_heap_.reset(n_);
    dead_.assign(n_, 0);
    pi_.assign(n_, W(0));
  }

  // Runs the phases; throws infeasible_error when a lower bound cannot be met.
  void solve(const std::string& left_name, const std::string& right_name) {
    force_lower_bounds(left_name, right_name);
    if (priced_) {
      augment_priced_per_source(left_name, right_name);
    } else {
      initial_potentials();
      meet_lower_bounds(left_name, right_name);
      if (shortcut_applies()) {
        augment_per_source();
      } else {
        while (dijkstra(
                   s_, [&](idx x) { return x == t_; }, talentmatch::detail::infinity<W>()) == t_) {
          update_potentials(dist_[t_]);
          augment(s_, t_);
          reset_search();
        }
        reset_search();
      }
    }
    settle_full_groups();
  }

  // Warm start (priced mode): solve from the flow of `pairs` (left member, right member; a pair not allowed here is
  // left out) and the potentials that the tree duals `dual` give (per node, as tree_dual reads them; NaN where
  // unknown), instead of from nothing. Unknown potentials are chosen so that the member's pair arcs are priced
  // correctly. Every arc whose reduced cost has the wrong sign for its flow is then saturated or emptied, and every
  // bound is met arc by arc; that leaves imbalances, routed by shortest paths as the cold search routes its own
  // (units with somewhere to go forwards from the left members, then each node still short, backwards). Every
  // residual reduced cost is then >= 0, so the result is optimal from any start; near a previous optimum only the
  // units that the change displaced move. Returns false, with the network back as it was built, when the start
  // cannot be used: an arc that would have to be saturated has no bound (a quota without a max), the circulation
  // arc t -> s is priced wrongly, or a unit finds nowhere to go (the cold search then names the minimum).
  bool solve_warm(const std::vector<std::pair<idx, idx>>& pairs, const std::vector<W>& dual) {
    if (!priced_) return false;
    constexpr W inf = talentmatch::detail::infinity<W>();
    auto unknown = [](W x) {
      if constexpr (std::is_floating_point_v<W>) {
        return std::isnan(x);
      } else {
        (void)x;
        return false;
      }
    };
    // Depths in the trees, so that a parent's potential is known before its children's.
    std::vector<idx> order(static_cast<std::size_t>(n_ - 1)), depth(n_, 0);
    for (idx x = 1; x < n_; ++x) {
      order[x - 1] = x;
      if (x == t_) continue;
      for (idx y = parent_[x]; y != s_ && y != t_; y = parent_[y]) ++depth[x];
    }
    std::stable_sort(order.begin(), order.end(), [&](idx a, idx b) { return depth[a] < depth[b]; });
    std::vector<char> known(n_, 1);
    pi_[s_] = W(0);
    pi_[t_] = W(0);
    for (idx x : order) {
      if (x == t_) continue;
      const W d = dual[x];
      if (unknown(d) || !known[parent_[x]]) {
        known[x] = 0;
        pi_[x] = pi_[parent_[x]];  // groups: tight; members: chosen from their pairs below
        continue;
      }
      pi_[x] = x < off_r_ ? pi_[parent_[x]] - d : pi_[parent_[x]] + d;
    }
    // The pairs, each once.
    for (const auto& pair : pairs) {
      const idx i = pair.first, j = pair.second;  // not a structured binding: C++17 lambdas cannot capture those
      if (i < 0 || i >= nl_ || j < 0 || j >= nr_) return reset_warm();
      idx edge = -1;
      pairs_.for_each(i, [&](idx jj, idx e, W) {
        if (jj == j) edge = e;
      });
      if (edge < 0 || used_[edge]) continue;
      used_[edge] = 1;
      partners_l_[i].push_back(make_ref(j, edge));
      partners_r_[j].push_back(make_ref(i, edge));
    }
    // Unknown right members: the least potential that prices every unused pair into them >= 0; then unknown left
    // members: the greatest that does the same for their own pairs (the member's arc is fixed below if need be).
    std::vector<W> low(nr_, -inf);
    bool any_right = false;
    for (idx j = 0; j < nr_; ++j) any_right |= !known[off_r_ + j];
    if (any_right) {
      for (idx i = 0; i < nl_; ++i) {
        if (!known[off_l_ + i]) continue;
        pairs_.for_each(i, [&](idx j, idx, W c) { low[j] = std::max(low[j], pi_[off_l_ + i] + c); });
      }
      for (idx j = 0; j < nr_; ++j) {
        if (!known[off_r_ + j] && low[j] != -inf) pi_[off_r_ + j] = low[j];
      }
    }
    for (idx i = 0; i < nl_; ++i) {
      if (known[off_l_ + i]) continue;
      W best = inf;
      pairs_.for_each(i, [&](idx j, idx, W c) { best = std::min(best, pi_[off_r_ + j] - c); });
      if (best != inf) pi_[off_l_ + i] = best;
    }
    // Flows from the pairs: members, then groups (deepest first).
    for (idx i = 0; i < nl_; ++i) flow_[off_l_ + i] = static_cast<idx>(partners_l_[i].size());
    for (idx j = 0; j < nr_; ++j) flow_[off_r_ + j] = static_cast<idx>(partners_r_[j].size());
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const idx x = *it;
      if (x == t_ || (x >= off_l_ && x < off_rg_)) continue;
      idx below = 0;
      for (idx k = child_ptr_[x]; k < child_ptr_[x + 1]; ++k) below += flow_[children_[k]];
      flow_[x] = below;
    }
    ts_flow_ = 0;
    for (idx i = 0; i < nl_; ++i) ts_flow_ += flow_[off_l_ + i];
    // The circulation arc t -> s costs 0 and has no bound: it must be tight while it carries flow.
    const W ts_rc = pi_[t_] - pi_[s_];
    if (ts_rc < W(0) || (ts_flow_ > 0 && ts_rc > W(0))) return reset_warm();
    // Pairs priced the wrong way round for their state change state (one unit each).
    for (idx i = 0; i < nl_; ++i) {
      const idx xl = off_l_ + i;
      pairs_.for_each(i, [&](idx j, idx e, W c) {
        const idx xr = off_r_ + j;
        const W rc = c + pi_[xl] - pi_[xr];
        if (used_[e] && rc > W(0)) {
          used_[e] = 0;
          erase(partners_l_[i], j);
          erase(partners_r_[j], i);
          ++imbalance_[xl], --imbalance_[xr];
        } else if (!used_[e] && rc < W(0)) {
          used_[e] = 1;
          partners_l_[i].push_back(make_ref(j, e));
          partners_r_[j].push_back(make_ref(i, e));
          --imbalance_[xl], ++imbalance_[xr];
        }
      });
    }
    // Tree arcs: within their bounds, and saturated or emptied where the reduced cost asks for it. The arc runs
    // parent -> x on the left and x -> parent on the right; moving its flow by delta moves delta units between them.
    for (idx x = 1; x < n_; ++x) {
      if (x == t_) continue;
      const idx p = parent_[x];
      const bool left = x < off_r_;
      const W rc = left ? arc_cost_[x] + pi_[p] - pi_[x] : arc_cost_[x] + pi_[x] - pi_[p];
      idx f = std::clamp(flow_[x], lo_[x], hi_[x]);
      if (f < hi_[x] && rc < W(0)) {
        if (hi_[x] >= unlimited) return reset_warm();
        f = hi_[x];
      } else if (f > lo_[x] && rc > W(0)) {
        f = lo_[x];
      }
      const idx delta = f - flow_[x];
      flow_[x] = f;
      const idx from = left ? p : x, to = left ? x : p;
      imbalance_[from] -= delta;
      imbalance_[to] += delta;
    }
    // t's imbalance goes round to s through the circulation arc (it carries the pairs' flow).
    ts_flow_ += imbalance_[t_];
    imbalance_[s_] += imbalance_[t_];
    imbalance_[t_] = 0;
    if (ts_flow_ < 0) return reset_warm();
    ts_cost_ = W(0);
    ts_active_ = true;
    std::vector<idx> members(static_cast<std::size_t>(off_r_ - off_l_));
    std::iota(members.begin(), members.end(), off_l_);
    // A unit with nowhere to go: the cold search, from nothing, names the infeasibility (or finds the plan).
    if (!route_imbalances(
            members, [](idx) {}, [](idx) {}))
      return reset_warm();
    ts_active_ = false;
    settle_full_groups();
    return true;
  }

  // The network as it was built: no flow, no potentials.
  bool reset_warm() {
    std::fill(flow_.begin(), flow_.end(), 0);
    std::fill(imbalance_.begin(), imbalance_.end(), 0);
    std::fill(used_.begin(), used_.end(), 0);
    for (auto& v : partners_l_) v.clear();
    for (auto& v : partners_r_) v.clear();
    std::fill(pi_.begin(), pi_.end(), W(0));
    std::fill(dead_.begin(), dead_.end(), 0);
    ts_flow_ = 0;
    ts_cost_ = W(0);
    ts_active_ = false;
    lex_ = false;
    return false;
  }

  // A group whose members are all full (its bound is what they can take, not the caller's quota) binds only
  // through them: a negative dual on it moves to its members (its potential goes to its parent's), which keeps every
  // reduced cost >= 0, as its arcs down carry no more and its arc up none back. Outermost groups first, so that a
  // moved potential reaches the groups inside.
  void settle_full_groups() {
    std::vector<idx> groups, depth(n_, 0);
    for (idx x = 1; x < t_; ++x) {
      if (x >= off_l_ && x < off_rg_) continue;  // members
      for (idx y = parent_[x]; y != s_ && y != t_; y = parent_[y]) ++depth[x];
      groups.push_back(x);
    }
    std::stable_sort(groups.begin(), groups.end(), [&](idx a, idx b) { return depth[a] < depth[b]; });
    for (const idx g : groups) {
      idx below = 0;
      bool full = true;
      for (idx k = child_ptr_[g]; k < child_ptr_[g + 1]; ++k) {
        const idx c = children_[k];
        below += hi_[c];
        full &= flow_[c] == hi_[c];
      }
      if (!full || flow_[g] != hi_[g] || hi_[g] != below) continue;
      if (tree_dual(g) < W(0)) pi_[g] = pi_[parent_[g]];
    }
  }

  // Dual of a member's or group's tree arc: the arc's reduced cost plus the member's unassigned cost (its own
  // arc cost is minus that), i.e. the potential difference across the arc.
  W tree_dual(idx x) const { return x < off_r_ ? pi_[parent_[x]] - pi_[x] : pi_[x] - pi_[parent_[x]]; }
  W flow_price() const { return pi_[t_] - pi_[s_]; }  // potential difference t - s: the marginal cost of a pair
  idx nodes() const { return n_; }
  idx left_node(idx i) const { return off_l_ + i; }
  idx right_node(idx j) const { return off_r_ + j; }
  idx left_group_node(idx k) const { return 1 + k; }
  idx right_group_node(idx k) const { return off_rg_ + k; }
  idx degree(idx x) const { return flow_[x]; }
  const std::vector<edge_ref>& partners_of_left(idx i) const { return partners_l_[i]; }
  W pair_cost(idx i, const edge_ref& r) const { return pairs_.cost(i, r.other, left_edge(i, r)); }

  bool left_side(idx x) const { return x < off_r_; }
  bool is_left_member(idx x) const { return x >= off_l_ && x < off_r_; }
  bool is_right_member(idx x) const { return x >= off_r_ && x < off_rg_; }

  // Lower bounds: a tree arc starts at its lower bound (a group at the larger of its minimum and its members'
  // minimums). A left node then holds units it must send on (excess), a right node units it must receive (deficit).
  void force_lower_bounds(const std::string& left_name, const std::string& right_name) {
    // Members, then groups innermost first (deepest in the tree first).
    std::vector<idx> depth(n_, 0), order;
    for (idx x = 1; x < t_; ++x) {
      idx d = 0;
      for (idx y = parent_[x]; y != s_ && y != t_; y = parent_[y]) ++d;
      depth[x] = d;
      order.push_back(x);
    }
    std::stable_sort(order.begin(), order.end(), [&](idx a, idx b) {
      const bool ga = a < off_l_ || a >= off_rg_, gb = b < off_l_ || b >= off_rg_;
      return ga != gb ? gb : depth[a] > depth[b];
    });
    for (idx x : order) {
      idx below = 0;
      for (idx k = child_ptr_[x]; k < child_ptr_[x + 1]; ++k) below += flow_[children_[k]];
      if (below > hi_[x]) {
        const bool left = x < off_r_;
        throw infeasible_error((left ? left_name : right_name) + " group " +
                                   std::to_string(left ? x - 1 : x - off_rg_) + ": the minimums inside it add up to " +
                                   std::to_string(below) + ", above its max " + std::to_string(hi_[x]),
                               (left ? left_name : right_name) + " group", left ? x - 1 : x - off_rg_);
      }
      flow_[x] = std::max(lo_[x], below);
      // A left node must send on what it was forced to take (excess); a right one must receive it (deficit).
      imbalance_[x] = x < off_r_ ? flow_[x] - below : below - flow_[x];
    }
    // s has sent what its children were forced to take; t has received what its children were forced to give.
    for (idx k = child_ptr_[s_]; k < child_ptr_[s_ + 1]; ++k) imbalance_[s_] -= flow_[children_[k]];
    for (idx k = child_ptr_[t_]; k < child_ptr_[t_ + 1]; ++k) imbalance_[t_] += flow_[children_[k]];
  }

  // The right side's potentials (minus the distance to t over forward arcs: a member's arc cost, groups cost 0), and
  // each left member's distance to t: its cheapest pair arc, then on (infinite without an allowed pair).
  std::vector<W> right_potentials() {
    for (idx j = 0; j < nr_; ++j) pi_[off_r_ + j] = -arc_cost_[off_r_ + j];
    for (idx x = off_rg_; x <= t_; ++x) pi_[x] = W(0);
    std::vector<W> to_t(nl_, talentmatch::detail::infinity<W>());
    for (idx i = 0; i < nl_; ++i) {
      pairs_.for_each(i, [&](idx j, idx, W c) { to_t[i] = std::min(to_t[i], c - pi_[off_r_ + j]); });
    }
    return to_t;
  }

  // Potentials with every arc's reduced cost >= 0 (whatever its residual capacity): minus the shortest distance to
  // t over forward arcs, with every group at its root's potential (group arcs cost 0 both ways).
  void initial_potentials() {
    constexpr W inf = talentmatch::detail::infinity<W>();
    const std::vector<W> to_t = right_potentials();
    W best = inf;
    for (idx i = 0; i < nl_; ++i) {
      if (to_t[i] != inf) best = std::min(best, arc_cost_[off_l_ + i] + to_t[i]);
    }
    const W ps = best == inf ? W(0) : -best;
    for (idx x = 0; x < off_l_; ++x) pi_[x] = ps;
    for (idx i = 0; i < nl_; ++i) {
      // A member with no allowed pair has no arc onwards: its arc from the root is made tight.
      pi_[off_l_ + i] = to_t[i] == inf ? ps + arc_cost_[off_l_ + i] : -to_t[i];
    }
  }

  // Routes every forced unit. While the lower bounds are met the network is a circulation: an arc t -> s (no
  // limit, cost fixed at the initial potential difference so that it starts tight; its flow is the number of pairs)
  // lets units forced into t come round again. Each excess (a left node forced to send, or t) is sent along a
  // shortest path to the nearest deficit (a right node forced to receive, or s); when none can be reached, no
  // assignment meets the minimums. Then the arc t -> s is dropped: its flow is the s -> t flow of the plain network.
  void meet_lower_bounds(const std::string& left_name, const std::string& right_name) {
    ts_cost_ = pi_[s_] - pi_[t_];
    ts_active_ = true;
    auto is_deficit = [&](idx x) { return imbalance_[x] < 0; };
    for (idx x = 1; x < n_; ++x) {
      if (x == t_ ? false : x >= off_r_) continue;
      while (imbalance_[x] > 0) {
        const idx target = dijkstra(x, is_deficit, talentmatch::detail::infinity<W>(), -1, true);
        if (target < 0) {
          reset_search();
          idx named = x;
          if (x == t_) {
            named = off_r_;
            while (named < t_ && !is_deficit(named)) ++named;
          }
          throw infeasible_error(node_name(named, left_name, right_name) + " must take at least " +
                                     std::to_string(lo_[named]) + " pairs, but no assignment meets all the minimums",
                                 node_subject(named, left_name, right_name), node_index(named));
        }
        update_potentials(dist_[target]);
        augment(x, target);
        reset_search();
        --imbalance_[x];
        ++imbalance_[target];
      }
    }
    ts_active_ = false;
  }

  std::string node_subject(idx x, const std::string& left_name, const std::string& right_name) const {
    if (x < off_l_) return left_name + " group";
    if (x < off_r_) return left_name;
    if (x < off_rg_) return right_name;
    return right_name + " group";
  }
  idx node_index(idx x) const {
    if (x < off_l_) return x - 1;
    if (x < off_r_) return x - off_l_;
    if (x < off_rg_) return x - off_r_;
    return x - off_rg_;
  }

  std::string node_name(idx x, const std::string& left_name, const std::string& right_name) const {
    if (x < off_l_) return left_name + " group " + std::to_string(x - 1);
    if (x < off_r_) return left_name + " " + std::to_string(x - off_l_);
    if (x < off_rg_) return right_name + " " + std::to_string(x - off_r_);
    return right_name + " group " + std::to_string(x - off_rg_);
  }

  // Maximum cardinality, per source: with no quotas on the scanned (left) side, each unit of a left member's
  // capacity is a supply that ends at s, either through t (the unit is used: a pair) or back through some member's
  // arc from s (that member's unit goes unused), as in the priced shortcut below with an unassigned cost M larger
  // than any path: "as many pairs as possible, then the cheapest" is the priced problem with an infinite M, solved
  // exactly with lexicographic distances (number of M's, cost). Each unit's search (Crouse's order: one member at a
  // time, Dijkstra from that member alone) explores only its own alternating tree; a unit that cannot reach t
  // settles for the cheapest exchange (or goes back unused), so a side that cannot be saturated costs nothing extra.
  //
  // The potentials carry the M's: a node is "dead" (potential M lower) once a search that could not reach t has
  // settled it. The dead nodes form a closed region: no residual arc leaves it except into s, so t is out of its
  // reach for good, and a search enters it only at one M more, after every live node. Distances are therefore
  // (dead_[y], dist_[y]) for every node but s, and two heaps suffice: the live one is emptied first. s itself is
  // kept out of the heaps (relax_source): it is reached through t at no M, or through a member's arc at one M.
  bool shortcut_applies() const { return off_l_ == 1; }

  void augment_per_source() {
    // Every left member gets its arc from s saturated just before its units are searched; s then needs a potential
    // that keeps the reverses and t -> s non-negative: pi[t] (the reverse of every member arc has one M more).
    pi_[s_] = pi_[t_];
    ts_cost_ = W(0);
    ts_active_ = true;
    lex_ = true;
    for (const idx x : greedy_order()) {
      while (flow_[x] < hi_[x]) {
        // A dead member's arc from s has no M: when its reduced cost is >= 0, no unit of it can be used at a gain
        // (every residual cycle through it costs >= 0), so the rest stay unused, without a search.
        if (dead_[x] && !(pi_[s_] + arc_cost_[x] - pi_[x] < W(0))) break;
        ++flow_[x];
        if (!search_source(x)) {  // cannot happen: the unit can always go back unused, through its own arc
          reset_search();
          throw error("solve_flow: internal error, a unit found no way back to s");
        }
        augment(x, s_);
        reset_search();
      }
    }
    lex_ = false;
    ts_active_ = false;
    finish_lexicographic();
  }

  // The order in which the left members are searched: the result is the same in any order, the work is not. A
  // member whose units end up unused costs a search that finds nothing better (cheap) or an exchange (deep), so
  // the members likely to be used go first: those that a greedy pass over the pairs (each member's cheapest few,
  // cheapest first, ties by member then column) places within every capacity and quota; then the rest, cheapest
  // pair first. On a side that cannot be saturated this takes the deep exchanges out of the searches.
  std::vector<idx> greedy_order() const {
    std::vector<idx> order;
    order.reserve(nl_);
    // When the right side can take every unit of the left (as far as its capacities and top quotas say), the
    // searches rarely exchange: the members in their own order, without the pass.
    idx left_units = 0, right_room = 0;
    for (idx x = off_l_; x < off_r_; ++x) left_units += hi_[x] - flow_[x];
    for (idx k = child_ptr_[t_]; k < child_ptr_[t_ + 1]; ++k) {
      const idx c = children_[k];
      right_room += std::min(hi_[c], unlimited) - flow_[c];
      right_room = std::min(right_room, unlimited);
    }
    if (left_units <= right_room) {
      for (idx x = off_l_; x < off_r_; ++x) order.push_back(x);
      return order;
    }
    std::vector<W> best(nl_, talentmatch::detail::infinity<W>());
    std::vector<std::pair<W, std::pair<idx, idx>>> edges;
    std::vector<std::pair<W, idx>> row;
    for (idx i = 0; i < nl_; ++i) {
      row.clear();
      pairs_.for_each(i, [&](idx j, idx, W c) { row.emplace_back(c - pi_[off_r_ + j], j); });
      const std::size_t keep = static_cast<std::size_t>(std::min<idx>(hi_[off_l_ + i] + 8, nr_));
      if (row.size() > keep) {
        std::nth_element(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(keep), row.end());
        row.resize(keep);
      }
      for (const auto& [r, j] : row) {
        best[i] = std::min(best[i], r);
        edges.push_back({r, {i, j}});
      }
    }
    std::sort(edges.begin(), edges.end());
    std::vector<char> placed(nl_, 0);
    std::vector<idx> load(flow_);  // the flows so far (lower bounds), then the greedy's
    for (const auto& e : edges) {
      const idx i = e.second.first, j = e.second.second, xl = off_l_ + i;
      if (load[xl] >= hi_[xl]) continue;
      bool room = true;
      for (idx y = off_r_ + j; y != t_ && room; y = parent_[y]) room = load[y] < hi_[y];
      for (idx y = parent_[xl]; y != s_ && room; y = parent_[y]) room = load[y] < hi_[y];
      if (!room) continue;
      ++load[xl];
      for (idx y = off_r_ + j; y != t_; y = parent_[y]) ++load[y];
      for (idx y = parent_[xl]; y != s_; y = parent_[y]) ++load[y];
      if (!placed[i]) {
        placed[i] = 1;
        order.push_back(xl);
      }
    }
    std::vector<idx> rest;
    for (idx i = 0; i < nl_; ++i) {
      if (!placed[i]) rest.push_back(i);
    }
    std::stable_sort(rest.begin(), rest.end(), [&](idx a, idx b) { return best[a] < best[b]; });
    for (idx i : rest) order.push_back(off_l_ + i);
    return order;
  }

  // s is reached through t (level 0) or through a member's arc (level 1: one M).
  void relax_source(W nd) {
    const char level = current_ == t_ ? 0 : 1;
    if (level < s_level_ || (level == s_level_ && nd < s_dist_)) {
      s_level_ = level;
      s_dist_ = nd;
      s_pred_ = current_;
    }
  }

  // The lexicographic Dijkstra from left member `source` to s; false if s is out of reach.
  bool search_source(idx source) {
    s_level_ = 2;
    s_dist_ = talentmatch::detail::infinity<W>();
    heap_.order() = {dist_.data(), -1, nullptr, false};
    dead_heap_.order() = {dist_.data(), -1, nullptr, false};
    dist_[source] = W(0);
    touched_.push_back(source);
    (dead_[source] ? dead_heap_ : heap_).push_or_decrease(source);
    for (;;) {
      const bool live = !heap_.empty();
      if (!live && dead_heap_.empty()) break;
      auto& h = live ? heap_ : dead_heap_;
      const idx x = h.top();
      const char level = dead_[x];
      // s wins ties: once it is as near as anything left, the search ends.
      if (s_level_ < level || (s_level_ == level && !(dist_[x] < s_dist_))) break;
      h.pop();
      state_[x] = 2;
      settled_.push_back(x);
      expand(x);
    }
    if (s_level_ == 2) return false;
    pred_[s_] = s_pred_;
    // Potentials: every settled node moves by its distance less s's; at one M (t out of reach), the live nodes
    // settled join the dead region.
    for (idx x : settled_) {
      pi_[x] += dist_[x] - s_dist_;
      if (s_level_ == 1) dead_[x] = 1;
    }
    return true;
  }

  // Turns the lexicographic potentials into plain ones: a dead node's potential is M lower, with M the least value
  // that keeps every residual arc's reduced cost non-negative (the arcs into the dead region, which carry one M,
  // and the reverse arcs of live members into s). In the network without the arc t -> s, s then sits M below t:
  // M is the marginal value of a pair, the flow price.
  void finish_lexicographic() {
    bool any_dead = false;
    for (idx x = 0; x < n_; ++x) any_dead |= dead_[x] != 0;
    W m = W(0);
    bool bound = false;
    auto need = [&](W r) {  // a residual arc live -> dead with reduced cost r (without its M) needs M >= -r
      if (!bound || -r > m) m = -r;
      bound = true;
    };
    for (idx x = off_l_; x < off_r_; ++x) {
      if (!dead_[x] && flow_[x] > lo_[x]) need(pi_[x] - arc_cost_[x] - pi_[s_]);
    }
    if (any_dead) {
      for (idx x = 1; x < t_; ++x) {
        const idx p = parent_[x];
        if (p == s_ || p == t_) continue;  // arcs into s are above; t is never dead
        const bool left = x < off_r_;
        // Left: p -> x while below hi, x -> p while above lo; right: x -> p while below hi, p -> x above lo.
        const idx fwd_from = left ? p : x, fwd_to = left ? x : p;
        if (flow_[x] < hi_[x] && !dead_[fwd_from] && dead_[fwd_to]) {
          need(arc_cost_[x] + pi_[fwd_from] - pi_[fwd_to]);
        }
        if (flow_[x] > lo_[x] && !dead_[fwd_to] && dead_[fwd_from]) {
          need(-arc_cost_[x] + pi_[fwd_to] - pi_[fwd_from]);
        }
      }
      for (idx x = off_r_; x < t_; ++x) {  // t -> a right member or group below it, while above its minimum
        if (parent_[x] == t_ && flow_[x] > lo_[x] && dead_[x]) need(-arc_cost_[x] + pi_[t_] - pi_[x]);
      }
      for (idx i = 0; i < nl_; ++i) {
        const idx xl = off_l_ + i;
        pairs_.for_each(i, [&](idx j, idx e, W c) {
          const idx xr = off_r_ + j;
          if (used_[e]) {
            if (!dead_[xr] && dead_[xl]) need(-c + pi_[xr] - pi_[xl]);
          } else if (!dead_[xl] && dead_[xr]) {
            need(c + pi_[xl] - pi_[xr]);
          }
        });
      }
    }
    for (idx x = 0; x < n_; ++x) {
      if (dead_[x]) pi_[x] -= m;
      dead_[x] = 0;
    }
    pi_[s_] -= m;
  }

  // Priced, per source: the network is a circulation with the arc t -> s at cost 0, and every unit of a left
  // member's capacity is a supply that ends at its parent (s or its innermost group): through t and down from s (the
  // unit is used), back through its own arc or another member's (that unit goes unused, at its unassigned cost), or
  // at a node that must receive more (a minimum on the right). Every member's arc is saturated up front (its reduced
  // cost is <= 0 under the potentials below, so every residual arc starts >= 0, and no cycle can be negative), the
  // units forced into t go round to s, and then each unit of each member in turn (the greedy order; Crouse's order,
  // each search exploring only its own alternating tree) takes a shortest path to the nearest node still short of
  // what it must receive: successive shortest paths on a pseudoflow, exact for any lower bounds and any quotas. s and
  // the groups, once they have received all they can, are ordinary nodes that later searches pass through.
  void augment_priced_per_source(const std::string& left_name, const std::string& right_name) {
    const std::vector<idx> order = greedy_order();
    // Potentials: 0 at s, t and every group (group arcs cost 0: tight both ways); a right member at its unassigned
    // cost (its arc is tight both ways); a left member at the least value over its pair arcs and its arc back up.
    constexpr W inf = talentmatch::detail::infinity<W>();
    const std::vector<W> to_t = right_potentials();
    for (idx x = 0; x < off_l_; ++x) pi_[x] = W(0);
    for (idx i = 0; i < nl_; ++i) {
      const W a = arc_cost_[off_l_ + i];
      pi_[off_l_ + i] = to_t[i] == inf ? a : std::max(-to_t[i], a);
    }
    for (idx x = off_l_; x < off_r_; ++x) {
      imbalance_[x] += hi_[x] - flow_[x];
      imbalance_[parent_[x]] -= hi_[x] - flow_[x];
      flow_[x] = hi_[x];
    }
    ts_cost_ = W(0);
    ts_active_ = true;
    ts_flow_ += imbalance_[t_];
    imbalance_[s_] += imbalance_[t_];
    imbalance_[t_] = 0;
    // What is left after the forward searches: s when the left side cannot take all that was forced into t (the
    // right side's minimums), a group whose minimum is above what its members took. route_imbalances searches for
    // each of these units backwards, from the node still short (the nearest excess to it): a search from s would
    // first settle every unused member, all of them at about the same distance, for each unit.
    auto stuck_forward = [&](idx x) {  // a unit that must be used (a minimum) finds no pair
      // Whose minimum: the member's own (while its flow is at it), else that of the innermost group above it
      // with one (a unit cannot go back up past a group at its minimum), else a node on the right still short.
      idx named = -1;
      if (lo_[x] > 0 && flow_[x] <= lo_[x]) named = x;
      for (idx y = parent_[x]; named < 0 && y != s_; y = parent_[y]) {
        if (lo_[y] > 0) named = y;
      }
      for (idx y = off_r_; named < 0 && y < t_; ++y) {
        if (imbalance_[y] < 0) named = y;
      }
      if (named < 0) named = x;
      throw infeasible_error(node_name(named, left_name, right_name) + " must take at least " +
                                 std::to_string(lo_[named]) + " pairs, but no assignment meets all the minimums",
                             node_subject(named, left_name, right_name), node_index(named));
    };
    auto stuck_back = [&](idx y) {
      // A minimum on the right, or on the left (a node that must send, when the short node is s or t).
      idx named = y;
      for (idx z = 1; (named == s_ || named == t_) && z < t_; ++z) {
        if (imbalance_[z] > 0) named = z;
      }
      throw infeasible_error(node_name(named, left_name, right_name) + " must take at least " +
                                 std::to_string(lo_[named]) + " pairs, but no assignment meets all the minimums",
                             node_subject(named, left_name, right_name), node_index(named));
    };
    route_imbalances(order, stuck_forward, stuck_back);
    ts_active_ = false;
  }

  // The pseudoflow's imbalances routed on shortest paths: each excess unit of the nodes in `sources`, in that order,
  // forward to the nearest node short of flow, then each deficit left backwards from its nearest excess. When a unit
  // finds no path, the search is reset and stuck_forward(x) (or stuck_back(y)) is called: it throws, or returns and
  // route_imbalances returns false.
  template <class StuckForward, class StuckBack>
  bool route_imbalances(const std::vector<idx>& sources, StuckForward&& stuck_forward, StuckBack&& stuck_back) {
    constexpr W inf = talentmatch::detail::infinity<W>();
    auto is_deficit = [&](idx y) { return imbalance_[y] < 0; };
    for (const idx x : sources) {
      while (imbalance_[x] > 0) {
        const idx target = dijkstra(x, is_deficit, inf, s_, true);
        if (target < 0) {
          reset_search();
          stuck_forward(x);
          return false;
        }
        update_potentials(dist_[target]);
        augment(x, target);
        reset_search();
        --imbalance_[x];
        ++imbalance_[target];
      }
    }
    for (idx y = 0; y < n_; ++y) {
      while (imbalance_[y] < 0) {
        const idx source = dijkstra_back(y);
        if (source < 0) {
          reset_search();
          stuck_back(y);
          return false;
        }
        for (idx x : settled_) pi_[x] += dist_[source] - dist_[x];
        augment_back(source, y);
        reset_search();
        --imbalance_[source];
        ++imbalance_[y];
      }
    }
    return true;
  }

  // Dijkstra from `source` on reduced costs, until a target is settled or the next distance reaches `cap`.
  // Returns the target, or -1.
  // `deficits_first`: the nodes with a deficit win ties (flow_heap_order).
  template <class IsTarget>
  idx dijkstra(idx source, IsTarget&& is_target, W cap, idx preferred = -1, bool deficits_first = false) {
    heap_.order() = {dist_.data(), preferred, deficits_first ? imbalance_.data() : nullptr, false};
    dist_[source] = W(0);
    touched_.push_back(source);
    heap_.push_or_decrease(source);
    while (!heap_.empty()) {
      const idx x = heap_.top();
      if (!(dist_[x] < cap)) break;
      heap_.pop();
      state_[x] = 2;
      settled_.push_back(x);
      if (x != source && is_target(x)) return x;
      expand(x);
    }
    return -1;
  }

  void relax(idx y, W nd) {
    if (y == s_ && lex_) {
      relax_source(nd);
      return;
    }
    if (nd < dist_[y]) {
      if (dist_[y] == talentmatch::detail::infinity<W>()) touched_.push_back(y);
      dist_[y] = nd;
      pred_[y] = current_;
      (lex_ && dead_[y] ? dead_heap_ : heap_).push_or_decrease(y);
    }
  }

  // A pair arc (left member -> right member unused, or right -> left used): the edge is remembered for augment.
  void relax_pair(idx y, W nd, idx edge) {
    if (nd < dist_[y]) {
      if (dist_[y] == talentmatch::detail::infinity<W>()) touched_.push_back(y);
      dist_[y] = nd;
      pred_[y] = current_;
      if constexpr (!Pairs::dense) pred_edge_[y] = edge;  // dense: i * columns + j, recomputed in augment
      // One call site per heap, so that the live heap's (the usual one) is inlined.
      if (lex_ && dead_[y]) {
        dead_heap_.push_or_decrease(y);
        return;
      }
      heap_.push_or_decrease(y);
    }
  }

  void expand(idx x) {
    current_ = x;
    const W base = dist_[x] + pi_[x];  // nd = base + arc cost - pi[y]
    if (x < off_l_ || x == t_ || x >= off_rg_) {
      if (lex_ && x == t_) {  // the one way to s at no M, and it is tight: nothing else from t can be nearer
        relax(s_, base + ts_cost_ - pi_[s_]);
        return;
      }
      const bool left = x < off_l_;
      // Down to children: forward on the left, reverse on the right.
      for (idx k = child_ptr_[x]; k < child_ptr_[x + 1]; ++k) {
        const idx c = children_[k];
        if (state_[c] == 2) continue;
        if (left ? flow_[c] < hi_[c] : flow_[c] > lo_[c]) {
          relax(c, base + (left ? arc_cost_[c] : -arc_cost_[c]) - pi_[c]);
        }
      }
      // The circulation arc t -> s while lower bounds are met, and its reverse while it carries flow.
      if (ts_active_ && x == t_ && state_[s_] != 2) relax(s_, base + ts_cost_ - pi_[s_]);
      if (ts_active_ && x == s_ && ts_flow_ > 0 && state_[t_] != 2) relax(t_, base - ts_cost_ - pi_[t_]);
      // Up to the parent: reverse on the left, forward on the right.
      if (x != s_ && x != t_) {
        const idx p = parent_[x];
        if (state_[p] != 2 && (left ? flow_[x] > lo_[x] : flow_[x] < hi_[x])) {
          relax(p, base + (left ? -arc_cost_[x] : arc_cost_[x]) - pi_[p]);
        }
      }
      return;
    }
    if (x < off_r_) {
      const idx i = x - off_l_;
      const unsigned char* used = used_.data();
      const W* pr = pi_.data() + off_r_;
      const char* st = state_.data() + off_r_;
      const W* dr = dist_.data() + off_r_;
      pairs_.scan(
          i, [&](idx j, idx e) { return st[j] == 2 || used[e]; },
          [&](idx j, idx e, W c) {
            const W nd = base + c - pr[j];
            if (nd < dr[j]) relax_pair(off_r_ + j, nd, e);
          });
      const idx p = parent_[x];
      if (state_[p] != 2 && flow_[x] > lo_[x]) relax(p, base - arc_cost_[x] - pi_[p]);
      return;
    }
    const idx j = x - off_r_;
    for (const edge_ref& r : partners_r_[j]) {
      const idx y = off_l_ + r.other;
      if (state_[y] != 2) {
        const idx e = right_edge(j, r);
        relax_pair(y, base - pairs_.cost(r.other, j, e) - pi_[y], e);
      }
    }
    const idx p = parent_[x];
    if (state_[p] != 2 && flow_[x] < hi_[x]) relax(p, base + arc_cost_[x] - pi_[p]);
  }

  // Dijkstra backwards, into `target`: dist_[u] is the distance from u to the target, pred_[u] the next node on the
  // way and pred_edge_[u] the pair crossed to it (CSR). Ends at the nearest node with an excess; returns it, or -1.
  // The potentials of the settled nodes then move by D - dist (D the excess's distance): every arc's reduced cost
  // stays >= 0 and the path found is tight.
  idx dijkstra_back(idx target) {
    pairs_.index_columns();
    heap_.order() = {dist_.data(), -1, imbalance_.data(), true};
    dist_[target] = W(0);
    touched_.push_back(target);
    heap_.push_or_decrease(target);
    while (!heap_.empty()) {
      const idx v = heap_.top();
      heap_.pop();
      state_[v] = 2;
      settled_.push_back(v);
      if (v != target && imbalance_[v] > 0) return v;
      expand_back(v);
    }
    return -1;
  }

  void relax_back(idx u, W nd, idx edge) {
    if (nd < dist_[u]) {
      if (dist_[u] == talentmatch::detail::infinity<W>()) touched_.push_back(u);
      dist_[u] = nd;
      pred_[u] = current_;
      if constexpr (!Pairs::dense) pred_edge_[u] = edge;
      heap_.push_or_decrease(u);
    }
  }

  // The residual arcs into v, each relaxed from its tail u at dist(v) + reduced cost: the arcs of expand, read from
  // their heads.
  void expand_back(idx v) {
    current_ = v;
    const W base = dist_[v] - pi_[v];  // nd = base + arc cost + pi[u]
    if (v < off_l_ || v == t_ || v >= off_rg_) {
      const bool left = v < off_l_;
      // From the children: up on the left (reverse), up on the right (forward).
      for (idx k = child_ptr_[v]; k < child_ptr_[v + 1]; ++k) {
        const idx c = children_[k];
        if (state_[c] == 2) continue;
        if (left ? flow_[c] > lo_[c] : flow_[c] < hi_[c]) {
          relax_back(c, base + (left ? -arc_cost_[c] : arc_cost_[c]) + pi_[c], -1);
        }
      }
      if (ts_active_ && v == s_ && state_[t_] != 2) relax_back(t_, base + ts_cost_ + pi_[t_], -1);
      if (ts_active_ && v == t_ && ts_flow_ > 0 && state_[s_] != 2) relax_back(s_, base - ts_cost_ + pi_[s_], -1);
      // From the parent: down on the left (forward), down on the right (reverse).
      if (v != s_ && v != t_) {
        const idx p = parent_[v];
        if (state_[p] != 2 && (left ? flow_[v] < hi_[v] : flow_[v] > lo_[v])) {
          relax_back(p, base + (left ? arc_cost_[v] : -arc_cost_[v]) + pi_[p], -1);
        }
      }
      return;
    }
    const idx p = parent_[v];
    if (v < off_r_) {
      // A left member: from its parent (while below its capacity), from the right members it is paired with.
      const idx i = v - off_l_;
      if (state_[p] != 2 && flow_[v] < hi_[v]) relax_back(p, base + arc_cost_[v] + pi_[p], -1);
      for (const edge_ref& r : partners_l_[i]) {
        const idx y = off_r_ + r.other;
        if (state_[y] != 2) {
          const idx e = left_edge(i, r);
          relax_back(y, base - pairs_.cost(i, r.other, e) + pi_[y], e);
        }
      }
      return;
    }
    // A right member: from the left members of its unused pairs, from its parent (while above its minimum).
    const idx j = v - off_r_;
    const unsigned char* used = used_.data();
    const char* st = state_.data() + off_l_;
    pairs_.scan_column(
        j, [&](idx i, idx e) { return st[i] == 2 || used[e]; },
        [&](idx i, idx e, W c) { relax_back(off_l_ + i, base + c + pi_[off_l_ + i], e); });
    if (state_[p] != 2 && flow_[v] > lo_[v]) relax_back(p, base - arc_cost_[v] + pi_[p], -1);
  }

  // Potentials of the settled nodes move by their distance, less the bound D (a constant shift of all potentials
  // changes no reduced cost): every node with distance below D is settled, so reduced costs stay >= 0.
  void update_potentials(W bound) {
    for (idx x : settled_) pi_[x] += dist_[x] - bound;
  }

  void reset_search() {
    for (idx x : touched_) {
      dist_[x] = talentmatch::detail::infinity<W>();
      state_[x] = 0;
      pred_[x] = -1;
    }
    touched_.clear();
    settled_.clear();
    heap_.clear();
    dead_heap_.clear();
  }

  void augment(idx source, idx target) {
    for (idx y = target; y != source;) {
      const idx x = pred_[y];
      push(x, y, y);
      y = x;
    }
  }

  // The path of a backward search, from `source` along pred_ to `target`.
  void augment_back(idx source, idx target) {
    for (idx x = source; x != target;) {
      const idx y = pred_[x];
      push(x, y, x);
      x = y;
    }
  }

  // One unit along the residual arc x -> y; a pair's edge (CSR) is in pred_edge_[at].
  void push(idx x, idx y, idx at) {
    if (x == t_ && y == s_) {
      ++ts_flow_;
    } else if (x == s_ && y == t_) {
      --ts_flow_;
    } else if (left_side(x) && left_side(y)) {
      if (parent_[y] == x) {
        ++flow_[y];
      } else {
        --flow_[x];
      }
    } else if (is_left_member(x) && is_right_member(y)) {
      const idx i = x - off_l_, j = y - off_r_, e = edge_of(i, j, at);
      used_[e] = 1;
      partners_l_[i].push_back(make_ref(j, e));
      partners_r_[j].push_back(make_ref(i, e));
    } else if (is_right_member(x) && is_left_member(y)) {
      const idx j = x - off_r_, i = y - off_l_, e = edge_of(i, j, at);
      used_[e] = 0;
      erase(partners_l_[i], j);
      erase(partners_r_[j], i);
    } else if (parent_[x] == y) {
      ++flow_[x];
    } else {
      --flow_[y];
    }
  }

  // The edge of the pair (i, j) a search crossed, remembered at node `at` (CSR).
  idx edge_of(idx i, idx j, idx at) const {
    if constexpr (Pairs::dense) {
      (void)at;
      return i * nr_ + j;
    } else {
      (void)i, (void)j;
      return pred_edge_[at];
    }
  }

  static void erase(std::vector<edge_ref>& v, idx other) {
    for (auto& e : v) {
      if (e.other == other) {
        e = v.back();
        v.pop_back();
        return;
      }
    }
  }

  Pairs pairs_;
  bool priced_;
  idx nl_ = 0, nr_ = 0, off_l_ = 0, off_r_ = 0, off_rg_ = 0, t_ = 0, n_ = 0;
  static constexpr idx s_ = 0;
  std::vector<idx> parent_, lo_, hi_, flow_, imbalance_, child_ptr_, children_;
  std::vector<W> arc_cost_, pi_, dist_;
  std::vector<unsigned char> used_;
  std::vector<std::vector<edge_ref>> partners_l_, partners_r_;
  std::vector<idx> pred_, pred_edge_, touched_, settled_;
  std::vector<char> state_;
  indexed_heap<std::ptrdiff_t, flow_heap_order<W>> heap_, dead_heap_;
  idx current_ = -1;
  bool ts_active_ = false;  // the circulation arc t -> s, while lower bounds are met
  bool lex_ = false;        // maximum cardinality per source: s reached at one M through a member's arc
  std::vector<char> dead_;  // potential one M lower (see augment_per_source)
  char s_level_ = 2;        // the search's best way to s so far: level (2: none), distance, predecessor
  W s_dist_{};
  idx s_pred_ = -1;
  W ts_cost_{};
  idx ts_flow_ = 0;
};

// Unassigned costs of one side in the minimisation form: `arc` is minus the cost (0 where it is infinite), and an
// infinite cost raises the minimum to the capacity.
template <class W>
void side_prices(const std::vector<W>& given, bool maximize, side_bounds& b, std::vector<W>& arc, double& max_abs,
                 const std::string& side) {
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(b.cap.size());
  arc.assign(n, W(0));
  bool must = false;
  const std::vector<W> a = min_form_costs(given, n, maximize, side.c_str(), must, max_abs);
  for (std::ptrdiff_t k = 0; k < n; ++k) {
    if (is_inf(a[k])) {
      // "Must be used to capacity": a minimum equal to the capacity, which each pair used at most once may not reach.
      if (b.cap[k] > b.hi[k]) {
        const std::string arg = side == "row" ? "row" : "col";
        throw infeasible_error("unassigned_cost: " + side + " " + std::to_string(k) +
                                   " must be used to capacity (infinite unassigned cost), but " + arg + "_capacity[" +
                                   std::to_string(k) + "] = " + std::to_string(b.cap[k]) + " is above the " +
                                   std::to_string(b.hi[k]) + " pairs it can take",
                               side, k);
      }
      b.lo[k] = b.cap[k];
    } else {
      arc[k] = -a[k];
    }
  }
}

}  // namespace talentmatch::detail
