#pragma once

// A read-only window on a caller's sparse matrix in CSR form (scipy.sparse.csr_matrix's layout). The one routine
// that validates it and turns it into the graph every solver that reads CSR works on (the sparse solver, its
// certificate, maximum_matching) is detail/csr_graph.hpp, so the rules below hold alike for all of them.

#include <cstddef>
#include <cstdint>

namespace talentmatch::solver {

// Row i holds the entries indptr[i] <= p < indptr[i + 1]: column indices[p], value data[p]. An entry that is present
// is an edge, whatever its value (explicit zeros included); a missing entry is a forbidden pair, and so is a stored
// +inf (-inf with maximize).
//
// Non-canonical input means what scipy.sparse makes of it (csr_matrix.sum_duplicates, and every conversion to
// another format or to a dense array): column indices within a row may come in any order, and duplicate (row,
// column) entries are SUMMED. A pair with a forbidden entry among its duplicates is forbidden (the sum is +inf, or
// -inf with maximize); NaN, or the wrong infinity, in any duplicate is rejected. An integer sum that overflows
// int64 is rejected, naming the pair.
template <class T>
struct csr_view {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  const std::int64_t* indptr = nullptr;   // rows + 1 offsets, indptr[0] == 0, non-decreasing
  const std::int64_t* indices = nullptr;  // indptr[rows] column indices in [0, cols)
  const T* data = nullptr;                // indptr[rows] values
  std::ptrdiff_t nnz = -1;                // length of indices and data when known (checked against indptr[rows])
};

}  // namespace talentmatch::solver
