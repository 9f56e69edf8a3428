// Bindings of the sparse assignment solver. The CSR arrays are read in place: indptr and indices as int64, data as
// float64/float32/int64/int32 (the Python wrapper, talentmatch/sparse.py, converts int32 indices and other dtypes
// first, so every array arriving here is C-contiguous in a type the core reads).

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/sparse.hpp"

namespace py = pybind11;
namespace ts = talentmatch::solver;

namespace talentmatch::python {
namespace {

ts::sparse_options options_of(bool maximize, const std::string& mode) {
  ts::sparse_options opt;
  opt.maximize = maximize;
  if (mode == "full") {
    opt.mode = ts::sparse_mode::full;
  } else if (mode == "max_cardinality") {
    opt.mode = ts::sparse_mode::max_cardinality;
  } else {
    throw talentmatch::error("mode must be \"full\" or \"max_cardinality\", got \"" + mode + "\"");
  }
  return opt;
}

struct args {
  py::ssize_t n, m;
  py::array indptr, indices, data;
};

template <class T>
assignment solve_typed(const args& x, bool maximize, const std::string& mode, const std::optional<py::array>& row_cost,
                       const std::optional<py::array>& col_cost) {
  using W = ts::work_t<T>;
  const ts::csr_view<T> view = csr_of<T>(x.n, x.m, x.indptr, x.indices, x.data);
  const ts::sparse_options opt = options_of(maximize, mode);
  ts::unassigned_costs<W> un{vector_of<W>(row_cost, "unassigned costs"), vector_of<W>(col_cost, "unassigned costs")};
  const bool partial = row_cost.has_value() || col_cost.has_value();
  ts::solution<W> s;
  {
    // Pure C++ on memory the caller's arrays own (kept alive by `x` for the whole call).
    py::gil_scoped_release release;
    s = partial ? ts::solve_sparse(view, un, opt) : ts::solve_sparse(view, opt);
  }
  return assignment_of(s);
}

template <class T>
ts::certificate certificate_typed(const args& x, const py::array& col4row, const py::array& row4col, const py::array& u,
                                  const py::array& v, py::object objective, bool maximize, const std::string& mode,
                                  const std::optional<py::array>& row_cost, const std::optional<py::array>& col_cost,
                                  double rtol) {
  using W = ts::work_t<T>;
  const ts::csr_view<T> view = csr_of<T>(x.n, x.m, x.indptr, x.indices, x.data);
  const ts::sparse_options opt = options_of(maximize, mode);
  const ts::solution<W> s = solution_of<W>(col4row, row4col, u, v, objective);
  ts::unassigned_costs<W> un{vector_of<W>(row_cost, "unassigned costs"), vector_of<W>(col_cost, "unassigned costs")};
  const bool partial = row_cost.has_value() || col_cost.has_value();
  ts::certificate cert;
  {
    py::gil_scoped_release release;
    cert = ts::check_certificate(view, s, opt, partial ? &un : nullptr, rtol);
  }
  return cert;
}

}  // namespace

void register_sparse(py::module_& m) {
  m.def(
      "solve_sparse",
      [](py::ssize_t n, py::ssize_t cols, py::array indptr, py::array indices, py::array data, bool maximize,
         const std::string& mode, std::optional<py::array> row_cost, std::optional<py::array> col_cost) {
        const args x{n, cols, std::move(indptr), std::move(indices), std::move(data)};
        return dispatch_dtype(x.data, "sparse matrix",
                              [&](auto t) { return solve_typed<decltype(t)>(x, maximize, mode, row_cost, col_cost); });
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("maximize") = false, py::arg("mode") = "full",
      py::arg("row_cost") = py::none(), py::arg("col_cost") = py::none(),
      "Sparse assignment on CSR arrays (int64 indptr and indices, float64/float32/int64/int32 data) read in place. "
      "Returns an Assignment.");
  m.def(
      "check_certificate_sparse",
      [](py::ssize_t n, py::ssize_t cols, py::array indptr, py::array indices, py::array data, const py::array& col4row,
         const py::array& row4col, const py::array& u, const py::array& v, py::object objective, bool maximize,
         const std::string& mode, std::optional<py::array> row_cost, std::optional<py::array> col_cost, double rtol) {
        const args x{n, cols, std::move(indptr), std::move(indices), std::move(data)};
        return dispatch_dtype(x.data, "sparse matrix", [&](auto t) {
          return certificate_typed<decltype(t)>(x, col4row, row4col, u, v, objective, maximize, mode, row_cost,
                                                col_cost, rtol);
        });
      },
      py::arg("rows"), py::arg("cols"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("col4row"), py::arg("row4col"), py::arg("u"), py::arg("v"),
      py::arg("objective"), py::arg("maximize") = false, py::arg("mode") = "full", py::arg("row_cost") = py::none(),
      py::arg("col_cost") = py::none(), py::arg("rtol") = 1e-9,
      "Checks a sparse assignment's certificate (reduced costs on the stored edges, complementary slackness, equal "
      "objectives).");
}

}  // namespace talentmatch::python
