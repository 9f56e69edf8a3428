#pragma once

// Shortest augmenting path for the rectangular linear assignment problem, in the form of
//
//     D. F. Crouse. On implementing 2D rectangular assignment algorithms.
//     IEEE Transactions on Aerospace and Electronic Systems 52(4):1679-1696, 2016.
//     doi:10.1109/TAES.2016.140952  (pseudocode on pp. 1685-1686)
//
// the algorithm scipy.optimize.linear_sum_assignment uses. Names follow the paper: u and v are the dual potentials,
// SR and SC the rows and columns scanned by the current Dijkstra search, shortestPathCosts is `d`, path[j] the row
// that reached column j, row4col and col4row the matching.
//
// Two generalisations, both exact:
//  * Each row may carry a cost a[i] of staying unmatched. It acts as a private column i' that only row i reaches
//    (the n x (m + n) padded matrix [C | diag(a)]), scanned implicitly: when the search visits row i it offers the
//    sink d(i) + a[i] - u[i]. A row that takes its private column is never reached again (nothing else leads there),
//    so it stays unmatched. a[i] = inf means the row must be matched.
//  * Each column may carry a cost b[j] of staying unmatched. Writing C'[i][j] = C[i][j] - b[j] turns it into the
//    plain problem in which unmatched columns are free; the shift is folded into the starting potential v[j] = b[j]
//    instead of into the matrix. The rectangular invariant (v[j] = b[j] on every unmatched column) then is exactly
//    complementary slackness for the column costs.
// With a = inf and b = 0 this is Crouse's algorithm for a full matching of the rows.
//
// The costs are read in place through a strided pointer; nothing is copied or transposed.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/detail/simd.hpp"

namespace talentmatch::detail {

// Jonker-Volgenant's column reduction, for the dense and the sparse solvers, once v[j] holds the column minima
// (of the row-reduced matrix) and imin[j] the first row that attains each: every column goes to its minimum row
// unless that row has one already (it is then "multiple" and takes nothing more); then reduction transfer, where a
// row matched once gives its slack to its column, v[j1] -= mu - h1 (h1: its reduced cost there, mu: its smallest
// elsewhere), so that the other rows find that column dearer. slack(i, j1) returns {h1, mu} (mu = inf: no other
// allowed column); lower(j, by) lowers column j's potential.
template <class W, class Slack, class Lower>
void jv_column_reduction(std::ptrdiff_t n, const std::vector<std::ptrdiff_t>& imin,
                         std::vector<std::ptrdiff_t>& col4row, std::vector<std::ptrdiff_t>& row4col, Slack&& slack,
                         Lower&& lower) {
  std::vector<char> times(n, 0);
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    const std::ptrdiff_t i = imin[j];
    if (times[i] == 0) {
      col4row[i] = j;
      row4col[j] = i;
    }
    times[i] = static_cast<char>(times[i] < 2 ? times[i] + 1 : 2);
  }
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    if (times[i] != 1) continue;
    const std::ptrdiff_t j1 = col4row[i];
    const std::pair<W, W> hm = slack(i, j1);
    if (!is_inf(hm.second)) lower(j1, hm.second - hm.first);
  }
}

// Jonker-Volgenant's augmenting row reduction, twice over `free_rows`, for the dense and the sparse solvers. A row
// takes the column of its smallest reduced cost u1, lowering that column's potential by u2 - u1 (u2: its second
// smallest); the row it displaces is retried at once when u1 < u2 (its column got dearer), later otherwise. The
// step count is capped so that no floating point pattern makes it run long; the rows still free are returned, to
// be augmented. two_smallest(i, u1, j1, u2, j2) finds a row's two smallest reduced costs (j = -1: none, ties to an
// unmatched, then the lower, column); lower(j, by) lowers column j's potential.
template <class W, class TwoSmallest, class Lower>
std::vector<std::ptrdiff_t> augmenting_row_reduction(std::vector<std::ptrdiff_t> free_rows, std::ptrdiff_t n,
                                                     std::vector<std::ptrdiff_t>& col4row,
                                                     std::vector<std::ptrdiff_t>& row4col, TwoSmallest&& two_smallest,
                                                     Lower&& lower) {
  // Below a few hundred columns a search is short and cheaper than the reduction's late steps (uniform costs at
  // n = 100: 2n steps solve in about two thirds the time of 8n).
  std::ptrdiff_t budget = (n < 512 ? 2 : 8) * n + 64;
  for (int pass = 0; pass < 2 && !free_rows.empty(); ++pass) {
    std::vector<std::ptrdiff_t> next;
    std::size_t k = 0;
    std::ptrdiff_t retry = -1;
    while ((retry >= 0 || k < free_rows.size()) && budget-- > 0) {
      const std::ptrdiff_t i = retry >= 0 ? retry : free_rows[k++];
      retry = -1;
      W u1 = infinity<W>(), u2 = infinity<W>();
      std::ptrdiff_t j1 = -1, j2 = -1;
      two_smallest(i, u1, j1, u2, j2);
      if (j1 < 0) {
        next.push_back(i);  // no allowed column: the augmentation reports it
        continue;
      }
      std::ptrdiff_t i0 = row4col[j1];
      if (u1 < u2) {
        if (!is_inf(u2)) lower(j1, u2 - u1);
      } else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;  // tie: take the other column rather than displace a row
        i0 = row4col[j1];
      }
      col4row[i] = j1;
      row4col[j1] = i;
      if (i0 >= 0) {
        col4row[i0] = -1;
        if (u1 < u2) {
          retry = i0;
        } else {
          next.push_back(i0);
        }
      }
    }
    if (retry >= 0) next.push_back(retry);
    while (k < free_rows.size()) next.push_back(free_rows[k++]);
    free_rows.swap(next);
  }
  return free_rows;
}

// A potential that marks a column already scanned by the current search: with it, r = (base + c) - v is +inf for
// a float type (so neither improves d nor, with d = +inf, is ever the nearest), and the scalar loop skips it.
template <class W>
constexpr W scanned_mark() {
  if constexpr (std::is_floating_point_v<W>) {
    return -std::numeric_limits<W>::infinity();
  } else {
    return std::numeric_limits<W>::lowest();
  }
}

// The columns one Dijkstra step relaxes, as parallel arrays over positions 0..n: distance d (+inf once scanned),
// predecessor row, potential v (scanned_mark once scanned) and free_floor (lowest for an unmatched column, +inf for
// a matched one: max(d, free_floor) is d on unmatched columns only). col is the column at each position, in
// increasing order, or nullptr when position k is column k.
template <class W>
struct scan_lanes {
  W* d;
  std::ptrdiff_t* path;
  const W* v;
  const W* free_floor;
  const std::ptrdiff_t* col;
  std::ptrdiff_t n;
};

// The nearest position so far, and the nearest unmatched one, each the first position to reach its distance.
template <class W>
struct scan_minimum {
  W low = infinity<W>(), flow = infinity<W>();
  std::ptrdiff_t index = -1, findex = -1;

  // The step's result: -1 when nothing is reachable, else the unmatched position when one ties the minimum.
  std::ptrdiff_t choice(W& lowest) const {
    lowest = low;
    if (is_inf(low)) return -1;
    return findex >= 0 && flow == low ? findex : index;
  }
};

// The positions [begin, s.n) of the step, into `m` (which holds only lower positions).
template <class T, class W, bool Negate, bool First>
void relax_scalar_from(std::ptrdiff_t begin, const T* row, std::ptrdiff_t stride, W base, std::ptrdiff_t i,
                       const scan_lanes<W>& s, scan_minimum<W>& m) {
  W* const d = s.d;
  std::ptrdiff_t* const path = s.path;
  const W* const v = s.v;
  const W* const free_floor = s.free_floor;
  const std::ptrdiff_t* const col = s.col;
  const W mark = scanned_mark<W>();
  W low = m.low, flow = m.flow;
  std::ptrdiff_t index = m.index, findex = m.findex;
  // Without branches on the data but the rare new minimum: scanned positions lie anywhere in the first steps.
  for (std::ptrdiff_t k = begin; k < s.n; ++k) {
    const std::ptrdiff_t j = col != nullptr ? col[k] : k;
    // +inf marks a forbidden pair: inf - v stays inf and never improves d.
    const W c = Negate ? -static_cast<W>(row[j * stride]) : static_cast<W>(row[j * stride]);
    W r;
    if constexpr (std::is_floating_point_v<W>) {
      r = base + c - v[k];  // +inf on a scanned position (v = -inf)
    } else {
      // Wraps around on a scanned position (v = lowest), which the mark test below discards.
      r = static_cast<W>(static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(c) -
                         static_cast<std::uint64_t>(v[k]));
    }
    W dk = r;
    if constexpr (First) {
      d[k] = r;
      path[k] = i;
    } else {
      dk = d[k];
      bool upd = r < dk;
      if constexpr (!std::is_floating_point_v<W>) upd &= v[k] != mark;
      if (upd) {
        d[k] = dk = r;
        path[k] = i;
      }
    }
    if (dk < low) {
      low = dk;
      index = k;
    }
    const W fk = free_floor[k] > dk ? free_floor[k] : dk;  // +inf unless the column is unmatched
    if (fk < flow) {
      flow = fk;
      findex = k;
    }
  }
  m = {low, flow, index, findex};
}

