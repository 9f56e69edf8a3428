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
// Square full matchings from sparse_auction_min_rows rows start from an epsilon-scaling auction and an exact warm
// start from its potentials (ssp::auction), smaller ones from Jonker-Volgenant's initialisation (ssp::jv_initialize).
//
// When no full matching exists, a search finds no augmenting path (or a row, or a column of a square problem, has no
// edge at all); Hopcroft-Karp (detail/hopcroft_karp.hpp) then words the error: how many rows cannot be matched, naming
// those a maximum matching leaves unmatched.
//
// Maximum-cardinality mode (match as many rows as possible, the cheapest among those) is the unassigned-cost problem
// with a cost "one more unmatched pair" on every row of the smaller side, larger than any difference in cost. It is
// solved exactly, without choosing a number: distances and potentials are pairs (count, cost) compared
// lexicographically, an ordered group on which Dijkstra is valid. The duals returned are count * P + cost for a
// penalty P chosen after the solve, large enough that they certify the problem with unassigned cost P on the smaller
// side (and 0 on the other), whose optimum is exactly the maximum-cardinality optimum because P exceeds 2 k max|c|,
// more than any two matchings' costs can differ. check_certificate recovers P from the duals of an unmatched row.

#include <algorithm>
#include <atomic>
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
#include "talentmatch/detail/simd.hpp"
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

// How many sparse solves have started from the auction (ssp::auction) in this process: for the tests, which check
// that the instances meant to take that path do.
inline std::atomic<std::uint64_t>& sparse_auction_runs() {
  static std::atomic<std::uint64_t> runs{0};
  return runs;
}

// The auction's bid scan (ssp::auction): over the entries b <= p < e of a row, the smallest cost[p] - price[idx[p]]
// (w1, at the lowest such column j1, whatever the order of the entries) and the second smallest, counting a tie
// as the second (w2; +inf for fewer than two entries). Branch-free: which entry is smallest is unpredictable, and a
// mispredicted branch costs more than the selects (measured, n = 10^4 with 10 edges a row: 21 -> 14 ms a solve).
template <class W>
inline void bid_scan_from(const std::int64_t* idx, const W* cost, const W* price, std::int64_t p, std::int64_t e, W& w1,
                          std::ptrdiff_t& j1, W& w2) {
  for (; p < e; ++p) {
    const std::ptrdiff_t j = idx[p];
    const W h = cost[p] - price[j];
    const bool first = h < w1 || (h == w1 && j < j1);
    const W upper = h < w1 ? w1 : h;
    w2 = upper < w2 ? upper : w2;
    w1 = h < w1 ? h : w1;
    j1 = first ? j : j1;
  }
}

#if TALENTMATCH_SAP_AVX2
// The same, four entries at a time, prices gathered (double costs; measured, n = 10^4 with 50 edges a row: the
// auction 37 -> 27 ms). Each lane keeps the scalar loop's state over its entries; the lanes' results then fold
// into the same w1, j1, w2 as the scalar loop's, and the last entries follow in it.
__attribute__((target("avx2"))) inline void bid_scan_avx2(const std::int64_t* idx, const double* cost,
                                                          const double* price, std::int64_t b, std::int64_t e,
                                                          double& w1, std::ptrdiff_t& j1, double& w2) {
  const __m256d inf = _mm256_set1_pd(std::numeric_limits<double>::infinity());
  __m256d v1 = inf, v2 = inf;
  __m256i vj = _mm256_set1_epi64x(std::numeric_limits<std::int64_t>::max());
  std::int64_t p = b;
  for (; p + 4 <= e; p += 4) {
    const __m256i j = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx + p));
    const __m256d h = _mm256_sub_pd(_mm256_loadu_pd(cost + p), _mm256_i64gather_pd(price, j, 8));
    const __m256d lt = _mm256_cmp_pd(h, v1, _CMP_LT_OQ);
    const __m256d eq = _mm256_cmp_pd(h, v1, _CMP_EQ_OQ);
    const __m256d lower_j = _mm256_castsi256_pd(_mm256_cmpgt_epi64(vj, j));
    const __m256d first = _mm256_or_pd(lt, _mm256_and_pd(eq, lower_j));
    v2 = _mm256_min_pd(v2, _mm256_max_pd(v1, h));
    v1 = _mm256_min_pd(v1, h);
    vj = _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(vj), _mm256_castsi256_pd(j), first));
  }
  alignas(32) double a1[4], a2[4];
  alignas(32) std::int64_t aj[4];
  _mm256_store_pd(a1, v1);
  _mm256_store_pd(a2, v2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(aj), vj);
  for (int q = 0; q < 4; ++q) {
    // Lane q as a run of entries: its smallest (a1, at aj) and its second smallest (a2).
    const double h = a1[q];
    if (h < w1 || (h == w1 && aj[q] < j1)) {
      w2 = std::min(w1, a2[q]);
      w1 = h;
      j1 = static_cast<std::ptrdiff_t>(aj[q]);
    } else {
      w2 = std::min(w2, h);
    }
    w2 = std::min(w2, a2[q]);
  }
  bid_scan_from(idx, cost, price, p, e, w1, j1, w2);
}
#endif

