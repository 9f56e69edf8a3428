// Binding of the batch solver. Each matrix is read in place with its own dtype (a batch may mix them), and the
// whole batch runs on the C++ thread pool with the GIL released, through the same solve_dense as `solve`.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/batch.hpp"
#include "talentmatch/solver/dense.hpp"

namespace py = pybind11;
namespace ts = talentmatch::solver;

namespace talentmatch::python {
namespace {

// One problem as the solver reads it: a view in the matrix's own dtype and its unassigned costs (none, or both
// sides) in the working type.
template <class T>
struct typed_problem {
  ts::matrix_view<T> cost;
  std::optional<ts::unassigned_costs<ts::work_t<T>>> unassigned;
};

using problem =
    std::variant<typed_problem<double>, typed_problem<float>, typed_problem<std::int64_t>, typed_problem<std::int32_t>>;
using result = std::variant<ts::solution<double>, ts::solution<std::int64_t>>;

std::vector<assignment> solve_batch(const std::vector<py::array>& costs,
                                    const std::vector<std::optional<py::array>>& row_costs,
                                    const std::vector<std::optional<py::array>>& col_costs, bool maximize,
                                    unsigned threads) {
  const std::size_t count = costs.size();
  if (row_costs.size() != count || col_costs.size() != count) {
    throw talentmatch::error("solve_batch: unassigned costs must be given for each of the " + std::to_string(count) +
                             " problems");
  }
  // Views and unassigned costs are taken with the GIL held; `costs` keeps every array alive for the whole call.
  std::vector<problem> problems;
  problems.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    try {
      dispatch_dtype(costs[k], "cost matrix", [&](auto t) {
        using T = decltype(t);
        using W = ts::work_t<T>;
        typed_problem<T> p{view_of<T>(costs[k]), std::nullopt};
        if (row_costs[k] || col_costs[k]) {
          p.unassigned = ts::unassigned_costs<W>{vector_of<W>(row_costs[k], "unassigned costs"),
                                                 vector_of<W>(col_costs[k], "unassigned costs")};
        }
        problems.emplace_back(std::move(p));
      });
    } catch (const talentmatch::error& e) {
      throw talentmatch::error("problem " + std::to_string(k) + ": " + e.what());
    }
  }

  std::vector<result> results(count);
  const ts::dense_options opt{maximize};
  {
    // Pure C++ on memory the caller's arrays own: no Python object is touched until the pool has finished.
    py::gil_scoped_release release;
    ts::for_each_problem(count, threads, [&](std::size_t k) {
      std::visit(
          [&](const auto& p) {
            results[k] = p.unassigned ? ts::solve_dense(p.cost, *p.unassigned, opt) : ts::solve_dense(p.cost, opt);
          },
          problems[k]);
    });
  }

  std::vector<assignment> out;
  out.reserve(count);
  for (const result& r : results) {
    std::visit([&](const auto& s) { out.push_back(assignment_of(s)); }, r);
  }
  return out;
}

// A (B, n, m) float64 or float32 stack that the core reads as it is (native_kind): B views into the one buffer,
// solved by solver::solve_batch itself, with no per-problem Python object until the results.
template <class T>
std::vector<assignment> solve_stack(const py::array& stack, bool maximize, unsigned threads) {
  const auto item = static_cast<py::ssize_t>(sizeof(T));
  const py::ssize_t count = stack.shape(0), n = stack.shape(1), m = stack.shape(2);
  const py::ssize_t step = stack.strides(0) / item, rs = stack.strides(1) / item, cs = stack.strides(2) / item;
  const T* base = static_cast<const T*>(stack.data());
  std::vector<ts::matrix_view<T>> views;
  views.reserve(static_cast<std::size_t>(count));
  for (py::ssize_t k = 0; k < count; ++k) views.push_back({base + k * step, n, m, rs, cs});
  std::vector<ts::solution<ts::work_t<T>>> results;
  {
    // Pure C++ on the stack's buffer, which `stack` keeps alive: no Python object is touched until the pool ends.
    py::gil_scoped_release release;
    results = ts::solve_batch(views, ts::dense_options{maximize}, threads);
  }
  std::vector<assignment> out;
  out.reserve(results.size());
  for (const auto& r : results) out.push_back(assignment_of(r));
  return out;
}

}  // namespace

void register_batch(py::module_& m) {
  m.def(
      "solve_batch",
      [](const py::object& costs, std::optional<std::vector<std::optional<py::array>>> row_costs,
         std::optional<std::vector<std::optional<py::array>>> col_costs, bool maximize,
         unsigned threads) -> py::object {
        if (py::isinstance<py::array>(costs)) {
          // A stack the core reads as it is is solved at once; for any other array the Python layer prepares
          // each matrix and passes the list.
          if (row_costs || col_costs || native_kind(costs, 3) != 'f') return py::none();
          const auto stack = py::reinterpret_borrow<py::array>(costs);
          if (stack.itemsize() == 8) return py::cast(solve_stack<double>(stack, maximize, threads));
          return py::cast(solve_stack<float>(stack, maximize, threads));
        }
        const auto list = costs.cast<std::vector<py::array>>();
        const std::vector<std::optional<py::array>> none(list.size());
        return py::cast(
            solve_batch(list, row_costs ? *row_costs : none, col_costs ? *col_costs : none, maximize, threads));
      },
      py::arg("costs"), py::arg("row_costs") = py::none(), py::arg("col_costs") = py::none(),
      py::arg("maximize") = false, py::arg("threads") = 0,
      "Dense assignment of every matrix in `costs` (float64/float32/int64/int32, read in place, dtypes may differ) "
      "on `threads` threads (0: the hardware's) with the GIL released; row_costs/col_costs hold one 1-D array or "
      "None per problem (None: none at all). `costs` may also be a (B, n, m) float64 or float32 array, read in "
      "place, without unassigned costs: for any other array None is returned. Returns a list of Assignment.");
}

}  // namespace talentmatch::python
