#pragma once

// Capacitated assignment (transportation / b-matching) with lower bounds and nested quotas:
// talentmatch::solver::solve_flow. Its certificate is in solver/flow_certificate.hpp, the network search in
// detail/flow_network.hpp, the checks of the bounds and quotas in detail/laminar.hpp.
//
//     // Three posts (columns), the first with two slots, the first two in one unit that must fill 1 or 2 of them.
//     const std::vector<double> cost = {4, 1, 3,
//                                       2, 0, 5,
//                                       3, 2, 2};
//     const auto view = talentmatch::solver::row_major_view(cost.data(), 3, 3);
//     talentmatch::solver::flow_options<double> opt;
//     opt.col_capacity = {2, 1, 1};
//     opt.col_groups = {talentmatch::solver::quota{{0, 1}, 1, 2}};
//     const auto plan = talentmatch::solver::solve_flow(view, opt);  // plan.rows, plan.cols: the pairs used
//     talentmatch::solver::verify(view, plan, opt);                   // throws talentmatch::error if not optimal
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
// A capacity above the size of the other side binds nothing (each pair is used at most once); the unassigned costs
// are still paid on the caller's capacity.
//
// Quotas on one side must nest (a laminar family: department > unit > post), so the problem is a min-cost flow,
// solved exactly by successive shortest paths (Ahuja, Magnanti and Orlin, "Network Flows" (1993), sections 2.4 and
// 9.7; see detail/flow_network.hpp). The potentials give the LP duals: for each row and column, u[i] and v[j]; for
// each quota, the price of its binding bound. The solver scans (searches from) one side: the side without quotas
// when only one side has them, else the side with the smaller total capacity (the matrix is then read transposed,
// through strides); the result is the same either way.
//
// The cost comes dense (matrix_view, read in place) or as sparse candidates (csr_view: the stored entries are the
// allowed pairs; work and memory grow with them, never with rows x columns). Both forms give the same plan, ties
// included, and have the same certificate.

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

#include "talentmatch/detail/csr_graph.hpp"
#include "talentmatch/detail/flow_network.hpp"
#include "talentmatch/detail/flow_pairs.hpp"
#include "talentmatch/detail/input_checks.hpp"
#include "talentmatch/detail/laminar.hpp"
#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/csr_view.hpp"
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

// A start for the search (solve_flow's flow_options::warm): the pairs of an earlier plan and its duals, in this
// problem's indices, e.g. after a few rows or columns changed. The result is optimal whatever the start (pairs not
// allowed here are left out, bounds are met, wrongly priced arcs are corrected first); near the start only what the
// change displaced is searched again. Priced mode only (and maximum cardinality with quotas on both sides, which
// runs priced); elsewhere the start is ignored. Ties may then resolve differently than in a cold solve. Duals as
// flow_solution has them (minimisation form); with a floating-point W, NaN marks a row, column or quota without one
// (new since the earlier plan). Empty dual vectors: all unknown.
template <class W>
struct flow_warm_start {
  std::vector<std::ptrdiff_t> rows, cols;  // the pairs to start from
  std::vector<W> u, v, row_group_dual, col_group_dual;
};

template <class W>
struct flow_options {
  // Any bound up to INT64_MAX is accepted, negative ones are rejected naming the argument. A capacity above the
  // size of the other side binds nothing (each pair is used at most once), but the unassigned costs are paid on the
  // caller's capacity (an objective beyond the working type is an error); a minimum, or "must be used to capacity",
  // above what can be reached is an infeasibility naming it.
  bool maximize = false;                      // maximise instead; -inf then marks a forbidden pair
  std::vector<std::ptrdiff_t> row_capacity;   // pairs a row may take; empty: 1 each
  std::vector<std::ptrdiff_t> col_capacity;   // pairs a column may take; empty: 1 each
  std::vector<std::ptrdiff_t> row_min;        // pairs a row must take; empty: 0 each
  std::vector<std::ptrdiff_t> col_min;        // pairs a column must take; empty: 0 each
  std::vector<quota> row_groups, col_groups;  // quotas, each side nested
  // Per unused unit of capacity, in the caller's sign (+inf, or -inf with maximize: must be used to capacity).
  // Absent: maximum cardinality mode.
  std::optional<unassigned_costs<W>> unassigned;
  const flow_warm_start<W>* warm = nullptr;  // where to start from (see flow_warm_start), not owned

  bool priced() const { return unassigned.has_value(); }
};

