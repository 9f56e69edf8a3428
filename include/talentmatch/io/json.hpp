#pragma once

// Reading and writing the problem document (format talentmatch/1, DESIGN.md section 4) with nlohmann/json. The only
// header that includes nlohmann/json.
//
// Reading parses the text with nlohmann's SAX interface into its usual DOM (detail_json::dom_builder), checking what
// the DOM cannot show afterwards: a key given twice in one object (nlohmann would keep the last value silently, so
// an out-of-range level behind a second key would never be reported) and nesting deeper than max_depth (so that no
// later recursive walk, such as dump(), can overflow the stack). Text that is empty, starts with a byte order mark or
// holds a comment is rejected with a message that says so. It then checks the structure (unknown keys, wrong types,
// missing keys, integers out of range) and the meaning (model/validate.hpp), and collects every issue with its JSON
// pointer before it throws one validation_error listing them all. Writing gives back the same document: optional
// fields and sections are written only when present, so JSON -> model -> JSON is the identity (up to key order and
// number spelling).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/io/file.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"

namespace talentmatch::io {

constexpr const char* problem_format = "talentmatch/1";

// The deepest nesting of arrays and objects a document may have (the document itself is level 1). A valid document
// needs 5 (/skills/0/related/0); the limit only stops text that would make a recursive walk overflow the stack.
inline constexpr std::size_t max_depth = 256;

namespace detail_json {

using json = nlohmann::json;
using model::pointer_token;

// Any nlohmann type (json, ordered_json): the plan reader keeps the written order of objects.
template <class J>
const char* type_name(const J& j) {
  switch (j.type()) {
    case J::value_t::null:
      return "null";
    case J::value_t::object:
      return "an object";
    case J::value_t::array:
      return "an array";
    case J::value_t::string:
      return "a string";
    case J::value_t::boolean:
      return "a boolean";
    case J::value_t::binary:
      return "binary data";
    case J::value_t::discarded:
      return "nothing";
    default:
      return "a number";
  }
}

// Where a JSON text stands: "at line 3, column 7" for the byte at `offset` (0-based), as nlohmann counts them.
inline std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "at line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The SAX handler that builds the DOM, modelled on nlohmann::detail::json_sax_dom_parser (which has no hook for
// either check): a stack of the open containers, each with its JSON pointer. A duplicate key is an issue at the
// key's path; its value is parsed into a scratch value and dropped, so the first one counts. Opening a container
// below max_depth stops the parse with an issue at its path. A syntax error stops it too (parse_error).
class dom_builder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit dom_builder(json& root) : root_(root) {}

  bool null() { return put(nullptr); }
  bool boolean(bool x) { return put(x); }
  bool number_integer(number_integer_t x) { return put(x); }
  bool number_unsigned(number_unsigned_t x) { return put(x); }
  bool number_float(number_float_t x, const string_t& /*text*/) { return put(x); }
  bool string(string_t& x) { return put(std::move(x)); }
  bool binary(binary_t& x) { return put(json::binary(std::move(x))); }

