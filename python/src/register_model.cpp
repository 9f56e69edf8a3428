// Bindings of the problem model (DESIGN.md sections 4, 7 and 9): a `Problem` holding a model::problem, read from
// JSON text by io::parse_problem, so that C++ does all parsing and validation (one implementation for the library,
// the command line and Python), and `ValidationError`, which carries every issue found with its JSON pointer.
// The public class is python/talentmatch/problem.py; DataFrames and dicts become JSON text there.

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "common.hpp"
#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/scoring/explain.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace py = pybind11;

namespace talentmatch::python {
namespace {

// Scoring results as small bound structs (read-only fields), like the solvers' results, not positional tuples.
struct score_matrices {
  py::object value, fit, feasible;
};

struct candidate_list {
  py::object expert, post, value, fit;
  std::ptrdiff_t experts = 0, posts = 0;
};

template <class Items, class Id>
std::vector<std::string> ids_of(const Items& items, Id&& id) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(id(item));
  return out;
}

// Messages quote the document, and a syntax error quotes the bytes where parsing stopped, which need not be valid
// UTF-8: decoded with backslash escapes, so that raising the error never fails itself.
py::str text_of(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "backslashreplace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::list issues_list(const std::vector<issue>& issues) {
  py::list out;
  for (const auto& i : issues) out.append(py::make_tuple(text_of(i.path), text_of(i.message)));
  return out;
}

}  // namespace

void register_model(py::module_& m) {
  // ValidationError(Error): the exception instance carries `issues`, a list of (path, message) tuples, so callers
  // can act on each problem without parsing the message. The type is kept here for the translator; storing it in a
  // gil_safe_call_once_and_store keeps it valid until interpreter shutdown (a plain static py::object would be
  // destroyed after the interpreter).
  PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> validation_error_type;
  validation_error_type.call_once_and_store_result(
      [&]() -> py::object { return py::exception<validation_error>(m, "ValidationError", m.attr("Error").ptr()); });
  // pybind11 tries translators newest first: registered after Error's, this one sees validation_error first.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const validation_error& e) {
      const py::object& type = validation_error_type.get_stored();
      py::object instance = type(text_of(e.what()));
      instance.attr("issues") = issues_list(e.issues());
      PyErr_SetObject(type.ptr(), instance.ptr());
    }
  });

  py::class_<model::problem>(m, "Problem")
      .def(py::init([](const std::string& text) {
             // Parsing and validation touch no Python object (the text is a copy): release the GIL, as large
             // documents take a while.
             py::gil_scoped_release release;
             return io::parse_problem(text);
           }),
           py::arg("text"),
           "Reads a talentmatch/1 document from JSON text; raises ValidationError listing every issue.")
      .def(
          "to_json", [](const model::problem& p, int indent) { return io::dump_problem(p, indent); },
          py::arg("indent") = 2, "The document as JSON text (optional fields only where present).")
      .def(
          "validate",
          [](const model::problem& p) {
            std::vector<std::pair<std::string, std::string>> out;
            for (auto& i : model::validate(p)) out.emplace_back(std::move(i.path), std::move(i.message));
            return out;
          },
          "Every issue model::validate finds, as (path, message); empty for a problem that loaded.")
      .def_property_readonly(
          "expert_ids", [](const model::problem& p) { return ids_of(p.experts, [](const auto& e) { return e.id; }); })
      .def_property_readonly(
          "post_ids", [](const model::problem& p) { return ids_of(p.posts, [](const auto& q) { return q.id; }); })
      .def_property_readonly(
          "skill_ids", [](const model::problem& p) { return ids_of(p.skills, [](const auto& s) { return s.id; }); })
      .def_property_readonly("staff_ids",
                             [](const model::problem& p) {
                               return p.staff ? ids_of(*p.staff, [](const auto& s) { return s.id; })
                                              : std::vector<std::string>{};
                             })
      .def_property_readonly("host_ids", [](const model::problem& p) {
        return p.hosts ? ids_of(*p.hosts, [](const auto& h) { return h.id; }) : std::vector<std::string>{};
      });

  // Scoring (include/talentmatch/scoring/): the same C++ the command line and C++ users call. Matrices come back
  // as numpy arrays that own the Eigen result (moved, not copied); the GIL is released while scoring, which reads
  // only the C++ problem.
  py::class_<score_matrices>(m, "ScoreMatrices", "Dense scores of a problem: value, fit, feasible (experts x posts).")
      .def_readonly("value", &score_matrices::value)
      .def_readonly("fit", &score_matrices::fit)
      .def_readonly("feasible", &score_matrices::feasible);
  py::class_<candidate_list>(m, "CandidateList",
                             "Candidate pairs of a problem: expert, post, value, fit; experts x posts in all.")
      .def_readonly("expert", &candidate_list::expert)
      .def_readonly("post", &candidate_list::post)
      .def_readonly("value", &candidate_list::value)
      .def_readonly("fit", &candidate_list::fit)
      .def_readonly("experts", &candidate_list::experts)
      .def_readonly("posts", &candidate_list::posts);
  m.def(
      "score",
      [](const model::problem& p) {
        scoring::scores s;
        {
          py::gil_scoped_release release;
          s = scoring::score(p, /*validate=*/false);  // validated when it was read, immutable since
        }
        return score_matrices{py::cast(std::move(s.value)), py::cast(std::move(s.fit)),
                              py::cast(std::move(s.feasible))};
      },
      py::arg("problem"), "Dense scores (ScoreMatrices: value, fit, feasible), experts x posts, row-major.");
  m.def(
      "score_candidates",
      [](const model::problem& p) {
        scoring::candidates c;
        {
          py::gil_scoped_release release;
          c = scoring::score_candidates(p, /*validate=*/false);
        }
        return candidate_list{to_numpy<std::int64_t>(c.expert),
                              to_numpy<std::int64_t>(c.post),
                              to_numpy<double>(c.value),
                              to_numpy<double>(c.fit),
                              c.experts,
                              c.posts};
      },
      py::arg("problem"),
      "Candidate pairs only (CandidateList: expert, post, value, fit, experts, posts), by expert then post.");
  m.def(
      "explain",
      [](const model::problem& p, const std::string& expert, const std::string& post) {
        const scoring::explanation e = scoring::explain(p, expert, post);
        py::list reqs;
        for (const auto& r : e.requirements) {
          py::dict d;
          d["skill"] = r.skill;
          d["importance"] = r.importance;
          d["min_level"] = r.min_level;
          d["essential"] = r.essential;
          d["level"] = r.level;
          d["own_level"] = r.own_level;
          d["transferred_from"] = r.transferred_from.empty() ? py::object(py::none()) : py::str(r.transferred_from);
          d["status"] = scoring::to_string(r.status);
          d["gap"] = r.gap;
          d["weight_share"] = r.weight_share;
          d["contribution"] = r.contribution;
          reqs.append(d);
        }
        py::dict out;
        out["expert"] = e.expert;
        out["post"] = e.post;
        out["fit"] = e.fit;
        out["value"] = e.value;
        out["priority"] = e.priority;
        out["bonus"] = e.bonus;
        out["feasible"] = e.feasible;
        out["requirements"] = reqs;
        out["rules"] = e.rules;
        return out;
      },
      py::arg("problem"), py::arg("expert"), py::arg("post"),
      "Why a pair scores as it does: each requirement's status, weight and share of the fit, and the rules.");
}

}  // namespace talentmatch::python
