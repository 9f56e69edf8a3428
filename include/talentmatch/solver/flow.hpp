#pragma once

// Capacitated assignment (transportation / b-matching) with lower bounds and nested quotas:
// talentmatch::solver::solve_flow, and its certificate check, check_flow_certificate.
//
// The problem, in the minimisation form. Choose pairs x[i][j] in {0, 1} (an allowed pair at most once) so that
//
//     row_min[i] <= deg(i) <= row_capacity[i],     col_min[j] <= deg(j) <= col_capacity[j],
//     min_g <= load(g) <= max_g  for every quota g  (load: the sum of the degrees of its rows, or of its columns),
//
// and, when unassigned costs a (rows) and b (columns) are given ("priced" mode), minimise
//
//     sum c[i][j] x[i][j] + sum_i a[i] (row_capacity[i] - deg(i)) + sum_j b[j] (col_capacity[j] - deg(j));
//
// without them ("maximum cardinality" mode, the plain problem's full matching generalised) make as many pairs as
// the constraints allow, and the cheapest among those. An infinite unassigned cost means "must be used to capacity".
//
// Quotas on one side must nest (a laminar family: department > unit > post), so the problem is a min-cost flow on
//
//     s -> row groups (outermost first) -> rows -> columns -> column groups (innermost first) -> t
//
// (every pair an arc of capacity 1, every row, column and group an arc with its bounds), solved exactly by
// successive shortest paths: Dijkstra with node potentials on a 4-ary heap, one unit per augmentation. Lower bounds
// are met first (each forced unit routed along a shortest path from where it must start, or to where it must end,
// as in the transformation of Ahuja, Magnanti and Orlin, "Network Flows" (1993), sections 2.4 and 9.7); then s -> t
// paths are augmented while one exists (maximum cardinality) or while one is negative (priced). Every step keeps
// all residual reduced costs non-negative, so the result is optimal, and the potentials give the LP duals: for each
// row and column, u[i] and v[j]; for each quota, the price of its binding bound.
//
// The network is never built: a row's pair arcs are read from the caller's matrix in place. The solver works on
// the side with the smaller total capacity as the one it scans (the matrix is then read transposed, through
// strides); the result is the same either way.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::solver {

// A quota over a group of rows or of columns: the sum of their degrees lies in [min, max]. Groups on one side must
// nest: any two are disjoint or one contains the other.
struct quota {
  std::vector<std::ptrdiff_t> members;  // row (or column) indices, each at most once
  std::ptrdiff_t min = 0;
  std::ptrdiff_t max = -1;  // -1: no upper limit
};

template <class W>
struct flow_options {
  bool maximize = false;                      // maximise instead; -inf then marks a forbidden pair
  std::vector<std::ptrdiff_t> row_capacity;   // pairs a row may take; empty: 1 each
  std::vector<std::ptrdiff_t> col_capacity;   // pairs a column may take; empty: 1 each
  std::vector<std::ptrdiff_t> row_min;        // pairs a row must take; empty: 0 each
  std::vector<std::ptrdiff_t> col_min;        // pairs a column must take; empty: 0 each
  std::vector<quota> row_groups, col_groups;  // quotas, each side nested
  // Per unused unit of capacity, in the caller's sign (+inf, or -inf with maximize: must be used to capacity).
  // Absent: maximum cardinality mode.
  std::optional<unassigned_costs<W>> unassigned;

  bool priced() const { return unassigned.has_value(); }
};

// An optimal capacitated assignment with its duals (minimisation form; with maximize, of the negated matrix).
//
// For every allowed pair r[i][j] = c[i][j] - u[i] - v[j] - (duals of the row groups holding i) - (duals of the
// column groups holding j) is >= 0 when the pair is unused and <= 0 when it is used. With a[i] the row's unassigned
// cost (in maximum cardinality mode: row_price): u[i] < a[i] only when the row is full, u[i] > a[i] only when it is
// at its minimum; the same for columns; a group's dual is negative only at its maximum and positive only at its
// minimum. The dual objective then equals the primal one: check_flow_certificate tests exactly that.
template <class W>
struct flow_solution {
  std::vector<std::ptrdiff_t> rows, cols;  // the pairs used, by row then column
  std::vector<std::ptrdiff_t> row_degree, col_degree;
  std::vector<W> u, v;
  std::vector<W> row_group_dual, col_group_dual;  // one per quota, in the order given
  // Maximum cardinality mode: the cost of an unused unit of row (column) capacity at which this plan is also optimal
  // for the priced problem; the marginal cost of one more pair is row_price + col_price. Priced mode: 0.
  W row_price{}, col_price{};
  W objective{};  // caller's sign: costs of the pairs used plus the unassigned costs paid

  std::ptrdiff_t size() const { return static_cast<std::ptrdiff_t>(rows.size()); }
};

