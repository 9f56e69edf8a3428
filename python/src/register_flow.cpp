// Bindings of the capacitated solver (solve_flow) and its certificate check, on a dense matrix (read in place) and on
// the CSR arrays of a sparse one (read in place too: no dense array is ever made). Capacities, minimums and quotas
// arrive as int64 arrays and lists of (members, min, max) prepared by python/talentmatch/flow.py.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/flow.hpp"

namespace py = pybind11;
namespace ts = talentmatch::solver;

namespace talentmatch::python {
namespace {

using quota_tuple = std::tuple<py::array, std::int64_t, std::int64_t>;

struct flow_args {
  bool maximize;
  std::optional<py::array> row_capacity, col_capacity, row_min, col_min;
  std::vector<quota_tuple> row_groups, col_groups;
  std::optional<py::array> row_cost, col_cost;
};

// A plan handed back from Python for a certificate check (the fields of a FlowAssignment).
struct flow_evidence {
  py::array rows, cols, u, v, row_group_dual, col_group_dual;
  py::object row_price, col_price, objective;
};

template <class W>
ts::flow_options<W> options_of(const flow_args& a) {
  ts::flow_options<W> o;
  o.maximize = a.maximize;
  o.row_capacity = vector_of<std::ptrdiff_t>(a.row_capacity, "row_capacity");
  o.col_capacity = vector_of<std::ptrdiff_t>(a.col_capacity, "col_capacity");
  o.row_min = vector_of<std::ptrdiff_t>(a.row_min, "row_min");
  o.col_min = vector_of<std::ptrdiff_t>(a.col_min, "col_min");
  auto quotas = [](const std::vector<quota_tuple>& in) {
    std::vector<ts::quota> out;
    for (const auto& [members, lo, hi] : in) {
      out.push_back(ts::quota{vector_of<std::ptrdiff_t>(members, "group members"), lo, hi});
    }
    return out;
  };
  o.row_groups = quotas(a.row_groups);
  o.col_groups = quotas(a.col_groups);
  if (a.row_cost || a.col_cost) {
    o.unassigned = ts::unassigned_costs<W>{vector_of<W>(a.row_cost, "unassigned costs"),
                                           vector_of<W>(a.col_cost, "unassigned costs")};
  }
  return o;
}

// View: ts::matrix_view<T> or ts::csr_view<T>; the same overload set of the core serves both.
template <class W, class View>
flow_assignment solve_on(const View& view, const flow_args& a) {
  const ts::flow_options<W> opt = options_of<W>(a);
  ts::flow_solution<W> s;
  {
    py::gil_scoped_release release;  // pure C++ on buffers the arguments keep alive
    s = ts::solve_flow(view, opt);
  }
  return {read_only<std::int64_t>(s.rows),
          read_only<std::int64_t>(s.cols),
          read_only<std::int64_t>(s.row_degree),
          read_only<std::int64_t>(s.col_degree),
          read_only<W>(s.u),
          read_only<W>(s.v),
          read_only<W>(s.row_group_dual),
          read_only<W>(s.col_group_dual),
          py::cast(s.row_price),
          py::cast(s.col_price),
          py::cast(s.objective)};
}

template <class W, class View>
ts::certificate certificate_on(const View& view, const flow_args& a, const flow_evidence& e, double rtol) {
  const ts::flow_options<W> opt = options_of<W>(a);
  ts::flow_solution<W> s;
  s.rows = vector_of<std::ptrdiff_t>(e.rows, "rows");
  s.cols = vector_of<std::ptrdiff_t>(e.cols, "cols");
  s.u = vector_of<W>(e.u, "potentials");
  s.v = vector_of<W>(e.v, "potentials");
  s.row_group_dual = vector_of<W>(e.row_group_dual, "group duals");
  s.col_group_dual = vector_of<W>(e.col_group_dual, "group duals");
  s.row_price = e.row_price.cast<W>();
  s.col_price = e.col_price.cast<W>();
  s.objective = e.objective.cast<W>();
  ts::certificate cert;
  {
    py::gil_scoped_release release;
    cert = ts::check_certificate(view, s, opt, rtol);
  }
  return cert;
}

// The CSR arrays, kept alive (and so the memory the view reads) for the whole call.
struct csr_args {
  py::ssize_t n, m;
  py::array indptr, indices, data;

