#pragma once

// Helpers shared by the register_*.cpp files: array views in place, conversions of results, the dtype dispatch.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/csr_view.hpp"
#include "talentmatch/solver/matrix_view.hpp"

namespace talentmatch::python {

namespace py = pybind11;

// A 2-D numpy array as the solvers read it: pointer and strides in elements, no copy.
template <class T>
solver::matrix_view<T> view_of(const py::array& a) {
  if (a.ndim() != 2) throw talentmatch::error("expected a matrix (2-D array), got " + std::to_string(a.ndim()) + "-D");
  const auto item = static_cast<py::ssize_t>(sizeof(T));
  if (a.strides(0) % item != 0 || a.strides(1) % item != 0) {
    throw talentmatch::error("cost matrix strides are not a multiple of its item size");
  }
  return {static_cast<const T*>(a.data()), a.shape(0), a.shape(1), a.strides(0) / item, a.strides(1) / item};
}

// The dtype kind of `obj` ('f' or 'i') when it is an array the core can read exactly as it is, 0 otherwise: an exact
// numpy.ndarray (subclasses such as np.matrix take the Python path) with `ndim` dimensions, float64, float32, int64
// or int32 (told by kind and item size, as dispatch_dtype tells them), aligned, in native byte order, with strides
// in whole elements. These are the conditions talentmatch/_convert.py's as_cost_matrix checks before it hands an
// array over unconverted; they read the array's header only, with no Python call, so a small solve pays nanoseconds
// for them instead of the Python checks' microseconds. (An integer matrix is read as it is only within the exact
// range: see int_matrix_exact.)
inline char native_kind(py::handle obj, int ndim) {
  namespace pd = py::detail;
  if (Py_TYPE(obj.ptr()) != pd::npy_api::get().PyArray_Type_) return 0;
  const auto* a = pd::array_proxy(obj.ptr());
  if (a->nd != ndim || !(a->flags & pd::npy_api::NPY_ARRAY_ALIGNED_)) return 0;
  const auto dt = py::reinterpret_borrow<py::dtype>(a->descr);
  // numpy writes '=' (or '|') for a native descriptor; only the machine's other order is swapped.
  if (dt.byteorder() == (PY_BIG_ENDIAN ? '<' : '>')) return 0;
  const char kind = dt.kind();
  const py::ssize_t item = dt.itemsize();
  if ((kind != 'f' && kind != 'i') || (item != 8 && item != 4)) return 0;
  for (int k = 0; k < ndim; ++k) {
    if (a->strides[k] % item != 0) return 0;
  }
  return kind;
}

// Whether a solve of an n x m matrix releases the GIL: below this many entries the solve takes a few microseconds,
// and releasing and taking back the GIL (two mutex operations, a thread state swap) costs a noticeable part of it
// for no benefit; above, other Python threads run while we solve.
inline bool worth_releasing_gil(py::ssize_t n, py::ssize_t m) { return n * m >= 1024; }

// The CSR arrays of a sparse matrix as the solvers read them, in place: indptr and indices as contiguous int64 (the
// Python layer, talentmatch/_convert.py's Csr, widens int32 indices first), data contiguous in a type the core reads.
// Only the shapes are checked here; the core validates the contents (detail/csr_graph.hpp).
inline const std::int64_t* csr_index_data(const py::array& a, const char* name) {
  if (a.ndim() != 1) throw talentmatch::error(std::string("CSR ") + name + " must be a 1-D array");
  if (a.dtype().kind() != 'i' || a.itemsize() != 8 || !(a.flags() & py::array::c_style)) {
    throw talentmatch::error(std::string("CSR ") + name + " must be a contiguous int64 array");
  }
  return static_cast<const std::int64_t*>(a.data());
}

template <class T>
solver::csr_view<T> csr_of(py::ssize_t n, py::ssize_t m, const py::array& indptr, const py::array& indices,
                           const py::array& data) {
  if (indptr.ndim() != 1 || indptr.shape(0) != n + 1) {
    throw talentmatch::error("CSR indptr has length " + std::to_string(indptr.ndim() == 1 ? indptr.shape(0) : -1) +
                             ", expected rows + 1 = " + std::to_string(n + 1));
  }
  if (data.ndim() != 1 || !(data.flags() & py::array::c_style)) {
    throw talentmatch::error("CSR data must be a contiguous 1-D array");
  }
  if (indices.ndim() != 1 || indices.shape(0) != data.shape(0)) {
    throw talentmatch::error("CSR indices and data have different lengths");
  }
  return {n,
          m,
          csr_index_data(indptr, "indptr"),
          csr_index_data(indices, "indices"),
          static_cast<const T*>(data.data()),
          data.shape(0)};
}

// A 1-D array (unassigned costs, potentials) as a vector of the working type.
template <class W>
std::vector<W> vector_of(const py::array& a, const char* what) {
  auto c = py::array_t<W, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!c || c.ndim() != 1) throw talentmatch::error(std::string(what) + " must be 1-D arrays");
  return std::vector<W>(c.data(), c.data() + c.size());
}