  bool start_object(std::size_t /*size*/) { return open(json::value_t::object); }
  bool start_array(std::size_t /*size*/) { return open(json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    frame& f = stack_.back();
    f.key = std::move(k);
    f.duplicate = f.node->find(f.key) != f.node->end();
    if (f.duplicate) {
      duplicates.push_back(
          {f.path + "/" + pointer_token(f.key),
           "duplicate key \"" + f.key + "\": a key may appear once in an object (the first one counts)"});
    }
    return true;
  }

  // A syntax error, or a number no double can hold (nlohmann's out_of_range 406, "1e400").
  bool parse_error(std::size_t position, const std::string& last_token, const json::exception& e) {
    failed = true;
    error_position = position;
    error_id = e.id;
    error_token = last_token;
    error_message = e.what();
    const auto colon = error_message.find("] ");  // drop nlohmann's "[json.exception.parse_error.101] " prefix
    if (colon != std::string::npos) error_message = error_message.substr(colon + 2);
    error_path = stack_.empty() ? std::string() : next_path();
    return false;
  }

  std::vector<issue> duplicates;  // in document order
  std::optional<issue> too_deep;  // set when the parse stopped at max_depth
  bool failed = false;            // parse_error was called
  std::size_t error_position = 0;
  int error_id = 0;
  std::string error_token, error_message, error_path;

 private:
  struct frame {
    json* node;
    std::string path;
    std::string key;         // objects: the key whose value comes next
    bool duplicate = false;  // ... and whether the object has it already
    std::unique_ptr<json> scratch;
  };

  // The path of the value that comes next in the innermost open container.
  std::string next_path() const {
    const frame& f = stack_.back();
    if (f.node->is_object()) return f.path + "/" + pointer_token(f.key);
    return f.path + "/" + std::to_string(f.node->size());
  }

  // Where the next value goes: the root, the end of the open array, the open object's key, or the scratch value that
  // a duplicate key's value is parsed into and dropped with.
  json* slot() {
    if (stack_.empty()) return &root_;
    frame& f = stack_.back();
    if (f.node->is_array()) {
      f.node->push_back(nullptr);
      return &f.node->back();
    }
    if (f.duplicate) {
      f.scratch = std::make_unique<json>();
      return f.scratch.get();
    }
    return &(*f.node)[f.key];
  }

  template <class Value>
  bool put(Value&& x) {
    *slot() = json(std::forward<Value>(x));
    return true;
  }

  bool open(json::value_t type) {
    std::string path = stack_.empty() ? std::string() : next_path();
    if (stack_.size() >= max_depth) {
      too_deep = issue{std::move(path), "arrays and objects nested more than " + std::to_string(max_depth) +
                                            " levels deep (the most a document may have)"};
      return false;
    }
    json* node = slot();
    *node = json(type);
    stack_.push_back(frame{node, std::move(path), {}, false, nullptr});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  std::vector<frame> stack_;
};

class reader {
 public:
  model::problem read(const json& doc) {
    model::problem p;
    if (!doc.is_object()) {
      add("", std::string("the document must be a JSON object, got ") + type_name(doc));
      return p;
    }
    keys(doc, "", {"format", "skills", "experts", "posts", "staff", "hosts", "pairs", "constraints", "settings"});
    if (doc.contains("format")) {
      p.has_format = true;
      const json& f = doc["format"];
      if (!f.is_string() || f.get<std::string>() != problem_format) {
        add("/format", std::string("format must be \"") + problem_format + "\", got " + f.dump());
      }
    }
    list(doc, "skills", "", true, p.skills, [&](const json& j, const std::string& at) { return skill(j, at); });
    list(doc, "experts", "", true, p.experts, [&](const json& j, const std::string& at) { return expert(j, at); });
    list(doc, "posts", "", true, p.posts, [&](const json& j, const std::string& at) { return post(j, at); });
    optional_list(doc, "staff", p.staff, [&](const json& j, const std::string& at) { return staff(j, at); });
    optional_list(doc, "hosts", p.hosts, [&](const json& j, const std::string& at) { return host(j, at); });
    optional_list(doc, "pairs", p.pairs, [&](const json& j, const std::string& at) { return pair(j, at); });
    optional_list(doc, "constraints", p.constraints,
                  [&](const json& j, const std::string& at) { return constraint(j, at); });
    if (doc.contains("settings")) p.config = settings(doc["settings"], "/settings");
    return p;
  }

  std::vector<issue> issues;

 private:
  void add(std::string path, std::string message) { issues.push_back({std::move(path), std::move(message)}); }

  bool object(const json& j, const std::string& at) {
    if (j.is_object()) return true;
    add(at, std::string("expected an object, got ") + type_name(j));
    return false;
  }

  void keys(const json& j, const std::string& at, std::initializer_list<const char*> allowed) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        add(at + "/" + pointer_token(it.key()), "unknown key \"" + it.key() + "\" (expected one of: " + list + ")");
      }
    }
  }

