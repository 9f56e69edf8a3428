#pragma once

#include <pybind11/pybind11.h>

namespace talentmatch::python {

// One function per area of the library, each in its own register_*.cpp (as boost-histogram does).
void register_solver(pybind11::module_& m);
void register_kbest(pybind11::module_& m);
void register_sparse(pybind11::module_& m);
void register_batch(pybind11::module_& m);
void register_flow(pybind11::module_& m);
void register_model(pybind11::module_& m);
void register_io(pybind11::module_& m);
void register_plan(pybind11::module_& m);
void register_stable(pybind11::module_& m);
void register_pricing(pybind11::module_& m);

}  // namespace talentmatch::python
