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

#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"

namespace py = pybind11;
namespace ts = talentmatch::solver;

namespace talentmatch::python {
namespace {

template <class T>
ts::matrix_view<T> view_of(const py::array& a) {
  if (a.ndim() != 2) throw talentmatch::error("expected a matrix (2-D array), got " + std::to_string(a.ndim()) + "-D");
  const auto item = static_cast<py::ssize_t>(sizeof(T));
  if (a.strides(0) % item != 0 || a.strides(1) % item != 0) {
    throw talentmatch::error("cost matrix strides are not a multiple of its item size");
  }
  return {static_cast<const T*>(a.data()), a.shape(0), a.shape(1), a.strides(0) / item, a.strides(1) / item};
}

template <class W>
std::vector<W> vector_of(const std::optional<py::array>& a) {
  std::vector<W> out;
  if (!a) return out;
  auto c = py::array_t<W, py::array::c_style | py::array::forcecast>::ensure(*a);
  if (!c || c.ndim() != 1) throw talentmatch::error("unassigned costs must be 1-D arrays");
  out.assign(c.data(), c.data() + c.size());
  return out;
}

template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  // Hand the vector's buffer to numpy without copying it.
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(heap->size())}, {static_cast<py::ssize_t>(sizeof(T))}, heap->data(),
                        owner);
}

py::array_t<std::int64_t> to_index_array(std::vector<std::ptrdiff_t>&& v) {
  static_assert(sizeof(std::ptrdiff_t) == sizeof(std::int64_t), "64-bit platforms only");
  std::vector<std::int64_t> w(v.begin(), v.end());
  return to_numpy(std::move(w));
}

template <class T>
py::tuple solve_typed(const py::array& cost, bool maximize, const std::optional<py::array>& row_cost,
                      const std::optional<py::array>& col_cost) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  ts::unassigned_costs<W> un{vector_of<W>(row_cost), vector_of<W>(col_cost)};
  const bool partial = row_cost.has_value() || col_cost.has_value();
  ts::solution<W> s;
  {
    // Pure C++ on memory the caller's array owns (kept alive by `cost` for the whole call): release the GIL so
    // that other Python threads run while we solve.
    py::gil_scoped_release release;
    s = partial ? ts::solve_dense(view, un, ts::dense_options{maximize})
                : ts::solve_dense(view, ts::dense_options{maximize});
  }
  const W objective = s.objective;
  return py::make_tuple(to_index_array(std::move(s.col4row)), to_index_array(std::move(s.row4col)),
                        to_numpy(std::move(s.u)), to_numpy(std::move(s.v)), objective);
}

template <class T>
py::dict certificate_typed(const py::array& cost, const py::array& col4row, const py::array& row4col,
                           const py::array& u, const py::array& v, py::object objective, bool maximize,
                           const std::optional<py::array>& row_cost, const std::optional<py::array>& col_cost,
                           double rtol) {
  using W = ts::work_t<T>;
  const ts::matrix_view<T> view = view_of<T>(cost);
  ts::solution<W> s;
  auto idx = [](const py::array& a) {
    auto c = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
    if (!c || c.ndim() != 1) throw talentmatch::error("assignment arrays must be 1-D");
    return std::vector<std::ptrdiff_t>(c.data(), c.data() + c.size());
  };
  s.col4row = idx(col4row);
  s.row4col = idx(row4col);
  s.u = vector_of<W>(u);
  s.v = vector_of<W>(v);
  s.objective = objective.cast<W>();
  ts::unassigned_costs<W> un{vector_of<W>(row_cost), vector_of<W>(col_cost)};
  const bool partial = row_cost.has_value() || col_cost.has_value();
  ts::certificate cert;
  {
    py::gil_scoped_release release;
    cert = ts::check_certificate(view, s, ts::dense_options{maximize}, partial ? &un : nullptr, rtol);
  }
  py::dict d;
  d["ok"] = cert.ok;
  d["gap"] = cert.gap;
  d["min_reduced_cost"] = cert.min_reduced_cost;
  d["max_slackness"] = cert.max_slackness;
  d["tolerance"] = cert.tolerance;
  d["message"] = cert.message;
  return d;
}

// Calls F<T> for the array's dtype; the Python layer has already converted anything else.
template <template <class> class F, class... Args>
auto dispatch(const py::array& cost, Args&&... args) {
  const py::dtype dt = cost.dtype();
  const char kind = dt.kind();
  const auto size = dt.itemsize();
  if (kind == 'f' && size == 8) return F<double>::call(cost, std::forward<Args>(args)...);
  if (kind == 'f' && size == 4) return F<float>::call(cost, std::forward<Args>(args)...);
  if (kind == 'i' && size == 8) return F<std::int64_t>::call(cost, std::forward<Args>(args)...);
  if (kind == 'i' && size == 4) return F<std::int32_t>::call(cost, std::forward<Args>(args)...);
  throw talentmatch::error("cost matrix dtype " + std::string(py::str(dt)) +
                           " is not one of float64, float32, int64, int32");
}

template <class T>
struct solve_fn {
  template <class... A>
  static py::tuple call(const py::array& cost, A&&... a) {
    return solve_typed<T>(cost, std::forward<A>(a)...);
  }
};

template <class T>
struct certificate_fn {
  template <class... A>
  static py::dict call(const py::array& cost, A&&... a) {
    return certificate_typed<T>(cost, std::forward<A>(a)...);
  }
};

}  // namespace

void register_solver(py::module_& m) {
  m.def(
      "solve_dense",
      [](const py::array& cost, bool maximize, std::optional<py::array> row_cost, std::optional<py::array> col_cost) {
        return dispatch<solve_fn>(cost, maximize, row_cost, col_cost);
      },
      py::arg("cost").noconvert(), py::arg("maximize") = false, py::arg("row_cost") = py::none(),
      py::arg("col_cost") = py::none(),
      "Dense rectangular assignment on a 2-D float64/float32/int64/int32 array read in place. Returns "
      "(col4row, row4col, u, v, objective).");
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
        return dispatch<certificate_fn>(cost, col4row, row4col, u, v, std::move(objective), maximize, row_cost,
                                        col_cost, rtol);
      },
      py::arg("cost").noconvert(), py::arg("col4row"), py::arg("row4col"), py::arg("u"), py::arg("v"),
      py::arg("objective"), py::arg("maximize") = false, py::arg("row_cost") = py::none(),
      py::arg("col_cost") = py::none(), py::arg("rtol") = 1e-9,
      "Checks an assignment's certificate (dual feasibility, complementary slackness, equal objectives).");
}

}  // namespace talentmatch::python
