#pragma once

// The one reader of CSR input (solver/csr_view.hpp): validates the structure and the values and builds the graph
// that the sparse solver, its certificate and maximum_matching work on, so that every one of them reads a csr_view
// the same way, and the way scipy.sparse does (duplicates summed, any order of the columns within a row).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/solver/csr_view.hpp"

namespace talentmatch::detail {

// The allowed edges in the minimisation form (negated with maximize), one entry per (row, column) pair, in the
// order of each pair's first entry in the caller's row.
template <class W>
struct csr_graph {
  std::ptrdiff_t rows = 0, cols = 0;
  std::vector<std::int64_t> ptr;  // rows + 1
  std::vector<std::int64_t> idx;
  std::vector<W> cost;

  std::ptrdiff_t degree(std::ptrdiff_t i) const { return static_cast<std::ptrdiff_t>(ptr[i + 1] - ptr[i]); }
};

inline std::string csr_at(std::ptrdiff_t i, std::int64_t p) {
  return " at row " + std::to_string(i) + ", entry " + std::to_string(p);
}

// Validates the CSR structure, rejects NaN and the wrong infinity (-inf; +inf with maximize), sums duplicate
// entries (as scipy.sparse does: in the stored type for floating point, so float32 input gives scipy's float32
// sums; exactly in int64 for integers, rejecting an overflow), then drops the forbidden pairs. One pass, O(nnz +
// cols), whatever the order of the entries: a column seen again in the same row is found through last[]. max_abs
// receives the largest finite magnitude of the summed costs.
template <class T, class W>
csr_graph<W> build_csr_graph(const solver::csr_view<T>& c, bool maximize, double& max_abs) {
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

  // The sum of a pair's duplicates: in T for floating point (scipy's arithmetic), in int64 for integers.
  using acc_t = std::conditional_t<std::is_floating_point_v<T>, T, std::int64_t>;
  csr_graph<W> g;
  g.rows = c.rows;
  g.cols = c.cols;
  g.ptr.assign(c.rows + 1, 0);
  g.idx.reserve(nnz);
  g.cost.reserve(nnz);
  std::vector<acc_t> sum;                      // the row's pairs, parallel to the row's part of g.idx
  std::vector<std::int64_t> last(c.cols, -1);  // last row that listed column j, and where its pair went
  std::vector<std::int64_t> slot(c.cols, 0);
  max_abs = 0.0;
  for (std::ptrdiff_t i = 0; i < c.rows; ++i) {
    const std::int64_t start = static_cast<std::int64_t>(g.idx.size());
    sum.clear();
    for (std::int64_t p = c.indptr[i]; p < c.indptr[i + 1]; ++p) {
      const std::int64_t j = c.indices[p];
      if (j < 0 || j >= c.cols) {
        throw error("CSR column index " + std::to_string(j) + " out of range [0, " + std::to_string(c.cols) + ")" +
                    csr_at(i, p));
      }
      const T x = c.data[p];
      if constexpr (std::is_floating_point_v<T>) {
        // scipy's words first, as for dense input (input_checks.hpp), then what the entry is and where.
        const char* invalid = "sparse matrix contains invalid numeric entries: ";
        if (std::isnan(x)) throw error(invalid + std::string("NaN") + csr_at(i, p) + ", column " + std::to_string(j));
        if (std::isinf(x) && (x > 0) == maximize) {
          throw error(invalid + std::string(maximize ? "+inf" : "-inf") + csr_at(i, p) + ", column " +
                      std::to_string(j) +
                      (maximize ? " (with maximize, -inf marks a forbidden pair)" : " (+inf marks a forbidden pair)"));
        }
      }
      if (last[j] == i) {
        acc_t& s = sum[static_cast<std::size_t>(slot[j] - start)];
        if constexpr (std::is_floating_point_v<T>) {
          s += x;  // a forbidden infinity stays (the other one was rejected above); a finite sum may round to it
        } else if (__builtin_add_overflow(s, static_cast<std::int64_t>(x), &s)) {
          throw error("sparse matrix: the duplicate entries of row " + std::to_string(i) + ", column " +
                      std::to_string(j) + " sum beyond int64 (duplicates are summed, as scipy.sparse does)");
        }
        continue;
      }
      last[j] = i;
      slot[j] = static_cast<std::int64_t>(g.idx.size());
      g.idx.push_back(j);
      sum.push_back(static_cast<acc_t>(x));
    }
    // The row's pairs in the minimisation form, forbidden ones dropped.
    std::int64_t out = start;
    for (std::size_t k = 0; k < sum.size(); ++k) {
      const acc_t x = sum[k];
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(x)) {  // a finite sum overflowed to the wrong infinity, then met the forbidding one
          throw error("sparse matrix: the duplicate entries of row " + std::to_string(i) + ", column " +
                      std::to_string(g.idx[start + static_cast<std::int64_t>(k)]) +
                      " sum to NaN (duplicates are summed, as scipy.sparse does)");
        }
        if (std::isinf(x)) {
          if ((x > 0) == maximize) {
            throw error("sparse matrix: the duplicate entries of row " + std::to_string(i) + ", column " +
                        std::to_string(g.idx[start + static_cast<std::int64_t>(k)]) + " sum to " +
                        (maximize ? "+inf" : "-inf") + " (duplicates are summed, as scipy.sparse does)");
          }
          continue;  // forbidden: not an edge
        }
      }
      if constexpr (!std::is_floating_point_v<T>) {
        if (maximize && x == std::numeric_limits<acc_t>::lowest()) {
          throw error("sparse matrix: the entry of row " + std::to_string(i) + ", column " +
                      std::to_string(g.idx[start + static_cast<std::int64_t>(k)]) +
                      " is -2^63, far beyond the limit for exact int64 arithmetic (convert the matrix to float64)");
        }
      }
      const W w = maximize ? -static_cast<W>(x) : static_cast<W>(x);
      max_abs = std::max(max_abs, std::abs(static_cast<double>(w)));
      g.idx[out] = g.idx[start + static_cast<std::int64_t>(k)];
      g.cost.push_back(w);
      ++out;
    }
    g.idx.resize(static_cast<std::size_t>(out));
    g.ptr[i + 1] = out;
  }
  return g;
}

// Puts each row's edges in increasing column order (they come in the order of each pair's first entry), so that a
// search over them meets the columns as it would in a dense row: the same ties, the same result.
template <class W>
void sort_rows(csr_graph<W>& g) {
  std::vector<std::pair<std::int64_t, W>> row;
  for (std::ptrdiff_t i = 0; i < g.rows; ++i) {
    const std::int64_t b = g.ptr[i], e = g.ptr[i + 1];
    if (std::is_sorted(g.idx.begin() + b, g.idx.begin() + e)) continue;
    row.clear();
    for (std::int64_t p = b; p < e; ++p) row.emplace_back(g.idx[p], g.cost[p]);
    std::sort(row.begin(), row.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::int64_t p = b; p < e; ++p) {
      g.idx[p] = row[static_cast<std::size_t>(p - b)].first;
      g.cost[p] = row[static_cast<std::size_t>(p - b)].second;
    }
  }
}

// The transposed graph (rows and columns swapped), edges of each new row in increasing original row order.
template <class W>
csr_graph<W> transpose(const csr_graph<W>& g) {
  csr_graph<W> t;
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

}  // namespace talentmatch::detail
