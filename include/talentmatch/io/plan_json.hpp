#pragma once

// Plans as JSON (format talentmatch-plan/1, DESIGN.md section 7): what `talentmatch match --format json` writes and
// other tools read, so the keys are a contract. The only code that writes or reads plans as JSON.
//
//     const talentmatch::plan::plan p = talentmatch::plan::match(problem);
//     talentmatch::io::save_plan(p, "plan.json");                  // whole or not at all (io/file.hpp)
//     const auto old = talentmatch::io::plan_from_json(talentmatch::io::read_file("plan.json"));
//
// Writing: keys in the design's order; a blocked pair's detail fields only where its rule has them (skill, level and
// min_level for "essential", level and min_level for "months" (the available and required months), by_post and
// by_value for "outbid" and "needed", constraint for "quota" (and "needed" when a constraint's min holds it)), province
// and institution only when known, the certificate's message only when there is one, diff and switching_cost only for a
// replanned plan. Doubles stay doubles (4.0, not 4) so a reader sees one type per key. JSON has no NaN or infinity: a
// non-finite number is a bug upstream, and writing it throws talentmatch::error naming the field's JSON pointer rather
// than writing null or a bad document. The timings are not written: a plan file is the same for the same problem.
//
// Reading (plan_from_json) gives back everything written, in the written order: the assignments, the unfilled posts
// with their briefs, the unassigned experts' reasons, the alternates, the certificate, the shadow and constraint
// prices, and a replanned plan's diff and switching cost; not the timings or replan's warm state (a plan read back
// replans from nothing, to the same optimum) or the problem's indices (left at -1: a plan read back names its pairs
// by id). Keys it does not know are ignored, so a file that other tools annotated still reads; the certificate is
// read as written (it is data: a reader that needs proof solves the problem again). Every issue is collected with its
// JSON pointer and thrown as one validation_error.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/io/file.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/plan/pairing.hpp"
#include "talentmatch/plan/plan.hpp"

