#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace talentmatch::solver {

// The arithmetic the solvers do for a stored scalar T: floating point costs are solved in double (as scipy does, so
// float32 input loses nothing), integer costs exactly in int64.
template <class T>
using work_t = std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>;

// An assignment with its certificate. Indices refer to the caller's matrix, whatever orientation the solver used.
//
// Duals are for the minimisation form (with maximize, of the negated matrix): for every allowed pair
// cost(i, j) - u[i] - v[j] >= 0, with equality on matched pairs; a row left unmatched has u[i] equal to its
// unassigned cost (0 for the larger side of a full rectangular matching), a matched one u[i] at most that; the same
// for columns; and sum(u) + sum(v) equals the minimisation-form objective. `check_certificate` tests exactly that.
template <class W>
struct solution {
  std::vector<std::ptrdiff_t> col4row;  // column matched to row i, or -1
  std::vector<std::ptrdiff_t> row4col;  // row matched to column j, or -1
  std::vector<W> u;                     // row potentials
  std::vector<W> v;                     // column potentials
  W objective{};                        // in the caller's sign: matched costs plus the unassigned costs paid

  std::ptrdiff_t size() const {
    std::ptrdiff_t k = 0;
    for (auto j : col4row) k += j >= 0;
    return k;
  }

  // The matched pairs, rows ascending (scipy's return shape).
  std::pair<std::vector<std::ptrdiff_t>, std::vector<std::ptrdiff_t>> pairs() const {
    std::pair<std::vector<std::ptrdiff_t>, std::vector<std::ptrdiff_t>> out;
    out.first.reserve(col4row.size());
    out.second.reserve(col4row.size());
    for (std::size_t i = 0; i < col4row.size(); ++i) {
      if (col4row[i] >= 0) {
        out.first.push_back(static_cast<std::ptrdiff_t>(i));
        out.second.push_back(col4row[i]);
      }
    }
    return out;
  }
};

// The cost of leaving each row or column unmatched (lap's cost_limit, per row and per column). +infinity (for
// integer costs, std::numeric_limits<W>::max()) means "must be matched". Empty vectors mean the plain problem: a
// full matching of min(rows, cols) pairs.
template <class W>
struct unassigned_costs {
  std::vector<W> row;
  std::vector<W> col;
};

struct dense_options {
  bool maximize = false;  // maximise the sum instead; -inf then marks a forbidden pair
};

}  // namespace talentmatch::solver
