#pragma once

// The k best assignments: talentmatch::solver::k_best.
//
// Murty's ranking method,
//
//     K. G. Murty. An algorithm for ranking all the assignments in order of increasing cost.
//     Operations Research 16(3):682-687, 1968. doi:10.1287/opre.16.3.682
//
// with the three improvements of
//
//     M. L. Miller, H. S. Stone, I. J. Cox. Optimizing Murty's ranked assignment method.
//     IEEE Transactions on Aerospace and Electronic Systems 33(3):851-862, 1997. doi:10.1109/7.599256
//
// Every node of Murty's search is a subproblem: the original matrix with some pairs fixed (their rows and columns
// removed) and some forbidden (+inf). The best node is taken off a priority queue and reported; its assignment S is
// then partitioned over its free rows r_1, ..., r_p: child t fixes (r_s, S(r_s)) for s < t and forbids (r_t, S(r_t)).
// The children's solution sets are disjoint and cover every assignment of the node except S, so each assignment is
// reported at most once and the reports come in order of objective.
//
//  * Inherited duals: S's potentials stay dual feasible in every child (removing rows and
//    columns, or forbidding a pair, only drops constraints) and complementary slack on S minus the changed pair, so a
//    child starts from the parent's matching and potentials with one row free and needs a single augmentation
//    (detail::sap_solver::warm_start, then augment).
//  * Lazy evaluation (bounding): a child enters the queue unsolved, keyed by a lower bound computed from
//    the parent's reduced costs r = c - u - v. Any assignment costs its parent's objective plus the reduced costs
//    of its pairs plus -v[j] for each unmatched column (all terms >= 0); forbidding (i, j) adds at least
//    min_{j' != j} r[i][j'] (row i moves) plus min_{i' != i} r[i'][j] (column j is refilled; in a rectangular
//    problem it may instead stay empty, at -v[j]). It is solved only when it reaches the top of the queue; most
//    never do.
//  * Partition order (in the form used here): the rows are partitioned in decreasing order of that bound, so the
//    children that are likely to be solved (small bound) are created last, with the most fixed pairs: the smallest
//    subproblems.
//
// Rectangular problems are solved with the smaller side as rows (the transposed view when rows > cols), as
// solve_dense does. The rectangular shortest-path invariant needs every unmatched column at v = 0; forbidding
// (i, j) unmatches column j, whose potential may be negative. Such a child is padded to a square problem with
// zero-cost dummy rows (one per surplus column, matched to the other unmatched columns, u = 0): the parent's
// potentials are then a valid warm start of the square problem, and one augmentation still solves it. Every optimal
// dual of the padded problem gives all dummy rows the same potential -M (M = max v), so shifting u += M, v -= M
// turns it into a certificate of the rectangular child (v <= 0, v = 0 on unmatched columns). Padding costs
// (cols - rows) extra rows in that child only; a cold solve would cost a factor of rows more.
//
// Forbidden pairs are +inf in floating point. The integer solver has no infinity that its sums tolerate, so in
// integer problems a forbidden pair costs BIG = cost_magnitude_limit(max(n, m)) / 2 instead: any assignment that
// uses one costs more than any that does not, as long as every |cost| < BIG / (2 min(n, m) + 1), which k_best
// checks (the Python layer converts larger integer matrices to float64, as for solve).
//
// Ties: the queue is ordered by (objective or bound, creation number), so equal objectives come in one fixed order
// that depends on the values only.
//
// Cost, with n = min(rows, cols), m = max(rows, cols): the root is one solve_dense. Each of the k reported nodes
// costs O(n m) for the reduced costs and bounds, and creates at most n children (O(n^2) for their fixed lists). Each
// child that reaches the top of the queue costs one copy of its subproblem and one augmentation, O(n m) (O(m^2) when
// padded). Worst case O(k n^2 m) time and O(k n (n + m)) memory; with the bounds, typically a few children are solved
// per reported assignment.
//
// The duals of the returned solutions. The first is solve_dense's optimum: its u, v certify it against the original
// matrix. Solution t > 1 is optimal only for its Murty subproblem: the original matrix with `forbidden` pairs set to
// +inf (-inf with maximize) and each `fixed` pair (i, j) enforced (every other entry of row i and of column j
// forbidden). Its u, v certify it for exactly that subproblem, in the usual minimisation form; on a fixed pair
// u[i] = cost(i, j) (min form) and v[j] = 0 (for rows > cols the roles swap: u[i] = 0, v[j] = cost(i, j)).
// check_certificate(cost, ranked_solution) rebuilds the subproblem and checks them.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/detail/sap.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::solver {