  const json* field(const json& j, const char* key, const std::string& at, bool required) {
    if (!j.contains(key)) {
      if (required) add(at + "/" + key, std::string("missing required key \"") + key + "\"");
      return nullptr;
    }
    return &j[key];
  }

  std::optional<std::string> string(const json& j, const char* key, const std::string& at, bool required) {
    const json* v = field(j, key, at, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      add(at + "/" + key, std::string("expected a string, got ") + type_name(*v));
      return std::nullopt;
    }
    return v->get<std::string>();
  }

  std::optional<double> number_at(const json& v, const std::string& path) {
    if (!v.is_number()) {
      add(path, std::string("expected a number, got ") + type_name(v));
      return std::nullopt;
    }
    const double x = v.get<double>();
    if (!std::isfinite(x)) {
      add(path, "expected a finite number");
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> number(const json& j, const char* key, const std::string& at, bool required) {
    const json* v = field(j, key, at, required);
    return v == nullptr ? std::nullopt : number_at(*v, at + "/" + key);
  }

  // A whole number that fits the model's type I (int for counts and scales, int64 for the seed). One out of range
  // says so and gives the limit, rather than "expected a whole number": 1e18 is whole.
  template <class I>
  std::optional<I> whole(const json& v, const char* key, const std::string& path) {
    constexpr I top = std::numeric_limits<I>::max(), bottom = std::numeric_limits<I>::lowest();
    if (v.is_number_integer()) {  // exact, even beyond 2^53
      if (v.is_number_unsigned()) {
        const auto x = v.get<json::number_unsigned_t>();
        if (x > static_cast<json::number_unsigned_t>(top)) {
          add(path, std::string(key) + " " + v.dump() + " is above the largest allowed, " + std::to_string(top));
          return std::nullopt;
        }
        return static_cast<I>(x);
      }
      const auto x = v.get<json::number_integer_t>();
      if (x > top) {
        add(path, std::string(key) + " " + v.dump() + " is above the largest allowed, " + std::to_string(top));
        return std::nullopt;
      }
      if (x < bottom) {
        add(path, std::string(key) + " " + v.dump() + " is below the smallest allowed, " + std::to_string(bottom));
        return std::nullopt;
      }
      return static_cast<I>(x);
    }
    const auto x = number_at(v, path);
    if (!x) return std::nullopt;
    if (*x != std::floor(*x)) {
      add(path, "expected a whole number, got " + v.dump());
      return std::nullopt;
    }
    // -(2^63) and 2^31 are exact doubles, so these comparisons are exact; top + 1 may round for int64, hence >=.
    if (*x >= -static_cast<double>(bottom)) {
      add(path, std::string(key) + " " + v.dump() + " is above the largest allowed, " + std::to_string(top));
      return std::nullopt;
    }
    if (*x < static_cast<double>(bottom)) {
      add(path, std::string(key) + " " + v.dump() + " is below the smallest allowed, " + std::to_string(bottom));
      return std::nullopt;
    }
    return static_cast<I>(*x);
  }

  std::optional<int> integer(const json& j, const char* key, const std::string& at, bool required) {
    const json* v = field(j, key, at, required);
    if (v == nullptr) return std::nullopt;
    return whole<int>(*v, key, at + "/" + key);
  }

  std::optional<bool> boolean(const json& j, const char* key, const std::string& at, bool required) {
    const json* v = field(j, key, at, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) {
      add(at + "/" + key, std::string("expected true or false, got ") + type_name(*v));
      return std::nullopt;
    }
    return v->get<bool>();
  }

  std::vector<std::string> strings(const json& j, const char* key, const std::string& at) {
    std::vector<std::string> out;
    const json* v = field(j, key, at, false);
    if (v == nullptr) return out;
    if (!v->is_array()) {
      add(at + "/" + key, std::string("expected an array, got ") + type_name(*v));
      return out;
    }
    for (std::size_t k = 0; k < v->size(); ++k) {
      if ((*v)[k].is_string()) {
        out.push_back((*v)[k].get<std::string>());
      } else {
        add(at + "/" + key + "/" + std::to_string(k), std::string("expected a string, got ") + type_name((*v)[k]));
      }
    }
    return out;
  }

  // {skill_id: level} in document order.
  std::vector<model::skill_level> levels(const json& j, const char* key, const std::string& at, bool required) {
    std::vector<model::skill_level> out;
    const json* v = field(j, key, at, required);
    if (v == nullptr) return out;
    const std::string base = at + "/" + key;
    if (!object(*v, base)) return out;
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (const auto x = number_at(it.value(), base + "/" + pointer_token(it.key()))) {
        out.push_back({it.key(), *x});
      }
    }
    return out;
  }

  model::attributes scalars(const json& v, const std::string& base) {
    model::attributes out;
    if (!object(v, base)) return out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const json& x = it.value();
      const std::string path = base + "/" + pointer_token(it.key());
      if (x.is_string()) {
        out.emplace_back(it.key(), x.get<std::string>());
      } else if (x.is_boolean()) {
        out.emplace_back(it.key(), x.get<bool>());
      } else if (x.is_number()) {
        if (const auto d = number_at(x, path)) out.emplace_back(it.key(), *d);
      } else {
        add(path, std::string("expected a string, number or boolean, got ") + type_name(x));
      }
    }
    return out;
  }

