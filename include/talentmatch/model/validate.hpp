#pragma once

// Semantic checks of a problem (DESIGN.md section 9): duplicate ids, references to unknown ids, a cycle in the
// skill parents, values out of range, NaN or infinite numbers, quotas that no assignment can meet and quotas on one
// side that do not nest. Every issue is collected, each with the JSON pointer of the offending value, so a C++
// caller that builds a problem by hand gets the same checks (and paths) as one that reads a document.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"

namespace talentmatch::model {

// A JSON pointer token: "~" and "/" escaped as RFC 6901 says.
inline std::string pointer_token(const std::string& s) {
  std::string out;
  for (char c : s) {
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

inline std::string path_of(const std::string& section, std::size_t k) {
  return "/" + section + "/" + std::to_string(k);
}

// Ids to positions, for one kind of entity. Built by validate and by scoring; the first occurrence wins.
struct id_index {
  std::unordered_map<std::string, std::ptrdiff_t> at;

  template <class Items, class Id>
  static id_index of(const Items& items, Id&& id) {
    id_index ix;
    for (std::size_t k = 0; k < items.size(); ++k) ix.at.emplace(id(items[k]), static_cast<std::ptrdiff_t>(k));
    return ix;
  }
  std::ptrdiff_t find(const std::string& id) const {
    const auto it = at.find(id);
    return it == at.end() ? -1 : it->second;
  }
};

// Whether `item`'s field matches `value` (the `where` of a quota). Unknown fields never match; validate reports them.
inline bool field_matches(const post& p, const std::string& field, const attribute_value& value) {
  const std::string* s = std::get_if<std::string>(&value);
  if (s == nullptr) return false;
  if (field == "id") return p.id == *s;
  if (field == "department") return p.department == *s;
  if (field == "unit") return p.unit == *s;
  if (field == "region") return p.region && *p.region == *s;
  return false;
}

inline bool field_matches(const expert& e, const std::string& field, const attribute_value& value) {
  const std::string* s = std::get_if<std::string>(&value);
  auto opt = [&](const std::optional<std::string>& f) { return s != nullptr && f && *f == *s; };
  if (field == "id") return s != nullptr && e.id == *s;
  if (field == "name") return opt(e.name);
  if (field == "province") return opt(e.province);
  if (field == "institution") return opt(e.institution);
  if (field == "title") return opt(e.title);
  for (const auto& [key, v] : e.extra) {
    if (key == field) return v == value;
  }
  return false;
}

// The members of a quota: indices of the posts (or experts) matching every entry of its `where`.
inline std::vector<std::ptrdiff_t> members_of(const problem& p, const constraint& c) {
  std::vector<std::ptrdiff_t> out;
  auto all = [&](const auto& item) {
    return std::all_of(c.where.begin(), c.where.end(),
                       [&](const auto& kv) { return field_matches(item, kv.first, kv.second); });
  };
  if (c.on == side::posts) {
    for (std::size_t k = 0; k < p.posts.size(); ++k) {
      if (all(p.posts[k])) out.push_back(static_cast<std::ptrdiff_t>(k));
    }
  } else {
    for (std::size_t k = 0; k < p.experts.size(); ++k) {
      if (all(p.experts[k])) out.push_back(static_cast<std::ptrdiff_t>(k));
    }
  }
  return out;
}

namespace detail_validate {

// One key per (field, value) a `where` can ask for: the field, then the value with its type (a JSON string, number
// or boolean; numbers by their bits, as field_matches compares them with ==).
inline std::string where_key(const std::string& field, const attribute_value& v) {
  std::string k = field;
  k += '\0';
  if (const auto* s = std::get_if<std::string>(&v)) {
    k += 's';
    k += *s;
  } else if (const auto* d = std::get_if<double>(&v)) {
    const double x = *d == 0 ? 0.0 : *d;  // -0 == 0
    char bits[sizeof(double)];
    std::memcpy(bits, &x, sizeof(double));
    k += 'd';
    k.append(bits, sizeof(double));
  } else {
    k += std::get<bool>(v) ? "b1" : "b0";
  }
  return k;
}

}  // namespace detail_validate

// The members of every quota of p, in document order: members_of for each, from one index of the field values of
// each side instead of a pass over all posts (experts) per quota, so that thousands of quotas ("at most 5 from each
// institution") cost time in proportion to their members.
inline std::vector<std::vector<std::ptrdiff_t>> all_members(const problem& p) {
  using idx = std::ptrdiff_t;
  std::vector<std::vector<idx>> out;
  if (!p.constraints) return out;
  const auto& cs = *p.constraints;
  out.resize(cs.size());
  bool posts = false, experts = false;
  for (const auto& c : cs) (c.on == side::posts ? posts : experts) = true;
  std::unordered_map<std::string, std::vector<idx>> post_ix, expert_ix;
  auto put = [](std::unordered_map<std::string, std::vector<idx>>& ix, const std::string& field,
                const attribute_value& v, idx k) {
    auto& list = ix[detail_validate::where_key(field, v)];
    if (list.empty() || list.back() != k) list.push_back(k);
  };
  if (posts) {
    for (std::size_t k = 0; k < p.posts.size(); ++k) {
      const post& q = p.posts[k];
      const idx i = static_cast<idx>(k);
      put(post_ix, "id", q.id, i);
      put(post_ix, "department", q.department, i);
      put(post_ix, "unit", q.unit, i);
      if (q.region) put(post_ix, "region", *q.region, i);
    }
  }
  if (experts) {
    for (std::size_t k = 0; k < p.experts.size(); ++k) {
      const expert& e = p.experts[k];
      const idx i = static_cast<idx>(k);
      put(expert_ix, "id", e.id, i);
      if (e.name) put(expert_ix, "name", *e.name, i);
      if (e.province) put(expert_ix, "province", *e.province, i);
      if (e.institution) put(expert_ix, "institution", *e.institution, i);
      if (e.title) put(expert_ix, "title", *e.title, i);
      // field_matches reads the first attribute of a key, and never an attribute named like a field above.
      std::unordered_set<std::string> seen;
      for (const auto& [key, v] : e.extra) {
        if (key == "id" || key == "name" || key == "province" || key == "institution" || key == "title") continue;
        if (seen.insert(key).second) put(expert_ix, key, v, i);
      }
    }
  }
  for (std::size_t k = 0; k < cs.size(); ++k) {
    const constraint& c = cs[k];
    const auto& ix = c.on == side::posts ? post_ix : expert_ix;
    const idx count = static_cast<idx>(c.on == side::posts ? p.posts.size() : p.experts.size());
    if (c.where.empty()) {
      out[k].resize(count);
      for (idx i = 0; i < count; ++i) out[k][i] = i;
      continue;
    }
    // Intersect the lists of the where entries, smallest first.
    std::vector<const std::vector<idx>*> lists;
    bool none = false;
    for (const auto& [field, v] : c.where) {
      if (c.on == side::posts && !std::holds_alternative<std::string>(v)) none = true;
      const auto it = ix.find(detail_validate::where_key(field, v));
      if (it == ix.end()) {
        none = true;
        break;
      }
      lists.push_back(&it->second);
    }
    if (none) continue;
    std::sort(lists.begin(), lists.end(), [](const auto* a, const auto* b) { return a->size() < b->size(); });
    std::vector<idx> cur = *lists.front(), next;
    for (std::size_t l = 1; l < lists.size() && !cur.empty(); ++l) {
      next.clear();
      std::set_intersection(cur.begin(), cur.end(), lists[l]->begin(), lists[l]->end(), std::back_inserter(next));
      cur.swap(next);
    }
    out[k] = std::move(cur);
  }
  return out;
}

// The largest settings.weights entry (fit, bonus) and the largest magnitude of a pair rule's bonus value. A value
// is fit_weight * priority * fit + bonus_weight * bonus with priority <= 5 and fit <= 1, so it stays below
// 5e100 + 1e200 < 1e201: finite however the products are formed, and far inside the solvers' magnitude limit
// (DBL_MAX / (8 (k + 2)), above 1e290 for any k that fits in memory), so a whole plan's value is finite too.
// Without a limit a weight of 1e308 scores to inf (and inf - inf to NaN) in a document that looks valid.
inline constexpr double max_weight = 1e100;
inline constexpr double max_bonus = 1e100;

namespace detail_validate {

inline std::string number(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

class checker {
 public:
  explicit checker(const problem& p) : p_(p) {}

  std::vector<issue> run() {
    skills();
    experts();
    posts();
    staff();
    hosts();
    preferences();
    pairs();
    constraints();
    settings_section();
    return std::move(issues_);
  }

 private:
  void add(std::string path, std::string message) { issues_.push_back({std::move(path), std::move(message)}); }

  // A number that must be finite and within [lo, hi]; integral when asked.
  void range(const std::string& path, double x, double lo, double hi, const char* what) {
    if (!std::isfinite(x)) {
      add(path, std::string(what) + " must be a finite number, got " + number(x));
    } else if (x < lo || x > hi) {
      add(path, std::string(what) + " " + number(x) + " is outside " + number(lo) + ".." + number(hi));
    }
  }
  void at_most(const std::string& path, double x, double hi, const char* what) {
    if (std::isfinite(x) && x > hi) {
      add(path, std::string(what) + " " + number(x) + " is above the largest allowed, " + number(hi));
    }
  }
  void at_least(const std::string& path, double x, double lo, const char* what) {
    if (!std::isfinite(x)) {
      add(path, std::string(what) + " must be a finite number, got " + number(x));
    } else if (x < lo) {
      add(path, std::string(what) + " " + number(x) + " is below " + number(lo));
    }
  }

  template <class Items, class Id>
  id_index unique_ids(const Items& items, const std::string& section, Id&& id) {
    id_index ix;
    for (std::size_t k = 0; k < items.size(); ++k) {
      const std::string& s = id(items[k]);
      if (s.empty()) add(path_of(section, k) + "/id", "id is empty");
      const auto [it, fresh] = ix.at.emplace(s, static_cast<std::ptrdiff_t>(k));
      if (!fresh) {
        add(path_of(section, k) + "/id", "duplicate id \"" + s + "\" (first at " + path_of(section, it->second) + ")");
      }
    }
    return ix;
  }

  void skill_ref(const std::string& path, const std::string& id) {
    if (skill_ix_.find(id) < 0) add(path, "unknown skill \"" + id + "\"");
  }

  void levels(const std::string& base, const std::vector<skill_level>& ls) {
    for (const auto& l : ls) {
      const std::string path = base + "/" + pointer_token(l.skill);
      skill_ref(path, l.skill);
      range(path, l.level, 0, 7, "level");
    }
  }

  void skills() {
    skill_ix_ = unique_ids(p_.skills, "skills", [](const skill& s) -> const std::string& { return s.id; });
    for (std::size_t k = 0; k < p_.skills.size(); ++k) {
      const skill& s = p_.skills[k];
      const std::string base = path_of("skills", k);
      for (std::size_t i = 0; i < s.parents.size(); ++i) {
        skill_ref(base + "/parents/" + std::to_string(i), s.parents[i]);
      }
      for (std::size_t i = 0; i < s.related.size(); ++i) {
        const std::string rp = base + "/related/" + std::to_string(i);
        skill_ref(rp + "/skill", s.related[i].skill);
        range(rp + "/transfer", s.related[i].transfer, 0, 1, "transfer");
      }
    }
    // A cycle in the parents: an iterative depth-first search (taxonomies can be deep), colouring the skills on the
    // current path; the first cycle found is reported with its members.
    const std::size_t n = p_.skills.size();
    std::vector<char> colour(n, 0);
    std::vector<std::pair<std::ptrdiff_t, std::size_t>> stack;  // skill, next parent to look at
    for (std::size_t root = 0; root < n; ++root) {
      if (colour[root] != 0) continue;
      stack.push_back({static_cast<std::ptrdiff_t>(root), 0});
      colour[root] = 1;
      while (!stack.empty()) {
        auto& [k, next] = stack.back();
        const skill& s = p_.skills[k];
        if (next == s.parents.size()) {
          colour[k] = 2;
          stack.pop_back();
          continue;
        }
        const std::size_t i = next++;
        const std::ptrdiff_t q = skill_ix_.find(s.parents[i]);
        if (q < 0 || colour[q] == 2) continue;
        if (colour[q] == 1) {
          std::string cycle;
          std::size_t from = 0;
          while (stack[from].first != q) ++from;
          for (std::size_t f = from; f < stack.size(); ++f) cycle += p_.skills[stack[f].first].id + " -> ";
          add(path_of("skills", static_cast<std::size_t>(k)) + "/parents/" + std::to_string(i),
              "cycle in the skill parents: " + cycle + s.parents[i]);
          return;
        }
        colour[q] = 1;
        stack.push_back({q, 0});
      }
    }
  }

  void experts() {
    expert_ix_ = unique_ids(p_.experts, "experts", [](const expert& e) -> const std::string& { return e.id; });
    for (std::size_t k = 0; k < p_.experts.size(); ++k) {
      const expert& e = p_.experts[k];
      const std::string base = path_of("experts", k);
      at_least(base + "/available_months", e.available_months, 0, "available_months");
      if (e.capacity) at_least(base + "/capacity", *e.capacity, 0, "capacity");
      if (e.mentor_capacity) at_least(base + "/mentor_capacity", *e.mentor_capacity, 0, "mentor_capacity");
      levels(base + "/skills", e.skills);
      for (const auto& [key, v] : e.extra) {
        if (const double* d = std::get_if<double>(&v); d && !std::isfinite(*d)) {
          add(base + "/attributes/" + pointer_token(key), "attribute must be a finite number, got " + number(*d));
        }
      }
    }
  }

  void posts() {
    post_ix_ = unique_ids(p_.posts, "posts", [](const post& q) -> const std::string& { return q.id; });
    for (std::size_t k = 0; k < p_.posts.size(); ++k) {
      const post& q = p_.posts[k];
      const std::string base = path_of("posts", k);
      at_least(base + "/slots", q.slots, 1, "slots");
      if (q.min_fill) {
        at_least(base + "/min_fill", *q.min_fill, 0, "min_fill");
        if (*q.min_fill > q.slots) {
          add(base + "/min_fill",
              "min_fill " + std::to_string(*q.min_fill) + " exceeds slots " + std::to_string(q.slots));
        }
      }
      if (q.min_months) at_least(base + "/min_months", *q.min_months, 0, "min_months");
      if (q.priority) range(base + "/priority", *q.priority, 1, 5, "priority");
      std::unordered_set<std::string> seen;
      for (std::size_t i = 0; i < q.requires.size(); ++i) {
        const requirement& r = q.requires[i];
        const std::string rp = base + "/requires/" + std::to_string(i);
        skill_ref(rp + "/skill", r.skill);
        if (!seen.insert(r.skill).second) add(rp + "/skill", "skill \"" + r.skill + "\" is required twice");
        range(rp + "/importance", r.importance, 1, 5, "importance");
        range(rp + "/min_level", r.min_level, 0, 7, "min_level");
      }
    }
  }

  void staff() {
    if (!p_.staff) return;
    const auto& st = *p_.staff;
    staff_ix_ = unique_ids(st, "staff", [](const staff_member& s) -> const std::string& { return s.id; });
    for (std::size_t k = 0; k < st.size(); ++k) {
      const std::string base = path_of("staff", k);
      levels(base + "/skills", st[k].skills);
      for (std::size_t i = 0; i < st[k].goals.size(); ++i) {
        const goal& g = st[k].goals[i];
        const std::string gp = base + "/goals/" + std::to_string(i);
        skill_ref(gp + "/skill", g.skill);
        range(gp + "/target_level", g.target_level, 0, 7, "target_level");
        if (g.importance) range(gp + "/importance", *g.importance, 1, 5, "importance");
      }
    }
  }

  void hosts() {
    if (!p_.hosts) return;
    const auto& hs = *p_.hosts;
    unique_ids(hs, "hosts", [](const host& h) -> const std::string& { return h.id; });
    for (std::size_t k = 0; k < hs.size(); ++k) {
      const std::string base = path_of("hosts", k);
      at_least(base + "/capacity", hs[k].capacity, 0, "capacity");
      levels(base + "/offers", hs[k].offers);
    }
  }

  // A ranked list of ids for stable mentoring: every id known on the other side, each once.
  void ranked(const std::string& path, const std::vector<std::string>& ids, const id_index& other, const char* kind) {
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::string at = path + "/" + std::to_string(i);
      if (other.find(ids[i]) < 0) add(at, std::string("unknown ") + kind + " \"" + ids[i] + "\"");
      const auto [it, fresh] = seen.emplace(ids[i], i);
      if (!fresh)
        add(at, "\"" + ids[i] + "\" is listed twice (first at " + path + "/" + std::to_string(it->second) + ")");
    }
  }

  void preferences() {
    for (std::size_t k = 0; k < p_.experts.size(); ++k) {
      if (p_.experts[k].prefers)
        ranked(path_of("experts", k) + "/prefers", *p_.experts[k].prefers, staff_ix_, "staff member");
    }
    if (!p_.staff) return;
    for (std::size_t k = 0; k < p_.staff->size(); ++k) {
      const auto& s = (*p_.staff)[k];
      if (s.prefers) ranked(path_of("staff", k) + "/prefers", *s.prefers, expert_ix_, "expert");
    }
  }

  void pairs() {
    if (!p_.pairs) return;
    const auto& ps = *p_.pairs;
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t k = 0; k < ps.size(); ++k) {
      const pair_rule& r = ps[k];
      const std::string base = path_of("pairs", k);
      if (expert_ix_.find(r.expert) < 0) add(base + "/expert", "unknown expert \"" + r.expert + "\"");
      if (post_ix_.find(r.post) < 0) add(base + "/post", "unknown post \"" + r.post + "\"");
      if (r.value) {
        range(base + "/value", *r.value, -max_bonus, max_bonus, "value");
        if (r.rule != pair_kind::bonus)
          add(base + "/value", std::string("a \"") + to_string(r.rule) + "\" rule takes no value");
      }
      const auto [it, fresh] = seen.emplace(r.expert + '\n' + r.post, k);
      if (!fresh)
        add(base, "pair (" + r.expert + ", " + r.post + ") already has a rule at " + path_of("pairs", it->second));
    }
  }

  void constraints() {
    if (!p_.constraints) return;
    const auto& cs = *p_.constraints;
    std::unordered_set<std::string> names;
    const std::vector<std::vector<std::ptrdiff_t>> members = all_members(p_);
    for (std::size_t k = 0; k < cs.size(); ++k) {
      const constraint& c = cs[k];
      const std::string base = path_of("constraints", k);
      if (!names.insert(c.name).second) add(base + "/name", "duplicate constraint name \"" + c.name + "\"");
      if (!c.min && !c.max) add(base, "a constraint needs a min or a max");
      if (c.min) at_least(base + "/min", *c.min, 0, "min");
      if (c.max) at_least(base + "/max", *c.max, 0, "max");
      if (c.min && c.max && *c.min > *c.max) {
        add(base + "/min", "min " + std::to_string(*c.min) + " exceeds max " + std::to_string(*c.max));
      }
      bool well_formed = true;  // an unknown field matches nothing: the quota's other checks would only echo it
      for (const auto& [field, value] : c.where) {
        if (!known_field(c.on, field)) {
          well_formed = false;
          add(base + "/where/" + pointer_token(field),
              std::string("unknown field \"") + field + "\" for " + to_string(c.on));
        } else if (c.on == side::posts && !std::holds_alternative<std::string>(value)) {
          well_formed = false;
          add(base + "/where/" + pointer_token(field), "post fields are strings");
        }
      }
      // The most any assignment can give the group: its posts' slots, or its experts' capacities.
      long long most = 0;
      for (std::ptrdiff_t i : members[k]) {
        most += c.on == side::posts ? p_.posts[i].slots : p_.experts[i].capacity_or_default();
      }
      if (well_formed && c.min && *c.min > most) {
        add(base + "/min", "min " + std::to_string(*c.min) + " cannot be met: the " +
                               std::to_string(members[k].size()) + " matching " + to_string(c.on) +
                               " can take at most " + std::to_string(most));
      }
    }
    // Quotas on one side must nest: any two are disjoint or one contains the other. Largest first, each member
    // remembers the last (smallest so far) quota that took it; a quota nests exactly when all its members share
    // that owner. When they do not, it crosses the owner of its first member or of the first member that differs
    // (the one with the other's member outside it), which an explicit test picks. Time: the members, not pairs.
    for (int on = 0; on < 2; ++on) {
      const side which = on == 0 ? side::posts : side::experts;
      const std::size_t count = which == side::posts ? p_.posts.size() : p_.experts.size();
      std::vector<std::size_t> order;
      for (std::size_t k = 0; k < cs.size(); ++k) {
        if (cs[k].on == which) order.push_back(k);
      }
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return members[a].size() > members[b].size(); });
      std::vector<std::ptrdiff_t> owner(count, -1);
      std::vector<std::size_t> mark(count, static_cast<std::size_t>(-1));
      auto crosses = [&](std::size_t a, std::size_t b) {
        for (std::ptrdiff_t x : members[a]) mark[x] = a;
        std::size_t shared = 0;
        for (std::ptrdiff_t x : members[b]) shared += mark[x] == a ? 1 : 0;
        for (std::ptrdiff_t x : members[a]) mark[x] = static_cast<std::size_t>(-1);
        return shared > 0 && shared != members[a].size() && shared != members[b].size();
      };
      for (std::size_t k : order) {
        const auto& mem = members[k];
        if (mem.empty()) continue;
        const std::ptrdiff_t first = owner[mem.front()];
        std::ptrdiff_t other = -2;
        for (std::ptrdiff_t x : mem) {
          if (owner[x] != first) {
            other = owner[x];
            break;
          }
        }
        if (other != -2) {
          std::ptrdiff_t with = -1;
          for (std::ptrdiff_t o : {first, other}) {
            if (o >= 0 && with < 0 && crosses(static_cast<std::size_t>(o), k)) with = o;
          }
          if (with >= 0) {
            const std::size_t a = std::min<std::size_t>(with, k), b = std::max<std::size_t>(with, k);
            add(path_of("constraints", b), "quota \"" + cs[b].name + "\" overlaps quota \"" + cs[a].name +
                                               "\" without one containing the other; quotas on one side must nest");
            continue;  // its members keep their owners, so each crossing is reported once
          }
        }
        for (std::ptrdiff_t x : mem) owner[x] = static_cast<std::ptrdiff_t>(k);
      }
    }
  }

  bool known_field(side on, const std::string& field) {
    if (on == side::posts) return field == "id" || field == "department" || field == "unit" || field == "region";
    if (field == "id" || field == "name" || field == "province" || field == "institution" || field == "title") {
      return true;
    }
    if (!attribute_keys_) {
      attribute_keys_.emplace();
      for (const expert& e : p_.experts) {
        for (const auto& kv : e.extra) attribute_keys_->insert(kv.first);
      }
    }
    return attribute_keys_->count(field) > 0;
  }

  void settings_section() {
    if (!p_.config) return;
    const settings& s = *p_.config;
    if (s.min_score) range("/settings/min_score", *s.min_score, 0, 1, "min_score");
    if (s.mentoring_margin) {
      at_least("/settings/mentoring/margin", *s.mentoring_margin, 0, "margin");
      at_most("/settings/mentoring/margin", *s.mentoring_margin, 7, "margin");
    }
    if (s.mentoring_unit_bonus) {
      at_least("/settings/mentoring/unit_bonus", *s.mentoring_unit_bonus, 0, "unit_bonus");
      at_most("/settings/mentoring/unit_bonus", *s.mentoring_unit_bonus, max_bonus, "unit_bonus");
    }
    if (s.mentoring_scope && *s.mentoring_scope != "unit" && *s.mentoring_scope != "department") {
      add("/settings/mentoring/scope", "scope must be \"unit\" or \"department\", got \"" + *s.mentoring_scope + "\"");
    }
    if (s.weights) {
      if (s.weights->fit) {
        at_least("/settings/weights/fit", *s.weights->fit, 0, "weight");
        at_most("/settings/weights/fit", *s.weights->fit, max_weight, "weight");
      }
      if (s.weights->bonus) {
        at_least("/settings/weights/bonus", *s.weights->bonus, 0, "weight");
        at_most("/settings/weights/bonus", *s.weights->bonus, max_weight, "weight");
      }
    }
  }

  const problem& p_;
  std::vector<issue> issues_;
  std::optional<std::unordered_set<std::string>> attribute_keys_;
  id_index skill_ix_, expert_ix_, post_ix_, staff_ix_;
};

}  // namespace detail_validate

// Every issue in `p`, in document order within each section. Empty when the problem is valid.
inline std::vector<issue> validate(const problem& p) { return detail_validate::checker(p).run(); }

// Throws validation_error listing every issue, if there is any.
inline void require_valid(const problem& p) {
  auto issues = validate(p);
  if (!issues.empty()) throw validation_error(std::move(issues));
}

}  // namespace talentmatch::model