// One of the k best assignments, with the Murty subproblem its duals certify (see the header comment). Indices are
// the caller's. Both lists are empty for the first solution.
template <class W>
struct ranked_solution : solution<W> {
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> fixed;      // (row, col) pairs the subproblem enforces
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> forbidden;  // (row, col) pairs the subproblem forbids
};

// The largest |cost| k_best takes for an integer rows x cols matrix (see the header comment); for floating point the
// same limit as solve_dense.
template <class T>
double k_best_cost_magnitude_limit(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  const std::ptrdiff_t k = std::min(rows, cols);
  if (std::is_floating_point_v<work_t<T>>) return cost_magnitude_limit<T>(k);
  const double big = std::floor(cost_magnitude_limit<T>(std::max(rows, cols)) / 2.0);
  return std::floor(big / (2.0 * static_cast<double>(k) + 1.0)) - 1.0;
}

}  // namespace talentmatch::solver

namespace talentmatch::detail {

using solver::dense_options;
using solver::ranked_solution;
using solver::solution;

using kbest_idx = std::ptrdiff_t;
using kbest_pairs = std::vector<std::pair<kbest_idx, kbest_idx>>;

// A solved subproblem, in the solver's orientation (rows the smaller side), full size: rows and columns of fixed
// pairs carry u = c, v = 0.
template <class W>
struct kbest_state {
  std::vector<kbest_idx> col4row;
  std::vector<W> u, v;
  W value{};               // minimisation-form objective
  double abs_value = 0.0;  // sum of |cost| over the matching: the scale of rounding in `value`
};

template <class W>
struct kbest_node {
  W key{};            // objective when solved, lower bound otherwise
  std::uint64_t seq;  // creation number: the tie-break
  bool solved = false;
  kbest_pairs fixed, forbidden;               // oriented indices
  std::shared_ptr<const kbest_state<W>> sol;  // own solution when solved, the parent's otherwise
  kbest_idx freed_row = -1;                   // unsolved: the row whose parent pair is forbidden
};

template <class W>
struct kbest_later {
  bool operator()(const kbest_node<W>& a, const kbest_node<W>& b) const {
    return a.key != b.key ? a.key > b.key : a.seq > b.seq;
  }
};

template <class W>
class murty {
 public:
  murty(std::vector<W> c, kbest_idx nr, kbest_idx nc, W forbid) : C_(std::move(c)), nr_(nr), nc_(nc), forbid_(forbid) {}

  bool allowed(W x) const { return x != forbid_; }
  W at(kbest_idx i, kbest_idx j) const { return C_[i * nc_ + j]; }

