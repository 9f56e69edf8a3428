#pragma once

// Maximum-cardinality bipartite matching (no costs):
//
//     J. E. Hopcroft, R. M. Karp. An n^{5/2} algorithm for maximum matchings in bipartite graphs.
//     SIAM Journal on Computing 2(4):225-231, 1973. doi:10.1137/0202019
//
// Phases of a breadth-first search that layers the rows by their alternating distance from the free rows, then
// vertex-disjoint shortest augmenting paths along those layers; O(E sqrt(V)). The depth-first part is iterative
// (an explicit stack), so long paths cannot overflow the call stack. The sparse solver runs it before any search to
// report which rows cannot be matched; maximum_matching (solver/matching.hpp) is its public entry point.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace talentmatch::detail {

// A matching as the algorithm leaves it (solver::matching is the public copy).
struct bipartite_matching {
  std::vector<std::ptrdiff_t> col4row;  // column matched to row i, or -1
  std::vector<std::ptrdiff_t> row4col;  // row matched to column j, or -1
  std::ptrdiff_t size = 0;              // number of matched pairs
};

inline bipartite_matching hopcroft_karp(std::ptrdiff_t nr, std::ptrdiff_t nc, const std::int64_t* ptr,
                                        const std::int64_t* idx) {
  bipartite_matching mt;
  mt.col4row.assign(nr, -1);
  mt.row4col.assign(nc, -1);
  auto& col4row = mt.col4row;
  auto& row4col = mt.row4col;
  // Greedy start: each row takes its first free column. Cheap, and it leaves few rows to the phases.
  for (std::ptrdiff_t i = 0; i < nr; ++i) {
    for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
      if (row4col[idx[p]] < 0) {
        row4col[idx[p]] = i;
        col4row[i] = idx[p];
        ++mt.size;
        break;
      }
    }
  }
  constexpr std::ptrdiff_t unreached = std::numeric_limits<std::ptrdiff_t>::max();
  std::vector<std::ptrdiff_t> dist(nr), queue, stack;
  std::vector<std::int64_t> it(nr);
  queue.reserve(nr);
  for (;;) {
    // Layers: free rows at 0; a matched column leads on to its row. Stop at the first layer that sees a free
    // column, so that only shortest augmenting paths are used.
    queue.clear();
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (col4row[i] < 0) {
        dist[i] = 0;
        queue.push_back(i);
      } else {
        dist[i] = unreached;
      }
    }
    std::ptrdiff_t limit = unreached;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      const std::ptrdiff_t i = queue[q];
      if (dist[i] >= limit) break;
      for (std::int64_t p = ptr[i]; p < ptr[i + 1]; ++p) {
        const std::ptrdiff_t r = row4col[idx[p]];
        if (r < 0) {
          if (limit == unreached) limit = dist[i] + 1;
        } else if (dist[r] == unreached) {
          dist[r] = dist[i] + 1;
          queue.push_back(r);
        }
      }
    }
    if (limit == unreached) break;

    // Disjoint augmenting paths along the layers; a row that leads nowhere is removed (dist = unreached).
    for (std::ptrdiff_t i = 0; i < nr; ++i) it[i] = ptr[i];
    std::ptrdiff_t found = 0;
    for (std::ptrdiff_t root = 0; root < nr; ++root) {
      if (col4row[root] >= 0 || dist[root] != 0) continue;
      stack.assign(1, root);
      while (!stack.empty()) {
        const std::ptrdiff_t i = stack.back();
        if (it[i] == ptr[i + 1]) {
          dist[i] = unreached;
          stack.pop_back();
          if (!stack.empty()) ++it[stack.back()];
          continue;
        }
        const std::ptrdiff_t r = row4col[idx[it[i]]];
        if (r < 0) {
          if (dist[i] + 1 != limit) {
            ++it[i];
            continue;
          }
          // Augment along the stack: each row takes the column its iterator points at.
          for (const std::ptrdiff_t s : stack) {
            const std::ptrdiff_t j = idx[it[s]];
            col4row[s] = j;
            row4col[j] = s;
          }
          for (const std::ptrdiff_t s : stack) dist[s] = unreached;  // used: vertex-disjoint paths
          ++found;
          break;
        }
        if (dist[r] == dist[i] + 1) {
          stack.push_back(r);
        } else {
          ++it[i];
        }
      }
    }
    if (found == 0) break;
    mt.size += found;
  }
  return mt;
}

}  // namespace talentmatch::detail