namespace detail_flow {

using idx = std::ptrdiff_t;
constexpr idx unlimited = std::numeric_limits<idx>::max() / 4;

inline std::string side_name(bool rows) { return rows ? "row" : "column"; }

// One side's bounds, checked: capacities and minimums (defaults filled in), quotas nested into a tree.
struct side_bounds {
  std::vector<idx> cap, lo;  // per member
  std::vector<idx> group_lo, group_hi;
  std::vector<idx> group_parent;   // enclosing group of each group, -1 for none
  std::vector<idx> member_parent;  // innermost group of each member, -1 for none
  std::vector<idx> group_order;    // groups, each after the groups enclosing it
};

inline std::vector<idx> counts(const std::vector<idx>& given, idx n, idx fill, const std::string& what) {
  if (given.empty()) return std::vector<idx>(static_cast<std::size_t>(n), fill);
  if (static_cast<idx>(given.size()) != n) {
    throw error(what + " has length " + std::to_string(given.size()) + ", expected " + std::to_string(n));
  }
  for (std::size_t k = 0; k < given.size(); ++k) {
    if (given[k] < 0) throw error(what + "[" + std::to_string(k) + "] is negative (" + std::to_string(given[k]) + ")");
  }
  return given;
}

// Checks that the quotas nest and builds their tree. Groups are taken largest first, so an enclosing group is
// placed before the groups inside it; a group whose members do not all sit in one group so far crosses another.
inline side_bounds bounds(idx n, const std::vector<idx>& cap, const std::vector<idx>& lo,
                          const std::vector<quota>& groups, bool rows) {
  const std::string side = side_name(rows);
  const std::string arg = rows ? "row" : "col";  // the argument names: row_capacity, col_min, ...
  side_bounds b;
  b.cap = counts(cap, n, 1, arg + "_capacity");
  b.lo = counts(lo, n, 0, arg + "_min");
  for (idx k = 0; k < n; ++k) {
    if (b.lo[k] > b.cap[k]) {
      throw error(arg + "_min[" + std::to_string(k) + "] = " + std::to_string(b.lo[k]) + " exceeds " + arg +
                  "_capacity[" + std::to_string(k) + "] = " + std::to_string(b.cap[k]));
    }
  }
  const idx g = static_cast<idx>(groups.size());
  b.group_lo.resize(g);
  b.group_hi.resize(g);
  b.group_parent.assign(g, -1);
  b.member_parent.assign(n, -1);
  std::vector<idx> seen(n, -1);
  for (idx k = 0; k < g; ++k) {
    const quota& q = groups[k];
    const std::string name = side + " group " + std::to_string(k);
    if (q.min < 0) throw error(name + ": min is negative (" + std::to_string(q.min) + ")");
    if (q.max < -1) throw error(name + ": max is negative (" + std::to_string(q.max) + "); use -1 for no maximum");
    if (q.max >= 0 && q.min > q.max) {
      throw error(name + ": min " + std::to_string(q.min) + " exceeds max " + std::to_string(q.max));
    }
    b.group_lo[k] = q.min;
    b.group_hi[k] = q.max < 0 ? unlimited : q.max;
    for (idx e : q.members) {
      if (e < 0 || e >= n) {
        throw error(name + " lists " + side + " " + std::to_string(e) + ", outside 0.." + std::to_string(n - 1));
      }
      if (seen[e] == k) throw error(name + " lists " + side + " " + std::to_string(e) + " twice");
      seen[e] = k;
    }
  }
  b.group_order.resize(g);
  for (idx k = 0; k < g; ++k) b.group_order[k] = k;
  std::stable_sort(b.group_order.begin(), b.group_order.end(),
                   [&](idx x, idx y) { return groups[x].members.size() > groups[y].members.size(); });
  std::vector<idx> owner(n, -1);
  for (idx k : b.group_order) {
    const auto& mem = groups[k].members;
    const idx p = mem.empty() ? -1 : owner[mem.front()];
    for (idx e : mem) {
      if (owner[e] == p) continue;
      // Find a group placed so far that this one crosses: they share a member, and neither contains the other.
      for (idx other : b.group_order) {
        if (other == k) break;
        std::vector<char> in(n, 0);
        for (idx x : groups[other].members) in[x] = 1;
        idx shared = 0, shared_member = -1;
        for (idx x : mem) {
          shared += in[x];
          if (in[x] && shared_member < 0) shared_member = x;
        }
        if (shared > 0 && shared < static_cast<idx>(mem.size())) {
          throw error(side + " groups " + std::to_string(std::min(k, other)) + " and " +
                      std::to_string(std::max(k, other)) + " overlap without one containing the other (they share " +
                      side + " " + std::to_string(shared_member) + "); quotas on one side must nest");
        }
      }
      throw error(side + " group " + std::to_string(k) + " crosses another group; quotas on one side must nest");
    }
    b.group_parent[k] = p;
    for (idx e : mem) owner[e] = k;
  }
  b.member_parent = owner;
  return b;
}

// An indexed 4-ary min-heap of node ids keyed by dist. Ties go to the higher id: nodes are numbered from s to t,
// so among equally near nodes the one nearest the sink is settled first and a search along tight arcs ends
// without scanning every other node at the same distance (and the order is deterministic).
template <class W>
class node_heap {
 public:
  void reset(idx n) {
    pos_.assign(static_cast<std::size_t>(n), -1);
    heap_.clear();
  }
  bool empty() const { return heap_.empty(); }
  idx top() const { return heap_.front(); }
  void push_or_decrease(idx x, const std::vector<W>& key) {
    if (pos_[x] < 0) {
      pos_[x] = static_cast<idx>(heap_.size());
      heap_.push_back(x);
    }
    up(pos_[x], key);
  }
  idx pop(const std::vector<W>& key) {
    const idx x = heap_.front();
    pos_[x] = -1;
    const idx last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      pos_[last] = 0;
      down(0, key);
    }
    return x;
  }
  void clear() {
    for (idx x : heap_) pos_[x] = -1;
    heap_.clear();
  }

  // The target of a search wins ties: once it is as near as anything left, it is settled and the search ends.
  void prefer(idx x) { preferred_ = x; }

 private:
  bool less(idx a, idx b, const std::vector<W>& key) const {
    if (key[a] != key[b]) return key[a] < key[b];
    if (a == preferred_ || b == preferred_) return a == preferred_;
    return a > b;
  }
  idx preferred_ = -1;
  void up(idx p, const std::vector<W>& key) {
    const idx x = heap_[p];
    while (p > 0) {
      const idx q = (p - 1) / 4;
      if (!less(x, heap_[q], key)) break;
      heap_[p] = heap_[q];
      pos_[heap_[p]] = p;
      p = q;
    }
    heap_[p] = x;
    pos_[x] = p;
  }
  void down(idx p, const std::vector<W>& key) {
    const idx n = static_cast<idx>(heap_.size());
    const idx x = heap_[p];
    for (;;) {
      const idx first = 4 * p + 1;
      if (first >= n) break;
      idx best = first;
      const idx end = std::min(first + 4, n);
      for (idx c = first + 1; c < end; ++c) {
        if (less(heap_[c], heap_[best], key)) best = c;
      }
      if (!less(heap_[best], x, key)) break;
      heap_[p] = heap_[best];
      pos_[heap_[p]] = p;
      p = best;
    }
    heap_[p] = x;
    pos_[x] = p;
  }
  std::vector<idx> heap_, pos_;
};

// The network in the solver's orientation: "left" is the side scanned (its pair arcs read from the matrix rows),
// "right" the other. Nodes: s, left groups, left members, right members, right groups, t. Every node but s and t
// has one tree arc, to its parent (left side: parent -> node; right side: node -> parent), with bounds [lo, hi], a
// flow and a cost (minus the unassigned cost on a member's arc, 0 on a group's).
template <class T>
class flow_network {
 public:
  using W = work_t<T>;