namespace talentmatch::io {

constexpr const char* plan_format = "talentmatch-plan/1";

namespace detail_plan_json {

using ojson = nlohmann::ordered_json;

// RFC 6901: "~" as "~0", "/" as "~1" (post ids and constraint names are keys of the written objects).
inline std::string token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

inline ojson number(double x, const std::string& path) {
  if (!std::isfinite(x)) {
    throw error("cannot write the plan as JSON: " + path + " is " + (std::isnan(x) ? "NaN" : "infinite") +
                ", and JSON has no such number");
  }
  return x;
}

// The document as text ending with a newline. 316, invalid UTF-8: the ids come from a validated document; a reason
// built from bad bytes is a bug upstream.
inline std::string dump(const ojson& doc, int indent, const char* what) {
  try {
    return doc.dump(indent) + "\n";
  } catch (const nlohmann::json::type_error& e) {
    throw error(std::string("cannot write the ") + what + " as JSON: a string is not valid UTF-8 (" + e.what() + ")");
  }
}

inline ojson assignment_json(const plan::assignment& a, const std::string& at) {
  return {{"expert", a.expert},
          {"post", a.post},
          {"value", number(a.value, at + "/value")},
          {"fit", number(a.fit, at + "/fit")},
          {"department", a.department},
          {"unit", a.unit},
          {"required", a.required},
          {"reason", a.reason}};
}

inline ojson assignments_json(const std::vector<plan::assignment>& as, const std::string& at) {
  ojson out = ojson::array();
  for (std::size_t k = 0; k < as.size(); ++k) out.push_back(assignment_json(as[k], at + "/" + std::to_string(k)));
  return out;
}

inline ojson blocked_json(const plan::blocked_pair& b, const std::string& at) {
  ojson o = {{"expert", b.expert},
             {"fit", number(b.fit, at + "/fit")},
             {"value", number(b.value, at + "/value")},
             {"feasible", b.feasible},
             {"rule", b.rule},
             {"blocked_by", b.blocked_by}};
  if (b.has_skill()) o["skill"] = b.skill;
  if (b.has_levels()) {
    o["level"] = number(b.level, at + "/level");
    o["min_level"] = number(b.min_level, at + "/min_level");
  }
  if (b.has_by_post()) {
    o["by_post"] = b.by_post;
    o["by_value"] = number(b.by_value, at + "/by_value");
  }
  if (b.has_constraint()) o["constraint"] = b.constraint;
  if (!b.province.empty()) o["province"] = b.province;
  if (!b.institution.empty()) o["institution"] = b.institution;
  return o;
}

inline ojson unfilled_json(const plan::unfilled_post& u, const std::string& at) {
  ojson missing = ojson::array();
  for (std::size_t k = 0; k < u.missing.size(); ++k) {
    const plan::missing_skill& s = u.missing[k];
    const std::string here = at + "/missing/" + std::to_string(k);
    missing.push_back({{"skill", s.skill},
                       {"level", number(s.level, here + "/level")},
                       {"best_available", number(s.best_available, here + "/best_available")},
                       {"importance", s.importance},
                       {"essential", s.essential}});
  }
  ojson closest = ojson::array();
  for (std::size_t k = 0; k < u.closest.size(); ++k) {
    closest.push_back(blocked_json(u.closest[k], at + "/closest/" + std::to_string(k)));
  }
  return {{"post", u.post},
          {"slots", u.slots},
          {"filled", u.filled},
          {"department", u.department},
          {"unit", u.unit},
          {"missing", std::move(missing)},
          {"closest", std::move(closest)},
          {"provinces", u.provinces},
          {"institutions", u.institutions}};
}

// The flow's certificate: ok, gap, the most negative reduced cost, the largest slackness violation and the tolerance
// they were judged with; the message only when there is one.
inline ojson certificate_json(const solver::certificate& c) {
  ojson o = {{"ok", c.ok},
             {"gap", number(c.gap, "/certificate/gap")},
             {"min_reduced_cost", number(c.min_reduced_cost, "/certificate/min_reduced_cost")},
             {"max_slackness", number(c.max_slackness, "/certificate/max_slackness")},
             {"tolerance", number(c.tolerance, "/certificate/tolerance")}};
  if (!c.message.empty()) o["message"] = c.message;
  return o;
}

}  // namespace detail_plan_json

// The plan as a JSON document (see the header comment). Throws talentmatch::error naming the JSON pointer of a
// non-finite number.
inline nlohmann::ordered_json plan_to_json(const plan::plan& p) {
  namespace dp = detail_plan_json;
  using dp::number;
  using dp::ojson;
  ojson doc = ojson::object();
  doc["format"] = plan_format;
  doc["kind"] = p.kind;
  doc["objective"] = number(p.objective, "/objective");
  doc["assignments"] = dp::assignments_json(p.assignments, "/assignments");
  ojson unfilled = ojson::array();
  for (std::size_t k = 0; k < p.unfilled.size(); ++k) {
    unfilled.push_back(dp::unfilled_json(p.unfilled[k], "/unfilled/" + std::to_string(k)));
  }
  doc["unfilled"] = std::move(unfilled);
  ojson ids = ojson::array();
  ojson reasons = ojson::array();
  for (std::size_t k = 0; k < p.unassigned.size(); ++k) {
    const plan::unassigned_expert& u = p.unassigned[k];
    ids.push_back(u.expert);
    reasons.push_back(
        {{"expert", u.expert},
         {"reason", u.reason},
         {"explanation", u.explanation},
         {"best_post", u.best_post.empty() ? ojson(nullptr) : ojson(u.best_post)},
         {"best_value", number(u.best_value, "/unassigned_reasons/" + std::to_string(k) + "/best_value")}});
  }
  doc["unassigned"] = std::move(ids);
  doc["unassigned_reasons"] = std::move(reasons);
  ojson alternates = ojson::object();
  for (const plan::post_alternates& pa : p.alternates) {
    const std::string at = "/alternates/" + dp::token(pa.post);
    ojson list = ojson::array();
    for (std::size_t k = 0; k < pa.experts.size(); ++k) {
      const plan::alternate& a = pa.experts[k];
      const std::string here = at + "/" + std::to_string(k);
      list.push_back({{"expert", a.expert},
                      {"value", number(a.value, here + "/value")},
                      {"fit", number(a.fit, here + "/fit")},
                      {"loss", number(a.loss, here + "/loss")},
                      {"exact", a.exact}});
    }
    alternates[pa.post] = std::move(list);
  }
  doc["alternates"] = std::move(alternates);
  doc["certificate"] = dp::certificate_json(p.cert);
  ojson post_prices = ojson::object();
  for (const plan::post_price& q : p.post_prices) {
    post_prices[q.post] = number(q.price, "/shadow_prices/posts/" + dp::token(q.post));
  }
  ojson constraint_prices = ojson::object();
  ojson constraints = ojson::array();
  for (std::size_t k = 0; k < p.constraint_prices.size(); ++k) {
    const plan::constraint_price& c = p.constraint_prices[k];
    constraint_prices[c.name] = number(c.price, "/shadow_prices/constraints/" + dp::token(c.name));
    constraints.push_back({{"name", c.name},
                           {"side", c.side},
                           {"bound", c.bound},
                           {"load", c.load},
                           {"price", number(c.price, "/constraint_prices/" + std::to_string(k) + "/price")}});
  }
  doc["shadow_prices"] = {{"posts", std::move(post_prices)}, {"constraints", std::move(constraint_prices)}};
  doc["constraint_prices"] = std::move(constraints);
  doc["fill_first"] = p.fill_first;
  doc["slots"] = p.slots;
  doc["filled"] = p.filled;
  if (p.has_diff) {
    ojson moved = ojson::array();
    for (const plan::moved_expert& m : p.diff.moved)
      moved.push_back({{"expert", m.expert}, {"from", m.from}, {"to", m.to}});
    doc["diff"] = {{"kept", dp::assignments_json(p.diff.kept, "/diff/kept")},
                   {"added", dp::assignments_json(p.diff.added, "/diff/added")},
                   {"removed", dp::assignments_json(p.diff.removed, "/diff/removed")},
                   {"moved", std::move(moved)},
                   {"value_change", number(p.diff.value_change, "/diff/value_change")}};
    doc["switching_cost"] = number(p.switching_cost, "/switching_cost");
  }
  return doc;
}

// The plan as JSON text ending with a newline; indent -1 for one line. Throws talentmatch::error for a non-finite
// number (naming its JSON pointer) or a string that is not valid UTF-8.
inline std::string dump_plan(const plan::plan& p, int indent = 2) {
  return detail_plan_json::dump(plan_to_json(p), indent, "plan");
}

// Writes the plan to `path` whole or not at all (io::write_file_atomically); nothing is written when the plan
// cannot be written as JSON.
inline void save_plan(const plan::plan& p, const std::string& path, int indent = 2) {
  write_file_atomically(path, dump_plan(p, indent));
}

namespace detail_plan_json {

// Ordered, so that the objects keyed by post id (alternates, shadow prices) read back in the order they were written.
using json = nlohmann::ordered_json;

// The JSON type names of the problem reader, so both readers word their messages alike.
using detail_json::type_name;

class reader {
 public:
  std::vector<issue> issues;

