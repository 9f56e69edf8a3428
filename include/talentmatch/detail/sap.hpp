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
#include <cstddef>
#include <utility>
#include <vector>

#include "talentmatch/detail/numeric.hpp"

namespace talentmatch::detail {

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
  std::ptrdiff_t budget = 8 * n + 64;
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

template <class T, class W, bool Negate>
struct sap_solver {
  // Problem, in the solver's orientation (rows are augmented one at a time).
  const T* data;
  std::ptrdiff_t nr, nc, rs, cs;
  const W* a;  // row unmatched costs (inf = must match) or nullptr (all must match)

  // Dual potentials and matching.
  std::vector<W> u, v;
  std::vector<std::ptrdiff_t> col4row, row4col;

  // Workspace of one search.
  std::vector<W> d;  // shortestPathCosts
  std::vector<std::ptrdiff_t> path, SR, SC;
  // The columns, each with its tentative distance, potential, index and predecessor row in one record (the scan
  // then reads a single contiguous stream and gathers only the cost row), plus whether it is unmatched.
  // live[0, num_live) are the columns not yet scanned by the current search (scipy's `remaining`); a scanned column
  // is swapped to the end, and its d and path copied to `d` and `path` (those of unscanned columns are never
  // needed). The records persist between searches, so starting one costs nothing: the first scan overwrites every
  // distance, and after an augmentation only the scanned columns' potentials and the sink's status change (`pos`
  // finds them). The order is arbitrary; the tie-break in relax() does not depend on it.
  struct live_column {
    W d;                  // tentative distance
    W v;                  // potential
    std::ptrdiff_t j;     // column index
    std::ptrdiff_t path;  // predecessor row
  };
  std::vector<live_column> live;
  std::vector<char> live_free;
  std::vector<std::ptrdiff_t> pos;
  std::ptrdiff_t num_live = 0;
  bool live_stale = true;  // v or the matching changed outside augment(): rebuild before the next search

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
        row4col(nc_, -1),
        d(nc_),
        path(nc_, -1),
        live(nc_),
        live_free(nc_),
        pos(nc_) {
    if (b_ != nullptr) v.assign(b_, b_ + nc_);
    SR.reserve(nr_);
    SC.reserve(nc_);
  }

  static W cost_of(T x) { return Negate ? -static_cast<W>(x) : static_cast<W>(x); }

