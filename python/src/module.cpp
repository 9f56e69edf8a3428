// talentmatch._core: the compiled half of the Python package. The public classes live in Python
// (python/talentmatch/*.py) as thin wrappers, so docstrings and keyword handling change without a rebuild.

#include <pybind11/pybind11.h>

#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/version.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "talentmatch compiled core";
  m.attr("__version__") = TALENTMATCH_VERSION;

  // One library exception, mapped to ValueError; infeasibility is a subclass so callers can tell it apart.
  // pybind11 tries translators newest first, so the subclass is registered after its base.
  auto base = py::register_exception<talentmatch::error>(m, "Error", PyExc_ValueError);
  py::register_exception<talentmatch::infeasible_error>(m, "InfeasibleError", base.ptr());

  // register_solver first: it also binds the result structs (Assignment, FlowAssignment, ...) the others return, so
  // their signatures name those types.
  talentmatch::python::register_solver(m);
  talentmatch::python::register_kbest(m);
  talentmatch::python::register_sparse(m);
  talentmatch::python::register_batch(m);
  talentmatch::python::register_flow(m);
  talentmatch::python::register_model(m);
  talentmatch::python::register_io(m);
  talentmatch::python::register_plan(m);
  talentmatch::python::register_stable(m);
  talentmatch::python::register_pricing(m);
}
