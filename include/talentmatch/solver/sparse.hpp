#pragma once

// Sparse rectangular linear assignment on CSR input: talentmatch::solver::solve_sparse.
//
// Successive shortest augmenting paths with dual potentials, one row at a time, each search a Dijkstra on a binary
// heap over the reduced costs c[i][j] - u[i] - v[j] >= 0 of the edges present:
//
//     R. K. Ahuja, T. L. Magnanti, J. B. Orlin. Network Flows. Prentice Hall, 1993, sections 9.7 and 12.4
//     (successive shortest paths with node potentials);
//     R. Jonker, A. Volgenant. A shortest augmenting path algorithm for dense and sparse linear assignment
//     problems. Computing 38:325-340, 1987. doi:10.1007/BF02278710 (the sparse variant of the same search).
//
// The search, the potential update and the augmentation are those of the dense solver (detail/sap.hpp, Crouse's
// form; the names u, v, SR, SC, path, row4col, col4row follow it), with the linear scan over all columns replaced
// by a heap over the columns the search has reached: O(E log V) per search instead of O(n m). Unassigned costs work
// as there: a row's cost a[i] is a private column only it reaches, a column's cost b[j] is its starting potential.
// Ties break as in the dense solver: lowest distance, then an unmatched column, then the lowest column index.
//
// Before any search, a full matching is checked for existence with Hopcroft-Karp (detail/hopcroft_karp.hpp); when none
// exists, the error says how many rows cannot be matched and names those a maximum matching leaves unmatched.
//
// Maximum-cardinality mode (match as many rows as possible, the cheapest among those) is the unassigned-cost problem
// with a cost "one more unmatched pair" on every row of the smaller side, larger than any difference in cost. It is
// solved exactly, without choosing a number: distances and potentials are pairs (count, cost) compared
// lexicographically, an ordered group on which Dijkstra is valid. The duals returned are count * P + cost for a
// penalty P chosen after the solve, large enough that they certify the problem with unassigned cost P on the smaller
// side (and 0 on the other), whose optimum is exactly the maximum-cardinality optimum because P exceeds 2 k max|c|,
// more than any two matchings' costs can differ. check_certificate recovers P from the duals of an unmatched row.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/csr_graph.hpp"
#include "talentmatch/detail/hopcroft_karp.hpp"
#include "talentmatch/detail/indexed_heap.hpp"
#include "talentmatch/detail/input_checks.hpp"
#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/detail/sap.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/csr_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::solver {

enum class sparse_mode {
  full,             // every row of the smaller side matched (talentmatch::infeasible_error when impossible)
  max_cardinality,  // as many pairs as possible, the cheapest among those
};

struct sparse_options {
  bool maximize = false;  // maximise the sum instead; a stored -inf then marks a forbidden pair
  sparse_mode mode = sparse_mode::full;
};

}  // namespace talentmatch::solver

namespace talentmatch::detail {

namespace td = talentmatch::detail;
using solver::csr_view;
using solver::solution;
using solver::sparse_mode;
using solver::sparse_options;
using solver::unassigned_costs;

// A lexicographic pair (count, cost): the distances of maximum-cardinality mode.
template <class W>
struct lex {
  std::int64_t hi;
  W lo;
  friend lex operator+(lex a, lex b) { return {a.hi + b.hi, a.lo + b.lo}; }
  friend lex operator-(lex a, lex b) { return {a.hi - b.hi, a.lo - b.lo}; }
  friend bool operator<(lex a, lex b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
  friend bool operator<=(lex a, lex b) { return !(b < a); }
  friend bool operator==(lex a, lex b) { return a.hi == b.hi && a.lo == b.lo; }
};

template <class D>
struct dist_traits {
  static constexpr D inf() { return td::infinity<D>(); }
  static constexpr D scanned() { return std::numeric_limits<D>::lowest(); }
  template <class W>
  static D edge(W c) {
    return c;
  }
};
template <class W>
struct dist_traits<lex<W>> {
  static constexpr lex<W> inf() { return {std::numeric_limits<std::int64_t>::max(), W(0)}; }
  static constexpr lex<W> scanned() { return {std::numeric_limits<std::int64_t>::lowest(), W(0)}; }
  static lex<W> edge(W c) { return {0, c}; }
};

template <class D>
bool dist_is_inf(const D& x) {
  return x == dist_traits<D>::inf();
}

// The successive shortest path engine on a graph in the working orientation (rows are augmented one at a time).
template <class W, class D>
struct ssp {
  const csr_graph<W>& g;
  const D* a;  // row unmatched costs (inf = must match) or nullptr (all must match)