// An optimal capacitated assignment with its duals (minimisation form; with maximize, of the negated matrix).
//
// For every allowed pair r[i][j] = c[i][j] - u[i] - v[j] - (duals of the row groups holding i) - (duals of the
// column groups holding j) is >= 0 when the pair is unused and <= 0 when it is used. With a[i] the row's unassigned
// cost (in maximum cardinality mode: row_price): u[i] < a[i] only when the row is full, u[i] > a[i] only when it is
// at its minimum; the same for columns; a group's dual is negative only at its maximum and positive only at its
// minimum. The dual objective then equals the primal one: check_certificate (solver/flow_certificate.hpp) tests
// exactly that.
template <class W>
struct flow_solution {
  std::vector<std::ptrdiff_t> rows, cols;  // the pairs used, by row then column
  std::vector<std::ptrdiff_t> row_degree, col_degree;
  std::vector<W> u, v;
  std::vector<W> row_group_dual, col_group_dual;  // one per quota, in the order given
  // Maximum cardinality mode: the cost of an unused unit of row (column) capacity at which this plan is also optimal
  // for the priced problem; the marginal cost of one more pair is row_price + col_price. Priced mode: 0.
  W row_price{}, col_price{};
  W objective{};      // caller's sign: costs of the pairs used plus the unassigned costs paid
  bool warm = false;  // the search started from flow_options::warm (false: it was ignored or unusable)

  std::ptrdiff_t size() const { return static_cast<std::ptrdiff_t>(rows.size()); }
};

}  // namespace talentmatch::solver

