#pragma once

// The allowed pairs of a capacitated assignment (solver/flow.hpp), as its network search (detail/flow_network.hpp)
// and its certificate (solver/flow_certificate.hpp) read them: a dense matrix read in place, or the CSR graph of
// detail/csr_graph.hpp. Both give the pairs of a left member in increasing column order, each with an edge id (a
// slot in a flag array of edges() entries) and its cost in the minimisation form (negated with maximize).

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/csr_graph.hpp"
#include "talentmatch/detail/input_checks.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::detail {

// A dense matrix, read in place: every entry but +inf (-inf with maximize) is a pair; edge id i * cols + j.
template <class T>
struct dense_pairs {
  using W = solver::work_t<T>;
  using idx = std::ptrdiff_t;
  static constexpr bool dense = true;

  solver::matrix_view<T> view;
  bool maximize = false;

  idx left() const { return view.rows; }
  idx right() const { return view.cols; }
  std::size_t edges() const { return static_cast<std::size_t>(view.rows) * static_cast<std::size_t>(view.cols); }
  W cost(idx i, idx j, idx /*edge*/) const {
    const W c = static_cast<W>(view(i, j));
    return maximize ? -c : c;
  }
  // f(j, edge, cost) for every allowed pair of row i whose column is not skipped: skip(j, edge) is asked first, so
  // the cost of a skipped pair is never read.
  template <class Skip, class F>
  void scan(idx i, Skip&& skip, F&& f) const {
    const T* row = view.data + i * view.row_stride;
    const idx base = i * view.cols;
    for (idx j = 0; j < view.cols; ++j) {
      if (skip(j, base + j)) continue;
      W c = static_cast<W>(row[j * view.col_stride]);
      if (maximize) c = -c;
      if constexpr (std::is_floating_point_v<T>) {
        if (is_inf(c)) continue;
      }
      f(j, base + j, c);
    }
  }
  template <class F>
  void for_each(idx i, F&& f) const {
    scan(
        i, [](idx, idx) { return false; }, std::forward<F>(f));
  }
  void index_columns() {}
  // f(i, edge, cost) for every allowed pair of column j whose row is not skipped, in increasing row order.
  template <class Skip, class F>
  void scan_column(idx j, Skip&& skip, F&& f) const {
    const T* col = view.data + j * view.col_stride;
    for (idx i = 0; i < view.rows; ++i) {
      const idx e = i * view.cols + j;
      if (skip(i, e)) continue;
      W c = static_cast<W>(col[i * view.row_stride]);
      if (maximize) c = -c;
      if constexpr (std::is_floating_point_v<T>) {
        if (is_inf(c)) continue;
      }
      f(i, e, c);
    }
  }
};

// A CSR graph (detail/csr_graph.hpp: validated, duplicates summed, forbidden pairs dropped, costs already in the
// minimisation form), owned; edge id = position in the graph's arrays.
template <class W_>
struct csr_pairs {
  using W = W_;
  using idx = std::ptrdiff_t;
  static constexpr bool dense = false;

  explicit csr_pairs(csr_graph<W> g) : graph(std::move(g)) {}

  csr_graph<W> graph;

  idx left() const { return graph.rows; }
  idx right() const { return graph.cols; }
  std::size_t edges() const { return graph.idx.size(); }
  W cost(idx /*i*/, idx /*j*/, idx edge) const { return graph.cost[edge]; }
  template <class Skip, class F>
  void scan(idx i, Skip&& skip, F&& f) const {
    const std::int64_t* col = graph.idx.data();
    const W* c = graph.cost.data();
    for (std::int64_t p = graph.ptr[i]; p < graph.ptr[i + 1]; ++p) {
      const idx j = static_cast<idx>(col[p]);
      if (skip(j, static_cast<idx>(p))) continue;
      f(j, static_cast<idx>(p), c[p]);
    }
  }
  template <class F>
  void for_each(idx i, F&& f) const {
    scan(
        i, [](idx, idx) { return false; }, std::forward<F>(f));
  }

  // The pairs by column (for searches that run backwards, into a column): built once, on first need, by a counting
  // sort of the edge ids, so each column's pairs come in increasing row order.
  void index_columns() {
    if (!col_ptr.empty()) return;
    col_ptr.assign(static_cast<std::size_t>(graph.cols) + 1, 0);
    for (const std::int64_t j : graph.idx) ++col_ptr[static_cast<std::size_t>(j) + 1];
    for (idx j = 0; j < graph.cols; ++j) col_ptr[j + 1] += col_ptr[j];
    col_edge.resize(graph.idx.size());
    col_row.resize(graph.idx.size());
    std::vector<std::int64_t> fill(col_ptr.begin(), col_ptr.end() - 1);
    for (idx i = 0; i < graph.rows; ++i) {
      for (std::int64_t p = graph.ptr[i]; p < graph.ptr[i + 1]; ++p) {
        const std::int64_t q = fill[static_cast<std::size_t>(graph.idx[p])]++;
        col_edge[q] = p;
        col_row[q] = i;
      }
    }
  }
  template <class Skip, class F>
  void scan_column(idx j, Skip&& skip, F&& f) const {
    const W* c = graph.cost.data();
    for (std::int64_t q = col_ptr[j]; q < col_ptr[j + 1]; ++q) {
      const idx i = static_cast<idx>(col_row[q]), e = static_cast<idx>(col_edge[q]);
      if (skip(i, e)) continue;
      f(i, e, c[e]);
    }
  }
  std::vector<std::int64_t> col_ptr, col_edge, col_row;
};

}  // namespace talentmatch::detail
