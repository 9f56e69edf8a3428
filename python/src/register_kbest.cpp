// Bindings of the k-best assignments (Murty with the Miller-Stone-Cox improvements, solver/kbest.hpp). The cost
// matrix is read in place, as by register_solver.cpp; each solution comes back with the Murty subproblem its duals
// certify (fixed and forbidden pairs), and check_kbest_certificate checks it against that subproblem.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/kbest.hpp"

namespace py = pybind11;
namespace ts = talentmatch::solver;

namespace talentmatch::python {
namespace {

using pair_list = std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>;

// (p, 2) int64 array of (row, col) pairs, read-only like the other result arrays (common.hpp).
py::array_t<std::int64_t> to_pair_array(const pair_list& p) {
  py::array_t<std::int64_t> out({static_cast<py::ssize_t>(p.size()), py::ssize_t{2}});
  auto w = out.mutable_unchecked<2>();
  for (std::size_t t = 0; t < p.size(); ++t) {
    w(t, 0) = p[t].first;
    w(t, 1) = p[t].second;
  }
  py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return out;
}

pair_list from_pair_array(const py::object& a, const char* what) {
  pair_list out;
  if (a.is_none()) return out;
  auto c = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  const bool pairs = c && ((c.ndim() == 2 && c.shape(1) == 2) || (c.ndim() == 1 && c.size() == 0));
  if (!pairs) {
    throw talentmatch::error(std::string(what) + " must be a (p, 2) array of (row, col) pairs");
  }
  const std::int64_t* d = c.data();
  for (py::ssize_t t = 0; t + 1 < c.size(); t += 2) out.emplace_back(d[t], d[t + 1]);
  return out;
}

template <class T>
std::vector<ranked_assignment> k_best_typed(const py::array& cost, std::size_t k, bool maximize) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  std::vector<ts::ranked_solution<W>> sols;
  {
    // Pure C++ on memory the caller's array owns (kept alive by `cost` for the whole call).
    py::gil_scoped_release release;
    sols = ts::k_best(view, k, ts::dense_options{maximize});
  }
  std::vector<ranked_assignment> out;
  out.reserve(sols.size());
  for (const auto& s : sols) {
    out.push_back(ranked_assignment{assignment_of(s), to_pair_array(s.fixed), to_pair_array(s.forbidden)});
  }
  return out;
}

template <class T>
ts::certificate certificate_typed(const py::array& cost, const py::array& col4row, const py::array& row4col,
                                  const py::array& u, const py::array& v, const py::object& objective, bool maximize,
                                  const py::object& fixed, const py::object& forbidden, double rtol) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  ts::ranked_solution<W> s;
  static_cast<ts::solution<W>&>(s) = solution_of<W>(col4row, row4col, u, v, objective);
  s.fixed = from_pair_array(fixed, "fixed");
  s.forbidden = from_pair_array(forbidden, "forbidden");
  ts::certificate cert;
  {
    py::gil_scoped_release release;
    cert = ts::check_certificate(view, s, ts::dense_options{maximize}, rtol);
  }
  return cert;
}

}  // namespace

void register_kbest(py::module_& m) {
  m.def(
      "k_best",
      [](const py::array& cost, std::size_t k, bool maximize) {
        return dispatch_dtype(cost, "cost matrix",
                              [&](auto t) { return k_best_typed<decltype(t)>(cost, k, maximize); });
      },
      py::arg("cost").noconvert(), py::arg("k"), py::arg("maximize") = false,
      "The k best distinct full assignments, best first (Murty with the Miller-Stone-Cox improvements). Returns a "
      "list of RankedAssignment; fixed and forbidden are (p, 2) arrays of the pairs that define the Murty "
      "subproblem the duals certify (both empty for the first solution).");
  m.def(
      "k_best_cost_magnitude_limit",
      [](bool integer, py::ssize_t rows, py::ssize_t cols) {
        return integer ? ts::k_best_cost_magnitude_limit<std::int64_t>(rows, cols)
                       : ts::k_best_cost_magnitude_limit<double>(rows, cols);
      },
      py::arg("integer"), py::arg("rows"), py::arg("cols"),
      "Largest cost magnitude k_best takes for a rows x cols matrix (for integers: exact int64 with forbidden pairs).");
  m.def(
      "check_kbest_certificate",
      [](const py::array& cost, const py::array& col4row, const py::array& row4col, const py::array& u,
         const py::array& v, const py::object& objective, bool maximize, const py::object& fixed,
         const py::object& forbidden, double rtol) {
        return dispatch_dtype(cost, "cost matrix", [&](auto t) {
          return certificate_typed<decltype(t)>(cost, col4row, row4col, u, v, objective, maximize, fixed, forbidden,
                                                rtol);
        });
      },
      py::arg("cost").noconvert(), py::arg("col4row"), py::arg("row4col"), py::arg("u"), py::arg("v"),
      py::arg("objective"), py::arg("maximize") = false, py::arg("fixed") = py::none(),
      py::arg("forbidden") = py::none(), py::arg("rtol") = 1e-9,
      "Checks a k_best solution's certificate against its Murty subproblem: cost with the forbidden pairs forbidden "
      "and the fixed pairs enforced.");
}

}  // namespace talentmatch::python