  void add(std::string path, std::string message) { issues.push_back({std::move(path), std::move(message)}); }

  // The value at key of object j, or nullptr (with an issue when required) when it is missing.
  const json* field(const json& j, const char* key, const std::string& at, bool required) {
    const auto it = j.find(key);
    if (it == j.end()) {
      if (required) add(at + "/" + key, std::string("missing required key \"") + key + "\"");
      return nullptr;
    }
    return &*it;
  }

  void text(const json& j, const char* key, const std::string& at, bool required, std::string& out) {
    const json* v = field(j, key, at, required);
    if (v == nullptr) return;
    if (!v->is_string()) {
      add(at + "/" + key, std::string("expected a string, got ") + type_name(*v));
      return;
    }
    out = v->get<std::string>();
  }

  void number(const json& j, const char* key, const std::string& at, bool required, double& out) {
    const json* v = field(j, key, at, required);
    if (v == nullptr) return;
    if (!v->is_number()) {
      add(at + "/" + key, std::string("expected a number, got ") + type_name(*v));
      return;
    }
    out = v->get<double>();
  }

  void boolean(const json& j, const char* key, const std::string& at, bool required, bool& out) {
    const json* v = field(j, key, at, required);
    if (v == nullptr) return;
    if (!v->is_boolean()) {
      add(at + "/" + key, std::string("expected true or false, got ") + type_name(*v));
      return;
    }
    out = v->get<bool>();
  }

