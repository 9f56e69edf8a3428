#pragma once

// A read-only window on a caller's sparse matrix in CSR form (scipy.sparse.csr_matrix's layout), and the one routine
// that validates it and turns it into the graph the sparse solvers work on.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "talentmatch/error.hpp"

namespace talentmatch::solver {

// Row i holds the entries indptr[i] <= p < indptr[i + 1]: column indices[p], value data[p]. Indices within a row
// may be unsorted and repeated. An entry that is present is an edge, whatever its value (explicit zeros included);
// a missing entry is a forbidden pair, and so is a stored +inf (-inf with maximize).
template <class T>
struct csr_view {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  const std::int64_t* indptr = nullptr;   // rows + 1 offsets, indptr[0] == 0, non-decreasing
  const std::int64_t* indices = nullptr;  // indptr[rows] column indices in [0, cols)
  const T* data = nullptr;                // indptr[rows] values
  std::ptrdiff_t nnz = -1;                // length of indices and data when known (checked against indptr[rows])
};

namespace detail_csr {

// The allowed edges in the minimisation form (negated with maximize), one entry per (row, column) pair.
template <class W>
struct graph {
  std::ptrdiff_t rows = 0, cols = 0;
  std::vector<std::int64_t> ptr;  // rows + 1
  std::vector<std::int64_t> idx;
  std::vector<W> cost;

  std::ptrdiff_t degree(std::ptrdiff_t i) const { return static_cast<std::ptrdiff_t>(ptr[i + 1] - ptr[i]); }
};

inline std::string at(std::ptrdiff_t i, std::int64_t p) {
  return " at row " + std::to_string(i) + ", entry " + std::to_string(p);
}

// Validates the CSR structure, rejects NaN and the wrong infinity (-inf; +inf with maximize), drops forbidden
// entries and keeps the cheapest (minimisation form) of duplicate entries. One pass, O(nnz + cols); the first
// occurrence's position is kept, so the order of the edges of a row is the caller's. max_abs receives the largest
// finite magnitude.
template <class T, class W>
graph<W> build_graph(const csr_view<T>& c, bool maximize, double& max_abs) {
  if (c.rows < 0 || c.cols < 0) throw error("sparse matrix has a negative dimension");
  if (c.indptr == nullptr) throw error("sparse matrix indptr is null");
  if (c.indptr[0] != 0) throw error("CSR indptr[0] is " + std::to_string(c.indptr[0]) + ", expected 0");
  for (std::ptrdiff_t i = 0; i < c.rows; ++i) {
    if (c.indptr[i + 1] < c.indptr[i]) {
      throw error("CSR indptr is not non-decreasing at row " + std::to_string(i) + ": indptr[" + std::to_string(i + 1) +
                  "] = " + std::to_string(c.indptr[i + 1]) + " < indptr[" + std::to_string(i) +
                  "] = " + std::to_string(c.indptr[i]));
    }
  }
  const std::int64_t nnz = c.indptr[c.rows];
  if (c.nnz >= 0 && nnz != c.nnz) {
    throw error("CSR indptr[" + std::to_string(c.rows) + "] = " + std::to_string(nnz) + " but indices and data have " +
                std::to_string(c.nnz) + " entries");
  }
  if (nnz > 0 && (c.indices == nullptr || c.data == nullptr)) throw error("sparse matrix indices or data is null");

  graph<W> g;
  g.rows = c.rows;
  g.cols = c.cols;
  g.ptr.assign(c.rows + 1, 0);
  g.idx.reserve(nnz);
  g.cost.reserve(nnz);
  std::vector<std::int64_t> last(c.cols, -1);  // last row that listed column j, and where its edge went
  std::vector<std::int64_t> slot(c.cols, 0);
  max_abs = 0.0;
  for (std::ptrdiff_t i = 0; i < c.rows; ++i) {
    for (std::int64_t p = c.indptr[i]; p < c.indptr[i + 1]; ++p) {
      const std::int64_t j = c.indices[p];
      if (j < 0 || j >= c.cols) {
        throw error("CSR column index " + std::to_string(j) + " out of range [0, " + std::to_string(c.cols) + ")" +
                    at(i, p));
      }
      const T x = c.data[p];
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(x)) throw error("sparse matrix contains NaN" + at(i, p) + ", column " + std::to_string(j));
        if (std::isinf(x)) {
          if ((x > 0) == maximize) {
            throw error(
                "sparse matrix contains " + std::string(maximize ? "+inf" : "-inf") + at(i, p) + ", column " +
                std::to_string(j) +
                (maximize ? " (with maximize, -inf marks a forbidden pair)" : " (+inf marks a forbidden pair)"));
          }
          continue;  // forbidden: not an edge
        }
      }
      const W w = maximize ? -static_cast<W>(x) : static_cast<W>(x);
      max_abs = std::max(max_abs, std::abs(static_cast<double>(w)));
      if (last[j] == i) {
        W& old = g.cost[slot[j]];
        if (w < old) old = w;
        continue;
      }
      last[j] = i;
      slot[j] = static_cast<std::int64_t>(g.idx.size());
      g.idx.push_back(j);
      g.cost.push_back(w);
    }
    g.ptr[i + 1] = static_cast<std::int64_t>(g.idx.size());
  }
  return g;
}

// The transposed graph (rows and columns swapped), edges of each new row in increasing original row order.
template <class W>
graph<W> transpose(const graph<W>& g) {
  graph<W> t;
  t.rows = g.cols;
  t.cols = g.rows;
  t.ptr.assign(g.cols + 1, 0);
  for (const std::int64_t j : g.idx) ++t.ptr[j + 1];
  for (std::ptrdiff_t j = 0; j < g.cols; ++j) t.ptr[j + 1] += t.ptr[j];
  t.idx.resize(g.idx.size());
  t.cost.resize(g.cost.size());
  std::vector<std::int64_t> next(t.ptr.begin(), t.ptr.end() - 1);
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    for (std::int64_t p = g.ptr[i]; p < g.ptr[i + 1]; ++p) {
      const std::int64_t q = next[g.idx[p]]++;
      t.idx[q] = i;
      t.cost[q] = g.cost[p];
    }
  }
  return t;
}

}  // namespace detail_csr
}  // namespace talentmatch::solver