  // Solves the child `nd` (unsolved) from its parent's state with one augmentation; nullopt when it is infeasible.
  std::optional<kbest_state<W>> solve_child(const kbest_node<W>& nd) const {
    namespace td = talentmatch::detail;
    const kbest_state<W>& P = *nd.sol;
    std::vector<char> row_fixed(nr_, 0), col_fixed(nc_, 0);
    for (const auto& [i, j] : nd.fixed) {
      row_fixed[i] = 1;
      col_fixed[j] = 1;
    }
    std::vector<kbest_idx> rmap, cmap, cinv(nc_, -1);
    for (kbest_idx i = 0; i < nr_; ++i) {
      if (!row_fixed[i]) rmap.push_back(i);
    }
    for (kbest_idx j = 0; j < nc_; ++j) {
      if (!col_fixed[j]) {
        cinv[j] = static_cast<kbest_idx>(cmap.size());
        cmap.push_back(j);
      }
    }
    const kbest_idx n = static_cast<kbest_idx>(rmap.size()), m = static_cast<kbest_idx>(cmap.size());
    const kbest_idx freed_col = P.col4row[nd.freed_row];
    // A rectangular child whose freed column has v != 0 breaks the invariant "v = 0 on unmatched columns": pad.
    const bool pad = n < m && P.v[freed_col] != W(0);
    const kbest_idx rows = pad ? m : n;

    std::vector<W> buf(static_cast<std::size_t>(rows * m), W(0));
    std::vector<kbest_idx> rinv(nr_, -1);
    for (kbest_idx r = 0; r < n; ++r) {
      rinv[rmap[r]] = r;
      const W* src = C_.data() + rmap[r] * nc_;
      W* dst = buf.data() + r * m;
      for (kbest_idx c = 0; c < m; ++c) dst[c] = src[cmap[c]];
    }
    for (const auto& [i, j] : nd.forbidden) {
      if (rinv[i] >= 0 && cinv[j] >= 0) buf[rinv[i] * m + cinv[j]] = forbid_;
    }

    std::vector<W> u0(rows, W(0)), v0(m);
    std::vector<kbest_idx> col0(rows, -1);
    std::vector<char> taken(m, 0);
    for (kbest_idx r = 0; r < n; ++r) {
      u0[r] = P.u[rmap[r]];
      if (rmap[r] != nd.freed_row) {
        col0[r] = cinv[P.col4row[rmap[r]]];
        taken[col0[r]] = 1;
      }
    }
    for (kbest_idx c = 0; c < m; ++c) v0[c] = P.v[cmap[c]];
    if (pad) {
      // Dummy rows take the unmatched columns other than the freed one (all at v = 0), with u = 0.
      kbest_idx d = n;
      for (kbest_idx c = 0; c < m; ++c) {
        if (!taken[c] && cmap[c] != freed_col) col0[d++] = c;
      }
    }

    td::sap_solver<W, W, false> s(buf.data(), rows, m, m, 1, nullptr, nullptr);
    s.warm_start(u0, v0, col0);
    if (!s.augment(rinv[nd.freed_row])) return std::nullopt;
    for (kbest_idx r = 0; r < n; ++r) {
      if (!allowed(buf[r * m + s.col4row[r]])) return std::nullopt;  // integer problems: a BIG pair was needed
    }
    W shift = W(0);
    if (pad) shift = *std::max_element(s.v.begin(), s.v.end());

    kbest_state<W> out;
    out.col4row.assign(nr_, -1);
    out.u.assign(nr_, W(0));
    out.v.assign(nc_, W(0));
    for (kbest_idx r = 0; r < n; ++r) {
      out.col4row[rmap[r]] = cmap[s.col4row[r]];
      out.u[rmap[r]] = s.u[r] + shift;
    }
    for (kbest_idx c = 0; c < m; ++c) out.v[cmap[c]] = s.v[c] - shift;
    for (const auto& [i, j] : nd.fixed) {
      out.col4row[i] = j;
      out.u[i] = at(i, j);
    }
    for (kbest_idx i = 0; i < nr_; ++i) {
      const W c = at(i, out.col4row[i]);
      out.value += c;
      out.abs_value += std::abs(static_cast<double>(c));
    }
    return out;
  }

  // Murty's partition of the solved node `nd` in MSC's order; the children go to `queue` unsolved.
  template <class Queue>
  void partition(const kbest_node<W>& nd, Queue& queue, std::uint64_t& seq) const {
    namespace td = talentmatch::detail;
    const kbest_state<W>& S = *nd.sol;
    std::vector<char> row_fixed(nr_, 0), col_fixed(nc_, 0), banned(static_cast<std::size_t>(nr_ * nc_), 0);
    for (const auto& [i, j] : nd.fixed) {
      row_fixed[i] = 1;
      col_fixed[j] = 1;
    }
    for (const auto& [i, j] : nd.forbidden) banned[i * nc_ + j] = 1;
    std::vector<kbest_idx> free_rows;
    for (kbest_idx i = 0; i < nr_; ++i) {
      if (!row_fixed[i]) free_rows.push_back(i);
    }
    const kbest_idx p = static_cast<kbest_idx>(free_rows.size());
    kbest_idx free_cols = 0;
    for (kbest_idx j = 0; j < nc_; ++j) free_cols += !col_fixed[j];
    const bool square = p == free_cols;

    // One pass over the reduced costs: the cheapest alternative of each row and of each column.
    std::vector<W> row_alt(nr_, td::infinity<W>()), col_alt(nc_, td::infinity<W>());
    for (const kbest_idx i : free_rows) {
      const W* row = C_.data() + i * nc_;
      for (kbest_idx j = 0; j < nc_; ++j) {
        if (col_fixed[j] || !allowed(row[j]) || banned[i * nc_ + j] || S.col4row[i] == j) continue;
        const W r = row[j] - S.u[i] - S.v[j];
        row_alt[i] = std::min(row_alt[i], r);
        col_alt[j] = std::min(col_alt[j], r);
      }
    }
    std::vector<W> bound(nr_, td::infinity<W>());
    for (const kbest_idx i : free_rows) {
      const kbest_idx j = S.col4row[i];
      const W col = square ? col_alt[j] : std::min(col_alt[j], -S.v[j]);
      if (td::is_inf(row_alt[i]) || td::is_inf(col)) continue;  // the child is infeasible
      // Row i's new pair and column j's new pair (or its emptiness) are distinct terms of the child's objective.
      const W alt = row_alt[i] + col;
      W b = S.value + alt;
      if constexpr (std::is_floating_point_v<W>) {
        // Rounding must not make the bound exceed the child's computed objective (the order would suffer).
        b -= 1e-9 * (S.abs_value + std::abs(alt));
      }
      bound[i] = b;
    }
    std::vector<kbest_idx> order = free_rows;
    std::stable_sort(order.begin(), order.end(), [&](kbest_idx a, kbest_idx b) { return bound[a] > bound[b]; });

    // With a square subproblem the last child (everything else fixed) has no assignment left.
    const kbest_idx children = square ? p - 1 : p;
    kbest_pairs fixed = nd.fixed;
    for (kbest_idx t = 0; t < children; ++t) {
      const kbest_idx i = order[t];
      const kbest_idx j = S.col4row[i];
      if (!td::is_inf(bound[i])) {
        kbest_node<W> child;
        child.key = bound[i];
        child.seq = seq++;
        child.fixed = fixed;
        child.forbidden = nd.forbidden;
        child.forbidden.emplace_back(i, j);
        child.sol = nd.sol;
        child.freed_row = i;
        queue.push(std::move(child));
      }
      fixed.emplace_back(i, j);
    }
  }