  // One Dijkstra step from row i at distance minVal: relax every column not yet scanned and return the position
  // in `live` of the nearest (-1 if none is reachable). Ties go to an unmatched column (for small integer costs
  // that ends searches early), then to the lowest column index, so the result depends on the values only, not on
  // the order of `live` (a constant matrix gives the identity).
  template <bool Unit, bool First>
  std::ptrdiff_t relax(std::ptrdiff_t i, W minVal, W& lowest) {
    const T* row = data + i * rs;
    const W base = minVal - u[i];
    const std::ptrdiff_t stride = Unit ? 1 : cs;
    live_column* L = live.data();
    const char* lf = live_free.data();
    std::ptrdiff_t index = -1;
    W low = infinity<W>();
    const std::ptrdiff_t count = num_live;  // a local: the stores below could alias the member
    for (std::ptrdiff_t it = 0; it < count; ++it) {
      live_column& c = L[it];
      const std::ptrdiff_t j = c.j;
      // +inf marks a forbidden pair: inf - v stays inf and never improves d.
      const W r = base + cost_of(row[j * stride]) - c.v;
      W dj;
      if constexpr (First) {
        // The search's first row sets every distance.
        c.d = dj = r;
        c.path = i;
      } else {
        dj = c.d;
        if (r < dj) {
          c.d = r;
          c.path = i;
          dj = r;
        }
      }
      if (dj < low) {
        low = dj;
        index = it;
      } else if (dj == low && index >= 0 && (lf[it] > lf[index] || (lf[it] == lf[index] && j < L[index].j))) {
        index = it;  // (index < 0 while every column so far is unreachable: dj == low == inf)
      }
    }
    lowest = low;
    return is_inf(low) ? -1 : index;
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
  std::vector<std::ptrdiff_t> jv_initialize() {
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
      W lo = infinity<W>();
      for (std::ptrdiff_t j = 0; j < n; ++j) lo = std::min(lo, cost_of(row[j * cs]));
      if (is_inf(lo)) continue;
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
    // Each column goes to its minimum row unless that row already has one (then the row is "multiple").
    std::vector<char> times(n, 0);
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      const std::ptrdiff_t i = imin[j];
      if (times[i] == 0) {
        col4row[i] = j;
        row4col[j] = i;
      }
      times[i] = static_cast<char>(times[i] < 2 ? times[i] + 1 : 2);
    }
    // Reduction transfer: a row matched once gives its slack to its column, so that other rows find it dearer.
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (times[i] != 1) continue;
      const std::ptrdiff_t j1 = col4row[i];
      const W h1 = cost(i, j1) - v[j1];
      W mu = infinity<W>();
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        if (j != j1) mu = std::min(mu, cost(i, j) - v[j]);
      }
      if (!is_inf(mu)) v[j1] -= mu - h1;
    }
    // Augmenting row reduction (augmenting_row_reduction above).
    std::vector<std::ptrdiff_t> free_rows;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (col4row[i] < 0) free_rows.push_back(i);
    }
    free_rows = augmenting_row_reduction<W>(
        std::move(free_rows), n, col4row, row4col,
        [&](std::ptrdiff_t i, W& u1, std::ptrdiff_t& j1, W& u2, std::ptrdiff_t& j2) {
          const T* row = data + i * rs;
          for (std::ptrdiff_t j = 0; j < n; ++j) {
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
        },
        [&](std::ptrdiff_t j, W by) { v[j] -= by; });
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (col4row[i] >= 0) u[i] = cost(i, col4row[i]) - v[col4row[i]];
    }
    live_stale = true;
    std::sort(free_rows.begin(), free_rows.end());
    return free_rows;
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
    live_stale = true;
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
    if (live_stale) {
      for (std::ptrdiff_t c = 0; c < nc; ++c) {
        live[c].j = c;
        pos[c] = c;
        live[c].v = v[c];
        live_free[c] = row4col[c] == -1;
      }
      live_stale = false;
    }
    num_live = nc;
    SR.clear();
    SC.clear();
    u[cur] = W(0);

    W minVal = W(0);
    W best_unmatched = infinity<W>();  // cheapest "leave this row unmatched" sink seen so far
    std::ptrdiff_t unmatched_row = -1;
    std::ptrdiff_t sink = -1;  // column, or -1 with unmatched_row >= 0 for a private-column sink
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
      const bool first = i == cur;
      const std::ptrdiff_t index =
          first ? (cs == 1 ? relax<true, true>(i, minVal, lowest) : relax<false, true>(i, minVal, lowest))
                : (cs == 1 ? relax<true, false>(i, minVal, lowest) : relax<false, false>(i, minVal, lowest));
      // Leaving a row unmatched wins ties: a pair is matched only when that is strictly cheaper.
      if (unmatched_row >= 0 && best_unmatched <= lowest) {
        minVal = best_unmatched;
        break;
      }
      if (is_inf(lowest)) return false;
      minVal = lowest;
      const std::ptrdiff_t j = live[index].j;
      SC.push_back(j);
      d[j] = live[index].d;
      path[j] = live[index].path;
      --num_live;
      std::swap(live[index], live[num_live]);
      std::swap(live_free[index], live_free[num_live]);
      pos[live[index].j] = index;
      pos[j] = num_live;
      if (row4col[j] == -1) {
        sink = j;
        unmatched_row = -1;
        break;
      }
      i = row4col[j];
    }

    // Update the potentials (Crouse, Algorithm 4, steps on u and v).
    u[cur] += minVal;
    for (std::size_t k = 1; k < SR.size(); ++k) {
      const std::ptrdiff_t r = SR[k];
      u[r] += minVal - d[col4row[r]];
    }
    for (const std::ptrdiff_t j : SC) {
      v[j] -= minVal - d[j];
      live[pos[j]].v = v[j];
    }
    if (sink >= 0) live_free[pos[sink]] = 0;

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