  template <class T, class F>
  void list(const json& doc, const char* key, const std::string& at, bool required, std::vector<T>& out, F&& item) {
    const json* v = field(doc, key, at, required);
    if (v == nullptr) return;
    const std::string base = at + "/" + key;
    if (!v->is_array()) {
      add(base, std::string("expected an array, got ") + type_name(*v));
      return;
    }
    for (std::size_t k = 0; k < v->size(); ++k) out.push_back(item((*v)[k], base + "/" + std::to_string(k)));
  }

  template <class T, class F>
  void optional_list(const json& doc, const char* key, std::optional<std::vector<T>>& out, F&& item) {
    if (!doc.contains(key)) return;
    out.emplace();
    list(doc, key, "", false, *out, std::forward<F>(item));
  }

  model::skill skill(const json& j, const std::string& at) {
    model::skill s;
    if (!object(j, at)) return s;
    keys(j, at, {"id", "name", "parents", "related"});
    s.id = string(j, "id", at, true).value_or("");
    s.name = string(j, "name", at, true).value_or("");
    s.parents = strings(j, "parents", at);
    list(j, "related", at, false, s.related, [&](const json& r, const std::string& rp) {
      model::related_skill x;
      if (!object(r, rp)) return x;
      keys(r, rp, {"skill", "transfer"});
      x.skill = string(r, "skill", rp, true).value_or("");
      x.transfer = number(r, "transfer", rp, true).value_or(0.0);
      return x;
    });
    return s;
  }

  model::expert expert(const json& j, const std::string& at) {
    model::expert e;
    if (!object(j, at)) return e;
    keys(j, at,
         {"id", "name", "province", "institution", "title", "available_months", "capacity", "mentor_capacity", "skills",
          "attributes", "prefers"});
    e.id = string(j, "id", at, true).value_or("");
    e.name = string(j, "name", at, false);
    e.province = string(j, "province", at, false);
    e.institution = string(j, "institution", at, false);
    e.title = string(j, "title", at, false);
    e.available_months = number(j, "available_months", at, true).value_or(0.0);
    e.capacity = integer(j, "capacity", at, false);
    e.mentor_capacity = integer(j, "mentor_capacity", at, false);
    e.skills = levels(j, "skills", at, true);
    if (j.contains("attributes")) e.extra = scalars(j["attributes"], at + "/attributes");
    if (j.contains("prefers")) e.prefers = strings(j, "prefers", at);
    return e;
  }