// One Dijkstra step: from row i (the cost of column j at row[j * stride]) with base = minVal - u[i], relax every
// open position (r = (base + c) - v; d and path updated where r < d) and return the position of the nearest open
// column (-1 if none is reachable), its distance in `lowest`. Ties go to an unmatched column, then to the lowest
// position (that is, the lowest column). First: the search's first row; every position is open and takes r.
template <class T, class W, bool Negate, bool First>
std::ptrdiff_t relax_scalar(const T* row, std::ptrdiff_t stride, W base, std::ptrdiff_t i, const scan_lanes<W>& s,
                            W& lowest) {
  scan_minimum<W> m;
  relax_scalar_from<T, W, Negate, First>(0, row, stride, base, i, s, m);
  return m.choice(lowest);
}

#if TALENTMATCH_SAP_AVX2
// Helpers inlined into relax_avx2 (which alone is called from code built for the baseline).
#define TALENTMATCH_AVX2 __attribute__((target("avx2"), always_inline))

#endif

// How many solves have finished an auction phase (sap_solver::auction) in this process: for the tests, which check
// that the cases meant to take that path do.
inline std::atomic<std::uint64_t>& auction_runs() {
  static std::atomic<std::uint64_t> runs{0};
  return runs;
}

#if TALENTMATCH_SAP_AVX2

// Four 64-bit lanes of W (double or int64_t) for relax_avx2. V is the register type; every mask is all ones or
// zero per lane. (Static member functions rather than lambdas: a lambda does not inherit the function's target.)
template <class W>
struct avx2_ops;

template <>
struct avx2_ops<double> {
  using V = __m256d;
  TALENTMATCH_AVX2 static V set1(double x) { return _mm256_set1_pd(x); }
  TALENTMATCH_AVX2 static V load(const double* p) { return _mm256_loadu_pd(p); }
  TALENTMATCH_AVX2 static void store(double* p, V x) { _mm256_storeu_pd(p, x); }
  TALENTMATCH_AVX2 static V add(V a, V b) { return _mm256_add_pd(a, b); }
  TALENTMATCH_AVX2 static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  TALENTMATCH_AVX2 static V neg(V a) { return _mm256_xor_pd(a, _mm256_set1_pd(-0.0)); }
  TALENTMATCH_AVX2 static V lt(V a, V b) { return _mm256_cmp_pd(a, b, _CMP_LT_OQ); }
  TALENTMATCH_AVX2 static V min(V a, V b) { return _mm256_min_pd(a, b); }  // a < b ? a : b (no NaN here)
  TALENTMATCH_AVX2 static V max(V a, V b) { return _mm256_max_pd(a, b); }
  TALENTMATCH_AVX2 static __m256i mask(V m) { return _mm256_castpd_si256(m); }
  // Four costs: contiguous, or at the given columns (scalar loads: vgatherqpd is slow on some processors).
  template <class T>
  TALENTMATCH_AVX2 static V cost(const T* row, const std::ptrdiff_t* col, std::ptrdiff_t k) {
    if constexpr (std::is_same_v<T, double>) {
      return col != nullptr ? _mm256_setr_pd(row[col[k]], row[col[k + 1]], row[col[k + 2]], row[col[k + 3]])
                            : _mm256_loadu_pd(row + k);
    } else {
      return col != nullptr ? _mm256_setr_pd(row[col[k]], row[col[k + 1]], row[col[k + 2]], row[col[k + 3]])
                            : _mm256_cvtps_pd(_mm_loadu_ps(row + k));
    }
  }
};

template <>
struct avx2_ops<std::int64_t> {
  using V = __m256i;
  TALENTMATCH_AVX2 static V set1(std::int64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); }
  TALENTMATCH_AVX2 static V load(const std::int64_t* p) { return _mm256_loadu_si256(reinterpret_cast<const V*>(p)); }
  TALENTMATCH_AVX2 static void store(std::int64_t* p, V x) { _mm256_storeu_si256(reinterpret_cast<V*>(p), x); }
  TALENTMATCH_AVX2 static V add(V a, V b) { return _mm256_add_epi64(a, b); }
  TALENTMATCH_AVX2 static V sub(V a, V b) { return _mm256_sub_epi64(a, b); }
  TALENTMATCH_AVX2 static V neg(V a) { return _mm256_sub_epi64(_mm256_setzero_si256(), a); }
  TALENTMATCH_AVX2 static V lt(V a, V b) { return _mm256_cmpgt_epi64(b, a); }
  TALENTMATCH_AVX2 static V min(V a, V b) { return _mm256_blendv_epi8(b, a, lt(a, b)); }
  TALENTMATCH_AVX2 static V max(V a, V b) { return _mm256_blendv_epi8(a, b, lt(a, b)); }
  TALENTMATCH_AVX2 static __m256i mask(V m) { return m; }
  template <class T>
  TALENTMATCH_AVX2 static V cost(const T* row, const std::ptrdiff_t* col, std::ptrdiff_t k) {
    if (col != nullptr) {
      return _mm256_setr_epi64x(static_cast<long long>(row[col[k]]), static_cast<long long>(row[col[k + 1]]),
                                static_cast<long long>(row[col[k + 2]]), static_cast<long long>(row[col[k + 3]]));
    }
    if constexpr (std::is_same_v<T, std::int64_t>) {
      return load(row + k);
    } else {
      return _mm256_cvtepi32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + k)));
    }
  }
};

// The running minimum of one group of four lanes: each lane keeps its smallest key and the first position that
// reached it (strictly smaller keys only). For double the minimum is a single vminpd, so the loop-carried chain is
// short.
template <class W>
struct avx2_argmin {
  typename avx2_ops<W>::V low;
  __m256i at;
};

// Four positions of relax_avx2. Where r < d, min(r, d) = r is the updated distance. A scanned position has
// d = +inf: for double its mark makes r = +inf too; for int64 its r wraps around, and the mask keeps it out.
template <class T, class W, bool Negate, bool First>
TALENTMATCH_AVX2 inline void relax_avx2_step(const T* row, typename avx2_ops<W>::V vbase, __m256i vi, __m256i kv,
                                             std::ptrdiff_t k, W* d, std::ptrdiff_t* path, const W* v,
                                             const W* free_floor, const std::ptrdiff_t* col, avx2_argmin<W>& all,
                                             avx2_argmin<W>& free) {
  using O = avx2_ops<W>;
  using V = typename O::V;
  V c = O::template cost<T>(row, col, k);
  if constexpr (Negate) c = O::neg(c);
  const V vk = O::load(v + k);
  const V r = O::sub(O::add(vbase, c), vk);
  V key;
  if constexpr (First) {
    key = r;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(path + k), vi);
  } else {
    const V dk = O::load(d + k);
    __m256i upd = O::mask(O::lt(r, dk));
    if constexpr (!std::is_floating_point_v<W>) {
      upd = _mm256_andnot_si256(_mm256_cmpeq_epi64(vk, O::set1(scanned_mark<W>())), upd);
      key = _mm256_blendv_epi8(dk, r, upd);
    } else {
      key = O::min(r, dk);
    }
    _mm256_maskstore_epi64(reinterpret_cast<long long*>(path + k), upd, vi);
  }
  O::store(d + k, key);
  const __m256i lt = O::mask(O::lt(key, all.low));
  all.low = O::min(key, all.low);
  all.at = _mm256_blendv_epi8(all.at, kv, lt);
  const V fkey = O::max(key, O::load(free_floor + k));
  const __m256i flt = O::mask(O::lt(fkey, free.low));
  free.low = O::min(fkey, free.low);
  free.at = _mm256_blendv_epi8(free.at, kv, flt);
}

