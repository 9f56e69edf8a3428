#pragma once

// Dense rectangular linear assignment: talentmatch::solver::solve_dense.
//
// Shortest augmenting paths in Crouse's form (see detail/sap.hpp for the paper and the generalisation to
// unassigned costs), reading the caller's matrix in place through a strided view. The orientation the solver
// works in depends only on the shape and the unassigned costs, never on the memory layout, so a C-ordered and a
// Fortran-ordered copy of one matrix give the same answer, ties included.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "talentmatch/detail/input_checks.hpp"
#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/detail/sap.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::solver {

// The largest magnitude a cost (or unassigned cost) may have in a problem with k = min(rows, cols): see
// detail/input_checks.hpp for the reasoning and the values (for float input about 1.8e308 / (8 (k + 2)); for
// integers the limit of exact int64 arithmetic).
template <class T>
double cost_magnitude_limit(std::ptrdiff_t k) {
  return detail::cost_magnitude_limit<T>(k);
}

// What changed since an earlier solve, for resolve_dense: for each row of the new matrix, the row of the old one it
// continues, or -1 when the row is new or any of its costs changed; the same for columns. Every entry whose row
// and column both carry over must be unchanged.
struct edits {
  std::vector<std::ptrdiff_t> row_origin;
  std::vector<std::ptrdiff_t> col_origin;
};

}  // namespace talentmatch::solver

namespace talentmatch::detail {

using solver::dense_options;
using solver::edits;
using solver::solution;
using solver::unassigned_costs;

// A warm start in the solver's orientation: potentials and the part of an earlier matching that still holds.
template <class W>
struct warm_state {
  std::vector<W> u, v;
  std::vector<std::ptrdiff_t> col4row;
};

// The warm start for `m` (solver orientation, full mode) from an earlier solution `prev` (also in the solver's
// orientation) and the origins of m's rows and columns in it. Kept entries are unchanged, so the earlier reduced
// costs stay valid on them; a new column gets the largest potential that keeps every matched row's reduced costs
// non-negative; and, for a rectangular problem, column potentials must be at most 0 and exactly 0 on unmatched
// columns (complementary slackness): raising an unmatched one to 0 releases the matched rows that would then have a
// negative reduced cost there, which may release further columns, until none is left below 0.
template <class T, class W, bool Negate>
warm_state<W> make_warm_state(const matrix_view<T>& m, const solution<W>& prev,
                              const std::vector<std::ptrdiff_t>& row_origin,
                              const std::vector<std::ptrdiff_t>& col_origin) {
  namespace td = talentmatch::detail;
  const std::ptrdiff_t nr = m.rows, nc = m.cols;
  auto c = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    const W x = static_cast<W>(m(i, j));
    return Negate ? -x : x;
  };
  auto forbidden = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    if constexpr (std::is_floating_point_v<T>) {
      return std::isinf(m(i, j));
    } else {
      (void)i;
      (void)j;
      return false;
    }
  };
  warm_state<W> w{std::vector<W>(nr, W(0)), std::vector<W>(nc, W(0)), std::vector<std::ptrdiff_t>(nr, -1)};
  std::vector<std::ptrdiff_t> new_col(prev.v.size(), -1);
  for (std::ptrdiff_t j = 0; j < nc; ++j) {
    if (col_origin[j] >= 0) {
      w.v[j] = prev.v[col_origin[j]];
      new_col[col_origin[j]] = j;
    }
  }
  for (std::ptrdiff_t i = 0; i < nr; ++i) {
    const std::ptrdiff_t oi = row_origin[i];
    if (oi < 0) continue;
    w.u[i] = prev.u[oi];
    const std::ptrdiff_t oj = prev.col4row[oi];
    if (oj >= 0 && new_col[oj] >= 0) w.col4row[i] = new_col[oj];
  }
  const bool rectangular = nr < nc;
  for (std::ptrdiff_t j = 0; j < nc; ++j) {
    if (col_origin[j] >= 0) continue;
    W lo = td::infinity<W>();
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (w.col4row[i] >= 0 && !forbidden(i, j)) lo = std::min(lo, c(i, j) - w.u[i]);
    }
    w.v[j] = td::is_inf(lo) ? W(0) : lo;
    if (rectangular) w.v[j] = std::min(w.v[j], W(0));
  }
  if (rectangular) {
    // Column potentials are at most 0 here (a square earlier problem may have left some above): lowering one to 0
    // loosens its matched pair, whose row is released.
    std::vector<std::ptrdiff_t> row_of(nc, -1);
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (w.col4row[i] >= 0) row_of[w.col4row[i]] = i;
    }
    for (std::ptrdiff_t j = 0; j < nc; ++j) {
      if (w.v[j] > W(0)) {
        w.v[j] = W(0);
        if (row_of[j] >= 0) w.col4row[row_of[j]] = -1;
      }
    }
    std::vector<char> matched(nc, 0);
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (w.col4row[i] >= 0) matched[w.col4row[i]] = 1;
    }
    std::vector<std::ptrdiff_t> low;
    for (std::ptrdiff_t j = 0; j < nc; ++j) {
      if (!matched[j] && w.v[j] < W(0)) low.push_back(j);
    }
    while (!low.empty()) {
      const std::ptrdiff_t j = low.back();
      low.pop_back();
      w.v[j] = W(0);
      for (std::ptrdiff_t i = 0; i < nr; ++i) {
        const std::ptrdiff_t jj = w.col4row[i];
        if (jj < 0 || forbidden(i, j) || !(c(i, j) - w.u[i] < W(0))) continue;
        w.col4row[i] = -1;
        matched[jj] = 0;
        if (w.v[jj] < W(0)) low.push_back(jj);
      }
    }
  }
  return w;
}