  std::vector<D> u, v;
  std::vector<std::ptrdiff_t> col4row, row4col;

  // What relaxing an edge reads about column j, in one 16-byte record so that it touches one cache line: its
  // potential and its tentative distance d in the current search (+inf when not reached, reset through `reached`;
  // dist_traits::scanned(), below every distance, once scanned, so that no relaxation improves it and no scanned
  // column needs a test of its own). A scanned column's final distance goes to dfin, its predecessor row to path.
  // v above is filled from these by finish().
  struct column {
    D v;
    D d;
  };
  std::vector<column> col;
  std::vector<std::ptrdiff_t> path;
  std::vector<D> dfin;
  std::vector<std::ptrdiff_t> SR, SC, reached;
  struct entry {
    D d;
    char busy;  // the column is matched: an unmatched one wins ties
    std::int64_t id;
  };
  // Heap order: the top is the lowest (d, busy, id).
  struct entry_before {
    static std::int64_t id(const entry& e) { return e.id; }
    bool operator()(const entry& x, const entry& y) const {
      if (x.d < y.d) return true;
      if (y.d < x.d) return false;
      return x.busy != y.busy ? x.busy < y.busy : x.id < y.id;
    }
  };
  // The reached, unscanned columns (detail/indexed_heap.hpp; SiftByValue: 5-7% faster here at n = 10^5, see there).
  indexed_heap<entry, entry_before, true> heap;

  ssp(const csr_graph<W>& g_, const D* a_, const D* b_)
      : g(g_),
        a(a_),
        u(g_.rows, D{}),
        v(g_.cols, D{}),
        col4row(g_.rows, -1),
        row4col(g_.cols, -1),
        col(g_.cols, column{D{}, dist_traits<D>::inf()}),
        path(g_.cols, -1),
        dfin(g_.cols, D{}) {
    heap.reset(g_.cols);
    if (b_ != nullptr) {
      for (std::ptrdiff_t j = 0; j < g_.cols; ++j) col[j].v = b_[j];
    }
  }

  // Copies the column records' potentials to v.
  void finish() {
    for (std::size_t j = 0; j < col.size(); ++j) v[j] = col[j].v;
  }

