#pragma once

// Column generation over the expert-post pairs (DESIGN.md section 12): the plan of a problem solved on a subset of
// its candidate pairs, and the prices that say whether any pair left out could improve it. talentmatch.distributed
// runs it on Dask (each worker scores and prices its share of the experts); these are the pieces it calls, the same
// in C++.
//
//     // The experts split in two; each part is scored on its own (a worker's job) and keeps its best pairs.
//     const auto part = talentmatch::plan::expert_slice(problem, 0, 1000);
//     const auto all = talentmatch::scoring::score_candidates(part);  // expert indices 0..999 of `part`
//     talentmatch::scoring::candidates kept = ...;                     // a subset, in `problem`'s indices
//     auto p = talentmatch::plan::match_candidates(problem, kept, opt);
//     const auto d = talentmatch::plan::pair_duals_of(p, problem);
//     // A pair (e, q) of value w improves the plan when -w - d.expert[e] - d.post[q] < -d.tolerance: add it, solve
//     // again (warm, from p); when no pair of any part does, p is optimal for the whole problem.
//
// Why it is exact: the flow of a plan is a linear program whose pair arcs are its only columns that depend on which
// pairs are candidates (every bound, capacity and quota row is the same), so the duals of the restricted optimum
// are feasible for the whole problem exactly when every pair's reduced cost c - u[e] - v[q] - (the duals of the
// quotas holding e and q) is >= 0 (Dantzig-Wolfe column generation; Ahuja, Magnanti and Orlin, "Network Flows"
// (1993), section 9.3 for the reduced costs). The plan is then optimal for the whole problem, and its certificate
// (on the pairs it solved) with that pricing covers every pair.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/plan/matcher.hpp"
#include "talentmatch/plan/plan.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace talentmatch::plan {

// The part of `p` that scores the experts [begin, end): those experts, every post, the taxonomy, the settings and
// the pair rules on those experts. Quotas, local staff and training hosts are left out (scoring reads none of
// them), and so are the experts' mentoring preferences (they name staff). A pair scores the same in the slice as in
// `p` (scoring::score_candidates of the slice holds the pairs of those experts, at index e - begin).
inline model::problem expert_slice(const model::problem& p, std::ptrdiff_t begin, std::ptrdiff_t end) {
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(p.experts.size());
  if (begin < 0 || end < begin || end > n) {
    throw error("expert_slice: [" + std::to_string(begin) + ", " + std::to_string(end) +
                ") is not a range of the problem's " + std::to_string(n) + " experts");
  }
  model::problem out;
  out.skills = p.skills;
  out.posts = p.posts;
  out.config = p.config;
  out.has_format = p.has_format;
  out.experts.assign(p.experts.begin() + begin, p.experts.begin() + end);
  for (auto& e : out.experts) e.prefers.reset();
  if (p.pairs) {
    std::unordered_set<std::string> here;
    for (const auto& e : out.experts) here.insert(e.id);
    std::vector<model::pair_rule> rules;
    for (const auto& r : *p.pairs) {
      if (here.count(r.expert) != 0) rules.push_back(r);
    }
    if (!rules.empty()) out.pairs = std::move(rules);
  }
  return out;
}

// The document's `require` pairs as (expert, post) positions in `p`, in rule order (a rule on an id `p` lacks, as in
// an expert_slice, is left out). Every one must be among the candidates a plan is solved on.
inline std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> required_pairs(const model::problem& p) {
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> out;
  if (!p.pairs) return out;
  const auto experts =
      model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
  const auto posts = model::id_index::of(p.posts, [](const model::post& q) -> const std::string& { return q.id; });
  for (const auto& r : *p.pairs) {
    if (r.rule != model::pair_kind::require) continue;
    const std::ptrdiff_t e = experts.find(r.expert), q = posts.find(r.post);
    if (e >= 0 && q >= 0) out.emplace_back(e, q);
  }
  return out;
}

namespace detail_pricing {

using idx = std::ptrdiff_t;

// The candidates in expert-then-post order, checked: the right shape, indices in range, each pair once, finite
// values and fits, and every `require` pair of the document present (a required pair left out would silently leave
// the plan without it).
inline scoring::candidates checked(const model::problem& p, scoring::candidates c) {
  const idx n = static_cast<idx>(p.experts.size()), m = static_cast<idx>(p.posts.size());
  const std::string at = "match_candidates: ";
  if (c.experts != n || c.posts != m) {
    throw error(at + "the candidates are for " + std::to_string(c.experts) + " experts x " + std::to_string(c.posts) +
                " posts, the problem has " + std::to_string(n) + " x " + std::to_string(m));
  }
  const std::size_t k = c.expert.size();
  if (c.post.size() != k || c.value.size() != k || c.fit.size() != k) {
    throw error(at + "expert, post, value and fit must have one length, got " + std::to_string(k) + ", " +
                std::to_string(c.post.size()) + ", " + std::to_string(c.value.size()) + ", " +
                std::to_string(c.fit.size()));
  }
  bool sorted = true;
  for (std::size_t a = 0; a < k; ++a) {
    if (c.expert[a] < 0 || c.expert[a] >= n || c.post[a] < 0 || c.post[a] >= m) {
      throw error(at + "pair " + std::to_string(a) + " (expert " + std::to_string(c.expert[a]) + ", post " +
                  std::to_string(c.post[a]) + ") is out of range");
    }
    if (!std::isfinite(c.value[a]) || !std::isfinite(c.fit[a])) {
      throw error(at + "pair " + std::to_string(a) + " has a value or fit that is not a finite number");
    }
    if (a > 0 && (c.expert[a] < c.expert[a - 1] || (c.expert[a] == c.expert[a - 1] && c.post[a] <= c.post[a - 1]))) {
      sorted = false;
    }
  }
  if (!sorted) {
    std::vector<std::size_t> order(k);
    for (std::size_t a = 0; a < k; ++a) order[a] = a;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return c.expert[a] != c.expert[b] ? c.expert[a] < c.expert[b] : c.post[a] < c.post[b];
    });
    scoring::candidates s;
    s.experts = n, s.posts = m;
    for (std::size_t a : order) {
      if (!s.expert.empty() && s.expert.back() == c.expert[a] && s.post.back() == c.post[a]) {
        throw error(at + "the pair (expert " + std::to_string(c.expert[a]) + ", post " + std::to_string(c.post[a]) +
                    ") is given twice");
      }
      s.expert.push_back(c.expert[a]), s.post.push_back(c.post[a]);
      s.value.push_back(c.value[a]), s.fit.push_back(c.fit[a]);
    }
    c = std::move(s);
  }
  for (const auto& [e, q] : required_pairs(p)) {
    const auto first = c.expert.begin(), last = c.expert.end();
    const auto lo = std::lower_bound(first, last, static_cast<std::int64_t>(e));
    const auto hi = std::upper_bound(lo, last, static_cast<std::int64_t>(e));
    const auto pf = c.post.begin() + (lo - first), pl = c.post.begin() + (hi - first);
    if (!std::binary_search(pf, pl, static_cast<std::int64_t>(q))) {
      throw error(at + "the required pair ('" + p.experts[e].id + "', '" + p.posts[q].id +
                  "') is not among the candidates: every `require` pair must be one");
    }
  }
  return c;
}

}  // namespace detail_pricing