  flow_network(const matrix_view<T>& cost, bool maximize, const side_bounds& left, const side_bounds& right,
               const std::vector<W>& left_cost, const std::vector<W>& right_cost, bool priced)
      : cost_(cost), maximize_(maximize), priced_(priced) {
    nl_ = cost.rows;
    nr_ = cost.cols;
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
      // A member can take each pair at most once: capacity beyond the other side's size is never used.
      lo_[x] = left.lo[i];
      hi_[x] = std::max(left.lo[i], std::min(left.cap[i], cost.cols));
      arc_cost_[x] = left_cost[i];
    }
    for (idx j = 0; j < nr_; ++j) {
      const idx x = off_r_ + j;
      parent_[x] = right.member_parent[j] < 0 ? t_ : off_rg_ + right.member_parent[j];
      lo_[x] = right.lo[j];
      hi_[x] = std::max(right.lo[j], std::min(right.cap[j], cost.rows));
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
    used_.assign(static_cast<std::size_t>(nl_ * nr_), 0);
    partners_l_.assign(nl_, {});
    partners_r_.assign(nr_, {});
    dist_.assign(n_, talentmatch::detail::infinity<W>());
    pred_.assign(n_, -1);
    state_.assign(n_, 0);
    heap_.reset(n_);
    pi_.assign(n_, W(0));
  }

  // Runs the three phases; throws infeasible_error when a lower bound cannot be met.
  // Runs the phases; throws infeasible_error when a lower bound cannot be met. Returns false (state spent) when
  // the per-source shortcut was tried and some unit could not be placed: the caller then solves again without it.
  bool solve(const std::string& left_name, const std::string& right_name, bool shortcut) {
    force_lower_bounds(left_name, right_name);
    initial_potentials();
    meet_lower_bounds(left_name, right_name);
    if (priced_) {
      if (shortcut && priced_shortcut_applies()) {
        augment_priced_per_source();
      } else {
        augment_priced();
      }
      return true;
    }
    if (shortcut && shortcut_applies()) return augment_per_source();
    while (dijkstra(
               s_, [&](idx x) { return x == t_; }, talentmatch::detail::infinity<W>()) == t_) {
      update_potentials(dist_[t_]);
      augment(s_, t_);
      reset_search();
    }
    reset_search();
    return true;
  }

  // Dual of a member's or group's tree arc: the arc's reduced cost plus the member's unassigned cost (its own
  // arc cost is minus that), i.e. the potential difference across the arc.
  W tree_dual(idx x) const { return x < off_r_ ? pi_[parent_[x]] - pi_[x] : pi_[x] - pi_[parent_[x]]; }
  W flow_price() const { return pi_[t_] - pi_[s_]; }  // potential difference t - s: the marginal cost of a pair
  idx left_node(idx i) const { return off_l_ + i; }
  idx right_node(idx j) const { return off_r_ + j; }
  idx left_group_node(idx k) const { return 1 + k; }
  idx right_group_node(idx k) const { return off_rg_ + k; }
  idx degree(idx x) const { return flow_[x]; }
  const std::vector<idx>& partners_of_left(idx i) const { return partners_l_[i]; }