  // Jonker-Volgenant's initialisation for a square full matching, as the dense solver does it (detail/sap.hpp,
  // jv_initialize: row then column reduction, reduction transfer, two passes of augmenting row reduction), over the
  // stored edges only. It leaves a partial matching with every matched row at its minimum reduced cost, so the
  // potentials are dual feasible and the searches continue from there; on random instances it matches most rows
  // before any Dijkstra search. Requires a perfect matching to exist (every column has an edge). Returns the rows
  // still unmatched, in increasing order.
  std::vector<std::ptrdiff_t> jv_initialize() {
    static_assert(std::is_same_v<D, W>, "the JV initialisation is for the plain costs");
    const std::ptrdiff_t n = g.rows;
    const std::int64_t* ptr = g.ptr.data();
    const std::int64_t* idx = g.idx.data();
    const W* cost = g.cost.data();
    std::vector<std::ptrdiff_t> imin(n, -1);
    for (auto& c : col) c.v = dist_traits<D>::inf();
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      W lo = dist_traits<D>::inf();
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) lo = std::min(lo, cost[p]);
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
        const W c = cost[p] - lo;
        if (c < col[idx[p]].v || (c == col[idx[p]].v && i < imin[idx[p]])) {
          col[idx[p]].v = c;
          imin[idx[p]] = i;
        }
      }
    }
    talentmatch::detail::jv_column_reduction<W>(
        n, imin, col4row, row4col,
        [&](std::ptrdiff_t i, std::ptrdiff_t j1) {
          W h1 = dist_traits<D>::inf(), mu = dist_traits<D>::inf();
          for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
            if (idx[p] == j1) {
              h1 = cost[p] - col[j1].v;
            } else {
              mu = std::min(mu, cost[p] - col[idx[p]].v);
            }
          }
          return std::pair<W, W>(h1, mu);
        },
        [&](std::ptrdiff_t j, W by) { col[j].v -= by; });
    std::vector<std::ptrdiff_t> free_rows;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (col4row[i] < 0) free_rows.push_back(i);
    }
    free_rows = talentmatch::detail::augmenting_row_reduction<W>(
        std::move(free_rows), n, col4row, row4col,
        [&](std::ptrdiff_t i, W& u1, std::ptrdiff_t& j1, W& u2, std::ptrdiff_t& j2) {
          // Among equals the unmatched, then the lowest, column (the dense solver's order, whatever the order of
          // the row's entries).
          auto before = [&](W h, std::ptrdiff_t j, W hk, std::ptrdiff_t jk) {
            if (jk < 0 || h < hk) return true;
            if (hk < h) return false;
            const bool fj = row4col[j] < 0, fk = row4col[jk] < 0;
            return fj != fk ? fj : j < jk;
          };
          for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
            const std::ptrdiff_t j = idx[p];
            const W h = cost[p] - col[j].v;
            if (h > u2) continue;  // the common case: one comparison
            if (before(h, j, u1, j1)) {
              u2 = u1;
              j2 = j1;
              u1 = h;
              j1 = j;
            } else if (before(h, j, u2, j2)) {
              u2 = h;
              j2 = j;
            }
          }
        },
        [&](std::ptrdiff_t j, W by) { col[j].v -= by; });
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::ptrdiff_t j = col4row[i];
      if (j < 0) continue;
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
        if (idx[p] == j) u[i] = cost[p] - col[j].v;
      }
    }
    std::sort(free_rows.begin(), free_rows.end());
    return free_rows;
  }

  // Augment from the unmatched row cur; false when it can be neither matched nor left unmatched.
  bool augment(std::ptrdiff_t cur) {
    SR.clear();
    SC.clear();
    heap.clear();
    u[cur] = D{};
    D minVal{};
    D best_unmatched = dist_traits<D>::inf();  // cheapest "leave this row unmatched" sink seen so far
    std::ptrdiff_t unmatched_row = -1;
    std::ptrdiff_t sink = -1;
    std::ptrdiff_t i = cur;
    bool ok = true;
    for (;;) {
      SR.push_back(i);
      if (a != nullptr && !dist_is_inf(a[i])) {
        const D r = minVal + a[i] - u[i];
        if (r < best_unmatched) {
          best_unmatched = r;
          unmatched_row = i;
        }
      }
      const D base = minVal - u[i];
      for (std::int64_t p = g.ptr[i]; p < g.ptr[i + 1]; ++p) {
        const std::int64_t j = g.idx[p];
        const D r = base + dist_traits<D>::edge(g.cost[p]) - col[j].v;
        if (r < col[j].d) {
          if (dist_is_inf(col[j].d)) reached.push_back(j);
          col[j].d = r;
          path[j] = i;
          heap.push_or_decrease({r, static_cast<char>(row4col[j] >= 0), j});
        }
      }
      // The nearest column not yet scanned.
      const D lowest = heap.empty() ? dist_traits<D>::inf() : heap.top().d;
      // Leaving a row unmatched wins ties: a pair is matched only when that is strictly cheaper.
      if (unmatched_row >= 0 && best_unmatched <= lowest) {
        minVal = best_unmatched;
        break;
      }
      if (heap.empty()) {
        ok = false;
        break;
      }
      const std::ptrdiff_t j = heap.top().id;
      heap.pop();
      minVal = lowest;
      dfin[j] = lowest;
      col[j].d = dist_traits<D>::scanned();
      SC.push_back(j);
      if (row4col[j] == -1) {
        sink = j;
        unmatched_row = -1;
        break;
      }
      i = row4col[j];
    }

    if (ok) {
      // Update the potentials (Crouse, Algorithm 4): only the scanned columns and their rows move.
      u[cur] = u[cur] + minVal;
      for (std::size_t k = 1; k < SR.size(); ++k) {
        const std::ptrdiff_t r = SR[k];
        u[r] = u[r] + minVal - dfin[col4row[r]];
      }
      for (const std::ptrdiff_t j : SC) col[j].v = col[j].v - (minVal - dfin[j]);
    }
    for (const std::ptrdiff_t j : reached) {
      col[j].d = dist_traits<D>::inf();
    }
    reached.clear();
    if (!ok) return false;

    // Augment along the alternating path.
    std::ptrdiff_t j = sink;
    if (sink < 0) {
      // The sink is the private column of unmatched_row: that row gives up its column and leaves the matching.
      if (unmatched_row == cur) return true;
      j = col4row[unmatched_row];
      col4row[unmatched_row] = -1;
    }
    for (;;) {
      const std::ptrdiff_t r = static_cast<std::ptrdiff_t>(path[j]);
      row4col[j] = r;
      std::swap(col4row[r], j);
      if (r == cur) break;
    }
    return true;
  }
};