template <class W>
inline void bid_scan(const std::int64_t* idx, const W* cost, const W* price, std::int64_t b, std::int64_t e, W& w1,
                     std::ptrdiff_t& j1, W& w2, bool avx2) {
  w1 = infinity<W>();
  w2 = infinity<W>();
  j1 = -1;
#if TALENTMATCH_SAP_AVX2
  if constexpr (std::is_same_v<W, double>) {
    if (avx2 && e - b >= 8) return bid_scan_avx2(idx, cost, price, b, e, w1, j1, w2);
  }
#endif
  (void)avx2;
  bid_scan_from(idx, cost, price, b, e, w1, j1, w2);
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
    return reduce_rows(std::move(free_rows));
  }

  // Jonker-Volgenant's augmenting row reduction (detail/sap.hpp) over the given unmatched rows, from potentials
  // under which every matched row is at its smallest reduced cost; sets u of the matched rows and returns the rows
  // still unmatched, in increasing order.
  std::vector<std::ptrdiff_t> reduce_rows(std::vector<std::ptrdiff_t> free_rows) {
    const std::ptrdiff_t n = g.rows;
    const std::int64_t* ptr = g.ptr.data();
    const std::int64_t* idx = g.idx.data();
    const W* cost = g.cost.data();
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

  // For square full matchings: Bertsekas' forward auction with epsilon scaling over the stored edges,
  //
  //     D. P. Bertsekas. The auction algorithm: a distributed relaxation method for the assignment problem.
  //     Annals of Operations Research 14:105-123, 1988. doi:10.1007/BF02186476
  //     D. P. Bertsekas, D. A. Castanon. A forward/reverse auction algorithm for asymmetric assignment problems.
  //     Computational Optimization and Applications 1:277-297, 1992 (sparse problems, single-edge rows),
  //
  // then an exact warm start for the searches. On sparse random instances the searches from Jonker-Volgenant's
  // initialisation grow long (n = 10^5 with 10 edges a row: 1.3% of the rows left free, but their searches scan
  // 9.4 million columns in all); the auction's potentials leave about a third of the rows to augment, each search a
  // few columns long.
  //
  // In the minimisation form a free row i bids for the column j1 of its smallest cost(i, j) - v[j] (w1; second
  // smallest w2, or w1 + range for a row with one edge, which must have that column) and takes it, lowering v[j1]
  // by w2 - w1 + eps; the row it displaces bids in turn (FIFO order: deterministic; ties go to the lowest column,
  // whatever the order of a row's entries). The potentials start from the column reduction, eps from range / 128.
  // A phase ends with every row matched within eps of its best column; the next starts over with eps / 16 from the
  // same potentials, while eps stays above range / n.
  //
  // The exact warm start: every row gets u[i] = its smallest cost(i, j) - v[j], so that the row is dual feasible
  // and its matched pair is short of tight by a slack s <= eps. The matched column's potential is raised by s, which
  // makes the pair tight; a column whose raise would make another row's reduced cost negative is left where it was,
  // and its row is freed. The matched pairs are then tight and every reduced cost is >= 0, which is what the augmenting
  // row reduction needs: run over the freed rows (reduce_rows; about a third of them on random instances), it leaves
  // a handful for the searches, which augment them exactly: the result and its certificate are the searches' own,
  // only the starting point differs.
  //
  // Gives up, leaving the state as it found it (v = b, nothing matched) and returning false, when a phase exceeds
  // its bid budget or a potential leaves the range a feasible problem keeps it in (as for an instance without a
  // full matching, where bids go on forever); the caller then initialises as before.
  bool auction(std::vector<std::ptrdiff_t>& free_rows) {
    static_assert(std::is_same_v<D, W>, "the auction is for the plain costs");
    const std::ptrdiff_t n = g.rows;
    if (n != g.cols || a != nullptr || n < 2) return false;
    const std::int64_t* ptr = g.ptr.data();
    const std::int64_t* idx = g.idx.data();
    const W* cost = g.cost.data();
    W lo = dist_traits<D>::inf(), hi = -dist_traits<D>::inf();
    for (const W c : g.cost) {
      lo = c < lo ? c : lo;
      hi = c > hi ? c : hi;
    }
    if (!(hi > lo)) return false;
    const W range = hi - lo;
    if (dist_is_inf(range)) return false;
    W eps, eps_min;
    if constexpr (std::is_floating_point_v<W>) {
      eps = range / W(128);
      eps_min = range / static_cast<W>(n);
    } else {
      eps = std::max<W>(W(1), range / W(128));
      eps_min = std::max<W>(W(1), range / static_cast<W>(n));
    }
    // Potentials start inside [lo, hi] (below) and stay within about n * (range + eps) below it in a feasible
    // problem; for integers that bound and every price above it must stay far inside int64, checked in double
    // before any of it is formed.
    const double span = static_cast<double>(4 * (n + 2)) * (static_cast<double>(range) + static_cast<double>(eps));
    if (!(std::abs(static_cast<double>(lo)) + 3.0 * span < 0x1p61)) return false;
    const W vlimit = lo - static_cast<W>(4 * (n + 2)) * (range + eps);

    // Start from the column reduction (v[j] = the column's smallest cost): measured, 20-30% fewer bids than from 0
    // at n = 10^4.
    std::vector<W> price(static_cast<std::size_t>(n), dist_traits<D>::inf());
    W* pr = price.data();
    for (std::int64_t p = 0; p < ptr[n]; ++p) pr[idx[p]] = std::min(pr[idx[p]], cost[p]);
    std::ptrdiff_t* r4c = row4col.data();
    std::ptrdiff_t* c4r = col4row.data();
    std::vector<std::ptrdiff_t> queue(static_cast<std::size_t>(n));
    for (std::ptrdiff_t i = 0; i < n; ++i) queue[i] = i;
    const auto give_up = [&] {
      std::fill(col4row.begin(), col4row.end(), -1);
      std::fill(row4col.begin(), row4col.end(), -1);
      return false;
    };
    // The rows a few places ahead in the queue: their entries, then the potentials of their columns, are fetched
    // while the current row bids (a bid is a few dependent cache misses; measured, 30-40% faster at n = 10^5).
    constexpr std::size_t ahead_entries = 8, ahead_columns = 4;
    const bool avx2 = use_avx2();
    for (;;) {
      std::ptrdiff_t budget = 64 * n + 1024;
      std::size_t head = 0;
      while (head < queue.size()) {
        if (budget-- <= 0) return give_up();
        if (head + ahead_entries < queue.size()) {
          const std::ptrdiff_t q = queue[head + ahead_entries];
          __builtin_prefetch(idx + ptr[q]);
          __builtin_prefetch(cost + ptr[q]);
          __builtin_prefetch(idx + ptr[q + 1] - 1);
          __builtin_prefetch(cost + ptr[q + 1] - 1);
        }
        if (head + ahead_columns < queue.size()) {
          const std::ptrdiff_t q = queue[head + ahead_columns];
          for (std::int64_t p = ptr[q]; p < ptr[q + 1]; ++p) __builtin_prefetch(pr + idx[p]);
        }
        const std::ptrdiff_t i = queue[head++];
        W w1, w2;
        std::ptrdiff_t j1;
        bid_scan(idx, cost, pr, ptr[i], ptr[i + 1], w1, j1, w2, avx2);
        if (j1 < 0) return give_up();  // a row without edges (the caller's check rules it out)
        if (dist_is_inf(w2)) w2 = w1 + range;
        const W next = pr[j1] - ((w2 - w1) + eps);
        if (!(next >= vlimit)) return give_up();
        pr[j1] = next;
        const std::ptrdiff_t k = r4c[j1];
        r4c[j1] = i;
        c4r[i] = j1;
        if (k >= 0) {
          c4r[k] = -1;
          queue.push_back(k);
        }
        if (head > static_cast<std::size_t>(4 * n) && 2 * head > queue.size()) {
          queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
          head = 0;
        }
      }
      if (eps / W(16) < eps_min) break;
      eps = eps / W(16);
      std::fill(col4row.begin(), col4row.end(), -1);
      std::fill(row4col.begin(), row4col.end(), -1);
      queue.resize(static_cast<std::size_t>(n));
      for (std::ptrdiff_t i = 0; i < n; ++i) queue[i] = i;
    }

    // The exact warm start (see above). raised[j]: column j's potential after the raise, pr[j] before it. Only row
    // i raises its own column, so its u follows in the same pass.
    std::vector<W> raised(price);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      W m = dist_traits<D>::inf(), own = W(0), own_cost = W(0);
      const std::ptrdiff_t j0 = c4r[i];
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
        const W h = cost[p] - pr[idx[p]];
        m = h < m ? h : m;
        if (idx[p] == j0) {
          own = h;
          own_cost = cost[p];
        }
      }
      if (own > m) raised[j0] = pr[j0] + (own - m);
      u[i] = own_cost - raised[j0];
    }
    std::vector<char> conflict(static_cast<std::size_t>(n), 0);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const W ui = u[i];
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
        const std::ptrdiff_t j = idx[p];
        if (raised[j] != pr[j] && r4c[j] != i && cost[p] - ui - raised[j] < W(0)) conflict[j] = 1;
      }
    }
    free_rows.clear();
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      if (conflict[j]) {
        raised[j] = pr[j];
        c4r[r4c[j]] = -1;
        r4c[j] = -1;
      }
      col[j].v = raised[j];
    }
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (c4r[i] < 0) {
        u[i] = W(0);
        free_rows.push_back(i);
      }
    }
    free_rows = reduce_rows(std::move(free_rows));
    sparse_auction_runs().fetch_add(1, std::memory_order_relaxed);
    return true;
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