  void count(const json& j, const char* key, const std::string& at, std::ptrdiff_t& out) {
    const json* v = field(j, key, at, false);
    if (v == nullptr) return;
    // nlohmann keeps a non-negative integer as unsigned and a negative one as signed.
    const bool whole =
        v->is_number_unsigned() &&
        v->get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::ptrdiff_t>::max());
    if (!whole) {
      add(at + "/" + key,
          std::string("expected a whole number >= 0, got ") + (v->is_number() ? v->dump() : type_name(*v)));
      return;
    }
    out = static_cast<std::ptrdiff_t>(v->get<std::uint64_t>());
  }

  // Whether v is an array (an issue at `at` when it is not).
  bool array(const json& v, const std::string& at) {
    if (!v.is_array()) add(at, std::string("expected an array, got ") + type_name(v));
    return v.is_array();
  }

  // fn(element, its path) for each object of the array at key (an issue for a non-array or a non-object element).
  template <class Fn>
  void each(const json& j, const char* key, const std::string& at, bool required, Fn&& fn) {
    const json* v = field(j, key, at, required);
    if (v != nullptr) each_of(*v, at + "/" + key, fn);
  }

  template <class Fn>
  void each_of(const json& v, const std::string& at, Fn&& fn) {
    if (!array(v, at)) return;
    for (std::size_t k = 0; k < v.size(); ++k) {
      const std::string here = at + "/" + std::to_string(k);
      if (!v[k].is_object()) {
        add(here, std::string("expected an object, got ") + type_name(v[k]));
        continue;
      }
      fn(v[k], here);
    }
  }

  // fn(member name, value, its path) for each member of the object at key, in the written order.
  template <class Fn>
  void members(const json& j, const char* key, const std::string& at, Fn&& fn) {
    const json* v = object(j, key, at);
    if (v == nullptr) return;
    for (auto it = v->begin(); it != v->end(); ++it) fn(it.key(), it.value(), at + "/" + key + "/" + token(it.key()));
  }

  // The object at key, or nullptr (with an issue when it is there and not an object).
  const json* object(const json& j, const char* key, const std::string& at) {
    const json* v = field(j, key, at, false);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) {
      add(at + "/" + key, std::string("expected an object, got ") + type_name(*v));
      return nullptr;
    }
    return v;
  }

  void strings(const json& j, const char* key, const std::string& at, std::vector<std::string>& out) {
    const json* v = field(j, key, at, false);
    if (v == nullptr || !array(*v, at + "/" + key)) return;
    for (std::size_t k = 0; k < v->size(); ++k) {
      if (!(*v)[k].is_string()) {
        add(at + "/" + key + "/" + std::to_string(k), std::string("expected a string, got ") + type_name((*v)[k]));
        continue;
      }
      out.push_back((*v)[k].get<std::string>());
    }
  }

  void assignments(const json& j, const char* key, const std::string& at, bool required,
                   std::vector<plan::assignment>& out) {
    each(j, key, at, required, [&](const json& x, const std::string& here) {
      plan::assignment a;
      text(x, "expert", here, true, a.expert);
      text(x, "post", here, true, a.post);
      number(x, "value", here, true, a.value);
      number(x, "fit", here, true, a.fit);
      text(x, "department", here, false, a.department);
      text(x, "unit", here, false, a.unit);
      boolean(x, "required", here, false, a.required);
      text(x, "reason", here, false, a.reason);
      out.push_back(std::move(a));
    });
  }

  plan::blocked_pair blocked(const json& j, const std::string& at) {
    plan::blocked_pair b;
    text(j, "expert", at, true, b.expert);
    number(j, "fit", at, false, b.fit);
    number(j, "value", at, false, b.value);
    boolean(j, "feasible", at, false, b.feasible);
    text(j, "rule", at, false, b.rule);
    text(j, "blocked_by", at, false, b.blocked_by);
    text(j, "skill", at, false, b.skill);
    number(j, "level", at, false, b.level);
    number(j, "min_level", at, false, b.min_level);
    text(j, "by_post", at, false, b.by_post);
    number(j, "by_value", at, false, b.by_value);
    text(j, "constraint", at, false, b.constraint);
    text(j, "province", at, false, b.province);
    text(j, "institution", at, false, b.institution);
    return b;
  }