// Validates the earlier solution a re-solve starts from, in the caller's orientation, before anything reads it: a
// corrupted one would index out of range, or start the searches from infeasible potentials and end at a silently
// wrong optimum. It must be what solve_dense or resolve_dense returned for the old matrix: a full matching
// (min(rows, cols) pairs, col4row and row4col consistent), finite potentials whose sum is the old objective (LP
// duality), and, on the entries whose row and column both carry over (unchanged by the contract of `edits`), reduced
// costs c - u - v >= 0, and 0 on the pairs kept. Throws talentmatch::error naming the array and the index. Returns
// false when the previous solution is sound but only to a precision coarser than the new problem's (then the
// re-solve starts cold). The matrix is validated in the same pass, as solve_dense validates it (NaN and the wrong
// infinity throw, naming the entry); max_abs receives its largest finite magnitude.
template <class T, class W>
bool check_previous(const matrix_view<T>& cost, const solution<W>& p, const std::vector<std::ptrdiff_t>& row_origin,
                    const std::vector<std::ptrdiff_t>& col_origin, bool maximize, double& max_abs) {
  using idx = std::ptrdiff_t;
  const std::string where_ = "resolve_dense: ";
  const idx on = static_cast<idx>(p.col4row.size()), om = static_cast<idx>(p.row4col.size());
  if (static_cast<idx>(p.u.size()) != on) {
    throw error(where_ + "previous.u has length " + std::to_string(p.u.size()) + " but previous.col4row has " +
                std::to_string(on));
  }
  if (static_cast<idx>(p.v.size()) != om) {
    throw error(where_ + "previous.v has length " + std::to_string(p.v.size()) + " but previous.row4col has " +
                std::to_string(om));
  }
  idx matched = 0;
  for (idx i = 0; i < on; ++i) {
    const idx j = p.col4row[i];
    if (j < -1 || j >= om) {
      throw error(where_ + "previous.col4row[" + std::to_string(i) + "] = " + std::to_string(j) + " is outside -1.." +
                  std::to_string(om - 1));
    }
    if (j >= 0) {
      ++matched;
      if (p.row4col[j] != i) {
        throw error(where_ + "previous.col4row[" + std::to_string(i) + "] = " + std::to_string(j) +
                    " but previous.row4col[" + std::to_string(j) + "] = " + std::to_string(p.row4col[j]) +
                    ": not a matching");
      }
    }
  }
  for (idx j = 0; j < om; ++j) {
    const idx i = p.row4col[j];
    if (i < -1 || i >= on) {
      throw error(where_ + "previous.row4col[" + std::to_string(j) + "] = " + std::to_string(i) + " is outside -1.." +
                  std::to_string(on - 1));
    }
    if (i >= 0 && p.col4row[i] != j) {
      throw error(where_ + "previous.row4col[" + std::to_string(j) + "] = " + std::to_string(i) +
                  " but previous.col4row[" + std::to_string(i) + "] = " + std::to_string(p.col4row[i]) +
                  ": not a matching");
    }
  }
  if (matched != std::min(on, om)) {
    throw error(where_ + "previous matches " + std::to_string(matched) + " pairs, not min(" + std::to_string(on) +
                ", " + std::to_string(om) + ") = " + std::to_string(std::min(on, om)) +
                ": resolve_dense starts from a full matching, as solve_dense or resolve_dense return it");
  }
  // Potentials: finite, and in the range where the sums below cannot overflow.
  const double lim = 4.0 * cost_magnitude_limit<T>(std::max<idx>(on, om) + 1) * static_cast<double>(on + om + 2);
  double scale = 1.0, sum_abs = 0.0;
  auto check_pot = [&](const std::vector<W>& x, const char* name) {
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double d = static_cast<double>(x[k]);
      if (!(std::abs(d) <= lim)) {
        throw error(where_ + "previous." + name + "[" + std::to_string(k) + "] = " + short_number(d) +
                    (std::isfinite(d) ? " is out of range" : " is not a finite potential"));
      }
      scale = std::max(scale, std::abs(d));
      sum_abs += std::abs(d);
    }
  };
  check_pot(p.u, "u");
  check_pot(p.v, "v");
  const double obj = static_cast<double>(p.objective);
  if (!std::isfinite(obj)) throw error(where_ + "previous.objective is " + short_number(obj));
  // LP duality: sum(u) + sum(v) is the minimisation-form objective (exact for integers).
  const double rtol = 1e-9;
  const double tol = std::is_floating_point_v<W> ? rtol * std::max({scale, sum_abs, std::abs(obj)}) : 0.0;
  W dual = W(0);
  guarded<W> g;
  for (const W x : p.u) dual = g.add(dual, x);
  for (const W x : p.v) dual = g.add(dual, x);
  const W min_obj = maximize ? g.sub(W(0), p.objective) : p.objective;
  const double gap = std::abs(static_cast<double>(g.sub(dual, min_obj)));
  if (g.overflow || !(gap <= tol)) {
    throw error(where_ + "previous potentials sum to " + short_number(static_cast<double>(dual)) +
                ", not the previous objective " + short_number(static_cast<double>(min_obj)) +
                (maximize ? " (minimisation form: the negated objective)" : "") +
                ": they are not the duals of that solution");
  }
  // Reduced costs on the carried-over entries.
  std::vector<idx> new_col(static_cast<std::size_t>(om), -1);
  for (std::size_t j = 0; j < col_origin.size(); ++j) {
    if (col_origin[j] >= 0) new_col[col_origin[j]] = static_cast<idx>(j);
  }
  // The worst violation over the carried-over entries (negative reduced cost, or a kept pair's distance from 0),
  // and the scale of what carries over: the old tolerance (rounding at the scale of the old potentials, some of which
  // may belong to rows and columns that are gone) separates corruption from rounding, the new one is what the
  // result will be certified to.
  const double red_tol = std::is_floating_point_v<W> ? rtol * std::max(scale, 1.0) : 0.0;
  double pot_scale = 0.0, worst = 0.0;
  idx worst_i = -1, worst_j = -1;
  bool worst_kept = false;
  // The carried-over columns (new index) with their old potentials, gathered once.
  std::vector<idx> cj;
  std::vector<W> vc;
  for (std::size_t j = 0; j < col_origin.size(); ++j) {
    if (col_origin[j] >= 0) {
      cj.push_back(static_cast<idx>(j));
      vc.push_back(p.v[col_origin[j]]);
    }
  }
  const bool all_carried = static_cast<idx>(cj.size()) == cost.cols;
  // One pass over the matrix: every row is validated as solve_dense validates it (NaN, the wrong infinity, the
  // largest magnitude: scan_row) and, when it carries over, its reduced costs are computed while it is in cache.
  max_abs = 0.0;
  for (std::size_t i = 0; i < row_origin.size(); ++i) {
    max_abs = std::max(max_abs, scan_row(cost, static_cast<idx>(i), maximize));
    const idx oi = row_origin[i];
    if (oi < 0) continue;
    pot_scale = std::max(pot_scale, std::abs(static_cast<double>(p.u[oi])));
    const idx kept = p.col4row[oi] >= 0 ? new_col[p.col4row[oi]] : -1;
    if (kept >= 0) {
      const T raw = cost(static_cast<idx>(i), kept);
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isinf(raw)) {
          throw error(where_ + "previous.col4row[" + std::to_string(oi) + "] = " + std::to_string(p.col4row[oi]) +
                      " is kept, but the entry (" + std::to_string(i) + ", " + std::to_string(kept) +
                      ") is forbidden: an entry whose row and column carry over must be unchanged");
        }
      }
      const W c = maximize ? g.sub(W(0), static_cast<W>(raw)) : static_cast<W>(raw);
      const double r = std::abs(static_cast<double>(g.sub(g.sub(c, p.u[oi]), p.v[p.col4row[oi]])));
      if (r > worst || r != r) {
        worst = r != r ? std::numeric_limits<double>::infinity() : r;
        worst_i = static_cast<idx>(i);
        worst_j = kept;
        worst_kept = true;
      }
    }
    const T* row = cost.data + static_cast<idx>(i) * cost.row_stride;
    if constexpr (std::is_floating_point_v<W>) {
      // Branch-free: a forbidden entry is +inf in the minimisation form and never lowers the minimum (NaN was
      // rejected above, the potentials are finite); the position is looked up only if the minimum is too low.
      // Four independent minima, so that the loop is not one chain of dependent comparisons (this pass is what a
      // re-solve after a small edit adds to the searches: BM_Warm_OnePercentRows).
      const W ui = p.u[oi];
      const W sign = maximize ? W(-1) : W(1);
      const std::size_t len = cj.size();
      W lo[4] = {infinity<W>(), infinity<W>(), infinity<W>(), infinity<W>()};
      std::size_t k = 0;
      if (all_carried && cost.col_stride == 1 && !maximize) {
        // The common case (every column carries over, C order): no index array, no sign.
        for (; k + 4 <= len; k += 4) {
          for (std::size_t l = 0; l < 4; ++l) {
            const W r = static_cast<W>(row[k + l]) - ui - vc[k + l];
            lo[l] = r < lo[l] ? r : lo[l];
          }
        }
      }
      for (; k + 4 <= len; k += 4) {
        for (std::size_t l = 0; l < 4; ++l) {
          const W r = sign * static_cast<W>(row[cj[k + l] * cost.col_stride]) - ui - vc[k + l];
          lo[l] = r < lo[l] ? r : lo[l];
        }
      }
      for (; k < len; ++k) {
        const W r = sign * static_cast<W>(row[cj[k] * cost.col_stride]) - ui - vc[k];
        lo[0] = r < lo[0] ? r : lo[0];
      }
      const W lowest = std::min(std::min(lo[0], lo[1]), std::min(lo[2], lo[3]));
      if (-lowest > worst) {
        worst = -lowest;
        worst_i = static_cast<idx>(i);
        worst_j = -1;
        worst_kept = false;
      }
    } else {
      for (std::size_t k = 0; k < cj.size(); ++k) {
        const W raw = static_cast<W>(row[cj[k] * cost.col_stride]);
        const W c = maximize ? g.sub(W(0), raw) : raw;
        const double r = static_cast<double>(g.sub(g.sub(c, p.u[oi]), vc[k]));
        if (-r > worst) {
          worst = -r;
          worst_i = static_cast<idx>(i);
          worst_j = cj[k];
          worst_kept = false;
        }
      }
    }
  }
  if (worst_i >= 0 && worst_j < 0) {
    // Where the fast path's minimum is.
    double lo = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < cj.size(); ++k) {
      const W raw = static_cast<W>(cost(worst_i, cj[k]));
      const double r = static_cast<double>((maximize ? -raw : raw) - p.u[row_origin[worst_i]] - vc[k]);
      if (r < lo) {
        lo = r;
        worst_j = cj[k];
      }
    }
  }
  for (const W x : vc) pot_scale = std::max(pot_scale, std::abs(static_cast<double>(x)));
  if (g.overflow) throw error(where_ + "the previous potentials are out of range");
  if (worst > red_tol) {
    const idx oi = row_origin[worst_i], oj = col_origin[worst_j];
    const double r = static_cast<double>(g.sub(
        g.sub(maximize ? g.sub(W(0), static_cast<W>(cost(worst_i, worst_j))) : static_cast<W>(cost(worst_i, worst_j)),
              p.u[oi]),
        p.v[oj]));
    throw error(where_ + "the previous potentials give the entry (" + std::to_string(worst_i) + ", " +
                std::to_string(worst_j) + ") (previous row " + std::to_string(oi) + ", column " + std::to_string(oj) +
                ") the reduced cost " + short_number(r) +
                (worst_kept ? " on a kept matched pair (must be 0)" : " < 0") +
                ": previous.u, previous.v and the matching are not an optimal solution of the previous matrix, or a "
                "carried-over entry changed (mark its row or column -1 in edits)");
  }
  // Sound, but not at the new problem's scale: potentials far above what its costs (max_abs) can produce (a
  // potential is a sum of at most 2 (k + 1) costs) come from costs that are gone, and a search started from them
  // would lose every digit of the new costs to rounding (or, for integers, overflow), so solve cold; likewise a
  // violation within the old rounding but beyond what the new problem is certified to.
  const double k = static_cast<double>(std::min(cost.rows, cost.cols));
  if (pot_scale > 2.0 * (k + 2.0) * std::max(max_abs, 1.0)) return false;
  const double new_tol = std::is_floating_point_v<W> ? rtol * std::max({1.0, max_abs, pot_scale}) : 0.0;
  return worst <= new_tol;
}