  model::post post(const json& j, const std::string& at) {
    model::post p;
    if (!object(j, at)) return p;
    keys(j, at, {"id", "department", "unit", "region", "slots", "min_fill", "min_months", "priority", "requires"});
    p.id = string(j, "id", at, true).value_or("");
    p.department = string(j, "department", at, true).value_or("");
    p.unit = string(j, "unit", at, true).value_or("");
    p.region = string(j, "region", at, false);
    p.slots = integer(j, "slots", at, true).value_or(1);
    p.min_fill = integer(j, "min_fill", at, false);
    p.min_months = number(j, "min_months", at, false);
    p.priority = number(j, "priority", at, false);
    if (!j.contains("requires")) add(at + "/requires", "missing required key \"requires\"");
    list(j, "requires", at, false, p.requires, [&](const json& r, const std::string& rp) {
      model::requirement x;
      if (!object(r, rp)) return x;
      keys(r, rp, {"skill", "importance", "min_level", "essential"});
      x.skill = string(r, "skill", rp, true).value_or("");
      x.importance = integer(r, "importance", rp, true).value_or(1);
      x.min_level = integer(r, "min_level", rp, true).value_or(0);
      x.essential = boolean(r, "essential", rp, false);
      return x;
    });
    return p;
  }

  model::staff_member staff(const json& j, const std::string& at) {
    model::staff_member s;
    if (!object(j, at)) return s;
    keys(j, at, {"id", "unit", "department", "skills", "goals", "prefers"});
    s.id = string(j, "id", at, true).value_or("");
    s.unit = string(j, "unit", at, true).value_or("");
    s.department = string(j, "department", at, false);
    if (j.contains("prefers")) s.prefers = strings(j, "prefers", at);
    s.skills = levels(j, "skills", at, false);
    if (!j.contains("goals")) add(at + "/goals", "missing required key \"goals\"");
    list(j, "goals", at, false, s.goals, [&](const json& g, const std::string& gp) {
      model::goal x;
      if (!object(g, gp)) return x;
      keys(g, gp, {"skill", "target_level", "importance"});
      x.skill = string(g, "skill", gp, true).value_or("");
      x.target_level = number(g, "target_level", gp, true).value_or(0.0);
      x.importance = integer(g, "importance", gp, false);
      return x;
    });
    return s;
  }

  model::host host(const json& j, const std::string& at) {
    model::host h;
    if (!object(j, at)) return h;
    keys(j, at, {"id", "name", "capacity", "offers"});
    h.id = string(j, "id", at, true).value_or("");
    h.name = string(j, "name", at, false);
    h.capacity = integer(j, "capacity", at, true).value_or(0);
    h.offers = levels(j, "offers", at, true);
    return h;
  }

  model::pair_rule pair(const json& j, const std::string& at) {
    model::pair_rule r;
    if (!object(j, at)) return r;
    keys(j, at, {"expert", "post", "rule", "value"});
    r.expert = string(j, "expert", at, true).value_or("");
    r.post = string(j, "post", at, true).value_or("");
    if (const auto rule = string(j, "rule", at, true)) {
      if (*rule == "forbid") {
        r.rule = model::pair_kind::forbid;
      } else if (*rule == "require") {
        r.rule = model::pair_kind::require;
      } else if (*rule == "bonus") {
        r.rule = model::pair_kind::bonus;
      } else {
        add(at + "/rule", "rule must be \"forbid\", \"require\" or \"bonus\", got \"" + *rule + "\"");
      }
    }
    r.value = number(j, "value", at, false);
    return r;
  }

  model::constraint constraint(const json& j, const std::string& at) {
    model::constraint c;
    if (!object(j, at)) return c;
    keys(j, at, {"name", "side", "where", "min", "max"});
    c.name = string(j, "name", at, true).value_or("");
    if (const auto s = string(j, "side", at, true)) {
      if (*s == "posts") {
        c.on = model::side::posts;
      } else if (*s == "experts") {
        c.on = model::side::experts;
      } else {
        add(at + "/side", "side must be \"posts\" or \"experts\", got \"" + *s + "\"");
      }
    }
    if (const json* w = field(j, "where", at, true)) c.where = scalars(*w, at + "/where");
    c.min = integer(j, "min", at, false);
    c.max = integer(j, "max", at, false);
    return c;
  }