  plan::plan read(const json& doc) {
    plan::plan p;
    if (!doc.is_object()) {
      add("", std::string("a plan must be a JSON object, got ") + type_name(doc));
      return p;
    }
    std::string format;
    text(doc, "format", "", true, format);
    if (doc.contains("format") && doc["format"].is_string() && format != plan_format) {
      add("/format", std::string("format must be \"") + plan_format + "\", got \"" + format + "\"");
    }
    text(doc, "kind", "", true, p.kind);
    if (doc.contains("kind") && doc["kind"].is_string() && p.kind != "posts") {
      add("/kind", "only post plans (kind \"posts\") can be read, got \"" + p.kind + "\"");
    }
    number(doc, "objective", "", true, p.objective);
    boolean(doc, "fill_first", "", false, p.fill_first);
    count(doc, "slots", "", p.slots);
    count(doc, "filled", "", p.filled);
    number(doc, "switching_cost", "", false, p.switching_cost);
    assignments(doc, "assignments", "", true, p.assignments);
    each(doc, "unfilled", "", false, [&](const json& j, const std::string& at) {
      plan::unfilled_post u;
      text(j, "post", at, true, u.post);
      count(j, "slots", at, u.slots);
      count(j, "filled", at, u.filled);
      text(j, "department", at, false, u.department);
      text(j, "unit", at, false, u.unit);
      each(j, "missing", at, false, [&](const json& m, const std::string& here) {
        plan::missing_skill x;
        text(m, "skill", here, true, x.skill);
        number(m, "level", here, true, x.level);
        number(m, "best_available", here, false, x.best_available);
        std::ptrdiff_t importance = x.importance;
        count(m, "importance", here, importance);
        x.importance = static_cast<int>(std::min<std::ptrdiff_t>(importance, std::numeric_limits<int>::max()));
        boolean(m, "essential", here, false, x.essential);
        u.missing.push_back(std::move(x));
      });
      each(j, "closest", at, false,
           [&](const json& c, const std::string& here) { u.closest.push_back(blocked(c, here)); });
      strings(j, "provinces", at, u.provinces);
      strings(j, "institutions", at, u.institutions);
      p.unfilled.push_back(std::move(u));
    });
    // The ids in "unassigned" are the reasons' experts, in their order: the reasons carry everything.
    each(doc, "unassigned_reasons", "", false, [&](const json& j, const std::string& at) {
      plan::unassigned_expert u;
      text(j, "expert", at, true, u.expert);
      text(j, "reason", at, false, u.reason);
      text(j, "explanation", at, false, u.explanation);
      if (const json* b = field(j, "best_post", at, false); b != nullptr && !b->is_null()) {
        text(j, "best_post", at, false, u.best_post);
      }
      number(j, "best_value", at, false, u.best_value);
      p.unassigned.push_back(std::move(u));
    });
    members(doc, "alternates", "", [&](const std::string& post, const json& list, const std::string& at) {
      plan::post_alternates pa;
      pa.post = post;
      each_of(list, at, [&](const json& j, const std::string& here) {
        plan::alternate a;
        text(j, "expert", here, true, a.expert);
        number(j, "value", here, true, a.value);
        number(j, "fit", here, false, a.fit);
        number(j, "loss", here, true, a.loss);
        boolean(j, "exact", here, false, a.exact);
        pa.experts.push_back(std::move(a));
      });
      p.alternates.push_back(std::move(pa));
    });
    if (const json* c = object(doc, "certificate", "")) {
      boolean(*c, "ok", "/certificate", true, p.cert.ok);
      number(*c, "gap", "/certificate", false, p.cert.gap);
      number(*c, "min_reduced_cost", "/certificate", false, p.cert.min_reduced_cost);
      number(*c, "max_slackness", "/certificate", false, p.cert.max_slackness);
      number(*c, "tolerance", "/certificate", false, p.cert.tolerance);
      text(*c, "message", "/certificate", false, p.cert.message);
    }
    if (const json* sp = object(doc, "shadow_prices", "")) {
      members(*sp, "posts", "/shadow_prices", [&](const std::string& post, const json& v, const std::string& at) {
        if (!v.is_number()) {
          add(at, std::string("expected a number, got ") + type_name(v));
          return;
        }
        p.post_prices.push_back({post, v.get<double>()});
      });
    }
    each(doc, "constraint_prices", "", false, [&](const json& j, const std::string& at) {
      plan::constraint_price c;
      text(j, "name", at, true, c.name);
      text(j, "side", at, true, c.side);
      text(j, "bound", at, true, c.bound);
      count(j, "load", at, c.load);
      number(j, "price", at, true, c.price);
      p.constraint_prices.push_back(std::move(c));
    });
    if (const json* d = object(doc, "diff", "")) {
      p.has_diff = true;
      assignments(*d, "kept", "/diff", false, p.diff.kept);
      assignments(*d, "added", "/diff", false, p.diff.added);
      assignments(*d, "removed", "/diff", false, p.diff.removed);
      each(*d, "moved", "/diff", false, [&](const json& j, const std::string& at) {
        plan::moved_expert m;
        text(j, "expert", at, true, m.expert);
        text(j, "from", at, true, m.from);
        text(j, "to", at, true, m.to);
        p.diff.moved.push_back(std::move(m));
      });
      number(*d, "value_change", "/diff", false, p.diff.value_change);
    }
    return p;
  }
};

}  // namespace detail_plan_json