  W pair_cost(idx i, idx j) const {
    const W c = static_cast<W>(cost_(i, j));
    return maximize_ ? -c : c;
  }

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
                               std::to_string(below) + ", above its max " + std::to_string(hi_[x]));
      }
      flow_[x] = std::max(lo_[x], below);
      // A left node must send on what it was forced to take (excess); a right one must receive it (deficit).
      imbalance_[x] = x < off_r_ ? flow_[x] - below : below - flow_[x];
    }
    // s has sent what its children were forced to take; t has received what its children were forced to give.
    for (idx k = child_ptr_[s_]; k < child_ptr_[s_ + 1]; ++k) imbalance_[s_] -= flow_[children_[k]];
    for (idx k = child_ptr_[t_]; k < child_ptr_[t_ + 1]; ++k) imbalance_[t_] += flow_[children_[k]];
  }

  // Potentials with every arc's reduced cost >= 0 (whatever its residual capacity): minus the shortest distance to
  // t over forward arcs, with every group at its root's potential (group arcs cost 0 both ways).
  void initial_potentials() {
    constexpr W inf = talentmatch::detail::infinity<W>();
    // Right members: distance to t is the member arc's cost (groups cost 0).
    for (idx j = 0; j < nr_; ++j) pi_[off_r_ + j] = -arc_cost_[off_r_ + j];
    for (idx x = off_rg_; x <= t_; ++x) pi_[x] = W(0);
    // Left members: the cheapest pair arc, then on to t.
    std::vector<W> to_t(nl_, inf);
    W best = inf;
    for (idx i = 0; i < nl_; ++i) {
      W d = inf;
      for (idx j = 0; j < nr_; ++j) {
        const W c = pair_cost(i, j);
        if (talentmatch::detail::is_inf(c)) continue;
        d = std::min(d, c - pi_[off_r_ + j]);
      }
      to_t[i] = d;
      if (d != inf) best = std::min(best, arc_cost_[off_l_ + i] + d);
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
        const idx target = dijkstra(x, is_deficit, talentmatch::detail::infinity<W>());
        if (target < 0) {
          reset_search();
          idx named = x;
          if (x == t_) {
            named = off_r_;
            while (named < t_ && !is_deficit(named)) ++named;
          }
          throw infeasible_error(node_name(named, left_name, right_name) + " must take at least " +
                                 std::to_string(lo_[named]) + " pairs, but no assignment meets all the minimums");
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

  std::string node_name(idx x, const std::string& left_name, const std::string& right_name) const {
    if (x < off_l_) return left_name + " group " + std::to_string(x - 1);
    if (x < off_r_) return left_name + " " + std::to_string(x - off_l_);
    if (x < off_rg_) return right_name + " " + std::to_string(x - off_r_);
    return right_name + " group " + std::to_string(x - off_rg_);
  }

  // Maximum cardinality, shortcut: when every left member can in principle be filled (no left quotas, no
  // capacity above the number of right members), try to fill each one in turn, as Crouse's algorithm fills each row:
  // a Dijkstra from that member alone (never through s) to t. If every unit finds a path, the left side is
  // saturated, so the flow has the most pairs possible, and successive shortest paths with fixed supplies make it
  // the cheapest such flow. A search from one member explores only its own alternating tree, where a search from s
  // would settle every member nearer than t.
  bool shortcut_applies() const {
    if (off_l_ != 1) return false;
    for (idx x = off_l_; x < off_r_; ++x) {
      if (hi_[x] > nr_) return false;
    }
    return true;
  }

  bool augment_per_source() {
    block_s_ = true;
    for (idx x = off_l_; x < off_r_; ++x) {
      while (flow_[x] < hi_[x]) {
        if (dijkstra(
                x, [&](idx y) { return y == t_; }, talentmatch::detail::infinity<W>()) != t_) {
          reset_search();
          return false;
        }
        update_potentials(dist_[t_]);
        augment(x, t_);
        reset_search();
        ++flow_[x];
      }
    }
    block_s_ = false;
    // Every arc s -> member is saturated: only its reverse is residual, so s needs a potential at most
    // pi[member] - cost on each.
    W ps = talentmatch::detail::infinity<W>();
    for (idx x = off_l_; x < off_r_; ++x) ps = std::min(ps, pi_[x] - arc_cost_[x]);
    if (nl_ > 0) pi_[s_] = ps;
    return true;
  }

  // Priced, shortcut: with no lower bounds and no left quotas, every unit of a left member's capacity is a supply
  // that ends at s, either through t and the arc t -> s (cost 0: the unit is used) or back through some member's
  // arc from s (that member's unit goes unused, at its unassigned cost). Successive shortest paths from each unit
  // in turn (Crouse's order again) solve this transportation problem exactly; each search explores only its own
  // alternating tree.
  bool priced_shortcut_applies() const {
    if (off_l_ != 1) return false;
    for (idx x = 1; x < t_; ++x) {
      if (lo_[x] != 0) return false;
    }
    return true;
  }

  void augment_priced_per_source() {
    // Saturate every arc s -> member; s then needs a potential that keeps their reverses and t -> s non-negative.
    W ps = pi_[t_];
    for (idx x = off_l_; x < off_r_; ++x) ps = std::min(ps, pi_[x] - arc_cost_[x]);
    pi_[s_] = ps;
    ts_cost_ = W(0);
    ts_active_ = true;
    for (idx x = off_l_; x < off_r_; ++x) {
      const idx units = hi_[x] - flow_[x];
      flow_[x] = hi_[x];
      for (idx k = 0; k < units; ++k) {
        const idx target = dijkstra(
            x, [&](idx y) { return y == s_; }, talentmatch::detail::infinity<W>(), s_);
        if (target != s_) {  // cannot happen: the unit can always go back unused, through its own arc
          reset_search();
          throw error("solve_flow: internal error, a unit found no way back to s");
        }
        update_potentials(dist_[target]);
        augment(x, s_);
        reset_search();
      }
    }
    ts_active_ = false;
  }

  // Priced mode: augment s -> t while the shortest path is negative, cancel t -> s while a reverse one is, and end
  // with equal potentials at s and t (the LP has no constraint on the number of pairs, so its duals need that).
  void augment_priced() {
    idx flow_value = 0;
    for (idx k = child_ptr_[t_]; k < child_ptr_[t_ + 1]; ++k) flow_value += flow_[children_[k]];
    for (;;) {
      const W gap = pi_[s_] - pi_[t_];
      if (gap > W(0)) {
        const idx target = dijkstra(
            s_, [&](idx y) { return y == t_; }, gap);
        update_potentials(target >= 0 ? dist_[target] : gap);
        if (target < 0) {
          reset_search();
          break;
        }
        augment(s_, t_);
        reset_search();
        ++flow_value;
      } else if (gap < W(0) && flow_value > 0) {
        const idx target = dijkstra(
            t_, [&](idx y) { return y == s_; }, -gap, s_);
        update_potentials(target >= 0 ? dist_[target] : -gap);
        if (target < 0) {
          reset_search();
          break;
        }
        augment(t_, s_);
        reset_search();
        --flow_value;
      } else {
        break;
      }
    }
  }

  // Dijkstra from `source` on reduced costs, until a target is settled or the next distance reaches `cap`.
  // Returns the target, or -1.
  template <class IsTarget>
  idx dijkstra(idx source, IsTarget&& is_target, W cap, idx preferred = -1) {
    heap_.prefer(preferred);
    dist_[source] = W(0);
    touched_.push_back(source);
    heap_.push_or_decrease(source, dist_);
    while (!heap_.empty()) {
      const idx x = heap_.top();
      if (!(dist_[x] < cap)) break;
      heap_.pop(dist_);
      state_[x] = 2;
      settled_.push_back(x);
      if (x != source && is_target(x)) return x;
      expand(x);
    }
    return -1;
  }

  void relax(idx y, W nd) {
    if (nd < dist_[y]) {
      if (dist_[y] == talentmatch::detail::infinity<W>()) touched_.push_back(y);
      dist_[y] = nd;
      pred_[y] = current_;
      heap_.push_or_decrease(y, dist_);
    }
  }

  void expand(idx x) {
    current_ = x;
    const W base = dist_[x] + pi_[x];  // nd = base + arc cost - pi[y]
    if (x < off_l_ || x == t_ || x >= off_rg_) {
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
      const unsigned char* used = used_.data() + i * nr_;
      const T* row = cost_.data + i * cost_.row_stride;
      const W* pr = pi_.data() + off_r_;
      const char* st = state_.data() + off_r_;
      const W* dr = dist_.data() + off_r_;
      for (idx j = 0; j < nr_; ++j) {
        if (st[j] == 2 || used[j]) continue;
        const T raw = row[j * cost_.col_stride];
        W c = static_cast<W>(raw);
        if (maximize_) c = -c;
        if constexpr (std::is_floating_point_v<T>) {
          if (talentmatch::detail::is_inf(c)) continue;
        }
        const W nd = base + c - pr[j];
        if (nd < dr[j]) relax(off_r_ + j, nd);
      }
      const idx p = parent_[x];
      if (!block_s_ && state_[p] != 2 && flow_[x] > lo_[x]) relax(p, base - arc_cost_[x] - pi_[p]);
      return;
    }
    const idx j = x - off_r_;
    for (idx i : partners_r_[j]) {
      const idx y = off_l_ + i;
      if (state_[y] != 2) relax(y, base - pair_cost(i, j) - pi_[y]);
    }
    const idx p = parent_[x];
    if (state_[p] != 2 && flow_[x] < hi_[x]) relax(p, base + arc_cost_[x] - pi_[p]);
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
  }

  void augment(idx source, idx target) {
    for (idx y = target; y != source;) {
      const idx x = pred_[y];
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
        const idx i = x - off_l_, j = y - off_r_;
        used_[i * nr_ + j] = 1;
        partners_l_[i].push_back(j);
        partners_r_[j].push_back(i);
      } else if (is_right_member(x) && is_left_member(y)) {
        const idx j = x - off_r_, i = y - off_l_;
        used_[i * nr_ + j] = 0;
        erase(partners_l_[i], j);
        erase(partners_r_[j], i);
      } else if (parent_[x] == y) {
        ++flow_[x];
      } else {
        --flow_[y];
      }
      y = x;
    }
  }

  static void erase(std::vector<idx>& v, idx x) {
    for (auto& e : v) {
      if (e == x) {
        e = v.back();
        v.pop_back();
        return;
      }
    }
  }

  matrix_view<T> cost_;
  bool maximize_, priced_;
  idx nl_ = 0, nr_ = 0, off_l_ = 0, off_r_ = 0, off_rg_ = 0, t_ = 0, n_ = 0;
  static constexpr idx s_ = 0;
  std::vector<idx> parent_, lo_, hi_, flow_, imbalance_, child_ptr_, children_;
  std::vector<W> arc_cost_, pi_, dist_;
  std::vector<unsigned char> used_;
  std::vector<std::vector<idx>> partners_l_, partners_r_;
  std::vector<idx> pred_, touched_, settled_;
  std::vector<char> state_;
  node_heap<W> heap_;
  idx current_ = -1;
  bool block_s_ = false;    // per-source shortcut: supplies are fixed, so no path runs through s
  bool ts_active_ = false;  // the circulation arc t -> s, while lower bounds are met
  W ts_cost_{};
  idx ts_flow_ = 0;
};

// Unassigned costs of one side in the minimisation form: `arc` is minus the cost (0 where it is infinite), and an
// infinite cost raises the minimum to the capacity.
template <class W>
void side_prices(const std::vector<W>& given, bool maximize, side_bounds& b, std::vector<W>& arc, double& max_abs,
                 const std::string& side) {
  const idx n = static_cast<idx>(b.cap.size());
  arc.assign(n, W(0));
  bool must = false;
  const std::vector<W> a = detail_dense::min_form_costs(given, n, maximize, side.c_str(), must, max_abs);
  for (idx k = 0; k < n; ++k) {
    if (talentmatch::detail::is_inf(a[k])) {
      b.lo[k] = b.cap[k];
    } else {
      arc[k] = -a[k];
    }
  }
}

}  // namespace detail_flow