// Validates the origins of one side of a re-solve: one per row (column), each -1 or a distinct index below `old`.
inline std::vector<std::ptrdiff_t> check_origins(const std::vector<std::ptrdiff_t>& origin, std::ptrdiff_t n,
                                                 std::size_t old, const char* side) {
  if (static_cast<std::ptrdiff_t>(origin.size()) != n) {
    throw error(std::string("resolve_dense: ") + side + "_origin has length " + std::to_string(origin.size()) +
                ", expected " + std::to_string(n));
  }
  std::vector<char> seen(old, 0);
  for (std::size_t k = 0; k < origin.size(); ++k) {
    const std::ptrdiff_t o = origin[k];
    if (o < -1 || o >= static_cast<std::ptrdiff_t>(old)) {
      throw error(std::string("resolve_dense: ") + side + "_origin[" + std::to_string(k) + "] = " + std::to_string(o) +
                  " is not -1 or an index below " + std::to_string(old));
    }
    if (o >= 0 && seen[o]++) {
      throw error(std::string("resolve_dense: ") + side + "_origin[" + std::to_string(k) + "] repeats " +
                  std::to_string(o));
    }
  }
  return origin;
}

// Jonker-Volgenant's initialisation (sap_solver::jv_initialize) applies to a full matching of the rows, with no
// more rows than columns (the solver's orientation); with unassigned costs the potentials must start at them, and
// every row is augmented in turn. A warm start augments only the rows it leaves unmatched.
inline bool uses_jv(std::ptrdiff_t rows, std::ptrdiff_t cols, bool partial, bool warm) {
  return rows <= cols && !partial && !warm && rows > 1;
}