// Folds the lanes of `m` into (lo, at): the smallest key, ties to the lowest position.
template <class W>
TALENTMATCH_AVX2 inline void fold_avx2_argmin(const avx2_argmin<W>& m, W& lo, std::ptrdiff_t& at) {
  alignas(32) W lows[4];
  alignas(32) std::int64_t ats[4];
  avx2_ops<W>::store(lows, m.low);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(ats), m.at);
  for (int l = 0; l < 4; ++l) {
    if (ats[l] < 0) continue;  // the lane saw no finite key
    if (lows[l] < lo || (lows[l] == lo && (at < 0 || ats[l] < at))) {
      lo = lows[l];
      at = ats[l];
    }
  }
}

// relax_scalar with unit stride, eight positions per iteration in two groups of four lanes (two independent
// minimum chains). Same arithmetic as the scalar loop ((base + c) - v, no fused operation), so the same distances
// to the last bit, and the same choice.
template <class T, class W, bool Negate, bool First>
__attribute__((target("avx2"))) inline std::ptrdiff_t relax_avx2(const T* row, W base, std::ptrdiff_t i,
                                                                 const scan_lanes<W>& s, W& lowest) {
  static_assert(sizeof(std::ptrdiff_t) == 8 && sizeof(long long) == 8, "64-bit lanes");
  using O = avx2_ops<W>;
  // Locals: the stores through d and path could otherwise alias s.
  W* const d = s.d;
  std::ptrdiff_t* const path = s.path;
  const W* const v = s.v;
  const W* const free_floor = s.free_floor;
  const std::ptrdiff_t* const col = s.col;
  const std::ptrdiff_t n = s.n;
  const W inf = infinity<W>();
  const auto vbase = O::set1(base);
  const __m256i vi = _mm256_set1_epi64x(static_cast<long long>(i));
  const __m256i eight = _mm256_set1_epi64x(8);
  const avx2_argmin<W> none{O::set1(inf), _mm256_set1_epi64x(-1)};
  avx2_argmin<W> all0 = none, all1 = none, free0 = none, free1 = none;
  __m256i k0 = _mm256_setr_epi64x(0, 1, 2, 3), k1 = _mm256_setr_epi64x(4, 5, 6, 7);
  std::ptrdiff_t k = 0;
  for (; k + 8 <= n; k += 8) {
    relax_avx2_step<T, W, Negate, First>(row, vbase, vi, k0, k, d, path, v, free_floor, col, all0, free0);
    relax_avx2_step<T, W, Negate, First>(row, vbase, vi, k1, k + 4, d, path, v, free_floor, col, all1, free1);
    k0 = _mm256_add_epi64(k0, eight);
    k1 = _mm256_add_epi64(k1, eight);
  }
  scan_minimum<W> m;
  fold_avx2_argmin(all0, m.low, m.index);
  fold_avx2_argmin(all1, m.low, m.index);
  fold_avx2_argmin(free0, m.flow, m.findex);
  fold_avx2_argmin(free1, m.flow, m.findex);
  // The last n % 8 positions, by the scalar loop: they come after every position above.
  relax_scalar_from<T, W, Negate, First>(k, row, 1, base, i, s, m);
  return m.choice(lowest);
}
#undef TALENTMATCH_AVX2
#endif

// The smallest and second smallest of cost(j) - v[j] over j = 0..n-1 (row: n contiguous costs, negated first with
// Negate): w1 at j1, the lowest column that attains it, and w2, the second smallest value of the multiset (w1 again
// when two columns attain w1; +inf with fewer than two finite values). j1 = -1 when every value is +inf.
template <class T, class W, bool Negate>
void two_smallest_scalar(const T* row, std::ptrdiff_t stride, const W* v, std::ptrdiff_t n, W& w1, std::ptrdiff_t& j1,
                         W& w2) {
  W x1 = infinity<W>(), x2 = infinity<W>();
  std::ptrdiff_t jj = -1;
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    const W c = Negate ? -static_cast<W>(row[j * stride]) : static_cast<W>(row[j * stride]);
    const W x = c - v[j];
    if (x < x1) {
      x2 = x1;
      x1 = x;
      jj = j;
    } else if (x < x2) {
      x2 = x;
    }
  }
  w1 = x1;
  j1 = jj;
  w2 = x2;
}

// The two smallest of values folded in one at a time, with the lowest column attaining the smallest: the lanes of
// the vector scans below and their scalar tails.
struct smallest_two {
  double x1 = infinity<double>(), x2 = infinity<double>();
  std::ptrdiff_t j1 = -1;
  // Folds one value in: its column j, or j < 0 for a lane's second value, which is never the minimum's column.
  void put(double x, std::ptrdiff_t j) {
    if (x < x1 || (x == x1 && j >= 0 && j < j1)) {
      x2 = x1;
      x1 = x;
      j1 = j;
    } else if (x < x2) {
      x2 = x;
    }
  }
};

#if TALENTMATCH_SAP_AVX2
// Four raw costs from row + k, validated by the checker (a no-op unless it checks) and negated when maximising: the
// first step of every vector scan below.
template <class T, bool Negate, bool Check>
__attribute__((target("avx2"), always_inline)) inline __m256d signed_costs4(const T* row, std::ptrdiff_t k,
                                                                            avx2_checker<Check>& check) {
  __m256d c = avx2_ops<double>::template cost<T>(row, nullptr, k);
  check.add(c);
  if constexpr (Negate) c = avx2_ops<double>::neg(c);
  return c;
}

// two_smallest_scalar for double work values and unit stride, eight columns per iteration in two groups of four
// lanes; each lane keeps its two smallest values and the first column of the smallest. Same arithmetic (c - v), so
// the same values, and the same j1 (the lowest column attaining the minimum). With Check, the row is validated in
// the same pass (avx2_checker; the result goes to *check).
template <class T, bool Negate, bool Check = false>
__attribute__((target("avx2"))) inline void two_smallest_avx2(const T* row, const double* v, std::ptrdiff_t n,
                                                              double& w1, std::ptrdiff_t& j1, double& w2,
                                                              scan_check* check = nullptr) {
  avx2_checker<Check> cx_check(check != nullptr ? check->wrong : 0.0), cy_check = cx_check;
  const __m256d inf = _mm256_set1_pd(infinity<double>());
  __m256d a1 = inf, a2 = inf, b1 = inf, b2 = inf;
  __m256i ai = _mm256_set1_epi64x(-1), bi = ai;
  __m256i ka = _mm256_setr_epi64x(0, 1, 2, 3), kb = _mm256_setr_epi64x(4, 5, 6, 7);
  const __m256i eight = _mm256_set1_epi64x(8);
  std::ptrdiff_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256d x = _mm256_sub_pd(signed_costs4<T, Negate>(row, k, cx_check), _mm256_loadu_pd(v + k));
    const __m256d y = _mm256_sub_pd(signed_costs4<T, Negate>(row, k + 4, cy_check), _mm256_loadu_pd(v + k + 4));
    const __m256d lx = _mm256_cmp_pd(x, a1, _CMP_LT_OQ), ly = _mm256_cmp_pd(y, b1, _CMP_LT_OQ);
    a2 = _mm256_min_pd(a2, _mm256_max_pd(a1, x));
    b2 = _mm256_min_pd(b2, _mm256_max_pd(b1, y));
    ai = _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(ai), _mm256_castsi256_pd(ka), lx));
    bi = _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(bi), _mm256_castsi256_pd(kb), ly));
    a1 = _mm256_min_pd(a1, x);
    b1 = _mm256_min_pd(b1, y);
    ka = _mm256_add_epi64(ka, eight);
    kb = _mm256_add_epi64(kb, eight);
  }
  alignas(32) double m1[8], m2[8];
  alignas(32) std::int64_t at[8];
  _mm256_store_pd(m1, a1);
  _mm256_store_pd(m1 + 4, b1);
  _mm256_store_pd(m2, a2);
  _mm256_store_pd(m2 + 4, b2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(at), ai);
  _mm256_store_si256(reinterpret_cast<__m256i*>(at + 4), bi);
  smallest_two fold;
  for (int l = 0; l < 8; ++l) {
    if (at[l] >= 0) fold.put(m1[l], static_cast<std::ptrdiff_t>(at[l]));
    if (m2[l] < fold.x2) fold.x2 = m2[l];
  }
  for (; k < n; ++k) {
    cx_check.add(static_cast<double>(row[k]));
    const double c = Negate ? -static_cast<double>(row[k]) : static_cast<double>(row[k]);
    fold.put(c - v[k], k);
  }
  if constexpr (Check) {
    cx_check.finish(check->bad, check->max_abs);
    cy_check.finish(check->bad, check->max_abs);
  }
  w1 = fold.x1;
  j1 = fold.j1;
  w2 = fold.x2;
}
#endif