inline std::string sparse_side(bool transposed, bool plural) {
  return transposed ? (plural ? "columns" : "column") : (plural ? "rows" : "row");
}

// Full mode's existence check: a maximum matching of the working orientation; names the rows it leaves unmatched.
template <class W>
void require_full_matching(const csr_graph<W>& g, bool transposed) {
  const bipartite_matching mt = hopcroft_karp(g.rows, g.cols, g.ptr.data(), g.idx.data());
  if (mt.size == g.rows) return;
  std::string names;
  std::ptrdiff_t shown = 0;
  for (std::ptrdiff_t i = 0; i < g.rows && shown < 10; ++i) {
    if (mt.col4row[i] < 0) {
      names += (shown++ ? ", " : "") + std::to_string(i);
    }
  }
  const std::ptrdiff_t missing = g.rows - mt.size;
  throw infeasible_error("no full matching exists: at most " + std::to_string(mt.size) + " of the " +
                         std::to_string(g.rows) + " " + sparse_side(transposed, true) + " can be matched; " +
                         std::to_string(missing) + " cannot, e.g. " + sparse_side(transposed, missing != 1) + " " +
                         names + (missing > shown ? ", ..." : "") + " (unmatched in a maximum matching)");
}

template <class W>
W csr_pair_cost(const csr_graph<W>& g, std::ptrdiff_t i, std::ptrdiff_t j) {
  for (std::int64_t p = g.ptr[i]; p < g.ptr[i + 1]; ++p) {
    if (g.idx[p] == j) return g.cost[p];
  }
  return td::infinity<W>();
}

// The penalty of maximum-cardinality mode: exceeds any difference between two matchings' costs (2 k max|c|) and the
// low parts of the pair potentials, so that count * P + cost is dual feasible (see the header comment).
template <class W>
W max_cardinality_penalty(const std::vector<lex<W>>& u, const std::vector<lex<W>>& v, std::ptrdiff_t k, double max_abs,
                          std::int64_t& max_hi) {
  double p = 2.0 * (static_cast<double>(k) + 1.0) * max_abs;
  double lo = 0.0;
  max_hi = 0;
  for (const auto& x : u)
    lo = std::max(lo, std::abs(static_cast<double>(x.lo))), max_hi = std::max(max_hi, std::abs(x.hi));
  for (const auto& x : v)
    lo = std::max(lo, std::abs(static_cast<double>(x.lo))), max_hi = std::max(max_hi, std::abs(x.hi));
  p += 2.0 * lo + max_abs + 1.0;
  // The duals are count * P + cost, and the certificate sums all of them (`terms`: rows + columns): that sum must
  // stay inside the working type.
  const double terms = static_cast<double>(u.size() + v.size()) + 1.0;
  const double need = p * (static_cast<double>(max_hi) + 1.0) * terms;
  if constexpr (std::is_floating_point_v<W>) {
    if (!(need <= std::numeric_limits<double>::max() / 4.0)) {
      throw error("costs too large for max_cardinality mode: magnitude " + short_number(max_abs) +
                  " needs the penalty " + short_number(p) +
                  ", and the duals it certifies would overflow double; scale the matrix down, e.g. divide it by its "
                  "largest magnitude");
    }
    return static_cast<W>(p);
  } else {
    if (!(need <= static_cast<double>(std::numeric_limits<std::int64_t>::max()) / 4.0)) {
      throw error("costs too large for exact int64 duals in max_cardinality mode (convert the matrix to float64)");
    }
    return static_cast<W>(std::ceil(p));
  }
}

