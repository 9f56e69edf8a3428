// Bindings of the stable matchings of a hospital-resident instance (plan/stable.hpp) on index lists: the ids, the
// dictionaries and their checks live in python/talentmatch/stable.py. The work is linear in the lists' length, less
// than converting them, so the GIL stays held.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "register.hpp"
#include "talentmatch/plan/stable.hpp"

namespace py = pybind11;
namespace st = talentmatch::plan::stable;

namespace talentmatch::python {

void register_stable(py::module_& m) {
  using lists = std::vector<std::vector<std::ptrdiff_t>>;
  using list = std::vector<std::ptrdiff_t>;
  m.def(
      "stable_deferred_acceptance",
      [](lists resident_prefs, lists hospital_prefs, list capacities, bool resident_optimal) {
        return st::deferred_acceptance(
            st::instance{std::move(resident_prefs), std::move(hospital_prefs), std::move(capacities)},
            resident_optimal);
      },
      py::arg("resident_prefs"), py::arg("hospital_prefs"), py::arg("capacities"), py::arg("resident_optimal") = true,
      "Deferred acceptance on a hospital-resident instance by indices: residents propose (the resident-optimal "
      "stable matching) or hospitals do (the hospital-optimal one). Returns per resident its hospital or -1.");
  m.def(
      "stable_blocking_pairs",
      [](lists resident_prefs, lists hospital_prefs, list capacities, const list& hospital_of) {
        return st::blocking_pairs(
            st::instance{std::move(resident_prefs), std::move(hospital_prefs), std::move(capacities)}, hospital_of);
      },
      py::arg("resident_prefs"), py::arg("hospital_prefs"), py::arg("capacities"), py::arg("hospital_of"),
      "The (resident, hospital) pairs that block a matching given per resident as its hospital or -1, sorted.");
}

}  // namespace talentmatch::python