#if TALENTMATCH_SAP_AVX2
// two_smallest_avx2 (without the check) that also finds, in the same pass, the smallest value over the unmatched
// columns (row4col[j] < 0), wf, and the lowest unmatched column attaining it, jf (-1 with wf = +inf when no
// unmatched column has a finite value). One group of four lanes per step: the row4col load and the third minimum
// cost about half a scan more, paid back when the reduction's minima tie (integer costs), where it saves the pass
// over the tied columns.
template <class T, bool Negate>
__attribute__((target("avx2"))) inline void two_smallest_free_avx2(const T* row, const double* v,
                                                                   const std::ptrdiff_t* row4col, std::ptrdiff_t n,
                                                                   double& w1, std::ptrdiff_t& j1, double& w2,
                                                                   double& wf, std::ptrdiff_t& jf) {
  avx2_checker<false> none(0.0);
  const __m256d inf = _mm256_set1_pd(infinity<double>());
  const __m256i unmatched = _mm256_set1_epi64x(-1);
  __m256d a1 = inf, a2 = inf, f1 = inf;
  __m256i ai = _mm256_set1_epi64x(-1), fi = ai;
  __m256i kk = _mm256_setr_epi64x(0, 1, 2, 3);
  const __m256i four = _mm256_set1_epi64x(4);
  static_assert(sizeof(std::ptrdiff_t) == 8, "row4col is read as 64-bit lanes");
  std::ptrdiff_t k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m256d x = _mm256_sub_pd(signed_costs4<T, Negate>(row, k, none), _mm256_loadu_pd(v + k));
    const __m256d lx = _mm256_cmp_pd(x, a1, _CMP_LT_OQ);
    a2 = _mm256_min_pd(a2, _mm256_max_pd(a1, x));
    ai = _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(ai), _mm256_castsi256_pd(kk), lx));
    a1 = _mm256_min_pd(a1, x);
    const __m256i r = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row4col + k));
    const __m256d xf = _mm256_blendv_pd(inf, x, _mm256_castsi256_pd(_mm256_cmpeq_epi64(r, unmatched)));
    const __m256d lf = _mm256_cmp_pd(xf, f1, _CMP_LT_OQ);
    fi = _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(fi), _mm256_castsi256_pd(kk), lf));
    f1 = _mm256_min_pd(f1, xf);
    kk = _mm256_add_epi64(kk, four);
  }
  alignas(32) double m1[4], m2[4], mf[4];
  alignas(32) std::int64_t at[4], atf[4];
  _mm256_store_pd(m1, a1);
  _mm256_store_pd(m2, a2);
  _mm256_store_pd(mf, f1);
  _mm256_store_si256(reinterpret_cast<__m256i*>(at), ai);
  _mm256_store_si256(reinterpret_cast<__m256i*>(atf), fi);
  smallest_two fold;
  double xf1 = infinity<double>();
  std::ptrdiff_t jjf = -1;
  const auto put_free = [&](double x, std::ptrdiff_t j) {
    if (x < xf1 || (x == xf1 && j < jjf)) {
      xf1 = x;
      jjf = j;
    }
  };
  for (int l = 0; l < 4; ++l) {
    if (at[l] >= 0) fold.put(m1[l], static_cast<std::ptrdiff_t>(at[l]));
    if (m2[l] < fold.x2) fold.x2 = m2[l];
    if (atf[l] >= 0) put_free(mf[l], static_cast<std::ptrdiff_t>(atf[l]));
  }
  for (; k < n; ++k) {
    const double c = Negate ? -static_cast<double>(row[k]) : static_cast<double>(row[k]);
    fold.put(c - v[k], k);
    if (row4col[k] < 0) put_free(c - v[k], k);
  }
  w1 = fold.x1;
  j1 = fold.j1;
  w2 = fold.x2;
  wf = xf1;
  jf = jjf;
}
#endif

#if TALENTMATCH_SAP_AVX2
// The reduction's choice among the columns where cost(j) - v[j] == w (the same arithmetic as the scans): j1 the
// first unmatched one (row4col[j] < 0) and j2 = -1; or, when all are matched, j1 and j2 the first two. One pass
// that stops at the first unmatched tied column, four columns at a time, reading row4col only where some column
// ties. Returns how many columns it read.
template <class T, bool Negate>
__attribute__((target("avx2"))) inline std::ptrdiff_t tied_columns_avx2(const T* row, const double* v,
                                                                        const std::ptrdiff_t* row4col, std::ptrdiff_t n,
                                                                        double w, std::ptrdiff_t& j1,
                                                                        std::ptrdiff_t& j2) {
  static_assert(sizeof(std::ptrdiff_t) == 8, "row4col is read as 64-bit lanes");
  avx2_checker<false> none(0.0);
  const __m256d target = _mm256_set1_pd(w);
  const __m256i unmatched = _mm256_set1_epi64x(-1);
  std::ptrdiff_t t1 = -1, t2 = -1;
  std::ptrdiff_t k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m256d x = _mm256_sub_pd(signed_costs4<T, Negate>(row, k, none), _mm256_loadu_pd(v + k));
    int tie = _mm256_movemask_pd(_mm256_cmp_pd(x, target, _CMP_EQ_OQ));
    if (tie == 0) continue;
    const __m256i r = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row4col + k));
    const int open = tie & _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(r, unmatched)));
    if (open != 0) {
      j1 = k + __builtin_ctz(static_cast<unsigned>(open));
      j2 = -1;
      return k + 4;
    }
    for (; t2 < 0 && tie != 0; tie &= tie - 1) {
      (t1 < 0 ? t1 : t2) = k + __builtin_ctz(static_cast<unsigned>(tie));
    }
  }
  for (; k < n; ++k) {
    const double c = Negate ? -static_cast<double>(row[k]) : static_cast<double>(row[k]);
    if (c - v[k] != w) continue;
    if (row4col[k] < 0) {
      j1 = k;
      j2 = -1;
      return k + 1;
    }
    if (t1 < 0) {
      t1 = k;
    } else if (t2 < 0) {
      t2 = k;
    }
  }
  j1 = t1;
  j2 = t2;
  return n;
}

// The first column after `after` where cost(j) - v[j] == w, or -1.
template <class T, bool Negate>
__attribute__((target("avx2"))) inline std::ptrdiff_t next_tied_column_avx2(const T* row, const double* v,
                                                                            std::ptrdiff_t n, double w,
                                                                            std::ptrdiff_t after) {
  avx2_checker<false> none(0.0);
  const __m256d target = _mm256_set1_pd(w);
  std::ptrdiff_t k = after + 1;
  for (; k + 4 <= n; k += 4) {
    const __m256d x = _mm256_sub_pd(signed_costs4<T, Negate>(row, k, none), _mm256_loadu_pd(v + k));
    const int tie = _mm256_movemask_pd(_mm256_cmp_pd(x, target, _CMP_EQ_OQ));
    if (tie != 0) return k + __builtin_ctz(static_cast<unsigned>(tie));
  }
  for (; k < n; ++k) {
    const double c = Negate ? -static_cast<double>(row[k]) : static_cast<double>(row[k]);
    if (c - v[k] == w) return k;
  }
  return -1;
}
#endif