// Whether a square cold solve runs the auction phase (sap_solver::auction) after Jonker-Volgenant's
// initialisation left `free_rows` rows unmatched: when more than a quarter are (on uniform costs it leaves about 1-2%;
// with row and column offsets or i * j costs, where each search scans most rows, 70-100%). Tests turn it off to
// compare both paths.
inline std::atomic<bool>& auction_allowed() {
  static std::atomic<bool> allowed{true};
  return allowed;
}

inline bool uses_auction(std::ptrdiff_t n, std::size_t free_rows) {
  return n >= 64 && 4 * free_rows > static_cast<std::size_t>(n) && auction_allowed().load(std::memory_order_relaxed);
}

// jv_initialize's check_row for the dense solver: scan_row's validation of each row, or its result from a vector
// scan (report), with the largest finite |cost| so far.
template <class T>
struct fused_row_check {
  const matrix_view<T>& m;
  bool maximize;
  double max_abs = 0.0;

  double wrong() const {
    return maximize ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  void operator()(std::ptrdiff_t i) { max_abs = std::max(max_abs, scan_row(m, i, maximize)); }
  void report(std::ptrdiff_t i, const scan_check& r) {
    if (r.bad) (*this)(i);  // throws, naming the entry
    max_abs = std::max(max_abs, r.max_abs);
  }
};

// check_matrix: the matrix is not validated yet (see solve); the initialisation validates each row as it first
// reads it, then the magnitude limit is checked, before any search.
template <class T, class W, bool Negate>
void run_sap(const matrix_view<T>& m, bool transposed, const W* a, const W* b, solution<W>& out,
             const warm_state<W>* warm, bool maximize, bool check_matrix) {
  talentmatch::detail::sap_solver<T, W, Negate> s(m.data, m.rows, m.cols, m.row_stride, m.col_stride, a, b);
  std::vector<std::ptrdiff_t> rows;
  if (warm != nullptr) {
    rows = s.warm_start(warm->u, warm->v, warm->col4row);
  } else if (uses_jv(m.rows, m.cols, a != nullptr || b != nullptr, false)) {
    if (check_matrix) {
      fused_row_check<T> check{m, maximize};
      rows = s.jv_initialize(check);
      check_magnitude<T>(check.max_abs, m.rows);
    } else {
      rows = s.jv_initialize();
    }
    // Many rows left unmatched: the searches would be long; an auction brings the potentials close first.
    if (uses_auction(m.rows, rows.size())) s.auction(rows);
  } else {
    rows = s.all_rows();
  }
  for (const std::ptrdiff_t cur : rows) {
    if (!s.augment(cur)) {
      throw infeasible_error("cost matrix is infeasible: " + where(transposed, cur) +
                             " cannot be matched together with the " + (transposed ? "columns" : "rows") +
                             " before it (no complete assignment avoids the forbidden pairs)");
    }
  }
  out.col4row = std::move(s.col4row);
  out.row4col = std::move(s.row4col);
  out.u = std::move(s.u);
  out.v = std::move(s.v);
}

template <class T>
solution<work_t<T>> solve_dense_impl(const matrix_view<T>& cost, const dense_options& opt,
                                     const unassigned_costs<work_t<T>>* unassigned,
                                     const solution<work_t<T>>* previous = nullptr, const edits* changes = nullptr) {
  static_assert(supported_scalar<T>, "solve_dense supports float, double, int32_t and int64_t costs");
  using W = work_t<T>;
  namespace td = talentmatch::detail;
  const std::ptrdiff_t n = cost.rows, m = cost.cols;
  if (n < 0 || m < 0) throw error("cost matrix has a negative dimension");
  if (n > 0 && m > 0 && cost.data == nullptr) throw error("cost matrix data is null");

  // Unassigned costs, in the minimisation form.
  const bool partial = unassigned != nullptr && !(unassigned->row.empty() && unassigned->col.empty());
  std::vector<W> a, b;
  bool a_must = false, b_must = false;
  double max_abs = 0.0;
  if (partial) {
    a = min_form_costs(unassigned->row, n, opt.maximize, "row", a_must, max_abs);
    b = min_form_costs(unassigned->col, m, opt.maximize, "column", b_must, max_abs);
    if (a_must && b_must) {
      throw error(
          "unassigned_cost: infinite costs (\"must be matched\") are supported on the rows or on the columns, not "
          "on both");
    }
  }

  // One pass over the matrix: NaN and the wrong infinity are rejected, with their position (row by row, the first
  // bad row first), then magnitudes that could overflow. For a square floating-point matrix solved from scratch,
  // the initialisation's first pass does this as it reads each row (run_sap): the same checks in the same order,
  // before any arithmetic that depends on them, with one read of the matrix less.
  const bool fused_check = std::is_floating_point_v<T> && uses_jv(n, m, partial, previous != nullptr);
  if (!fused_check && previous == nullptr) {
    max_abs = std::max(max_abs, scan_matrix(cost, opt.maximize));
    check_magnitude<T>(max_abs, std::min(n, m));
  }

  // Orientation: the side that is augmented row by row. Unmatched-column costs must be finite (they are folded
  // into the starting potentials), so a side with must-match entries becomes the rows; otherwise the smaller side.
  bool transpose;
  if (partial) {
    transpose = b_must || (!a_must && n > m);
  } else {
    transpose = n > m;
  }
  const matrix_view<T> view = transpose ? cost.transposed() : cost;
  const W* pa = nullptr;
  const W* pb = nullptr;
  if (partial) {
    pa = transpose ? b.data() : a.data();
    pb = transpose ? a.data() : b.data();
  }

  // A warm start, in the solver's orientation.
  std::optional<warm_state<W>> warm;
  if (previous != nullptr) {
    const std::vector<std::ptrdiff_t> origin_r = check_origins(changes->row_origin, n, previous->col4row.size(), "row");
    const std::vector<std::ptrdiff_t> origin_c =
        check_origins(changes->col_origin, m, previous->row4col.size(), "column");
    // The matrix is validated in the same pass (check_previous reads it once), then its magnitude.
    const bool usable = check_previous(cost, *previous, origin_r, origin_c, opt.maximize, max_abs);
    check_magnitude<T>(max_abs, std::min(n, m));
    if (!usable) previous = nullptr;
  }
  if (previous != nullptr) {
    const std::vector<std::ptrdiff_t> origin_r = changes->row_origin, origin_c = changes->col_origin;
    solution<W> prev = *previous;
    if (transpose) {
      std::swap(prev.col4row, prev.row4col);
      std::swap(prev.u, prev.v);
    }
    warm = opt.maximize ? make_warm_state<T, W, true>(view, prev, transpose ? origin_c : origin_r,
                                                      transpose ? origin_r : origin_c)
                        : make_warm_state<T, W, false>(view, prev, transpose ? origin_c : origin_r,
                                                       transpose ? origin_r : origin_c);
  }

  solution<W> out;
  const warm_state<W>* pw = warm ? &*warm : nullptr;
  if (opt.maximize) {
    run_sap<T, W, true>(view, transpose, pa, pb, out, pw, opt.maximize, fused_check);
  } else {
    run_sap<T, W, false>(view, transpose, pa, pb, out, pw, opt.maximize, fused_check);
  }
  if (transpose) {
    std::swap(out.col4row, out.row4col);
    std::swap(out.u, out.v);
  }

  // The objective in the caller's sign.
  W obj = W(0);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::ptrdiff_t j = out.col4row[i];
    if (j >= 0) {
      obj += static_cast<W>(cost(i, j));
    } else if (partial) {
      obj += unassigned->row[i];
    }
  }
  if (partial) {
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (out.row4col[j] < 0) obj += unassigned->col[j];
    }
  }
  out.objective = obj;
  return out;
}

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// Solves min (or max) sum cost(i, col4row[i]) over full matchings of min(rows, cols) pairs. +inf entries (-inf with
// maximize) are forbidden pairs. Throws talentmatch::error on NaN or the wrong infinity (naming the entry) and
// talentmatch::infeasible_error when every full matching uses a forbidden pair (naming a row or column that cannot
// be matched).
template <class T>
solution<work_t<T>> solve_dense(const matrix_view<T>& cost, const dense_options& opt = {}) {
  return detail::solve_dense_impl<T>(cost, opt, nullptr);
}

// The same with a cost for leaving each row and each column unmatched: minimises the matched costs plus the
// unassigned costs paid. A pair is matched only when that is strictly cheaper than leaving both ends unmatched.
template <class T>
solution<work_t<T>> solve_dense(const matrix_view<T>& cost, const unassigned_costs<work_t<T>>& unassigned,
                                const dense_options& opt = {}) {
  return detail::solve_dense_impl<T>(cost, opt, &unassigned);
}

// Re-solves a full assignment after rows or columns were added, removed or changed (see `edits`), starting from
// the earlier solution's potentials and keeping every pair whose row and column both carry over: only the rows left
// unmatched are augmented, so a small edit costs a few shortest-path searches instead of a whole solve. Same
// results and certificate as solve_dense on the new matrix (ties may resolve differently: the start differs).
template <class T>
solution<work_t<T>> resolve_dense(const matrix_view<T>& cost, const solution<work_t<T>>& previous, const edits& changes,
                                  const dense_options& opt = {}) {
  return detail::solve_dense_impl<T>(cost, opt, nullptr, &previous, &changes);
}

}  // namespace talentmatch::solver
