// Bindings of the assignment solvers. Arrays are read in place: the cost matrix reaches the solver as a pointer
// and strides, whatever numpy's memory order, and nothing is copied (the Python wrapper converts the dtypes the
// core does not take, as scipy does).

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"

namespace py = pybind11;
namespace ts = talentmatch::solver;

namespace talentmatch::python {
namespace {

template <class T>
ts::solution<ts::work_t<T>> solve_view(const py::array& cost, bool maximize, const std::optional<py::array>& row_cost,
                                       const std::optional<py::array>& col_cost) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  const ts::dense_options opt{maximize};
  if (!row_cost && !col_cost) {
    if (!worth_releasing_gil(view.rows, view.cols)) return ts::solve_dense(view, opt);
    // Pure C++ on memory the caller's array owns (kept alive by `cost` for the whole call): release the GIL so
    // that other Python threads run while we solve.
    py::gil_scoped_release release;
    return ts::solve_dense(view, opt);
  }
  const ts::unassigned_costs<W> un{vector_of<W>(row_cost, "unassigned costs"),
                                   vector_of<W>(col_cost, "unassigned costs")};
  py::gil_scoped_release release;
  return ts::solve_dense(view, un, opt);
}

// maximize as Python's bool() reads it (numpy.bool_, 0/1, ...), the wrapper's bool(maximize) without its call.
inline bool truth(py::handle x) {
  const int t = PyObject_IsTrue(x.ptr());
  if (t < 0) throw py::error_already_set();
  return t != 0;
}

// Whether the integer matrix `a` is solved exactly in int64: the rule of talentmatch/_convert.py's
// _exact_or_float (magnitude at most cost_magnitude_limit at k = min(n, m)), which converts it to float64 otherwise.
template <class T>
bool int_matrix_exact(const py::array& a) {
  const ts::matrix_view<T> view = view_of<T>(a);
  if (view.rows == 0 || view.cols == 0) return true;
  std::uint64_t mag = 0;  // |INT64_MIN| fits
  for (std::ptrdiff_t i = 0; i < view.rows; ++i) {
    for (std::ptrdiff_t j = 0; j < view.cols; ++j) {
      const auto x = static_cast<std::int64_t>(view(i, j));
      const std::uint64_t ax = x < 0 ? std::uint64_t(0) - static_cast<std::uint64_t>(x) : static_cast<std::uint64_t>(x);
      mag = std::max(mag, ax);
    }
  }
  // An integer is above the limit exactly when it is above the limit's floor, which a uint64 holds exactly.
  const double limit = ts::cost_magnitude_limit<std::int64_t>(std::min(view.rows, view.cols));
  return limit >= 18446744073709551616.0 || mag <= static_cast<std::uint64_t>(std::floor(limit));
}

// Whether the core reads `cost` as it is, with no conversion the Python layer would make (native_kind), integers
// within exact arithmetic.
inline bool read_as_is(py::handle cost) {
  const char kind = native_kind(cost, 2);
  if (kind != 'i') return kind == 'f';
  const auto a = py::reinterpret_borrow<py::array>(cost);
  return a.itemsize() == 8 ? int_matrix_exact<std::int64_t>(a) : int_matrix_exact<std::int32_t>(a);
}

// The matched pairs as scipy's linear_sum_assignment returns them: int64 arrays, rows ascending, writeable (as
// scipy's are), built here so that a small solve creates two arrays and nothing else.
template <class W>
py::tuple pairs_of(const ts::solution<W>& s) {
  py::ssize_t k = 0;
  for (const std::ptrdiff_t j : s.col4row) k += j >= 0 ? 1 : 0;
  py::array_t<std::int64_t> rows(k), cols(k);
  std::int64_t* r = rows.mutable_data();
  std::int64_t* c = cols.mutable_data();
  for (std::size_t i = 0; i < s.col4row.size(); ++i) {
    if (s.col4row[i] < 0) continue;
    *r++ = static_cast<std::int64_t>(i);
    *c++ = static_cast<std::int64_t>(s.col4row[i]);
  }
  return py::make_tuple(std::move(rows), std::move(cols));
}

template <class T>
ts::certificate certificate_typed(const py::array& cost, const py::array& col4row, const py::array& row4col,
                                  const py::array& u, const py::array& v, py::object objective, bool maximize,
                                  const std::optional<py::array>& row_cost, const std::optional<py::array>& col_cost,
                                  double rtol) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  const ts::solution<W> s = solution_of<W>(col4row, row4col, u, v, objective);
  ts::unassigned_costs<W> un{vector_of<W>(row_cost, "unassigned costs"), vector_of<W>(col_cost, "unassigned costs")};
  const bool partial = row_cost.has_value() || col_cost.has_value();
  ts::certificate cert;
  {
    py::gil_scoped_release release;
    cert = ts::check_certificate(view, s, ts::dense_options{maximize}, partial ? &un : nullptr, rtol);
  }
  return cert;
}