template <class W>
std::vector<W> vector_of(const std::optional<py::array>& a, const char* what) {
  return a ? vector_of<W>(*a, what) : std::vector<W>{};
}

// Results are copied into arrays numpy owns (O(n), negligible next to a solve): an array whose base is a capsule
// cannot be re-flagged writeable, which scipy's fancy indexing (a[rows, cols]) attempts.
template <class T, class S>
py::array_t<T> to_numpy(const std::vector<S>& v) {
  py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
  T* p = out.mutable_data();
  for (std::size_t k = 0; k < v.size(); ++k) p[k] = static_cast<T>(v[k]);
  return out;
}

// The same, flagged read-only: a solution's arrays are the evidence its certificate and a warm start read back, so an
// accidental `sol.u[0] += 1` must fail loudly instead of corrupting them. numpy still owns the data, so a caller who
// means it can setflags(write=True). The flag is cleared through pybind11's array proxy (what py::array itself does
// for a read-only base) rather than calling setflags, a Python call per array.
template <class T, class S>
py::array_t<T> read_only(const std::vector<S>& v) {
  py::array_t<T> out = to_numpy<T>(v);
  py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return out;
}

// Results handed to Python: small structs bound with read-only fields (register_results), not positional tuples,
// so a field is read by name and the Python layer cannot take one for another.
struct assignment {
  py::array col4row, row4col, u, v;
  py::object objective;
};

// A k_best solution: the Murty subproblem its duals certify, as (p, 2) arrays of (row, col).
struct ranked_assignment : assignment {
  py::array fixed, forbidden;
};

struct flow_assignment {
  py::array rows, cols, row_degree, col_degree, u, v, row_group_dual, col_group_dual;
  py::object row_price, col_price, objective;
};

template <class W>
assignment assignment_of(const solver::solution<W>& s) {
  return {read_only<std::int64_t>(s.col4row), read_only<std::int64_t>(s.row4col), read_only<W>(s.u), read_only<W>(s.v),
          py::cast(s.objective)};
}

// A solution handed back from Python (for a certificate check): assignment arrays, potentials, objective.
template <class W>
solver::solution<W> solution_of(const py::array& col4row, const py::array& row4col, const py::array& u,
                                const py::array& v, const py::object& objective) {
  auto idx = [](const py::array& a) {
    auto c = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
    if (!c || c.ndim() != 1) throw talentmatch::error("assignment arrays must be 1-D");
    return std::vector<std::ptrdiff_t>(c.data(), c.data() + c.size());
  };
  solver::solution<W> s;
  s.col4row = idx(col4row);
  s.row4col = idx(row4col);
  s.u = vector_of<W>(u, "potentials");
  s.v = vector_of<W>(v, "potentials");
  s.objective = objective.cast<W>();
  return s;
}

// Calls f(T{}) with T the array's dtype; the Python layer has already converted anything the core does not read.
template <class F>
auto dispatch_dtype(const py::array& a, const char* what, F&& f) {
  const py::dtype dt = a.dtype();
  const char kind = dt.kind();
  const auto size = dt.itemsize();
  if (kind == 'f' && size == 8) return f(double{});
  if (kind == 'f' && size == 4) return f(float{});
  if (kind == 'i' && size == 8) return f(std::int64_t{});
  if (kind == 'i' && size == 4) return f(std::int32_t{});
  throw talentmatch::error(std::string(what) + " dtype " + std::string(py::str(dt)) +
                           " is not one of float64, float32, int64, int32");
}

}  // namespace talentmatch::python