  model::settings settings(const json& j, const std::string& at) {
    model::settings s;
    if (!object(j, at)) return s;
    keys(j, at, {"min_score", "essential_hard", "seed", "weights", "mentoring"});
    s.min_score = number(j, "min_score", at, false);
    s.essential_hard = boolean(j, "essential_hard", at, false);
    if (const json* seed = field(j, "seed", at, false)) s.seed = whole<std::int64_t>(*seed, "seed", at + "/seed");
    if (j.contains("weights") && object(j["weights"], at + "/weights")) {
      const json& w = j["weights"];
      keys(w, at + "/weights", {"fit", "bonus"});
      s.weights =
          model::scoring_weights{number(w, "fit", at + "/weights", false), number(w, "bonus", at + "/weights", false)};
    }
    if (j.contains("mentoring") && object(j["mentoring"], at + "/mentoring")) {
      const json& m = j["mentoring"];
      keys(m, at + "/mentoring", {"margin", "unit_bonus", "scope"});
      s.mentoring_margin = number(m, "margin", at + "/mentoring", false);
      s.mentoring_unit_bonus = number(m, "unit_bonus", at + "/mentoring", false);
      s.mentoring_scope = string(m, "scope", at + "/mentoring", false);
    }
    return s;
  }
};

using ojson = nlohmann::ordered_json;

// A number as a reader would write it: 6 rather than 6.0 when it is whole.
inline ojson num(double x) {
  if (x == std::floor(x) && std::abs(x) < 9007199254740992.0) return static_cast<std::int64_t>(x);
  return x;
}

inline ojson levels_json(const std::vector<model::skill_level>& ls) {
  ojson o = ojson::object();
  for (const auto& l : ls) o[l.skill] = num(l.level);
  return o;
}

inline ojson scalars_json(const model::attributes& as) {
  ojson o = ojson::object();
  for (const auto& [key, v] : as) {
    std::visit(
        [&, k = key](const auto& x) {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, double>) {
            o[k] = num(x);
          } else {
            o[k] = x;
          }
        },
        v);
  }
  return o;
}

template <class T>
void put(ojson& o, const char* key, const std::optional<T>& v) {
  if (!v) return;
  if constexpr (std::is_same_v<T, double>) {
    o[key] = num(*v);
  } else {
    o[key] = *v;
  }
}

}  // namespace detail_json

// Whether JSON pointer `inner` is `outer` or inside it ("/experts/1" holds "/experts/1/id", not "/experts/11").
inline bool within(const std::string& inner, const std::string& outer) {
  return inner.compare(0, outer.size(), outer) == 0 && (inner.size() == outer.size() || inner[outer.size()] == '/');
}

// Reads a parsed document: throws validation_error listing every issue (structure and meaning) with its path.
// `found` are issues found before (the duplicate keys of parse_problem); they come first.
inline model::problem problem_from_json(const nlohmann::json& doc, std::vector<issue> found = {}) {
  detail_json::reader r;
  model::problem p = r.read(doc);
  std::vector<issue> issues = std::move(r.issues);
  // The meaning is checked too, so that one run lists everything; what a structural issue already explains (the
  // same value, or one inside it) is not reported twice.
  const std::size_t structural = issues.size();
  for (issue& i : model::validate(p)) {
    bool explained = false;
    for (std::size_t k = 0; k < structural && !explained; ++k) {
      const std::string& s = issues[k].path;
      explained = within(i.path, s) || within(s, i.path);
    }
    if (!explained) issues.push_back(std::move(i));
  }
  if (!found.empty()) {
    found.insert(found.end(), std::make_move_iterator(issues.begin()), std::make_move_iterator(issues.end()));
    issues = std::move(found);
  }
  if (!issues.empty()) throw validation_error(std::move(issues));
  return p;
}