template <class T>
assignment resolve_typed(const py::array& cost, const py::array& col4row, const py::array& row4col, const py::array& u,
                         const py::array& v, const py::object& objective, const py::array& row_origin,
                         const py::array& col_origin, bool maximize) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  const ts::solution<W> previous = solution_of<W>(col4row, row4col, u, v, objective);
  const ts::edits changes{vector_of<std::ptrdiff_t>(row_origin, "row_origin"),
                          vector_of<std::ptrdiff_t>(col_origin, "col_origin")};
  ts::solution<W> s;
  {
    py::gil_scoped_release release;  // pure C++ on buffers the arguments keep alive
    s = ts::resolve_dense(view, previous, changes, ts::dense_options{maximize});
  }
  return assignment_of(s);
}

// The result structs every area returns; registered here, the first area module.cpp calls.
void register_results(py::module_& m) {
  py::class_<ts::certificate>(m, "CertificateReport",
                              "What a certificate check found (talentmatch.Certificate is built from it).")
      .def_readonly("ok", &ts::certificate::ok)
      .def_readonly("gap", &ts::certificate::gap)
      .def_readonly("min_reduced_cost", &ts::certificate::min_reduced_cost)
      .def_readonly("max_slackness", &ts::certificate::max_slackness)
      .def_readonly("tolerance", &ts::certificate::tolerance)
      .def_readonly("message", &ts::certificate::message);
  py::class_<assignment>(m, "Assignment",
                         "An assignment with its duals, as the dense, sparse, batch and warm-start solvers return it; "
                         "the arrays are read-only.")
      .def_readonly("col4row", &assignment::col4row)
      .def_readonly("row4col", &assignment::row4col)
      .def_readonly("u", &assignment::u)
      .def_readonly("v", &assignment::v)
      .def_readonly("objective", &assignment::objective);
  py::class_<ranked_assignment, assignment>(m, "RankedAssignment",
                                            "A k_best assignment and the Murty subproblem its duals certify: fixed and "
                                            "forbidden, (p, 2) arrays of (row, col).")
      .def_readonly("fixed", &ranked_assignment::fixed)
      .def_readonly("forbidden", &ranked_assignment::forbidden);
  py::class_<flow_assignment>(m, "FlowAssignment", "A capacitated plan with its duals; the arrays are read-only.")
      .def_readonly("rows", &flow_assignment::rows)
      .def_readonly("cols", &flow_assignment::cols)
      .def_readonly("row_degree", &flow_assignment::row_degree)
      .def_readonly("col_degree", &flow_assignment::col_degree)
      .def_readonly("u", &flow_assignment::u)
      .def_readonly("v", &flow_assignment::v)
      .def_readonly("row_group_dual", &flow_assignment::row_group_dual)
      .def_readonly("col_group_dual", &flow_assignment::col_group_dual)
      .def_readonly("row_price", &flow_assignment::row_price)
      .def_readonly("col_price", &flow_assignment::col_price)
      .def_readonly("objective", &flow_assignment::objective);
}

}  // namespace

