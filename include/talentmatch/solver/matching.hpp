#pragma once

// Maximum-cardinality bipartite matching (no costs) on CSR input: talentmatch::solver::maximum_matching, by
// Hopcroft and Karp's algorithm (detail/hopcroft_karp.hpp), on the graph every CSR reader builds
// (detail/csr_graph.hpp).

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/csr_graph.hpp"
#include "talentmatch/detail/hopcroft_karp.hpp"
#include "talentmatch/solver/csr_view.hpp"

namespace talentmatch::solver {

struct matching {
  std::vector<std::ptrdiff_t> col4row;  // column matched to row i, or -1
  std::vector<std::ptrdiff_t> row4col;  // row matched to column j, or -1
  std::ptrdiff_t size = 0;              // number of matched pairs
};

// A maximum-cardinality matching of the allowed pairs of `g` (stored entries other than +inf; with maximize, other
// than -inf). Throws talentmatch::error on a malformed CSR or NaN, naming the row and entry.
template <class T>
matching maximum_matching(const csr_view<T>& g, bool maximize = false) {
  double max_abs = 0.0;
  using W = std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>;
  const detail::csr_graph<W> gr = detail::build_csr_graph<T, W>(g, maximize, max_abs);
  detail::bipartite_matching mt = detail::hopcroft_karp(gr.rows, gr.cols, gr.ptr.data(), gr.idx.data());
  return matching{std::move(mt.col4row), std::move(mt.row4col), mt.size};
}

}  // namespace talentmatch::solver