template <class T>
solution<work_t<T>> solve_sparse_impl(const csr_view<T>& csr, const sparse_options& opt,
                                      const unassigned_costs<work_t<T>>* unassigned) {
  static_assert(td::supported_scalar<T>, "solve_sparse supports float, double, int32_t and int64_t costs");
  using W = work_t<T>;
  const std::ptrdiff_t n = csr.rows, m = csr.cols;
  double max_abs = 0.0;
  csr_graph<W> g = build_csr_graph<T, W>(csr, opt.maximize, max_abs);

  const bool partial = unassigned != nullptr && !(unassigned->row.empty() && unassigned->col.empty());
  if (partial && opt.mode == sparse_mode::max_cardinality) {
    throw error("unassigned_cost and the max_cardinality mode exclude each other");
  }
  std::vector<W> a, b;
  bool a_must = false, b_must = false;
  if (partial) {
    a = td::min_form_costs(unassigned->row, n, opt.maximize, "row", a_must, max_abs);
    b = td::min_form_costs(unassigned->col, m, opt.maximize, "column", b_must, max_abs);
    if (a_must && b_must) {
      throw error(
          "unassigned_cost: infinite costs (\"must be matched\") are supported on the rows or on the columns, not "
          "on both");
    }
  }
  const std::ptrdiff_t k = std::min(n, m);
  td::check_magnitude<T>(max_abs, k);

  // Orientation as in the dense solver: must-match entries on the rows, otherwise the smaller side.
  const bool transpose = partial ? (b_must || (!a_must && n > m)) : n > m;
  if (transpose) g = td::transpose(g);
  const W* pa = partial ? (transpose ? b.data() : a.data()) : nullptr;
  const W* pb = partial ? (transpose ? a.data() : b.data()) : nullptr;

  solution<W> out;
  if (opt.mode == sparse_mode::max_cardinality) {
    using L = lex<W>;
    const std::vector<L> pen(g.rows, L{1, W(0)});
    ssp<W, L> s(g, pen.data(), nullptr);
    for (std::ptrdiff_t i = 0; i < g.rows; ++i) s.augment(i);  // never fails: every row may stay unmatched
    s.finish();
    std::int64_t max_hi = 0;
    const W P = max_cardinality_penalty(s.u, s.v, k, max_abs, max_hi);
    out.u.resize(g.rows);
    out.v.resize(g.cols);
    for (std::ptrdiff_t i = 0; i < g.rows; ++i) out.u[i] = static_cast<W>(s.u[i].hi) * P + s.u[i].lo;
    for (std::ptrdiff_t j = 0; j < g.cols; ++j) out.v[j] = static_cast<W>(s.v[j].hi) * P + s.v[j].lo;
    out.col4row = std::move(s.col4row);
    out.row4col = std::move(s.row4col);
  } else {
    if (!partial) require_full_matching(g, transpose);
    ssp<W, W> s(g, pa, pb);
    std::vector<std::ptrdiff_t> rows;
    if (!partial && g.rows == g.cols && g.rows > 1) {
      rows = s.jv_initialize();  // after require_full_matching: every column has an edge
    } else {
      rows.resize(g.rows);
      for (std::ptrdiff_t i = 0; i < g.rows; ++i) rows[i] = i;
    }
    for (const std::ptrdiff_t i : rows) {
      if (!s.augment(i)) {
        throw infeasible_error("sparse matrix is infeasible: " + sparse_side(transpose, false) + " " +
                               std::to_string(i) + " cannot be matched together with the " +
                               sparse_side(transpose, true) + " before it (no assignment covers every " +
                               sparse_side(transpose, false) + " that must be matched)");
      }
    }
    s.finish();
    out.u = std::move(s.u);
    out.v = std::move(s.v);
    out.col4row = std::move(s.col4row);
    out.row4col = std::move(s.row4col);
  }

  // The objective in the caller's sign, from the working graph (duplicates already summed).
  W obj = W(0);
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    const std::ptrdiff_t j = out.col4row[i];
    if (j >= 0) {
      obj += csr_pair_cost(g, i, j);
    } else if (partial) {
      obj += pa[i];
    }
  }
  if (partial) {
    for (std::ptrdiff_t j = 0; j < g.cols; ++j) {
      if (out.row4col[j] < 0) obj += pb[j];
    }
  }
  out.objective = opt.maximize ? -obj : obj;
  if (transpose) {
    std::swap(out.col4row, out.row4col);
    std::swap(out.u, out.v);
  }
  return out;
}

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// Solves the assignment problem on the edges stored in `csr` (missing entries and stored +inf, or -inf with
// maximize, are forbidden; explicit zeros are edges; duplicate entries are summed, as scipy.sparse does, and the
// columns of a row may come in any order: see csr_view.hpp). sparse_mode::full: a full matching of min(rows, cols)
// pairs, talentmatch::infeasible_error naming rows that cannot be matched when none exists.
// sparse_mode::max_cardinality: as many pairs as possible, cheapest among those. Throws talentmatch::error on a
// malformed CSR or NaN, naming the row and entry.
template <class T>
solution<work_t<T>> solve_sparse(const csr_view<T>& csr, const sparse_options& opt = {}) {
  return detail::solve_sparse_impl<T>(csr, opt, nullptr);
}