  template <class T>
  ts::csr_view<T> view() const {
    return csr_of<T>(n, m, indptr, indices, data);
  }
};

}  // namespace

void register_flow(py::module_& m) {
  m.def(
      "solve_flow",
      [](const py::array& cost, bool maximize, std::optional<py::array> row_capacity,
         std::optional<py::array> col_capacity, std::optional<py::array> row_min, std::optional<py::array> col_min,
         std::vector<quota_tuple> row_groups, std::vector<quota_tuple> col_groups, std::optional<py::array> row_cost,
         std::optional<py::array> col_cost) {
        const flow_args a{maximize,   row_capacity, col_capacity,        row_min, col_min,
                          row_groups, col_groups,   std::move(row_cost), col_cost};
        return dispatch_dtype(cost, "cost matrix", [&](auto t) {
          using T = decltype(t);
          return solve_on<ts::work_t<T>>(view_of<T>(cost), a);
        });
      },
      py::arg("cost").noconvert(), py::arg("maximize") = false, py::arg("row_capacity") = py::none(),
      py::arg("col_capacity") = py::none(), py::arg("row_min") = py::none(), py::arg("col_min") = py::none(),
      py::arg("row_groups") = std::vector<quota_tuple>{}, py::arg("col_groups") = std::vector<quota_tuple>{},
      py::arg("row_cost") = py::none(), py::arg("col_cost") = py::none(),
      "Capacitated assignment with minimums, nested quotas and optional unassigned costs. Returns a "
      "FlowAssignment.");
  m.def(
      "check_flow_certificate",
      [](const py::array& cost, bool maximize, std::optional<py::array> row_capacity,
         std::optional<py::array> col_capacity, std::optional<py::array> row_min, std::optional<py::array> col_min,
         std::vector<quota_tuple> row_groups, std::vector<quota_tuple> col_groups, std::optional<py::array> row_cost,
         std::optional<py::array> col_cost, py::array rows, py::array cols, py::array u, py::array v,
         py::array row_group_dual, py::array col_group_dual, py::object row_price, py::object col_price,
         py::object objective, double rtol) {
        const flow_args a{maximize,   row_capacity, col_capacity,        row_min, col_min,
                          row_groups, col_groups,   std::move(row_cost), col_cost};
        const flow_evidence e{std::move(rows),      std::move(cols),           std::move(u),
                              std::move(v),         std::move(row_group_dual), std::move(col_group_dual),
                              std::move(row_price), std::move(col_price),      std::move(objective)};
        return dispatch_dtype(cost, "cost matrix", [&](auto t) {
          using T = decltype(t);
          return certificate_on<ts::work_t<T>>(view_of<T>(cost), a, e, rtol);
        });
      },
      py::arg("cost").noconvert(), py::arg("maximize"), py::arg("row_capacity"), py::arg("col_capacity"),
      py::arg("row_min"), py::arg("col_min"), py::arg("row_groups"), py::arg("col_groups"), py::arg("row_cost"),
      py::arg("col_cost"), py::arg("rows"), py::arg("cols"), py::arg("u"), py::arg("v"), py::arg("row_group_dual"),
      py::arg("col_group_dual"), py::arg("row_price"), py::arg("col_price"), py::arg("objective"),
      py::arg("rtol") = 1e-9, "Checks a capacitated solution's certificate.");
  m.def(
      "solve_flow_sparse",
      [](py::ssize_t n, py::ssize_t cols, py::array indptr, py::array indices, py::array data, bool maximize,
         std::optional<py::array> row_capacity, std::optional<py::array> col_capacity, std::optional<py::array> row_min,
         std::optional<py::array> col_min, std::vector<quota_tuple> row_groups, std::vector<quota_tuple> col_groups,
         std::optional<py::array> row_cost, std::optional<py::array> col_cost) {
        const csr_args x{n, cols, std::move(indptr), std::move(indices), std::move(data)};
        const flow_args a{maximize,   row_capacity, col_capacity,        row_min, col_min,
                          row_groups, col_groups,   std::move(row_cost), col_cost};
        return dispatch_dtype(x.data, "sparse matrix", [&](auto t) {
          using T = decltype(t);
          return solve_on<ts::work_t<T>>(x.view<T>(), a);
        });
      },
      py::arg("n"), py::arg("m"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("maximize") = false, py::arg("row_capacity") = py::none(),
      py::arg("col_capacity") = py::none(), py::arg("row_min") = py::none(), py::arg("col_min") = py::none(),
      py::arg("row_groups") = std::vector<quota_tuple>{}, py::arg("col_groups") = std::vector<quota_tuple>{},
      py::arg("row_cost") = py::none(), py::arg("col_cost") = py::none(),
      "Capacitated assignment on the stored entries of an n x m CSR matrix (int64 indptr and indices, "
      "float64/float32/int64/int32 data, read in place): missing entries are forbidden pairs. Returns a "
      "FlowAssignment.");
  m.def(
      "check_flow_certificate_sparse",
      [](py::ssize_t n, py::ssize_t cols_count, py::array indptr, py::array indices, py::array data, bool maximize,
         std::optional<py::array> row_capacity, std::optional<py::array> col_capacity, std::optional<py::array> row_min,
         std::optional<py::array> col_min, std::vector<quota_tuple> row_groups, std::vector<quota_tuple> col_groups,
         std::optional<py::array> row_cost, std::optional<py::array> col_cost, py::array rows, py::array cols,
         py::array u, py::array v, py::array row_group_dual, py::array col_group_dual, py::object row_price,
         py::object col_price, py::object objective, double rtol) {
        const csr_args x{n, cols_count, std::move(indptr), std::move(indices), std::move(data)};
        const flow_args a{maximize,   row_capacity, col_capacity,        row_min, col_min,
                          row_groups, col_groups,   std::move(row_cost), col_cost};
        const flow_evidence e{std::move(rows),      std::move(cols),           std::move(u),
                              std::move(v),         std::move(row_group_dual), std::move(col_group_dual),
                              std::move(row_price), std::move(col_price),      std::move(objective)};
        return dispatch_dtype(x.data, "sparse matrix", [&](auto t) {
          using T = decltype(t);
          return certificate_on<ts::work_t<T>>(x.view<T>(), a, e, rtol);
        });
      },
      py::arg("n"), py::arg("m"), py::arg("indptr").noconvert(), py::arg("indices").noconvert(),
      py::arg("data").noconvert(), py::arg("maximize"), py::arg("row_capacity"), py::arg("col_capacity"),
      py::arg("row_min"), py::arg("col_min"), py::arg("row_groups"), py::arg("col_groups"), py::arg("row_cost"),
      py::arg("col_cost"), py::arg("rows"), py::arg("cols"), py::arg("u"), py::arg("v"), py::arg("row_group_dual"),
      py::arg("col_group_dual"), py::arg("row_price"), py::arg("col_price"), py::arg("objective"),
      py::arg("rtol") = 1e-9,
      "Checks a capacitated solution's certificate against the stored entries of a CSR matrix (the pairs allowed).");
}

}  // namespace talentmatch::python