 private:
  std::vector<W> C_;  // nr x nc, row-major, minimisation form, forbidden pairs = forbid_
  kbest_idx nr_, nc_;
  W forbid_;
};

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// The k best distinct full assignments (min(rows, cols) pairs each) of `cost`, best first; fewer when fewer exist.
// +inf entries (-inf with maximize) are forbidden pairs. Throws talentmatch::error on NaN, the wrong infinity or
// integer costs beyond k_best_cost_magnitude_limit, and talentmatch::infeasible_error (as solve_dense) when no
// full assignment exists. The first solution is solve_dense's; see the header comment for the duals of the others.
template <class T>
std::vector<ranked_solution<work_t<T>>> k_best(const matrix_view<T>& cost, std::size_t k,
                                               const dense_options& opt = {}) {
  using W = work_t<T>;
  namespace td = talentmatch::detail;
  using td::kbest_idx;
  using td::kbest_later;
  using td::kbest_node;
  using td::kbest_state;
  using td::murty;
  std::vector<ranked_solution<W>> out;
  if (k == 0) return out;

  // The root: validates the input (NaN, the wrong infinity, magnitude) and gives the certified optimum.
  solution<W> root = solve_dense(cost, opt);
  const kbest_idx n = cost.rows, m = cost.cols;
  const bool transpose = n > m;
  const matrix_view<T> view = transpose ? cost.transposed() : cost;
  const kbest_idx nr = view.rows, nc = view.cols;
  const double max_abs = td::scan_matrix(cost, opt.maximize);
  const double limit = k_best_cost_magnitude_limit<T>(n, m);
  if (max_abs > limit) throw td::magnitude_error<T>("costs too large for k_best", max_abs, limit);
  W forbid = td::infinity<W>();
  if constexpr (!std::is_floating_point_v<W>) {
    forbid = static_cast<W>(std::floor(cost_magnitude_limit<T>(std::max(n, m)) / 2.0));
  }

  // The matrix once, in the solver's orientation and the minimisation form; children are copied from it.
  std::vector<W> C(static_cast<std::size_t>(nr * nc));
  for (kbest_idx i = 0; i < nr; ++i) {
    for (kbest_idx j = 0; j < nc; ++j) {
      const T x = view(i, j);
      W w;
      if constexpr (std::is_floating_point_v<T>) {
        w = std::isinf(x) ? forbid : (opt.maximize ? -static_cast<W>(x) : static_cast<W>(x));
      } else {
        w = opt.maximize ? -static_cast<W>(x) : static_cast<W>(x);
      }
      C[i * nc + j] = w;
    }
  }
  murty<W> search(std::move(C), nr, nc, forbid);

  auto root_state = std::make_shared<kbest_state<W>>();
  root_state->col4row = transpose ? root.row4col : root.col4row;
  root_state->u = transpose ? root.v : root.u;
  root_state->v = transpose ? root.u : root.v;
  for (kbest_idx i = 0; i < nr; ++i) {
    const W c = search.at(i, root_state->col4row[i]);
    root_state->value += c;
    root_state->abs_value += std::abs(static_cast<double>(c));
  }

  std::priority_queue<kbest_node<W>, std::vector<kbest_node<W>>, kbest_later<W>> queue;
  std::uint64_t seq = 0;
  {
    kbest_node<W> r;
    r.key = root_state->value;
    r.seq = seq++;
    r.solved = true;
    r.sol = root_state;
    queue.push(std::move(r));
  }
  bool first = true;
  while (!queue.empty() && out.size() < k) {
    kbest_node<W> nd = queue.top();
    queue.pop();
    if (!nd.solved) {
      std::optional<kbest_state<W>> s = search.solve_child(nd);
      if (!s) continue;
      nd.key = s->value;
      nd.solved = true;
      nd.sol = std::make_shared<const kbest_state<W>>(std::move(*s));
      queue.push(std::move(nd));
      continue;
    }
    // Report it, in the caller's orientation.
    ranked_solution<W> r;
    if (first) {
      static_cast<solution<W>&>(r) = root;
      first = false;
    } else {
      const kbest_state<W>& S = *nd.sol;
      std::vector<kbest_idx> row4col(nc, -1);
      for (kbest_idx i = 0; i < nr; ++i) row4col[S.col4row[i]] = i;
      r.col4row = transpose ? row4col : S.col4row;
      r.row4col = transpose ? S.col4row : row4col;
      r.u = transpose ? S.v : S.u;
      r.v = transpose ? S.u : S.v;
      W obj = W(0);
      for (kbest_idx i = 0; i < n; ++i) {
        if (r.col4row[i] >= 0) obj += static_cast<W>(cost(i, r.col4row[i]));
      }
      r.objective = obj;
      for (const auto& [i, j] : nd.fixed) r.fixed.emplace_back(transpose ? j : i, transpose ? i : j);
      for (const auto& [i, j] : nd.forbidden) r.forbidden.emplace_back(transpose ? j : i, transpose ? i : j);
      std::sort(r.fixed.begin(), r.fixed.end());
      std::sort(r.forbidden.begin(), r.forbidden.end());
    }
    out.push_back(std::move(r));
    if (out.size() < k) search.partition(nd, queue, seq);
  }
  return out;
}

// Checks a k_best solution against its Murty subproblem: `cost` with the solution's forbidden pairs forbidden and its
// fixed pairs enforced. Without constraints (the first solution) this is the plain check against `cost`. The
// subproblem is a copy (integer costs are copied to long double, exact for int64 on x86-64, so that they can be
// forbidden with an infinity).
template <class T, class W>
certificate check_certificate(const matrix_view<T>& cost, const ranked_solution<W>& s, const dense_options& opt = {},
                              double rtol = 1e-9) {
  const solution<W>& base = s;
  const unassigned_costs<W>* no_unassigned = nullptr;
  if (s.fixed.empty() && s.forbidden.empty()) return check_certificate(cost, base, opt, no_unassigned, rtol);
  using S = std::conditional_t<std::is_floating_point_v<T>, double, long double>;
  const std::ptrdiff_t n = cost.rows, m = cost.cols;
  std::vector<S> sub(static_cast<std::size_t>(n * m));
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < m; ++j) sub[i * m + j] = static_cast<S>(cost(i, j));
  }
  const S banned = opt.maximize ? -std::numeric_limits<S>::infinity() : std::numeric_limits<S>::infinity();
  auto in_range = [&](const std::pair<std::ptrdiff_t, std::ptrdiff_t>& p) {
    return p.first >= 0 && p.first < n && p.second >= 0 && p.second < m;
  };
  for (const auto& p : s.forbidden) {
    if (!in_range(p)) return certificate{false, 0, 0, 0, 0, "forbidden pair out of range"};
    sub[p.first * m + p.second] = banned;
  }
  for (const auto& p : s.fixed) {
    if (!in_range(p)) return certificate{false, 0, 0, 0, 0, "fixed pair out of range"};
    const S keep = sub[p.first * m + p.second];
    for (std::ptrdiff_t j = 0; j < m; ++j) sub[p.first * m + j] = banned;
    for (std::ptrdiff_t i = 0; i < n; ++i) sub[i * m + p.second] = banned;
    sub[p.first * m + p.second] = keep;
  }
  return check_certificate(row_major_view(sub.data(), n, m), base, opt, no_unassigned, rtol);
}

// Throws talentmatch::error with the certificate's message when it fails.
template <class T, class W>
void verify(const matrix_view<T>& cost, const ranked_solution<W>& s, const dense_options& opt = {},
            double rtol = 1e-9) {
  const certificate cert = check_certificate(cost, s, opt, rtol);
  if (!cert.ok) throw error("certificate check failed: " + cert.message);
}

}  // namespace talentmatch::solver
