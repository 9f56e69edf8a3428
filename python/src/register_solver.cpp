// Bindings of the assignment solvers. Arrays are read in place: the cost matrix reaches the solver as a pointer
// and strides, whatever numpy's memory order, and nothing is copied (the Python wrapper converts the dtypes the
// core does not take, as scipy does).

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

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
assignment solve_typed(const py::array& cost, bool maximize, const std::optional<py::array>& row_cost,
                       const std::optional<py::array>& col_cost) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  ts::unassigned_costs<W> un{vector_of<W>(row_cost, "unassigned costs"), vector_of<W>(col_cost, "unassigned costs")};
  const bool partial = row_cost.has_value() || col_cost.has_value();
  ts::solution<W> s;
  {
    // Pure C++ on memory the caller's array owns (kept alive by `cost` for the whole call): release the GIL so
    // that other Python threads run while we solve.
    py::gil_scoped_release release;
    s = partial ? ts::solve_dense(view, un, ts::dense_options{maximize})
                : ts::solve_dense(view, ts::dense_options{maximize});
  }
  return assignment_of(s);
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
  m.def(
      "solve_dense",
      [](const py::array& cost, bool maximize, std::optional<py::array> row_cost, std::optional<py::array> col_cost) {
        return dispatch_dtype(cost, "cost matrix",
                              [&](auto t) { return solve_typed<decltype(t)>(cost, maximize, row_cost, col_cost); });
      },
      py::arg("cost").noconvert(), py::arg("maximize") = false, py::arg("row_cost") = py::none(),
      py::arg("col_cost") = py::none(),
      "Dense rectangular assignment on a 2-D float64/float32/int64/int32 array read in place. Returns an "
      "Assignment.");
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