namespace detail_json {

[[noreturn]] inline void reject(std::string path, std::string message) {
  throw validation_error({issue{std::move(path), std::move(message)}});
}

// The issue for text that has no JSON value at all or a wrong first byte, which nlohmann would report as a bare
// syntax error ("unexpected end of input") or accept (it skips a UTF-8 byte order mark).
inline void check_start(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    reject("",
           "the document starts with a byte order mark (U+FEFF), which JSON text must not have (RFC 8259, section "
           "8.1): save it as UTF-8 without a BOM");
  }
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF") {
    reject("", "the document is UTF-16 (it starts with a UTF-16 byte order mark): JSON text must be UTF-8");
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    reject("", text.empty() ? "the document is empty: expected a JSON object"
                            : "the document is only white space: expected a JSON object");
  }
}

}  // namespace detail_json

// Parses and reads a document from text. A syntax error is reported with its line and column; a comment, an empty
// text or a byte order mark say so; a duplicate key, a number too large for a double and nesting deeper than
// max_depth are reported with their path.
inline model::problem parse_problem(std::string_view text) {
  detail_json::check_start(text);
  nlohmann::json doc;
  detail_json::dom_builder sax(doc);
  // nlohmann's parser is iterative and throws only from the handler (which does not throw), so no exception of its
  // own can come out of here.
  nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &sax);
  if (sax.too_deep) throw validation_error({*sax.too_deep});
  if (sax.failed) {
    // Where the offending token starts: nlohmann reports the position after it.
    const std::size_t length = sax.error_token.size();
    const std::size_t at = sax.error_position >= length ? sax.error_position - length : 0;
    if (sax.error_id == 406) {  // out_of_range: a number no double can hold
      detail_json::reject(sax.error_path, "number " + sax.error_token + " is too large (no double holds it; the " +
                                              "largest is about 1.8e308), " + detail_json::position_of(text, at));
    }
    // A token that ends at a "/" outside a string: the start of a comment, which nlohmann reads as an invalid
    // literal (its token may include what came before, "1 /").
    const std::string& token = sax.error_token;
    if (!token.empty() && token.back() == '/' && token.front() != '"' && sax.error_position > 0) {
      detail_json::reject("", "not valid JSON: JSON has no comments, and one starts " +
                                  detail_json::position_of(text, sax.error_position - 1) + " (remove it)");
    }
    detail_json::reject("", "not valid JSON: " + sax.error_message);
  }
  return problem_from_json(doc, std::move(sax.duplicates));
}

// Reads a document from a file: io::read_file (a file_error naming the path and the reason when it cannot be
// read), then parse_problem.
inline model::problem load_problem(const std::string& path) { return parse_problem(read_file(path)); }