#if TALENTMATCH_SAP_AVX2
// min over j in [begin, end) of cost(j) - (v ? v[j] : 0), for the initialisation's reductions (min is exact, so the
// order of the lanes does not change the value).
template <class T, bool Negate, bool Check = false>
__attribute__((target("avx2"))) inline double min_reduced_avx2(const T* row, const double* v, std::ptrdiff_t begin,
                                                               std::ptrdiff_t end, scan_check* check = nullptr) {
  avx2_checker<Check> x_check(check != nullptr ? check->wrong : 0.0), y_check = x_check;
  __m256d m0 = _mm256_set1_pd(infinity<double>()), m1 = m0;
  std::ptrdiff_t k = begin;
  const auto term = [&](std::ptrdiff_t j) {
    const double c = Negate ? -static_cast<double>(row[j]) : static_cast<double>(row[j]);
    return v != nullptr ? c - v[j] : c;
  };
  for (; k + 8 <= end; k += 8) {
    __m256d x = signed_costs4<T, Negate>(row, k, x_check), y = signed_costs4<T, Negate>(row, k + 4, y_check);
    if (v != nullptr) {
      x = _mm256_sub_pd(x, _mm256_loadu_pd(v + k));
      y = _mm256_sub_pd(y, _mm256_loadu_pd(v + k + 4));
    }
    m0 = _mm256_min_pd(m0, x);
    m1 = _mm256_min_pd(m1, y);
  }
  alignas(32) double m[4];
  _mm256_store_pd(m, _mm256_min_pd(m0, m1));
  double out = std::min({m[0], m[1], m[2], m[3]});
  for (; k < end; ++k) {
    x_check.add(static_cast<double>(row[k]));
    out = std::min(out, term(k));
  }
  if constexpr (Check) {
    x_check.finish(check->bad, check->max_abs);
    y_check.finish(check->bad, check->max_abs);
  }
  return out;
}

// The column reduction's update from row i: v[j] = cost(j) - lo and imin[j] = i wherever that is below v[j].
template <class T, bool Negate>
__attribute__((target("avx2"))) inline void lower_column_minima_avx2(const T* row, std::ptrdiff_t n, double lo,
                                                                     double* v, std::ptrdiff_t* imin,
                                                                     std::ptrdiff_t i) {
  avx2_checker<false> none(0.0);
  const __m256d l = _mm256_set1_pd(lo);
  const __m256d ii = _mm256_castsi256_pd(_mm256_set1_epi64x(static_cast<long long>(i)));
  std::ptrdiff_t k = 0;
  for (; k + 4 <= n; k += 4) {
    const __m256d x = _mm256_sub_pd(signed_costs4<T, Negate>(row, k, none), l);
    const __m256d old = _mm256_loadu_pd(v + k);
    const __m256d lt = _mm256_cmp_pd(x, old, _CMP_LT_OQ);
    if (_mm256_movemask_pd(lt) == 0) continue;
    _mm256_storeu_pd(v + k, _mm256_blendv_pd(old, x, lt));
    double* at = reinterpret_cast<double*>(imin + k);
    _mm256_storeu_pd(at, _mm256_blendv_pd(_mm256_loadu_pd(at), ii, lt));
  }
  for (; k < n; ++k) {
    const double c = (Negate ? -static_cast<double>(row[k]) : static_cast<double>(row[k])) - lo;
    if (c < v[k]) {
      v[k] = c;
      imin[k] = i;
    }
  }
}
#endif

// The searches' workspace vectors, kept by each thread between solves (sap_solver takes them at construction and
// gives them back at destruction), so that a small or batched solve does not allocate them each time. A solver
// constructed while another lives on the same thread (k-best's inner solves) finds the slots empty and allocates;
// whatever a solver gives back, the slot keeps. Workspaces above kept_columns columns are not kept.
template <class W>
struct sap_scratch {
  static constexpr std::size_t kept_columns = std::size_t(1) << 16;
  std::vector<W> d, dfin, sv, free_floor, list_d, list_v, list_floor;
  std::vector<std::ptrdiff_t> path, SR, SC, list_col, list_path;

  static sap_scratch& of_this_thread() {
    thread_local sap_scratch s;
    return s;
  }
};

template <class T, class W, bool Negate>
struct sap_solver {
  // Problem, in the solver's orientation (rows are augmented one at a time).
  const T* data;
  std::ptrdiff_t nr, nc, rs, cs;
  const W* a;  // row unmatched costs (inf = must match) or nullptr (all must match)

  // Dual potentials and matching.
  std::vector<W> u, v;
  std::vector<std::ptrdiff_t> col4row, row4col;

  // Workspace of one search. Indexed by column, the scan_lanes of the first steps: d (tentative distance, Crouse's
  // shortestPathCosts; +inf once scanned), path (the row that reached the column), sv (v, or scanned_mark once
  // scanned) and free_floor; and dfin, the final distance of each scanned column. A step scans a whole row in
  // column order, so the cost row streams from memory and the loop vectorises; the marks make the scanned columns
  // inert. Once a quarter of the columns are scanned, the open ones are copied, in column order, into the
  // parallel list_* arrays, and the steps scan those instead (reading the cost row at increasing columns); the list
  // is compacted again whenever a quarter of it is scanned. A step thus costs about the number of open columns
  // (Crouse's `remaining`) while reading memory in order. Between searches every column is open (sv = v).
  std::vector<W> d, dfin, sv, free_floor;
  std::vector<std::ptrdiff_t> path, SR, SC;
  bool lanes_stale = true;  // v or the matching changed outside augment(): rebuild sv and free_floor
  // reduction_two_smallest's scans, those made the plain way, and the columns the plain way's tie passes read.
  mutable std::ptrdiff_t reduction_scans = 0, plain_scans = 0, tie_pass_columns = 0;
  std::vector<std::ptrdiff_t> list_col, list_path;
  std::vector<W> list_d, list_v, list_floor;

  sap_solver(const T* data_, std::ptrdiff_t nr_, std::ptrdiff_t nc_, std::ptrdiff_t rs_, std::ptrdiff_t cs_,
             const W* a_, const W* b_)
      : data(data_),
        nr(nr_),
        nc(nc_),
        rs(rs_),
        cs(cs_),
        a(a_),
        u(nr_, W(0)),
        v(nc_, W(0)),
        col4row(nr_, -1),
        row4col(nc_, -1) {
    if (b_ != nullptr) v.assign(b_, b_ + nc_);
    trade_workspace();
    // The same values as fresh vectors: zeros, and path = -1.
    for (std::vector<W>* x : {&d, &dfin, &sv, &free_floor, &list_d, &list_v, &list_floor}) x->assign(nc_, W(0));
    for (std::vector<std::ptrdiff_t>* x : {&list_col, &list_path}) x->assign(nc_, 0);
    path.assign(nc_, -1);
    SR.clear();
    SC.clear();
    SR.reserve(nr_);
    SC.reserve(nc_);
  }
  ~sap_solver() {
    if (static_cast<std::size_t>(nc) <= sap_scratch<W>::kept_columns) trade_workspace();
  }
  sap_solver(const sap_solver&) = delete;
  sap_solver& operator=(const sap_solver&) = delete;

  // Swaps the workspace vectors with the ones this thread keeps (sap_scratch).
  void trade_workspace() {
    sap_scratch<W>& kept = sap_scratch<W>::of_this_thread();
    std::swap(d, kept.d), std::swap(dfin, kept.dfin), std::swap(sv, kept.sv), std::swap(free_floor, kept.free_floor);
    std::swap(path, kept.path), std::swap(SR, kept.SR), std::swap(SC, kept.SC), std::swap(list_col, kept.list_col);
    std::swap(list_path, kept.list_path), std::swap(list_d, kept.list_d), std::swap(list_v, kept.list_v);
    std::swap(list_floor, kept.list_floor);
  }

  static W cost_of(T x) { return Negate ? -static_cast<W>(x) : static_cast<W>(x); }

  // One Dijkstra step from row i at distance minVal over `lanes` (see relax_scalar).
  template <bool First>
  std::ptrdiff_t relax(std::ptrdiff_t i, W minVal, const scan_lanes<W>& lanes, W& lowest) {
    const T* row = data + i * rs;
    const W base = minVal - u[i];
#if TALENTMATCH_SAP_AVX2
    if (cs == 1 && use_avx2()) {
      return relax_avx2<T, W, Negate, First>(row, base, i, lanes, lowest);
    }
#endif
    return cs == 1 ? relax_scalar<T, W, Negate, First>(row, 1, base, i, lanes, lowest)
                   : relax_scalar<T, W, Negate, First>(row, cs, base, i, lanes, lowest);
  }