void register_solver(py::module_& m) {
  register_results(m);
  // `cost` is any object. An array the core reads as it is (read_as_is) is solved at once; for anything else None
  // is returned, and the Python layer's checks and conversions (as_cost_matrix) hand back an array that is read as
  // it is. This spares a small solve the Python checks; the errors stay theirs.
  m.def(
      "solve_dense",
      [](py::handle cost, py::handle maximize, std::optional<py::array> row_cost,
         std::optional<py::array> col_cost) -> py::object {
        const bool mx = truth(maximize);
        if (!read_as_is(cost)) return py::none();
        const auto a = py::reinterpret_borrow<py::array>(cost);
        return dispatch_dtype(a, "cost matrix", [&](auto t) {
          return py::cast(assignment_of(solve_view<decltype(t)>(a, mx, row_cost, col_cost)));
        });
      },
      py::arg("cost"), py::arg("maximize") = false, py::arg("row_cost") = py::none(), py::arg("col_cost") = py::none(),
      "Dense rectangular assignment of a 2-D float64/float32/int64/int32 array read in place. Returns an "
      "Assignment, or None when `cost` needs the Python layer's checks and conversions first (any other object, "
      "dtype or layout, integers beyond exact arithmetic).");
  m.def(
      "_solve_dense_pairs",
      [](py::handle cost, py::handle maximize) -> py::object {
        const bool mx = truth(maximize);
        if (!read_as_is(cost)) return py::none();
        const auto a = py::reinterpret_borrow<py::array>(cost);
        return dispatch_dtype(a, "cost matrix",
                              [&](auto t) { return py::object(pairs_of(solve_view<decltype(t)>(a, mx, {}, {}))); });
      },
      py::arg("cost"), py::arg("maximize") = false,
      "solve_dense's full matching as scipy's linear_sum_assignment returns it: (row_ind, col_ind), int64, rows "
      "ascending; None as for solve_dense.");
  m.def(
      "resolve_dense",
      [](const py::array& cost, const py::array& col4row, const py::array& row4col, const py::array& u,
         const py::array& v, const py::object& objective, const py::array& row_origin, const py::array& col_origin,
         bool maximize) {
        return dispatch_dtype(cost, "cost matrix", [&](auto t) {
          return resolve_typed<decltype(t)>(cost, col4row, row4col, u, v, objective, row_origin, col_origin, maximize);
        });
      },
      py::arg("cost").noconvert(), py::arg("col4row"), py::arg("row4col"), py::arg("u"), py::arg("v"),
      py::arg("objective"), py::arg("row_origin"), py::arg("col_origin"), py::arg("maximize") = false,
      "Re-solves a full assignment after edits, warm-started from an earlier solution. Returns an Assignment.");
  m.def(
      "cost_magnitude_limit",
      [](bool integer, py::ssize_t k) {
        return integer ? ts::cost_magnitude_limit<std::int64_t>(k) : ts::cost_magnitude_limit<double>(k);
      },
      py::arg("integer"), py::arg("k"),
      "Largest cost magnitude the dense solver takes at k = min(rows, cols) (for integers: exact int64).");
  m.def(
      "check_certificate",
      [](const py::array& cost, const py::array& col4row, const py::array& row4col, const py::array& u,
         const py::array& v, py::object objective, bool maximize, std::optional<py::array> row_cost,
         std::optional<py::array> col_cost, double rtol) {
        return dispatch_dtype(cost, "cost matrix", [&](auto t) {
          return certificate_typed<decltype(t)>(cost, col4row, row4col, u, v, objective, maximize, row_cost, col_cost,
                                                rtol);
        });
      },
      py::arg("cost").noconvert(), py::arg("col4row"), py::arg("row4col"), py::arg("u"), py::arg("v"),
      py::arg("objective"), py::arg("maximize") = false, py::arg("row_cost") = py::none(),
      py::arg("col_cost") = py::none(), py::arg("rtol") = 1e-9,
      "Checks an assignment's certificate (dual feasibility, complementary slackness, equal objectives).");
}

}  // namespace talentmatch::python
