// Bindings of column generation over the expert-post pairs (plan/pricing.hpp), what talentmatch.distributed calls:
// expert_slice (the part of a problem a worker scores), match_candidates (the plan on a subset of the candidate
// pairs, warm from the previous round) and pair_duals (what prices every other pair). The public module is
// python/talentmatch/distributed.py.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/plan.hpp"
#include "talentmatch/plan/pricing.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace py = pybind11;
namespace tp = talentmatch::plan;

namespace talentmatch::python {

void register_pricing(py::module_& m) {
  // Each reads only C++ objects and vectors copied from the arrays (kept alive by the arguments), so the GIL is
  // released around the work: a worker scores while another thread of its process prices.
  m.def(
      "expert_slice",
      [](const model::problem& p, std::ptrdiff_t begin, std::ptrdiff_t end) {
        py::gil_scoped_release release;
        return tp::expert_slice(p, begin, end);
      },
      py::arg("problem"), py::arg("begin"), py::arg("end"),
      "The part of a problem that scores experts [begin, end): those experts, every post, the taxonomy, the "
      "settings and their pair rules.");
  m.def(
      "match_candidates",
      [](const model::problem& p, const py::array& expert, const py::array& post, const py::array& value,
         const py::array& fit, bool fill_first, std::ptrdiff_t alternates, std::ptrdiff_t closest,
         const tp::plan* start) {
        scoring::candidates c;
        c.experts = static_cast<std::ptrdiff_t>(p.experts.size());
        c.posts = static_cast<std::ptrdiff_t>(p.posts.size());
        c.expert = vector_of<std::int64_t>(expert, "expert, post");
        c.post = vector_of<std::int64_t>(post, "expert, post");
        c.value = vector_of<double>(value, "value, fit");
        c.fit = vector_of<double>(fit, "value, fit");
        tp::match_options opt;
        opt.fill_first = fill_first;
        opt.alternates = alternates;
        opt.closest = closest;
        opt.validate = false;  // a Problem was validated when it was read
        py::gil_scoped_release release;
        return tp::match_candidates(p, c, opt, start);
      },
      py::arg("problem"), py::arg("expert"), py::arg("post"), py::arg("value"), py::arg("fit"),
      py::arg("fill_first") = false, py::arg("alternates") = 3, py::arg("closest") = 5, py::arg("start") = nullptr,
      "The plan when only the given pairs (problem indices; every require pair among them) may be used.");
  m.def(
      "required_pairs",
      [](const model::problem& p) {
        const auto r = tp::required_pairs(p);
        std::vector<std::int64_t> e, q;
        for (const auto& [a, b] : r) e.push_back(a), q.push_back(b);
        return py::make_tuple(to_numpy<std::int64_t>(e), to_numpy<std::int64_t>(q));
      },
      py::arg("problem"), "(expert, post): the positions of the document's require pairs, in rule order.");
  m.def(
      "pair_duals",
      [](const tp::plan& pl, const model::problem& p) {
        tp::pair_duals d;
        {
          py::gil_scoped_release release;
          d = tp::pair_duals_of(pl, p);
        }
        return py::make_tuple(to_numpy<double>(d.expert), to_numpy<double>(d.post), d.tolerance,
                              to_numpy<std::int64_t>(d.used_expert), to_numpy<std::int64_t>(d.used_post));
      },
      py::arg("plan"), py::arg("problem"),
      "(expert, post, tolerance, used_expert, used_post): the reduced cost of a pair (e, q) of value w is -w - "
      "expert[e] - post[q]; the plan's pairs, which may price below 0, come last.");
}

}  // namespace talentmatch::python