  // Copies the open entries of the list (or, first, of the columns) to the front of the list, in order; returns
  // their number.
  std::ptrdiff_t compact_list(bool from_columns, std::ptrdiff_t len) {
    const W mark = scanned_mark<W>();
    std::ptrdiff_t out = 0;
    const auto keep = [&](std::ptrdiff_t j, W dj, W vj, std::ptrdiff_t pj, W fj) {
      if (vj == mark) return;
      list_col[out] = j;
      list_d[out] = dj;
      list_v[out] = vj;
      list_path[out] = pj;
      list_floor[out] = fj;
      ++out;
    };
    if (from_columns) {
      for (std::ptrdiff_t j = 0; j < nc; ++j) keep(j, d[j], sv[j], path[j], free_floor[j]);
    } else {
      // In place: out never passes k.
      for (std::ptrdiff_t k = 0; k < len; ++k) keep(list_col[k], list_d[k], list_v[k], list_path[k], list_floor[k]);
    }
    return out;
  }

  // min over the columns j != skip of cost(row, j) - (v ? v[j] : 0), in four independent chains (a single chain of
  // dependent minimum operations runs at their latency, several times slower).
  W row_min(const T* row, const W* vv, std::ptrdiff_t skip) const {
#if TALENTMATCH_SAP_AVX2
    if constexpr (std::is_same_v<W, double>) {
      if (cs == 1 && use_avx2()) {
        if (skip < 0) return min_reduced_avx2<T, Negate>(row, vv, 0, nc);
        return std::min(min_reduced_avx2<T, Negate>(row, vv, 0, skip),
                        min_reduced_avx2<T, Negate>(row, vv, skip + 1, nc));
      }
    }
#endif
    W m[4] = {infinity<W>(), infinity<W>(), infinity<W>(), infinity<W>()};
    auto term = [&](std::ptrdiff_t j) {
      const W c = cost_of(row[j * cs]) - (vv != nullptr ? vv[j] : W(0));
      return j == skip ? infinity<W>() : c;
    };
    std::ptrdiff_t j = 0;
    for (; j + 4 <= nc; j += 4) {
      for (int l = 0; l < 4; ++l) m[l] = std::min(m[l], term(j + l));
    }
    for (; j < nc; ++j) m[0] = std::min(m[0], term(j));
    return std::min(std::min(m[0], m[1]), std::min(m[2], m[3]));
  }