// The same with a cost for leaving each row and each column unmatched (as solve_dense): minimises the matched costs
// plus the unassigned costs paid; a pair is matched only when that is strictly cheaper. opt.mode must be full.
template <class T>
solution<work_t<T>> solve_sparse(const csr_view<T>& csr, const unassigned_costs<work_t<T>>& unassigned,
                                 const sparse_options& opt = {}) {
  return detail::solve_sparse_impl<T>(csr, opt, &unassigned);
}

// The certificate of a sparse solution (see certificate.hpp): reduced costs are checked on the stored edges only.
// In max_cardinality mode the penalty P on the smaller side is read from an unmatched row's potential there and must
// exceed 2 k max|c|; with none unmatched the certificate is that of a full matching of the smaller side.
template <class T, class W>
certificate check_certificate(const csr_view<T>& csr, const solution<W>& s, const sparse_options& opt = {},
                              const unassigned_costs<W>* unassigned = nullptr, double rtol = 1e-9) {
  double max_abs = 0.0;
  certificate bad;
  detail::csr_graph<W> g;
  try {
    g = detail::build_csr_graph<T, W>(csr, opt.maximize, max_abs);
  } catch (const error& e) {
    bad.message = e.what();
    return bad;
  }
  const std::ptrdiff_t n = g.rows, m = g.cols;
  std::vector<W> a, b;
  W offset = W(0);
  if (!detail::side_costs(n, m, opt.maximize, unassigned, a, b, bad.message)) return bad;
  if (opt.mode == sparse_mode::max_cardinality && s.col4row.size() == static_cast<std::size_t>(n) &&
      s.row4col.size() == static_cast<std::size_t>(m) && s.u.size() == static_cast<std::size_t>(n) &&
      s.v.size() == static_cast<std::size_t>(m)) {
    // Smaller side: rows when n <= m (the solver's orientation); the other side's unassigned cost is 0.
    const bool rows_small = n <= m;
    std::vector<W>& pen = rows_small ? a : b;
    std::vector<W>& other = rows_small ? b : a;
    const auto& mate = rows_small ? s.col4row : s.row4col;
    const auto& pot = rows_small ? s.u : s.v;
    std::fill(other.begin(), other.end(), W(0));
    std::fill(pen.begin(), pen.end(), talentmatch::detail::infinity<W>());
    std::ptrdiff_t first = -1, count = 0;
    for (std::size_t i = 0; i < mate.size(); ++i) {
      if (mate[i] < 0) {
        if (first < 0) first = static_cast<std::ptrdiff_t>(i);
        ++count;
      }
    }
    if (first >= 0) {
      const W P = pot[first];
      const double need = 2.0 * static_cast<double>(std::min(n, m)) * max_abs;
      if (!(static_cast<double>(P) > need)) {
        certificate c;
        c.message = "max_cardinality: the penalty " + std::to_string(static_cast<double>(P)) +
                    " read from the potential of unmatched " + (rows_small ? "row " : "column ") +
                    std::to_string(first) + " does not exceed 2 k max|c| = " + std::to_string(need);
        return c;
      }
      std::fill(pen.begin(), pen.end(), P);
      if (!detail::checked_mul(P, count, offset)) {
        bad.message = "max_cardinality: the penalty " + std::to_string(static_cast<double>(P)) + " is out of range";
        return bad;
      }
    }
  }
  return detail::assignment_certificate(
      n, m, s, opt.maximize, a, b, offset, rtol, "sparse matrix",
      [&](std::ptrdiff_t i, auto&& f) {
        for (std::int64_t p = g.ptr[i]; p < g.ptr[i + 1]; ++p) f(static_cast<std::ptrdiff_t>(g.idx[p]), g.cost[p]);
      },
      [&](std::ptrdiff_t i, std::ptrdiff_t j) {
        const W c = detail::csr_pair_cost(g, i, j);
        const bool ok = !talentmatch::detail::is_inf(c);
        return std::pair<bool, W>(ok, ok ? c : W(0));
      });
}

// Throws talentmatch::error with the certificate's message when it fails.
template <class T, class W>
void verify(const csr_view<T>& csr, const solution<W>& s, const sparse_options& opt = {},
            const unassigned_costs<W>* unassigned = nullptr, double rtol = 1e-9) {
  const certificate cert = check_certificate(csr, s, opt, unassigned, rtol);
  if (!cert.ok) throw error("certificate check failed: " + cert.message);
}

}  // namespace talentmatch::solver