// The document for `p`, keys in the design's order, optional fields only where present.
inline nlohmann::ordered_json to_json(const model::problem& p) {
  using detail_json::ojson;
  using detail_json::put;
  ojson doc = ojson::object();
  if (p.has_format) doc["format"] = problem_format;
  ojson skills = ojson::array();
  for (const auto& s : p.skills) {
    ojson o = {{"id", s.id}, {"name", s.name}};
    if (!s.parents.empty()) o["parents"] = s.parents;
    if (!s.related.empty()) {
      ojson rel = ojson::array();
      for (const auto& r : s.related) rel.push_back({{"skill", r.skill}, {"transfer", detail_json::num(r.transfer)}});
      o["related"] = rel;
    }
    skills.push_back(o);
  }
  doc["skills"] = skills;
  ojson experts = ojson::array();
  for (const auto& e : p.experts) {
    ojson o = {{"id", e.id}};
    put(o, "name", e.name);
    put(o, "province", e.province);
    put(o, "institution", e.institution);
    put(o, "title", e.title);
    o["available_months"] = detail_json::num(e.available_months);
    put(o, "capacity", e.capacity);
    put(o, "mentor_capacity", e.mentor_capacity);
    o["skills"] = detail_json::levels_json(e.skills);
    if (!e.extra.empty()) o["attributes"] = detail_json::scalars_json(e.extra);
    if (e.prefers) o["prefers"] = *e.prefers;
    experts.push_back(o);
  }
  doc["experts"] = experts;
  ojson posts = ojson::array();
  for (const auto& q : p.posts) {
    ojson o = {{"id", q.id}, {"department", q.department}, {"unit", q.unit}};
    put(o, "region", q.region);
    o["slots"] = q.slots;
    put(o, "min_fill", q.min_fill);
    put(o, "min_months", q.min_months);
    put(o, "priority", q.priority);
    ojson req = ojson::array();
    for (const auto& r : q.requires) {
      ojson x = {{"skill", r.skill}, {"importance", r.importance}, {"min_level", r.min_level}};
      put(x, "essential", r.essential);
      req.push_back(x);
    }
    o["requires"] = req;
    posts.push_back(o);
  }
  doc["posts"] = posts;
  if (p.staff) {
    ojson staff = ojson::array();
    for (const auto& s : *p.staff) {
      ojson o = {{"id", s.id}, {"unit", s.unit}};
      put(o, "department", s.department);
      if (!s.skills.empty()) o["skills"] = detail_json::levels_json(s.skills);
      ojson goals = ojson::array();
      for (const auto& g : s.goals) {
        ojson x = {{"skill", g.skill}, {"target_level", detail_json::num(g.target_level)}};
        put(x, "importance", g.importance);
        goals.push_back(x);
      }
      o["goals"] = goals;
      if (s.prefers) o["prefers"] = *s.prefers;
      staff.push_back(o);
    }
    doc["staff"] = staff;
  }
  if (p.hosts) {
    ojson hosts = ojson::array();
    for (const auto& h : *p.hosts) {
      ojson o = {{"id", h.id}};
      put(o, "name", h.name);
      o["capacity"] = h.capacity;
      o["offers"] = detail_json::levels_json(h.offers);
      hosts.push_back(o);
    }
    doc["hosts"] = hosts;
  }
  if (p.pairs) {
    ojson pairs = ojson::array();
    for (const auto& r : *p.pairs) {
      ojson o = {{"expert", r.expert}, {"post", r.post}, {"rule", model::to_string(r.rule)}};
      put(o, "value", r.value);
      pairs.push_back(o);
    }
    doc["pairs"] = pairs;
  }
  if (p.constraints) {
    ojson cs = ojson::array();
    for (const auto& c : *p.constraints) {
      ojson o = {{"name", c.name}, {"side", model::to_string(c.on)}, {"where", detail_json::scalars_json(c.where)}};
      put(o, "min", c.min);
      put(o, "max", c.max);
      cs.push_back(o);
    }
    doc["constraints"] = cs;
  }
  if (p.config) {
    const model::settings& s = *p.config;
    ojson o = ojson::object();
    put(o, "min_score", s.min_score);
    put(o, "essential_hard", s.essential_hard);
    put(o, "seed", s.seed);
    if (s.weights) {
      ojson w = ojson::object();
      put(w, "fit", s.weights->fit);
      put(w, "bonus", s.weights->bonus);
      o["weights"] = w;
    }
    if (s.mentoring_margin || s.mentoring_unit_bonus || s.mentoring_scope) {
      ojson m = ojson::object();
      put(m, "margin", s.mentoring_margin);
      put(m, "unit_bonus", s.mentoring_unit_bonus);
      put(m, "scope", s.mentoring_scope);
      o["mentoring"] = m;
    }
    doc["settings"] = o;
  }
  return doc;
}

inline std::string dump_problem(const model::problem& p, int indent = 2) { return to_json(p).dump(indent) + "\n"; }

// Writes the document to `path` whole or not at all (io::write_file_atomically).
inline void save_problem(const model::problem& p, const std::string& path) {
  write_file_atomically(path, dump_problem(p));
}

}  // namespace talentmatch::io