  // Jonker-Volgenant initialisation for a square full matching (no unassigned costs):
  //
  //     R. Jonker, A. Volgenant. A shortest augmenting path algorithm for dense and sparse linear assignment
  //     problems. Computing 38:325-340, 1987. doi:10.1007/BF02278710
  //
  // column reduction, reduction transfer and augmenting row reduction. Each leaves a partial matching and
  // potentials v with every matched row at its minimum reduced cost, so u[i] = c[i][col4row[i]] - v[col4row[i]] is
  // dual feasible and the shortest path phase continues from there. On random instances it matches most rows
  // before any Dijkstra search. Returns the rows still unmatched, in increasing order.
  // check_row, when given, validates each row as the initialisation first reads it (the caller's validation of the
  // matrix, folded into this pass so that the matrix is read once less): check_row(i) checks row i by itself;
  // where a vector scan reads the row anyway it checks it on the way (scan_check, with check_row.wrong() the
  // infinity that is not allowed) and hands the result to check_row.report(i, result).
  //
  // With fewer rows than columns (and no unassigned costs) the column reduction does not apply: an unmatched column
  // must keep v[j] = 0. The augmenting row reduction alone does, from v = 0 and every row free: it lowers only the
  // potential of a column it matches, and a column once matched stays matched, so the invariant holds, and on
  // random costs it leaves few rows to augment after about one read of the matrix.
  template <class CheckRow = std::nullptr_t>
  std::vector<std::ptrdiff_t> jv_initialize(CheckRow&& check_row = nullptr) {
    if (nr != nc) return reduction_initialize(check_row);
    const std::ptrdiff_t n = nr;
    auto cost = [&](std::ptrdiff_t i, std::ptrdiff_t j) { return cost_of(data[i * rs + j * cs]); };
    // Row reduction, then column reduction on the reduced matrix: v[j] = min_i (c[i][j] - min_k c[i][k]) (first
    // such row). JV reduce columns only; reducing rows first keeps row offsets (one expert better everywhere) from
    // sending every column to the same few rows. Read row by row so that C-ordered input streams.
    std::vector<std::ptrdiff_t> imin(n, -1);
    std::fill(v.begin(), v.end(), infinity<W>());
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      // Both passes over row i while it is in cache.
      const T* row = data + i * rs;
      W lo;
      if constexpr (!std::is_same_v<std::decay_t<CheckRow>, std::nullptr_t>) {
        lo = checked_row_min(i, check_row);
      } else {
        lo = row_min(row, nullptr, -1);
      }
      if (is_inf(lo)) continue;
#if TALENTMATCH_SAP_AVX2
      if constexpr (std::is_same_v<W, double>) {
        if (cs == 1 && use_avx2()) {
          lower_column_minima_avx2<T, Negate>(row, n, lo, v.data(), imin.data(), i);
          continue;
        }
      }
#endif
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        const W c = cost_of(row[j * cs]) - lo;
        if (c < v[j]) {
          v[j] = c;
          imin[j] = i;
        }
      }
    }
    // A column with no allowed entry: infeasible; leave everything to the augmentation, which reports it.
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      if (is_inf(v[j])) {
        std::fill(v.begin(), v.end(), W(0));
        return all_rows();
      }
    }
    // Column assignment and reduction transfer (jv_column_reduction above).
    jv_column_reduction<W>(
        n, imin, col4row, row4col,
        [&](std::ptrdiff_t i, std::ptrdiff_t j1) {
          return std::pair<W, W>(cost(i, j1) - v[j1], row_min(data + i * rs, v.data(), j1));
        },
        [&](std::ptrdiff_t j, W by) { v[j] -= by; });
    // Augmenting row reduction (augmenting_row_reduction above).
    std::vector<std::ptrdiff_t> free_rows;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (col4row[i] < 0) free_rows.push_back(i);
    }
    free_rows = augmenting_row_reduction<W>(
        std::move(free_rows), n, col4row, row4col,
        [&](std::ptrdiff_t i, W& u1, std::ptrdiff_t& j1, W& u2, std::ptrdiff_t& j2) {
          reduction_two_smallest(i, u1, j1, u2, j2);
        },
        [&](std::ptrdiff_t j, W by) { v[j] -= by; });
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (col4row[i] >= 0) u[i] = cost(i, col4row[i]) - v[col4row[i]];
    }
    lanes_stale = true;
    std::sort(free_rows.begin(), free_rows.end());
    return free_rows;
  }

  // jv_initialize for nr < nc: augmenting row reduction from v = 0 (see there).
  template <class CheckRow>
  std::vector<std::ptrdiff_t> reduction_initialize(CheckRow& check_row) {
    std::fill(v.begin(), v.end(), W(0));
    std::ptrdiff_t checked = 0;  // rows 0..checked-1 validated: the first pass meets the free rows in order
    constexpr bool checks = !std::is_same_v<std::decay_t<CheckRow>, std::nullptr_t>;
    std::vector<std::ptrdiff_t> free_rows = augmenting_row_reduction<W>(
        all_rows(), nr, col4row, row4col,
        [&](std::ptrdiff_t i, W& u1, std::ptrdiff_t& j1, W& u2, std::ptrdiff_t& j2) {
          if constexpr (checks) {
            if (i == checked) {  // first read of row i
              scan_check r{check_row.wrong()};
              if (reduction_two_smallest(i, u1, j1, u2, j2, &r)) {
                check_row.report(i, r);
              } else {
                check_row(i);
              }
              ++checked;
              return;
            }
          }
          reduction_two_smallest(i, u1, j1, u2, j2);
        },
        [&](std::ptrdiff_t j, W by) { v[j] -= by; });
    if constexpr (checks) {
      for (; checked < nr; ++checked) check_row(checked);  // the rows the reduction's budget left unread
    }
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (col4row[i] >= 0) u[i] = cost_of(data[i * rs + col4row[i] * cs]) - v[col4row[i]];
    }
    lanes_stale = true;
    std::sort(free_rows.begin(), free_rows.end());
    return free_rows;
  }

  // row_min(row i, no potentials), validating the row on the way (jv_initialize's check_row).
  template <class CheckRow>
  W checked_row_min(std::ptrdiff_t i, CheckRow& check_row) const {
    const T* row = data + i * rs;
#if TALENTMATCH_SAP_AVX2
    if constexpr (std::is_same_v<W, double>) {
      if (cs == 1 && use_avx2()) {
        scan_check r{check_row.wrong()};
        const W lo = min_reduced_avx2<T, Negate, true>(row, nullptr, 0, nc, &r);
        check_row.report(i, r);
        return lo;
      }
    }
#endif
    check_row(i);
    return row_min(row, nullptr, -1);
  }

  // augmenting_row_reduction's two_smallest on row i: the two smallest reduced costs u1 <= u2 at j1 and j2, ties to
  // an unmatched, then the lower, column (j = -1: none). With `check`, validates the row in the same pass where
  // that pass is a vector scan, and returns whether it did.
  bool reduction_two_smallest(std::ptrdiff_t i, W& u1, std::ptrdiff_t& j1, W& u2, std::ptrdiff_t& j2,
                              scan_check* check = nullptr) const {
    const T* row = data + i * rs;
#if TALENTMATCH_SAP_AVX2
    if constexpr (std::is_same_v<W, double>) {
      if (cs == 1 && use_avx2()) {
        // The same reduction as the loop below, in two vector passes: the two smallest values (a unique
        // minimum is all the reduction needs; j2 is read only on a tie), then, on a tie, the tied columns in
        // order. Replayed over them, the loop's rule ends with j1 at the first unmatched tied column, if
        // any, and otherwise at the first tied column with j2 at the second, which the reduction then takes;
        // what j2 is beside an unmatched j1 does not matter (the reduction takes j1). So the pass stops at
        // the first unmatched tied column.
        // Where those tie passes read more than a quarter of a row per scan on average (integer-valued costs
        // whose tied columns are mostly matched; the pass costs about twice a scan per column read), the scan
        // also finds the first unmatched column at the minimum (two_smallest_free_avx2, about half a scan
        // dearer), and a row whose tied columns are all matched reads on only to the second one. One scan in 16
        // goes the plain way, to keep measuring. Both ways make the same choice.
        ++reduction_scans;
        if (check == nullptr && plain_scans >= 32 && reduction_scans % 16 != 0 &&
            4 * tie_pass_columns > plain_scans * nc) {
          double wf;
          std::ptrdiff_t jf;
          two_smallest_free_avx2<T, Negate>(row, v.data(), row4col.data(), nc, u1, j1, u2, wf, jf);
          if (j1 < 0 || u1 < u2) return true;
          if (jf >= 0 && wf == u1) {
            j1 = jf;
            j2 = -1;
          } else {
            j2 = next_tied_column_avx2<T, Negate>(row, v.data(), nc, u1, j1);
          }
          return true;
        }
        if (check != nullptr) {
          two_smallest_avx2<T, Negate, true>(row, v.data(), nc, u1, j1, u2, check);
        } else {
          two_smallest_avx2<T, Negate>(row, v.data(), nc, u1, j1, u2);
        }
        ++plain_scans;
        if (j1 < 0 || u1 < u2) return true;
        tie_pass_columns += tied_columns_avx2<T, Negate>(row, v.data(), row4col.data(), nc, u1, j1, j2);
        return true;
      }
    }
#endif
    (void)check;
    for (std::ptrdiff_t j = 0; j < nc; ++j) {
      const W h = cost_of(row[j * cs]) - v[j];
      if (h > u2) continue;  // the common case: one comparison
      if (h < u1 || (h == u1 && j1 >= 0 && row4col[j1] >= 0 && row4col[j] < 0)) {
        u2 = u1;
        j2 = j1;
        u1 = h;
        j1 = j;
      } else if (h < u2 || (j2 >= 0 && row4col[j2] >= 0 && row4col[j] < 0)) {
        u2 = h;
        j2 = j;
      }
    }
    return false;
  }

  // two_smallest_scalar (or its AVX2 form) on row i against the potentials v.
  void two_smallest(std::ptrdiff_t i, W& w1, std::ptrdiff_t& j1, W& w2) const {
    const T* row = data + i * rs;
#if TALENTMATCH_SAP_AVX2
    if constexpr (std::is_same_v<W, double>) {
      if (cs == 1 && use_avx2()) {
        two_smallest_avx2<T, Negate>(row, v.data(), nc, w1, j1, w2);
        return;
      }
    }
#endif
    if (cs == 1) {
      two_smallest_scalar<T, W, Negate>(row, 1, v.data(), nc, w1, j1, w2);
    } else {
      two_smallest_scalar<T, W, Negate>(row, cs, v.data(), nc, w1, j1, w2);
    }
  }

  // For square problems whose initialisation left many rows unmatched (jv_initialize's free rows), which is where
  // the shortest-path searches grow long (costs with row and column offsets, Machol-Wien's i * j): Bertsekas'
  // forward auction with epsilon scaling,
  //
  //     D. P. Bertsekas. The auction algorithm: a distributed relaxation method for the assignment problem.
  //     Annals of Operations Research 14:105-123, 1988. doi:10.1007/BF02186476
  //
  // brings the column potentials close to optimal in a few scans of each row, and the exact searches finish from
  // there. In the minimisation form a free row i bids for the column j1 of its smallest cost(i, j) - v[j] (w1;
  // second smallest w2) and takes it, lowering v[j1] by w2 - w1 + eps, so that j1 is eps dearer to it than any other
  // column; the row it displaces bids in turn. Each phase ends with every row matched and eps-complementary
  // slackness (every row within eps of its best column); the next starts over with eps / 8 from the same potentials.
  // The auction's matching is not exactly optimal, so it is turned into a warm start that is: u[i] = cost(i,
  // col4row[i]) - v[col4row[i]] makes every pair tight, each column potential is lowered to the smallest
  // cost(i, j) - u[i] over the other rows (dual feasibility), and the rows whose column had to be lowered lose it
  // (their pair is no longer tight). The searches augment those rows, and the result and its certificate are the
  // same exact ones as without the auction; only the starting point differs.
  //
  // Used only when every cost is finite (forbidden pairs can make a phase bid forever) and only while the potentials
  // stay in range; otherwise, and when a phase exceeds its bid budget, the state of jv_initialize is restored and
  // false returned. On success, free_rows holds the rows to augment, in increasing order.
  bool auction(std::vector<std::ptrdiff_t>& free_rows) {
    const std::ptrdiff_t n = nr;
    if (n != nc || a != nullptr || n < 2) return false;
    // The range of the costs sets the scale of eps; a forbidden entry (+inf) rules the auction out.
    W lo = infinity<W>(), hi = -infinity<W>();
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const T* row = data + i * rs;
      W l[4] = {lo, lo, lo, lo}, h[4] = {hi, hi, hi, hi};
      std::ptrdiff_t j = 0;
      for (; j + 4 <= n; j += 4) {
        for (int q = 0; q < 4; ++q) {
          const W c = cost_of(row[(j + q) * cs]);
          l[q] = c < l[q] ? c : l[q];
          h[q] = c > h[q] ? c : h[q];
        }
      }
      for (; j < n; ++j) {
        const W c = cost_of(row[j * cs]);
        l[0] = c < l[0] ? c : l[0];
        h[0] = c > h[0] ? c : h[0];
      }
      lo = std::min({lo, l[0], l[1], l[2], l[3]});
      hi = std::max({hi, h[0], h[1], h[2], h[3]});
    }
    if (is_inf(hi) || !(hi > lo)) return false;
    const W range = hi - lo;
    if (is_inf(range)) return false;
    W eps, eps_min;
    if constexpr (std::is_floating_point_v<W>) {
      eps = range / W(64);
      eps_min = range / (W(100) * static_cast<W>(n));
    } else {
      eps = std::max<W>(W(1), range / W(64));
      eps_min = W(1);
    }
    // Potentials start within range of each other and move by at most about n * range in a phase; further than this
    // bound means something went wrong (it cannot with finite costs), and the searches take over from the start.
    W vmax = -infinity<W>();
    for (const W x : v) vmax = std::max(vmax, x);
    // For integers the bound and every price above it must stay far inside int64 (a bid can step one increment,
    // at most about the bound's distance plus the range, below it): checked in double, before any of it is formed.
    const double span = static_cast<double>(4 * (n + 2)) * (static_cast<double>(range) + static_cast<double>(eps));
    if (!(std::abs(static_cast<double>(vmax)) + 3.0 * span < 0x1p61)) return false;
    const W vlimit = vmax - static_cast<W>(4 * (n + 2)) * (range + eps);
    const std::vector<W> v0 = v;
    const std::vector<std::ptrdiff_t> c4r0 = col4row, r4c0 = row4col;
    const auto restore = [&] {
      v = v0;
      col4row = c4r0;
      row4col = r4c0;
      return false;
    };
    std::vector<std::ptrdiff_t> queue(free_rows.begin(), free_rows.end());
    for (;;) {
      // A phase: free rows bid until every row is matched (FIFO order; deterministic).
      std::ptrdiff_t budget = 128 * n + 1024;
      std::size_t head = 0;
      while (head < queue.size()) {
        if (budget-- <= 0) return restore();
        const std::ptrdiff_t i = queue[head++];
        W w1, w2;
        std::ptrdiff_t j1;
        two_smallest(i, w1, j1, w2);
        // w2 = +inf: i has one column (n = 1 is excluded above, so this cannot happen with finite costs).
        if (j1 < 0 || is_inf(w2)) return restore();
        v[j1] -= (w2 - w1) + eps;
        if (v[j1] < vlimit) return restore();
        const std::ptrdiff_t k = row4col[j1];
        row4col[j1] = i;
        col4row[i] = j1;
        if (k >= 0) {
          col4row[k] = -1;
          queue.push_back(k);
        }
        if (head > static_cast<std::size_t>(4 * n) && 2 * head > queue.size()) {
          queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(head));
          head = 0;
        }
      }
      if (!(eps > eps_min)) break;
      eps = std::max(eps / W(8), eps_min);
      std::fill(col4row.begin(), col4row.end(), -1);
      std::fill(row4col.begin(), row4col.end(), -1);
      queue.resize(static_cast<std::size_t>(n));
      for (std::ptrdiff_t i = 0; i < n; ++i) queue[i] = i;
    }
    // The exact warm start (see above): tight pairs, column potentials lowered to dual feasibility, and the rows
    // of the lowered columns freed.
    std::vector<W> vn = v;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::ptrdiff_t j0 = col4row[i];
      const T* row = data + i * rs;
      u[i] = cost_of(row[j0 * cs]) - v[j0];
      const W ui = u[i], keep = vn[j0];  // the row's own pair is tight by construction: not a constraint on it
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        const W r = cost_of(row[j * cs]) - ui;
        vn[j] = r < vn[j] ? r : vn[j];
      }
      vn[j0] = keep;
    }
    free_rows.clear();
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      if (vn[j] < v[j]) {
        col4row[row4col[j]] = -1;
        row4col[j] = -1;
      }
    }
    v = std::move(vn);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (col4row[i] < 0) {
        u[i] = W(0);
        free_rows.push_back(i);
      }
    }
    lanes_stale = true;
    auction_runs().fetch_add(1, std::memory_order_relaxed);
    return true;
  }

  // Warm start from the potentials and partial matching of an earlier solve. The caller guarantees complementary
  // slackness for them: every matched pair has reduced cost 0, every matched row has reduced cost >= 0 on all its
  // allowed columns, and (for a rectangular problem) every unmatched column has v equal to its unmatched cost (0
  // by default). Forbidding a matched pair or deleting rows and columns keeps that true for what remains, which is
  // what Murty's k-best children and re-solves after edits need. Returns the unmatched rows, to augment in order.
  std::vector<std::ptrdiff_t> warm_start(const std::vector<W>& u0, const std::vector<W>& v0,
                                         const std::vector<std::ptrdiff_t>& col4row0) {
    u = u0;
    v = v0;
    col4row = col4row0;
    std::fill(row4col.begin(), row4col.end(), -1);
    std::vector<std::ptrdiff_t> free_rows;
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (col4row[i] >= 0) {
        row4col[col4row[i]] = i;
      } else {
        free_rows.push_back(i);
      }
    }
    lanes_stale = true;
    return free_rows;
  }

  std::vector<std::ptrdiff_t> all_rows() const {
    std::vector<std::ptrdiff_t> r(nr);
    for (std::ptrdiff_t i = 0; i < nr; ++i) r[i] = i;
    return r;
  }

  // Augment from the unmatched row cur. Returns false when no augmenting path exists (cur cannot be matched
  // together with the rows already matched, and it may not stay unmatched).
  bool augment(std::ptrdiff_t cur) {
    if (lanes_stale) {
      sv = v;
      for (std::ptrdiff_t c = 0; c < nc; ++c) free_floor[c] = row4col[c] == -1 ? scanned_mark<W>() : infinity<W>();
      lanes_stale = false;
    }
    SR.clear();
    SC.clear();
    u[cur] = W(0);

    const W mark = scanned_mark<W>();
    W minVal = W(0);
    W best_unmatched = infinity<W>();  // cheapest "leave this row unmatched" sink seen so far
    std::ptrdiff_t unmatched_row = -1;
    std::ptrdiff_t sink = -1;  // column, or -1 with unmatched_row >= 0 for a private-column sink
    bool found = true;
    bool listed = false;           // the steps scan the list_* arrays
    std::ptrdiff_t list_len = 0;   // entries in the list
    std::ptrdiff_t list_dead = 0;  // of which scanned
    std::ptrdiff_t i = cur;
    for (;;) {
      SR.push_back(i);
      if (a != nullptr && !is_inf(a[i])) {
        const W r = minVal + a[i] - u[i];
        if (r < best_unmatched) {
          best_unmatched = r;
          unmatched_row = i;
        }
      }
      W lowest;
      std::ptrdiff_t k;
      if (listed) {
        k = relax<false>(i, minVal,
                         {list_d.data(), list_path.data(), list_v.data(), list_floor.data(), list_col.data(), list_len},
                         lowest);
      } else {
        const scan_lanes<W> lanes{d.data(), path.data(), sv.data(), free_floor.data(), nullptr, nc};
        k = i == cur ? relax<true>(i, minVal, lanes, lowest) : relax<false>(i, minVal, lanes, lowest);
      }
      // Leaving a row unmatched wins ties: a pair is matched only when that is strictly cheaper.
      if (unmatched_row >= 0 && best_unmatched <= lowest) {
        minVal = best_unmatched;
        break;
      }
      if (k < 0) {
        found = false;
        break;
      }
      minVal = lowest;
      std::ptrdiff_t j = k;
      if (listed) {
        j = list_col[k];
        dfin[j] = list_d[k];
        path[j] = list_path[k];
        list_d[k] = infinity<W>();
        list_v[k] = mark;
        ++list_dead;
      } else {
        dfin[j] = d[j];
        d[j] = infinity<W>();
      }
      sv[j] = mark;
      SC.push_back(j);
      if (row4col[j] == -1) {
        sink = j;
        unmatched_row = -1;
        break;
      }
      i = row4col[j];
      if (!listed && 4 * static_cast<std::ptrdiff_t>(SC.size()) > nc && nc >= 64) {
        list_len = compact_list(true, 0);
        list_dead = 0;
        listed = true;
      } else if (listed && 4 * list_dead > list_len) {
        list_len = compact_list(false, list_len);
        list_dead = 0;
      }
    }
    if (!found) {
      for (const std::ptrdiff_t j : SC) sv[j] = v[j];
      return false;
    }

    // Update the potentials (Crouse, Algorithm 4, steps on u and v); every column is open again.
    u[cur] += minVal;
    for (std::size_t q = 1; q < SR.size(); ++q) {
      const std::ptrdiff_t r = SR[q];
      u[r] += minVal - dfin[col4row[r]];
    }
    for (const std::ptrdiff_t j : SC) {
      v[j] -= minVal - dfin[j];
      sv[j] = v[j];
    }
    if (sink >= 0) free_floor[sink] = infinity<W>();

    // Augment along the alternating path.
    std::ptrdiff_t j = sink;
    if (sink < 0) {
      // The sink is the private column of unmatched_row: that row gives up its column and leaves the matching.
      if (unmatched_row == cur) return true;
      j = col4row[unmatched_row];
      col4row[unmatched_row] = -1;
    }
    for (;;) {
      const std::ptrdiff_t r = path[j];
      row4col[j] = r;
      std::swap(col4row[r], j);
      if (r == cur) break;
    }
    return true;
  }
};

}  // namespace talentmatch::detail