// Solves the capacitated assignment described by `opt` on `cost` (read in place; +inf, or -inf with maximize, marks
// a forbidden pair; NaN is rejected). Throws talentmatch::error on bad input (naming the argument and index, or the
// two quotas that cross) and talentmatch::infeasible_error when a minimum cannot be met (naming the row, column or
// quota).
template <class T>
flow_solution<work_t<T>> solve_flow(const matrix_view<T>& cost, const flow_options<work_t<T>>& opt) {
  using W = work_t<T>;
  using detail_flow::idx;
  static_assert(detail_dense::supported_scalar<T>, "cost scalar must be float, double, int32 or int64");
  const idx n = cost.rows, m = cost.cols;
  if (n < 0 || m < 0) throw error("cost matrix has a negative dimension");
  double max_abs = detail_dense::scan_matrix(cost, opt.maximize);
  detail_flow::side_bounds rb = detail_flow::bounds(n, opt.row_capacity, opt.row_min, opt.row_groups, true);
  detail_flow::side_bounds cb = detail_flow::bounds(m, opt.col_capacity, opt.col_min, opt.col_groups, false);
  std::vector<W> row_arc, col_arc;
  const bool priced = opt.priced();
  if (priced) {
    detail_flow::side_prices(opt.unassigned->row, opt.maximize, rb, row_arc, max_abs, "row");
    detail_flow::side_prices(opt.unassigned->col, opt.maximize, cb, col_arc, max_abs, "column");
  } else {
    row_arc.assign(n, W(0));
    col_arc.assign(m, W(0));
  }
  const idx nodes = n + m + static_cast<idx>(opt.row_groups.size() + opt.col_groups.size()) + 2;
  if (max_abs > cost_magnitude_limit<T>(nodes)) {
    throw error("cost magnitude " + detail_dense::short_number(max_abs) + " exceeds the limit " +
                detail_dense::short_number(cost_magnitude_limit<T>(nodes)) + " for exact arithmetic at this size");
  }

  // Scan the side with the smaller total capacity (each capped by the other side's size): its searches end soonest.
  auto total = [](const std::vector<idx>& cap, idx other) {
    double s = 0;
    for (idx c : cap) s += static_cast<double>(std::min(c, other));
    return s;
  };
  bool transpose = total(cb.cap, n) < total(rb.cap, m) || (total(cb.cap, n) == total(rb.cap, m) && m < n);
  // Priced with quotas on one side only: scan the other side, where the per-source shortcut applies.
  if (priced && opt.row_groups.empty() != opt.col_groups.empty()) transpose = opt.row_groups.empty() ? false : true;
  const matrix_view<T> view = transpose ? cost.transposed() : cost;
  const std::string row_name = "row", col_name = "column";
  auto network = [&] {
    return transpose ? detail_flow::flow_network<T>(view, opt.maximize, cb, rb, col_arc, row_arc, priced)
                     : detail_flow::flow_network<T>(view, opt.maximize, rb, cb, row_arc, col_arc, priced);
  };
  detail_flow::flow_network<T> net = network();
  const std::string& left_name = transpose ? col_name : row_name;
  const std::string& right_name = transpose ? row_name : col_name;
  if (!net.solve(left_name, right_name, true)) {
    net = network();
    net.solve(left_name, right_name, false);
  }

  flow_solution<W> s;
  s.row_degree.resize(n);
  s.col_degree.resize(m);
  s.u.resize(n);
  s.v.resize(m);
  auto row_node = [&](idx i) { return transpose ? net.right_node(i) : net.left_node(i); };
  auto col_node = [&](idx j) { return transpose ? net.left_node(j) : net.right_node(j); };
  for (idx i = 0; i < n; ++i) {
    s.row_degree[i] = net.degree(row_node(i));
    s.u[i] = net.tree_dual(row_node(i));
  }
  for (idx j = 0; j < m; ++j) {
    s.col_degree[j] = net.degree(col_node(j));
    s.v[j] = net.tree_dual(col_node(j));
  }
  s.row_group_dual.resize(opt.row_groups.size());
  s.col_group_dual.resize(opt.col_groups.size());
  for (std::size_t k = 0; k < opt.row_groups.size(); ++k) {
    const idx g = static_cast<idx>(k);
    s.row_group_dual[k] = net.tree_dual(transpose ? net.right_group_node(g) : net.left_group_node(g));
  }
  for (std::size_t k = 0; k < opt.col_groups.size(); ++k) {
    const idx g = static_cast<idx>(k);
    s.col_group_dual[k] = net.tree_dual(transpose ? net.left_group_node(g) : net.right_group_node(g));
  }
  if (!priced) {
    // Potentials leave a difference t - s across the network: book it as the price of an unused unit of capacity,
    // on the rows when some column is left with room (its dual is then 0, as in the plain problem), else on the
    // columns.
    const W price = net.flow_price();
    bool column_room = false;
    for (idx j = 0; j < m; ++j) column_room |= s.col_degree[j] < cb.cap[j];
    (column_room ? s.row_price : s.col_price) = price;
    for (idx i = 0; i < n; ++i) s.u[i] += s.row_price;
    for (idx j = 0; j < m; ++j) s.v[j] += s.col_price;
  }
  // A member paired with every member of the other side yet below its capacity was full only in the network (its
  // capacity is capped there by the other side's size): in the LP its pairs' bounds bind instead, so its dual is its
  // unassigned cost, which only lowers the reduced costs of pairs that are all used.
  for (idx i = 0; i < n; ++i) {
    const W a = priced ? -row_arc[i] : s.row_price;
    if (s.row_degree[i] == m && m < rb.cap[i] && s.u[i] < a) s.u[i] = a;
  }
  for (idx j = 0; j < m; ++j) {
    const W b = priced ? -col_arc[j] : s.col_price;
    if (s.col_degree[j] == n && n < cb.cap[j] && s.v[j] < b) s.v[j] = b;
  }

  // The pairs, by row then column, and the objective.
  W total_cost = W(0);
  std::vector<std::pair<idx, idx>> pairs;
  for (idx a = 0; a < (transpose ? m : n); ++a) {
    for (idx b : net.partners_of_left(a)) {
      pairs.emplace_back(transpose ? b : a, transpose ? a : b);
      total_cost += net.pair_cost(a, b);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  s.rows.reserve(pairs.size());
  s.cols.reserve(pairs.size());
  for (const auto& [i, j] : pairs) {
    s.rows.push_back(i);
    s.cols.push_back(j);
  }
  if (priced) {
    for (idx i = 0; i < n; ++i) total_cost += -row_arc[i] * static_cast<W>(rb.cap[i] - s.row_degree[i]);
    for (idx j = 0; j < m; ++j) total_cost += -col_arc[j] * static_cast<W>(cb.cap[j] - s.col_degree[j]);
  }
  s.objective = opt.maximize ? -total_cost : total_cost;
  return s;
}

namespace detail_flow {

// One dual term of a bounded quantity x in [lo, hi] priced at `a` per unit below hi: the Lagrangian lower bound
// y * hi when y <= a, else a * hi + (y - a) * lo.
template <class W>
W bound_term(W y, W a, idx lo, idx hi) {
  if (y <= a) return y * static_cast<W>(hi);
  return a * static_cast<W>(hi) + (y - a) * static_cast<W>(lo);
}

}  // namespace detail_flow

// Checks a capacitated solution against `cost` and `opt`: the pairs are allowed and distinct, every bound and quota
// holds, the duals are feasible and complementary (see flow_solution), the dual objective equals the primal one and
// the reported objective is the cost of the pairs; in maximum cardinality mode also that no augmenting path is left
// (so no plan meeting the constraints has more pairs). rtol scales with the magnitudes; integer problems are exact.
template <class T, class W>
certificate check_flow_certificate(const matrix_view<T>& cost, const flow_options<W>& opt, const flow_solution<W>& s,
                                   double rtol = 1e-9) {
  using detail_flow::idx;
  namespace td = talentmatch::detail;
  certificate cert;
  auto fail = [&](const std::string& msg) {
    if (cert.message.empty()) cert.message = msg;
  };
  const idx n = cost.rows, m = cost.cols;
  detail_flow::side_bounds rb, cb;
  std::vector<W> a(n, W(0)), b(m, W(0));
  try {
    rb = detail_flow::bounds(n, opt.row_capacity, opt.row_min, opt.row_groups, true);
    cb = detail_flow::bounds(m, opt.col_capacity, opt.col_min, opt.col_groups, false);
    if (opt.priced()) {
      std::vector<W> ra, ca;
      double ignored = 0;
      detail_flow::side_prices(opt.unassigned->row, opt.maximize, rb, ra, ignored, "row");
      detail_flow::side_prices(opt.unassigned->col, opt.maximize, cb, ca, ignored, "column");
      for (idx i = 0; i < n; ++i) a[i] = -ra[i];
      for (idx j = 0; j < m; ++j) b[j] = -ca[j];
    } else {
      std::fill(a.begin(), a.end(), s.row_price);
      std::fill(b.begin(), b.end(), s.col_price);
    }
  } catch (const error& e) {
    cert.message = e.what();
    return cert;
  }
  const idx gr = static_cast<idx>(opt.row_groups.size()), gc = static_cast<idx>(opt.col_groups.size());
  if (static_cast<idx>(s.u.size()) != n || static_cast<idx>(s.v.size()) != m || s.rows.size() != s.cols.size() ||
      static_cast<idx>(s.row_group_dual.size()) != gr || static_cast<idx>(s.col_group_dual.size()) != gc) {
    cert.message = "solution sizes do not match the " + std::to_string(n) + " x " + std::to_string(m) + " problem";
    return cert;
  }
  auto c_min = [&](idx i, idx j, bool& allowed) -> W {
    const T raw = cost(i, j);
    allowed = true;
    if constexpr (std::is_floating_point_v<T>) allowed = !(std::isinf(raw) || std::isnan(raw));
    const W c = static_cast<W>(raw);
    return opt.maximize ? -c : c;
  };

  // The pairs: in range, allowed, distinct.
  std::vector<idx> deg_r(n, 0), deg_c(m, 0);
  std::vector<std::pair<idx, idx>> pairs;
  W primal = W(0);
  double primal_abs = 0;
  for (std::size_t k = 0; k < s.rows.size(); ++k) {
    const idx i = s.rows[k], j = s.cols[k];
    if (i < 0 || i >= n || j < 0 || j >= m) {
      cert.message = "pair (" + std::to_string(i) + ", " + std::to_string(j) + ") is outside the matrix";
      return cert;
    }
    bool ok = true;
    const W c = c_min(i, j, ok);
    if (!ok) fail("pair (" + std::to_string(i) + ", " + std::to_string(j) + ") is forbidden");
    pairs.emplace_back(i, j);
    ++deg_r[i];
    ++deg_c[j];
    if (ok) {
      primal += c;
      primal_abs += std::abs(static_cast<double>(c));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  for (std::size_t k = 1; k < pairs.size(); ++k) {
    if (pairs[k] == pairs[k - 1]) {
      fail("pair (" + std::to_string(pairs[k].first) + ", " + std::to_string(pairs[k].second) + ") is used twice");
    }
  }
  if (!cert.message.empty()) return cert;

  // Bounds and quotas.
  auto check_side = [&](const std::vector<idx>& deg, const detail_flow::side_bounds& sb, const std::vector<quota>& gs,
                        bool rows, std::vector<idx>& load) {
    const std::string side = detail_flow::side_name(rows);
    for (std::size_t k = 0; k < deg.size(); ++k) {
      if (deg[k] < sb.lo[k] || deg[k] > sb.cap[k]) {
        fail(side + " " + std::to_string(k) + " takes " + std::to_string(deg[k]) + " pairs, outside [" +
             std::to_string(sb.lo[k]) + ", " + std::to_string(sb.cap[k]) + "]");
      }
    }
    load.assign(gs.size(), 0);
    for (std::size_t g = 0; g < gs.size(); ++g) {
      for (idx e : gs[g].members) load[g] += deg[e];
      if (load[g] < sb.group_lo[g] || load[g] > sb.group_hi[g]) {
        fail(side + " group " + std::to_string(g) + " takes " + std::to_string(load[g]) + " pairs, outside its quota");
      }
    }
  };
  std::vector<idx> load_r, load_c;
  check_side(deg_r, rb, opt.row_groups, true, load_r);
  check_side(deg_c, cb, opt.col_groups, false, load_c);
  if (!cert.message.empty()) return cert;

  // Scale for the tolerance.
  double scale = 1.0;
  for (idx i = 0; i < n; ++i) scale = std::max({scale, std::abs(double(s.u[i])), std::abs(double(a[i]))});
  for (idx j = 0; j < m; ++j) scale = std::max({scale, std::abs(double(s.v[j])), std::abs(double(b[j]))});
  for (W w : s.row_group_dual) scale = std::max(scale, std::abs(double(w)));
  for (W w : s.col_group_dual) scale = std::max(scale, std::abs(double(w)));
  const double tol = std::is_floating_point_v<W> ? rtol * scale : 0.0;
  cert.tolerance = tol;

  // Group duals summed per member.
  std::vector<W> zr(n, W(0)), zc(m, W(0));
  for (idx g = 0; g < gr; ++g) {
    for (idx e : opt.row_groups[g].members) zr[e] += s.row_group_dual[g];
  }
  for (idx g = 0; g < gc; ++g) {
    for (idx e : opt.col_groups[g].members) zc[e] += s.col_group_dual[g];
  }

  // Pair reduced costs: >= 0 when unused, <= 0 when used; the used ones' negative parts enter the dual objective.
  std::vector<unsigned char> used(static_cast<std::size_t>(n * m), 0);
  for (auto [i, j] : pairs) used[i * m + j] = 1;
  W dual = W(0);
  double dual_abs = 0, min_red = 0, max_slack = 0;
  for (idx i = 0; i < n; ++i) {
    for (idx j = 0; j < m; ++j) {
      bool ok = true;
      const W c = c_min(i, j, ok);
      if (!ok) continue;
      const W r = c - s.u[i] - s.v[j] - zr[i] - zc[j];
      const double rd = static_cast<double>(r);
      if (used[i * m + j]) {
        if (rd > tol) {
          fail("used pair (" + std::to_string(i) + ", " + std::to_string(j) + ") has reduced cost " +
               std::to_string(rd) + " > 0");
        }
        max_slack = std::max(max_slack, std::max(0.0, rd));
        if (r < W(0)) {
          dual += r;
          dual_abs += std::abs(rd);
        }
      } else if (rd < -tol) {
        fail("unused pair (" + std::to_string(i) + ", " + std::to_string(j) + ") has reduced cost " +
             std::to_string(rd) + " < 0");
      }
      min_red = std::min(min_red, used[i * m + j] ? 0.0 : rd);
    }
  }

  // Members and groups: complementary slackness, and their dual terms.
  auto node_terms = [&](const std::vector<W>& y, const std::vector<W>& price, const std::vector<idx>& deg,
                        const detail_flow::side_bounds& sb, bool rows) {
    const std::string side = detail_flow::side_name(rows);
    for (std::size_t k = 0; k < y.size(); ++k) {
      const double d = static_cast<double>(y[k] - price[k]);
      if (d < -tol && deg[k] != sb.cap[k]) {
        fail(side + " " + std::to_string(k) + " has a dual below its unassigned cost but room left");
      }
      if (d > tol && deg[k] != sb.lo[k]) {
        fail(side + " " + std::to_string(k) + " has a dual above its unassigned cost but is above its minimum");
      }
      max_slack = std::max(max_slack, (deg[k] != sb.cap[k] && deg[k] != sb.lo[k]) ? std::abs(d) : 0.0);
      const W term = detail_flow::bound_term(y[k], price[k], sb.lo[k], sb.cap[k]);
      dual += term;
      dual_abs += std::abs(static_cast<double>(term));
      const W paid = price[k] * static_cast<W>(sb.cap[k] - deg[k]);
      primal += paid;
      primal_abs += std::abs(static_cast<double>(paid));
    }
  };
  node_terms(s.u, a, deg_r, rb, true);
  node_terms(s.v, b, deg_c, cb, false);
  auto group_terms = [&](const std::vector<W>& w, const std::vector<idx>& load, const detail_flow::side_bounds& sb,
                         bool rows) {
    const std::string side = detail_flow::side_name(rows);
    for (std::size_t g = 0; g < w.size(); ++g) {
      const double d = static_cast<double>(w[g]);
      if (d < -tol && load[g] != sb.group_hi[g]) {
        fail(side + " group " + std::to_string(g) + " has a negative dual but is below its max");
      }
      if (d > tol && load[g] != sb.group_lo[g]) {
        fail(side + " group " + std::to_string(g) + " has a positive dual but is above its min");
      }
      if (w[g] < W(0) && sb.group_hi[g] == detail_flow::unlimited) continue;  // reported above
      const W term = detail_flow::bound_term(w[g], W(0), sb.group_lo[g], sb.group_hi[g]);
      dual += term;
      dual_abs += std::abs(static_cast<double>(term));
    }
  };
  group_terms(s.row_group_dual, load_r, rb, true);
  group_terms(s.col_group_dual, load_c, cb, false);
  cert.min_reduced_cost = min_red;
  cert.max_slackness = max_slack;
  cert.gap = std::abs(static_cast<double>(primal - dual));
  const double gap_tol = std::is_floating_point_v<W> ? rtol * std::max({1.0, primal_abs, dual_abs, scale}) : 0.0;
  if (cert.gap > gap_tol) {
    fail("primal objective " + std::to_string(static_cast<double>(primal)) + " != dual objective " +
         std::to_string(static_cast<double>(dual)));
  }

  // The reported objective: the pairs' costs plus the unassigned costs paid (caller's sign).
  W reported = W(0);
  for (auto [i, j] : pairs) {
    bool ok = true;
    reported += c_min(i, j, ok);
  }
  if (opt.priced()) {
    for (idx i = 0; i < n; ++i) reported += a[i] * static_cast<W>(rb.cap[i] - deg_r[i]);
    for (idx j = 0; j < m; ++j) reported += b[j] * static_cast<W>(cb.cap[j] - deg_c[j]);
  }
  const W claimed = opt.maximize ? -s.objective : s.objective;
  if (std::abs(static_cast<double>(claimed - reported)) > gap_tol) {
    fail("reported objective " + std::to_string(static_cast<double>(s.objective)) + " != the cost of the plan " +
         std::to_string(static_cast<double>(opt.maximize ? -reported : reported)));
  }

  // Maximum cardinality: no path s -> t in the residual network (breadth-first, bounds respected).
  if (!opt.priced() && cert.message.empty()) {
    // Nodes: 0 = s, rows 1..n, columns n+1..n+m, row groups, column groups, t. Tree parents as in solve_flow.
    const idx off_c = 1 + n, off_rg = off_c + m, off_cg = off_rg + gr, t = off_cg + gc, total = t + 1;
    std::vector<idx> parent(total, -1), flow(total, 0), lo(total, 0), hi(total, 0);
    for (idx i = 0; i < n; ++i) {
      parent[1 + i] = rb.member_parent[i] < 0 ? 0 : off_rg + rb.member_parent[i];
      flow[1 + i] = deg_r[i], lo[1 + i] = rb.lo[i], hi[1 + i] = rb.cap[i];
    }
    for (idx g = 0; g < gr; ++g) {
      parent[off_rg + g] = rb.group_parent[g] < 0 ? 0 : off_rg + rb.group_parent[g];
      flow[off_rg + g] = load_r[g], lo[off_rg + g] = rb.group_lo[g], hi[off_rg + g] = rb.group_hi[g];
    }
    for (idx j = 0; j < m; ++j) {
      parent[off_c + j] = cb.member_parent[j] < 0 ? t : off_cg + cb.member_parent[j];
      flow[off_c + j] = deg_c[j], lo[off_c + j] = cb.lo[j], hi[off_c + j] = cb.cap[j];
    }
    for (idx g = 0; g < gc; ++g) {
      parent[off_cg + g] = cb.group_parent[g] < 0 ? t : off_cg + cb.group_parent[g];
      flow[off_cg + g] = load_c[g], lo[off_cg + g] = cb.group_lo[g], hi[off_cg + g] = cb.group_hi[g];
    }
    std::vector<std::vector<idx>> kids(total);
    for (idx x = 0; x < total; ++x) {
      if (parent[x] >= 0) kids[parent[x]].push_back(x);
    }
    std::vector<std::vector<idx>> used_by_col(m);
    for (auto [i, j] : pairs) used_by_col[j].push_back(i);
    auto row_side = [&](idx x) { return x < off_c || (x >= off_rg && x < off_cg); };
    std::vector<char> seen(total, 0);
    std::vector<idx> queue{0};
    seen[0] = 1;
    auto visit = [&](idx y) {
      if (!seen[y]) {
        seen[y] = 1;
        queue.push_back(y);
      }
    };
    for (std::size_t q = 0; q < queue.size() && !seen[t]; ++q) {
      const idx x = queue[q];
      if (row_side(x)) {
        for (idx c : kids[x]) {
          if (flow[c] < hi[c]) visit(c);
        }
        if (x != 0 && flow[x] > lo[x]) visit(parent[x]);
        if (x >= 1 && x < off_c) {
          const idx i = x - 1;
          for (idx j = 0; j < m; ++j) {
            bool ok = true;
            (void)c_min(i, j, ok);
            if (ok && !used[i * m + j]) visit(off_c + j);
          }
        }
      } else {
        if (x != t && flow[x] < hi[x]) visit(parent[x]);
        for (idx c : kids[x]) {
          if (flow[c] > lo[c]) visit(c);
        }
        if (x >= off_c && x < off_rg) {
          for (idx i : used_by_col[x - off_c]) visit(1 + i);
        }
      }
    }
    if (seen[t]) fail("an augmenting path is left: the plan does not have the most pairs the constraints allow");
  }
  cert.ok = cert.message.empty();
  return cert;
}

// Throws talentmatch::error with the certificate's message when it fails.
template <class T, class W>
void verify_flow(const matrix_view<T>& cost, const flow_options<W>& opt, const flow_solution<W>& s,
                 double rtol = 1e-9) {
  const certificate cert = check_flow_certificate(cost, opt, s, rtol);
  if (!cert.ok) throw error("certificate check failed: " + cert.message);
}

}  // namespace talentmatch::solver
