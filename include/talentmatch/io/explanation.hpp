#pragma once

// A pair's explanation (scoring/explain.hpp) as JSON and as text: what `talentmatch explain` prints. The keys are
// those of Python's Problem.explain dicts.
//
//   const auto e = talentmatch::scoring::explain(problem, "e-liu", "p-icu");
//   std::cout << talentmatch::io::render_explanation(e);

#include <cstddef>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "talentmatch/scoring/explain.hpp"

namespace talentmatch::io {

inline nlohmann::ordered_json explanation_to_json(const scoring::explanation& e) {
  nlohmann::ordered_json reqs = nlohmann::ordered_json::array();
  for (const auto& r : e.requirements) {
    reqs.push_back({{"skill", r.skill},
                    {"importance", r.importance},
                    {"min_level", r.min_level},
                    {"essential", r.essential},
                    {"level", r.level},
                    {"own_level", r.own_level},
                    {"transferred_from", r.transferred_from.empty() ? nlohmann::ordered_json(nullptr)
                                                                    : nlohmann::ordered_json(r.transferred_from)},
                    {"status", scoring::to_string(r.status)},
                    {"gap", r.gap},
                    {"weight_share", r.weight_share},
                    {"contribution", r.contribution}});
  }
  return {{"expert", e.expert},     {"post", e.post},         {"fit", e.fit},
          {"value", e.value},       {"priority", e.priority}, {"bonus", e.bonus},
          {"feasible", e.feasible}, {"requirements", reqs},   {"rules", e.rules}};
}

namespace detail_explanation {
inline std::string fixed(double x, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}
inline std::string pad(const std::string& s, std::size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}
}  // namespace detail_explanation

// Text: a headline (fit, value, feasible or the rules that fail), then one line per requirement.
inline std::string render_explanation(const scoring::explanation& e) {
  namespace dx = detail_explanation;
  std::string out = "expert " + e.expert + " x post " + e.post + ": fit " + dx::fixed(e.fit) + ", value " +
                    dx::fixed(e.value) + ", " + (e.feasible ? "feasible" : "infeasible") + "\n";
  out += "  priority " + dx::fixed(e.priority, 0) + (e.bonus != 0 ? ", bonus " + dx::fixed(e.bonus) : "") + "\n";
  for (const auto& r : e.rules) out += "  rule: " + r + "\n";
  if (!e.requirements.empty()) {
    std::size_t w = 5;
    for (const auto& r : e.requirements) w = std::max(w, r.skill.size());
    out += "  " + dx::pad("skill", w) + "  imp  min  level  status             share\n";
    for (const auto& r : e.requirements) {
      std::string level = dx::fixed(r.level, 2);
      if (!r.transferred_from.empty()) level += " (from " + r.transferred_from + ")";
      out += "  " + dx::pad(r.skill, w) + "  " + dx::pad(std::to_string(r.importance), 3) + "  " +
             dx::pad(std::to_string(r.min_level) + (r.essential ? "*" : ""), 3) + "  " + dx::pad(level, 5) + "  " +
             dx::pad(scoring::to_string(r.status), 17) + "  " + dx::fixed(r.contribution) + "\n";
    }
    out += "  (* essential; share: the requirement's part of the fit)\n";
  }
  return out;
}

}  // namespace talentmatch::io