namespace talentmatch::detail {

// The one driver of both forms (dense and CSR): checks the bounds, chooses the side to scan, runs the network search
// on the pairs that make_pairs(transpose) gives in the scanned orientation (called once), and reads the plan and
// its duals back.
// max_abs: the largest finite cost magnitude (for the exactness limits of T).
template <class T, class W, class MakePairs>
solver::flow_solution<W> solve_flow_on(std::ptrdiff_t n, std::ptrdiff_t m, double max_abs,
                                       const solver::flow_options<W>& opt, MakePairs&& make_pairs) {
  using idx = std::ptrdiff_t;
  namespace td = talentmatch::detail;
  using solver::flow_solution;
  td::side_bounds rb = td::laminar_bounds(n, m, opt.row_capacity, opt.row_min, opt.row_groups, true);
  td::side_bounds cb = td::laminar_bounds(m, n, opt.col_capacity, opt.col_min, opt.col_groups, false);
  std::vector<W> row_arc, col_arc;
  const bool priced = opt.priced();
  const idx nodes = n + m + static_cast<idx>(opt.row_groups.size() + opt.col_groups.size()) + 2;
  // Maximum cardinality with quotas on both sides is solved as the priced problem in which an unused unit of a
  // row costs big_m, more than any plan with one pair fewer can save: (2K + 2) max|c| + 1 with K the most pairs
  // (a plan of k + 1 pairs costs at most (2k + 1) max|c| more than one of k). Its per-source searches scale (the
  // s -> t searches of the plain form settle every node nearer than t, each time); the plan is as many pairs as
  // possible, then the cheapest, and its duals certify that with row_price = big_m. Integers only where big_m stays
  // within exact arithmetic.
  W big_m = W(0);
  bool use_big_m = false;
  if (!priced && !opt.row_groups.empty() && !opt.col_groups.empty()) {
    double k = 0, kc = 0;
    for (idx c : rb.hi) k += static_cast<double>(c);
    for (idx c : cb.hi) kc += static_cast<double>(c);
    const double bound = (2.0 * std::min(k, kc) + 2.0) * max_abs + 1.0;
    if (bound * 4.0 <= td::cost_magnitude_limit<T>(nodes)) {
      use_big_m = true;
      big_m = static_cast<W>(std::is_floating_point_v<W> ? bound : std::ceil(bound));
    }
  }
  if (priced) {
    td::side_prices(opt.unassigned->row, opt.maximize, rb, row_arc, max_abs, "row");
    td::side_prices(opt.unassigned->col, opt.maximize, cb, col_arc, max_abs, "column");
  } else {
    row_arc.assign(n, use_big_m ? -big_m : W(0));
    col_arc.assign(m, W(0));
  }
  td::check_magnitude<T>(use_big_m ? static_cast<double>(big_m) : max_abs, nodes);

  // Scan the side with the smaller total capacity (each capped by the other side's size): its searches end soonest.
  auto total = [](const std::vector<idx>& hi) {
    double s = 0;
    for (idx c : hi) s += static_cast<double>(c);
    return s;
  };
  bool transpose = total(cb.hi) < total(rb.hi) || (total(cb.hi) == total(rb.hi) && m < n);
  // Quotas on one side only: scan the other side, where the per-source searches apply.
  if (opt.row_groups.empty() != opt.col_groups.empty()) transpose = !opt.row_groups.empty();
  // Quotas on both sides: scan the side with the larger total capacity. Measured on 20000 experts in groups of 20
  // (at most 3 each) x 2000 posts in units and departments, 30 candidates per expert: 0.54 s against 5.2 s (as many
  // pairs as possible) and 3.3 s against 11.4 s (priced) for scanning the posts.
  if (!opt.row_groups.empty() && !opt.col_groups.empty()) {
    transpose = total(cb.hi) > total(rb.hi) || (total(cb.hi) == total(rb.hi) && m > n);
  }
  const std::string row_name = "row", col_name = "column";
  using pairs_t = std::decay_t<decltype(make_pairs(false))>;
  const bool net_priced = priced || use_big_m;
  td::flow_network<pairs_t> net =
      transpose ? td::flow_network<pairs_t>(make_pairs(true), cb, rb, col_arc, row_arc, net_priced)
                : td::flow_network<pairs_t>(make_pairs(false), rb, cb, row_arc, col_arc, net_priced);
  bool warmed = false;
  if (opt.warm && net_priced) {
    const solver::flow_warm_start<W>& w = *opt.warm;
    auto check = [](const auto& v, std::size_t want, const char* name) {
      if (!v.empty() && v.size() != want) {
        throw error(std::string("warm.") + name + " has length " + std::to_string(v.size()) + ", expected " +
                    std::to_string(want));
      }
      for (std::size_t k = 0; k < v.size(); ++k) {
        if (std::isinf(static_cast<double>(v[k]))) {
          throw error(std::string("warm.") + name + "[" + std::to_string(k) + "] is infinite");
        }
      }
    };
    check(w.u, static_cast<std::size_t>(n), "u");
    check(w.v, static_cast<std::size_t>(m), "v");
    check(w.row_group_dual, opt.row_groups.size(), "row_group_dual");
    check(w.col_group_dual, opt.col_groups.size(), "col_group_dual");
    if (w.rows.size() != w.cols.size()) {
      throw error("warm.rows and warm.cols differ in length (" + std::to_string(w.rows.size()) + " and " +
                  std::to_string(w.cols.size()) + ")");
    }
    const W unknown = std::is_floating_point_v<W> ? std::numeric_limits<W>::quiet_NaN() : W(0);
    std::vector<W> dual(static_cast<std::size_t>(net.nodes()), unknown);
    auto row_node = [&](idx i) { return transpose ? net.right_node(i) : net.left_node(i); };
    auto col_node = [&](idx j) { return transpose ? net.left_node(j) : net.right_node(j); };
    for (std::size_t i = 0; i < w.u.size(); ++i) dual[row_node(static_cast<idx>(i))] = w.u[i];
    for (std::size_t j = 0; j < w.v.size(); ++j) dual[col_node(static_cast<idx>(j))] = w.v[j];
    for (std::size_t k = 0; k < w.row_group_dual.size(); ++k) {
      const idx g = static_cast<idx>(k);
      dual[transpose ? net.right_group_node(g) : net.left_group_node(g)] = w.row_group_dual[k];
    }
    for (std::size_t k = 0; k < w.col_group_dual.size(); ++k) {
      const idx g = static_cast<idx>(k);
      dual[transpose ? net.left_group_node(g) : net.right_group_node(g)] = w.col_group_dual[k];
    }
    std::vector<std::pair<idx, idx>> start;
    start.reserve(w.rows.size());
    for (std::size_t k = 0; k < w.rows.size(); ++k) {
      const idx i = w.rows[k], j = w.cols[k];
      if (i < 0 || i >= n || j < 0 || j >= m) {
        throw error("warm: pair " + std::to_string(k) + " (" + std::to_string(i) + ", " + std::to_string(j) +
                    ") is outside the " + std::to_string(n) + " x " + std::to_string(m) + " problem");
      }
      start.emplace_back(transpose ? j : i, transpose ? i : j);
    }
    warmed = net.solve_warm(start, dual);
  }
  if (!warmed) net.solve(transpose ? col_name : row_name, transpose ? row_name : col_name);

  flow_solution<W> s;
  s.warm = warmed;
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
  if (use_big_m) {
    s.row_price = big_m;  // the duals are those of the priced problem with that unassigned cost
  } else if (!priced) {
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
    for (const auto& r : net.partners_of_left(a)) {
      pairs.emplace_back(transpose ? r.other : a, transpose ? a : r.other);
      total_cost += net.pair_cost(a, r);
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
    // The unassigned costs paid, on the caller's capacities: up to INT64_MAX units each, so the products are
    // checked (the solve itself used the clamped capacities, which differ by a constant).
    auto pay = [&](const std::vector<W>& arc, const td::side_bounds& sb, const std::vector<idx>& deg, bool rows) {
      for (std::size_t k = 0; k < arc.size(); ++k) {
        W paid;
        if (!td::checked_mul(-arc[k], sb.cap[k] - deg[k], paid) || !td::checked_add(total_cost, paid, total_cost)) {
          const std::string arg = rows ? "row" : "col";
          throw error("the objective overflows " + std::string(std::is_floating_point_v<W> ? "double" : "int64") +
                      ": " + arg + "_capacity[" + std::to_string(k) + "] = " + std::to_string(sb.cap[k]) + " leaves " +
                      std::to_string(sb.cap[k] - deg[k]) + " units unused at unassigned cost " +
                      td::short_number(static_cast<double>(-arc[k])) + " each");
        }
      }
    };
    pay(row_arc, rb, s.row_degree, true);
    pay(col_arc, cb, s.col_degree, false);
  }
  if constexpr (!std::is_floating_point_v<W>) {
    if (opt.maximize && total_cost == std::numeric_limits<W>::lowest()) {
      throw error("the objective overflows int64: its negation (maximize) is 2^63");
    }
  }
  s.objective = opt.maximize ? -total_cost : total_cost;
  return s;
}

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// Solves the capacitated assignment described by `opt` on `cost` (read in place; +inf, or -inf with maximize, marks
// a forbidden pair; NaN is rejected). Throws talentmatch::error on bad input (naming the argument and index, or the
// two quotas that cross) and talentmatch::infeasible_error when a minimum cannot be met (naming the row, column or
// quota).
template <class T>
flow_solution<work_t<T>> solve_flow(const matrix_view<T>& cost, const flow_options<work_t<T>>& opt) {
  namespace td = talentmatch::detail;
  static_assert(td::supported_scalar<T>, "cost scalar must be float, double, int32 or int64");
  const std::ptrdiff_t n = cost.rows, m = cost.cols;
  if (n < 0 || m < 0) throw error("cost matrix has a negative dimension");
  if (n > 0 && m > 0 && cost.data == nullptr) throw error("cost matrix data is null");
  const double max_abs = td::scan_matrix(cost, opt.maximize);
  return td::solve_flow_on<T>(n, m, max_abs, opt, [&](bool transpose) {
    return td::dense_pairs<T>{transpose ? cost.transposed() : cost, opt.maximize};
  });
}

// The same problem on sparse candidates: the entries stored in `cost` are the allowed pairs (explicit zeros
// included; a stored +inf, or -inf with maximize, is forbidden), read as the sparse assignment reads them
// (detail/csr_graph.hpp: duplicates summed, any column order). Work and memory grow with the stored entries, never
// with rows x columns; the result, ties included, is the dense form's on the matrix with +inf for the missing pairs.
template <class T>
flow_solution<work_t<T>> solve_flow(const csr_view<T>& cost, const flow_options<work_t<T>>& opt) {
  using W = work_t<T>;
  namespace td = talentmatch::detail;
  static_assert(td::supported_scalar<T>, "cost scalar must be float, double, int32 or int64");
  double max_abs = 0;
  td::csr_graph<W> graph = td::build_csr_graph<T, W>(cost, opt.maximize, max_abs);
  td::sort_rows(graph);
  // Called once: the graph moves into the network, or its transpose is built from it.
  return td::solve_flow_on<T>(cost.rows, cost.cols, max_abs, opt, [&](bool transpose) {
    return td::csr_pairs<W>{transpose ? td::transpose(graph) : std::move(graph)};
  });
}
}  // namespace talentmatch::solver

// The certificate (check_certificate, verify) comes with the solver, as it did before it had a header of its own.
#include "talentmatch/solver/flow_certificate.hpp"  // IWYU pragma: export