// Reads a plan written by dump_plan, whole (see the header comment). Throws validation_error listing every issue with
// its JSON pointer: text that is not JSON (with the byte offset), a format or kind other than a post plan's, a
// missing or mistyped key. Expert and post indices are left at -1: a plan read back names its pairs by id.
inline plan::plan plan_from_json(std::string_view text) {
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    std::string message = e.what();
    const auto colon = message.find("] ");  // drop nlohmann's "[json.exception.parse_error.101] " prefix
    if (colon != std::string::npos) message = message.substr(colon + 2);
    throw validation_error({issue{"", "not a valid plan: not valid JSON: " + message}});
  } catch (const nlohmann::json::exception& e) {
    // out_of_range 406: a number no double holds ("1e400").
    throw validation_error({issue{"", std::string("not a valid plan: ") + e.what()}});
  }
  detail_plan_json::reader r;
  plan::plan p = r.read(doc);
  if (!r.issues.empty()) throw validation_error(std::move(r.issues));
  return p;
}

// Reads a plan file: io::read_file (a file_error naming the path when it cannot be read), then plan_from_json.
inline plan::plan load_plan(const std::string& path) { return plan_from_json(read_file(path)); }

// A mentor pairing or a training placement (plan/pairing.hpp) as a JSON document of the same format: kind "mentors"
// (assignments {"mentor", "staff", "value", ...}) or "placements" ({"staff", "host", "value", ...}); "unassigned" the
// unpaired staff ids (their reasons in "unassigned_reasons"), "uncovered" the goals no partner covers, "partners"
// each mentor, team or host with its capacity, use and shadow price ("shadow_prices" by id), "blocking_pairs", and
// "stable" with "optimal_objective" and "stability_cost". Throws talentmatch::error naming the JSON pointer of a
// non-finite number.
inline nlohmann::ordered_json pairing_to_json(const plan::pairing_plan& p) {
  namespace dp = detail_plan_json;
  using dp::number;
  using dp::ojson;
  const bool mentors = p.kind == "mentors";
  const char* partner_key = mentors ? "mentor" : "host";
  ojson doc = ojson::object();
  doc["format"] = plan_format;
  doc["kind"] = p.kind;
  if (mentors) doc["pairing"] = p.format;
  if (!p.scope.empty()) doc["scope"] = p.scope;
  doc["objective"] = number(p.objective, "/objective");
  ojson assignments = ojson::array();
  for (std::size_t k = 0; k < p.assignments.size(); ++k) {
    const plan::pairing_assignment& a = p.assignments[k];
    const std::string at = "/assignments/" + std::to_string(k);
    ojson o = ojson::object();
    if (mentors) o[partner_key] = a.partner;
    o["staff"] = a.staff;
    if (!mentors) o[partner_key] = a.partner;
    o["value"] = number(a.value, at + "/value");
    o["unit"] = a.unit;
    o["department"] = a.department;
    if (mentors) o["bonus"] = number(a.bonus, at + "/bonus");
    ojson goals = ojson::array();
    for (std::size_t i = 0; i < a.goals.size(); ++i) {
      const plan::goal_taught& g = a.goals[i];
      const std::string here = at + "/goals/" + std::to_string(i);
      ojson x = {{"skill", g.skill},
                 {"target_level", number(g.target_level, here + "/target_level")},
                 {"staff_level", number(g.staff_level, here + "/staff_level")},
                 {"level", number(g.level, here + "/level")},
                 {"importance", g.importance},
                 {"value", number(g.value, here + "/value")}};
      if (!g.by.empty()) x["by"] = g.by;
      goals.push_back(std::move(x));
    }
    o["goals"] = std::move(goals);
    o["reason"] = a.reason;
    assignments.push_back(std::move(o));
  }
  doc["assignments"] = std::move(assignments);
  ojson ids = ojson::array();
  ojson reasons = ojson::array();
  for (std::size_t k = 0; k < p.unassigned.size(); ++k) {
    const plan::unpaired_staff& u = p.unassigned[k];
    ids.push_back(u.staff);
    reasons.push_back(
        {{"staff", u.staff},
         {"reason", u.reason},
         {"explanation", u.explanation},
         {std::string("best_") + partner_key, u.best_partner.empty() ? ojson(nullptr) : ojson(u.best_partner)},
         {"best_value", number(u.best_value, "/unassigned_reasons/" + std::to_string(k) + "/best_value")}});
  }
  doc["unassigned"] = std::move(ids);
  doc["unassigned_reasons"] = std::move(reasons);
  ojson uncovered = ojson::array();
  for (std::size_t k = 0; k < p.uncovered.size(); ++k) {
    const plan::uncovered_goal& u = p.uncovered[k];
    const std::string at = "/uncovered/" + std::to_string(k);
    uncovered.push_back({{"skill", u.skill},
                         {"level", number(u.level, at + "/level")},
                         {"best_available", number(u.best_available, at + "/best_available")},
                         {"importance", u.importance},
                         {"staff", u.staff}});
  }
  doc["uncovered"] = std::move(uncovered);
  doc["certificate"] = dp::certificate_json(p.cert);
  ojson prices = ojson::object();
  ojson partners = ojson::array();
  for (std::size_t k = 0; k < p.partners.size(); ++k) {
    const plan::partner& x = p.partners[k];
    prices[x.id] = number(x.price, "/shadow_prices/" + std::string(mentors ? "mentors/" : "hosts/") + dp::token(x.id));
    ojson o = {{"id", x.id},
               {"capacity", x.capacity},
               {"used", x.used},
               {"price", number(x.price, "/partners/" + std::to_string(k) + "/price")}};
    if (!x.unit.empty()) o["unit"] = x.unit;
    if (!x.members.empty()) o["members"] = x.members;
    partners.push_back(std::move(o));
  }
  doc["shadow_prices"] = {{mentors ? "mentors" : "hosts", std::move(prices)}};
  doc["partners"] = std::move(partners);
  ojson blocking = ojson::array();
  for (const plan::blocking_pair& b : p.blocking) blocking.push_back({{"staff", b.staff}, {partner_key, b.partner}});
  doc["blocking_pairs"] = std::move(blocking);
  doc["stable"] = p.stable;
  if (p.stable) doc["optimal"] = p.optimal;
  doc["optimal_objective"] = number(p.optimal_objective, "/optimal_objective");
  doc["stability_cost"] = number(p.stability_cost, "/stability_cost");
  doc["staff"] = p.staff;
  doc["paired"] = static_cast<std::int64_t>(p.assignments.size());
  return doc;
}

// The pairing as JSON text ending with a newline; indent -1 for one line.
inline std::string dump_pairing(const plan::pairing_plan& p, int indent = 2) {
  return detail_plan_json::dump(pairing_to_json(p), indent, "pairing");
}

// Writes the pairing to `path` whole or not at all (io::write_file_atomically).
inline void save_pairing(const plan::pairing_plan& p, const std::string& path, int indent = 2) {
  write_file_atomically(path, dump_pairing(p, indent));
}

}  // namespace talentmatch::io