// Whether every row has an edge and, for a square graph, every column: what jv_initialize and the auction need,
// and the common reason for no full matching, found in one pass.
template <class W>
bool every_side_has_an_edge(const csr_graph<W>& g) {
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    if (g.ptr[i + 1] == g.ptr[i]) return false;
  }
  if (g.rows != g.cols) return true;
  std::vector<char> seen(static_cast<std::size_t>(g.cols), 0);
  for (const std::int64_t j : g.idx) seen[j] = 1;
  return std::find(seen.begin(), seen.end(), char(0)) == seen.end();
}

// From this many rows a square full matching starts with the auction (ssp::auction) instead of Jonker-Volgenant's
// initialisation.
inline constexpr std::ptrdiff_t sparse_auction_min_rows = 256;

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
    // Full mode: Hopcroft-Karp names the rows that cannot be matched when a search finds no augmenting path, which
    // happens only when no full matching exists (one would give the search a path: Berge). A row, or for a square
    // problem a column, without edges is caught before any work.
    if (!partial && !every_side_has_an_edge(g)) require_full_matching(g, transpose);
    ssp<W, W> s(g, pa, pb);
    std::vector<std::ptrdiff_t> rows;
    const bool square = !partial && g.rows == g.cols && g.rows > 1;
    if (!(square && g.rows >= sparse_auction_min_rows && s.auction(rows))) {
      if (square) {
        rows = s.jv_initialize();  // every column has an edge (checked above)
      } else {
        rows.resize(g.rows);
        for (std::ptrdiff_t i = 0; i < g.rows; ++i) rows[i] = i;
      }
    }
    for (const std::ptrdiff_t i : rows) {
      if (!s.augment(i)) {
        if (!partial) require_full_matching(g, transpose);
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