// The plan of `p` when only the pairs of `c` may be used (in `p`'s indices, any order, each pair once, holding every
// `require` pair; value and fit as scoring gives them): the same matcher, reports and certificate as match, on that
// graph. `start`: an earlier plan of the same problem to warm-start the flow from (the previous round of pricing).
// The certificate proves the plan optimal among those pairs; pair_duals_of prices the rest.
inline plan match_candidates(const model::problem& p, const scoring::candidates& c, const match_options& opt = {},
                             const plan* start = nullptr) {
  namespace dp = detail_plan;
  dp::check_options(opt);
  timings time;
  auto t0 = dp::clock::now();
  if (opt.validate) model::require_valid(p);
  time.validate = dp::seconds_since(t0);
  const scoring::candidates kept = detail_pricing::checked(p, c);
  return dp::match_on(p, kept, {}, opt, time, start);
}

// What prices a pair against a plan's duals (the flow's minimisation form, on the negated values): the reduced cost
// of the pair (e, q) of value w is -w - expert[e] - post[q], where expert[e] is e's dual plus the duals of the quotas
// holding e, and post[q] the same for q. In the plan's solved graph it is >= 0 on every pair left unused (and <= 0 on
// the pairs used, each of which may be used once); a pair outside that graph with a reduced cost below -tolerance
// could improve the plan.
struct pair_duals {
  std::vector<double> expert, post;
  double tolerance = 0;                              // the plan certificate's absolute tolerance
  std::vector<std::int64_t> used_expert, used_post;  // the plan's pairs (required ones too), by expert then post
};

inline pair_duals pair_duals_of(const plan& pl, const model::problem& p) {
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(p.experts.size()),
                       m = static_cast<std::ptrdiff_t>(p.posts.size());
  if (pl.kind != "posts" || !pl.warm) {
    throw error("pair_duals: the plan has no duals (only a post plan that match or match_candidates returned has)");
  }
  if (pl.fill_first) {
    throw error(
        "pair_duals: a fill_first plan's duals price the most slots, not the value of a pair: pricing needs "
        "fill_first=False");
  }
  const warm_state& w = *pl.warm;
  if (static_cast<std::ptrdiff_t>(w.u.size()) != n || static_cast<std::ptrdiff_t>(w.v.size()) != m ||
      static_cast<std::ptrdiff_t>(w.experts.size()) != n || static_cast<std::ptrdiff_t>(w.posts.size()) != m) {
    throw error("pair_duals: the plan is of a problem with " + std::to_string(w.experts.size()) + " experts and " +
                std::to_string(w.posts.size()) + " posts, not this one's " + std::to_string(n) + " and " +
                std::to_string(m));
  }
  for (std::ptrdiff_t e = 0; e < n; ++e) {
    if (w.experts[e] != p.experts[e].id) {
      throw error("pair_duals: the plan's expert " + std::to_string(e) + " is '" + w.experts[e] + "', the problem's '" +
                  p.experts[e].id + "': not the plan of this problem");
    }
  }
  pair_duals d;
  d.expert = w.u;
  d.post = w.v;
  d.tolerance = pl.cert.tolerance;
  for (const auto& a : pl.assignments) d.used_expert.push_back(a.expert_index), d.used_post.push_back(a.post_index);
  if (p.constraints) {
    const auto& cs = *p.constraints;
    std::unordered_map<std::string, std::size_t> by_name;
    for (std::size_t k = 0; k < cs.size(); ++k) by_name.emplace(cs[k].name, k);
    const auto members = model::all_members(p);
    auto add = [&](const std::vector<std::string>& names, const std::vector<double>& duals, std::vector<double>& to) {
      for (std::size_t g = 0; g < names.size() && g < duals.size(); ++g) {
        const auto it = by_name.find(names[g]);
        if (it == by_name.end()) throw error("pair_duals: the plan's quota '" + names[g] + "' is not in the problem");
        for (const std::ptrdiff_t x : members[it->second]) to[x] += duals[g];
      }
    };
    add(w.row_constraints, w.row_group_dual, d.expert);
    add(w.col_constraints, w.col_group_dual, d.post);
  }
  return d;
}

}  // namespace talentmatch::plan
