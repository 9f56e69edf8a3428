#pragma once

// Scoring, the default model of DESIGN.md section 5: talentmatch::scoring::score (dense experts x posts matrices),
// score_candidates (only the candidate pairs, never an experts x posts matrix) and effective_levels.
//
// The model, made precise:
// - Effective level L[e,s] = max(own level of e in s (0 if absent), max over the skills a whose `related` list holds
//   {skill: s, transfer: t} of t * (own level of e in a)). One hop only: a transferred level is never transferred
//   again. A skill an expert lists twice counts at its higher level.
// - A requirement (importance w, min_level r, an integer 0..7) is covered c = min(L, r) / r, and c = 1 when r = 0.
//   fit = sum w c / sum w over the post's requirements; a post with no requirements has fit 1.
// - Hard rules (feasible = 0): settings.essential_hard (default true) and an essential requirement with L < r;
//   post.min_months present and expert.available_months < min_months; a `forbid` pair rule; expert capacity 0;
//   fit < settings.min_score (default 0). A `require` pair is always feasible: a nomination overrides every other
//   rule.
// - value = settings.fit_weight() * priority * fit + settings.bonus_weight() * bonus, with bonus the `value` of the
//   pair's `bonus` rule (0 otherwise). fit and value are computed for every pair, feasible or not.
//
// fit is a sum of rounded terms, so a pair whose fit equals min_score in exact arithmetic may come out a few ulps
// below it; the min_score rule therefore drops a pair only when fit < min_score - min_score_tolerance.
//
// The computation never loops over experts x posts x skills. For an integer r and a level L >= 0,
//   min(L, r) = sum_{t=1..r} clamp(L - t + 1, 0, 1)
// so with B_t[e,s] = clamp(L[e,s] - t + 1, 0, 1) and W_t[p,s] = w_ps [r_ps >= t] / r_ps / sum_w_p,
//   fit = sum_{t=1..7} B_t W_t^T + k,   k[p] = (sum of w over p's requirements with r = 0) / sum_w_p
// (k = 1 for a post without requirements). The seven products are one: B = [B_1 ... B_7] (experts x 7 skills) times
// W^T = [W_1 ... W_7]^T (7 skills x posts), an Eigen sparse x sparse product whose work is proportional to the
// non-zeros it forms. Likewise the number of essential requirements (r >= 1) an expert meets is I R^T with
// I_t[e,s] = [L[e,s] >= t] and R_t[p,s] = [essential and r_ps = t]; a pair misses an essential requirement when
// that count is below E[p], the post's number of essential requirements with r >= 1.
//
// The products are formed one expert (row) at a time with Eigen's sparse x sparse -> dense kernel (Gustavson's
// algorithm: the row of B scales rows of W^T into a dense accumulator of length posts). Its sparse x sparse -> sparse
// product would do the same arithmetic but then sort every row by transposing the result twice, which measured five
// times slower at 10^4 x 10^4; score_candidates finds the touched entries from L's pattern instead (below) and clears
// only those, so no experts x posts work or memory is spent.
//
// The fit product has a non-zero exactly where the expert has a positive level in a skill the post requires with
// r >= 1; every other pair has fit k[p]. So unless k[p] >= min_score (always true for min_score 0, and for a post
// without requirements), score_candidates needs only the product's non-zeros. Where k[p] >= min_score and the post
// has no essential requirement (or essential_hard is false), every expert that passes the other rules is a
// candidate for p: with min_score 0 the candidate list may be as dense as the matrix.

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"

namespace talentmatch::scoring {

using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using mask_matrix = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// See the header comment: the slack of the min_score rule, far above the rounding error of a fit in [0, 1].
inline constexpr double min_score_tolerance = 1e-12;

// Dense scores, experts x posts in document order.
struct scores {
  row_matrix value, fit;
  mask_matrix feasible;  // 1 where the pair may be assigned
};

// The candidate pairs (feasible == 1), sorted by expert, then post.
struct candidates {
  std::ptrdiff_t experts = 0, posts = 0;
  std::vector<std::int64_t> expert, post;
  std::vector<double> value, fit;
};

namespace detail_scoring {

using idx = std::ptrdiff_t;
using csr = Eigen::SparseMatrix<double, Eigen::RowMajor>;
using storage_index = csr::StorageIndex;

inline constexpr int max_level = 7;  // the O*NET level scale

// The arithmetic of the model, one function each, so that score, score_candidates and explain round alike and agree
// to the bit (explain forms its one pair's product with the same kernel, add_product).

// W_t[p,s] for t <= r: the share of one threshold step of a requirement in the post's fit.
inline double step_weight(int importance, int min_level, double sum_w) {
  return static_cast<double>(importance) / (static_cast<double>(min_level) * sum_w);
}

// k[p]: the fit of a pair the product does not reach (requirements with min_level 0 are always covered).
inline double base_fit(bool no_requirements, double sum_w0, double sum_w) {
  return no_requirements ? 1.0 : sum_w0 / sum_w;
}

// value = fit_weight * priority * fit + bonus_weight * bonus, with scale = fit_weight * priority. Range-safe for a
// valid problem: model::max_weight and model::max_bonus keep every term far below the double range.
inline double pair_value(double scale, double fit, double bonus_weight, double bonus) {
  return scale * fit + bonus_weight * bonus;
}

// Row-major compressed arrays being built row by row, then handed to Eigen.
struct csr_builder {
  std::vector<storage_index> outer{0}, inner;
  std::vector<double> values;

  void push(idx col, double v) {
    inner.push_back(static_cast<storage_index>(col));
    values.push_back(v);
  }
  void end_row() {
    if (inner.size() > static_cast<std::size_t>(std::numeric_limits<storage_index>::max())) {
      throw error("scoring: a sparse matrix has more than " +
                  std::to_string(std::numeric_limits<storage_index>::max()) + " non-zeros");
    }
    outer.push_back(static_cast<storage_index>(inner.size()));
  }
  csr build(idx rows, idx cols) {
    const Eigen::Map<const csr> map(rows, cols, static_cast<idx>(inner.size()), outer.data(), inner.data(),
                                    values.data());
    return csr(map);
  }
};

// Skill positions, and each skill's `related` entries as (position, transfer).
struct taxonomy {
  model::id_index ix;
  std::vector<std::vector<std::pair<idx, double>>> related;

  explicit taxonomy(const model::problem& p)
      : ix(model::id_index::of(p.skills, [](const model::skill& s) -> const std::string& { return s.id; })),
        related(p.skills.size()) {
    for (std::size_t a = 0; a < p.skills.size(); ++a) {
      for (const auto& r : p.skills[a].related) related[a].emplace_back(find(r.skill), r.transfer);
    }
  }
  idx find(const std::string& id) const {
    const idx s = ix.find(id);
    if (s < 0) throw error("scoring: unknown skill \"" + id + "\" (validate the problem first)");
    return s;
  }
};

// L: experts x skills. A dense scratch row collects one expert's levels; the skills it touched, sorted, become the
// row (zero levels are not stored).
inline csr levels(const model::problem& p, const taxonomy& tx) {
  const idx n = static_cast<idx>(p.experts.size()), S = static_cast<idx>(p.skills.size());
  std::vector<double> level(S, 0.0);
  std::vector<char> touched(S, 0);
  std::vector<idx> list;
  csr_builder out;
  auto raise = [&](idx s, double x) {
    if (!touched[s]) touched[s] = 1, list.push_back(s);
    level[s] = std::max(level[s], x);
  };
  for (idx e = 0; e < n; ++e) {
    list.clear();
    const auto& own = p.experts[e].skills;
    for (const auto& sl : own) raise(tx.find(sl.skill), sl.level);
    // Transfers read the listed (own) level, never a raised one: one hop.
    for (const auto& sl : own) {
      for (const auto& [s, t] : tx.related[tx.find(sl.skill)]) raise(s, t * sl.level);
    }
    std::sort(list.begin(), list.end());
    for (idx s : list) {
      if (level[s] > 0) out.push(s, level[s]);
      level[s] = 0, touched[s] = 0;
    }
    out.end_row();
  }
  return out.build(n, S);
}

// B = [B_1 ... B_7] and I = [I_1 ... I_7] from L, column (t - 1) * S + s. Looping t outside the row's skills keeps
// each row's columns ascending.
inline csr thresholds(const csr& L, bool indicator) {
  const idx S = L.cols();
  csr_builder out;
  std::size_t nnz = 0;  // B_t > 0 for t < L + 1, I_t for t <= L
  for (idx k = 0; k < L.nonZeros(); ++k) {
    const double x = std::min(L.valuePtr()[k], static_cast<double>(max_level));
    nnz += static_cast<std::size_t>(indicator ? std::floor(x) : std::ceil(x));
  }
  out.inner.reserve(nnz);
  out.values.reserve(nnz);
  for (idx e = 0; e < L.rows(); ++e) {
    for (int t = 1; t <= max_level; ++t) {
      for (csr::InnerIterator it(L, e); it; ++it) {
        const double x = it.value();
        if (indicator) {
          if (x >= t) out.push((t - 1) * S + it.index(), 1.0);
        } else {
          const double b = std::min(1.0, x - (t - 1));
          if (b > 0) out.push((t - 1) * S + it.index(), b);
        }
      }
    }
    out.end_row();
  }
  return out.build(L.rows(), max_level * S);
}

// Everything the per-pair rules read, and the right-hand sides of the two products.
struct model_data {
  idx n = 0, m = 0, S = 0;
  taxonomy tx;
  std::vector<double> base;        // k[p]: the fit of a pair the product does not reach
  std::vector<double> scale;       // fit_weight * priority
  std::vector<double> essentials;  // E[p]
  std::vector<double> min_months;  // -inf when the post has none
  std::vector<double> months;      // available_months
  std::vector<char> has_capacity;
  double min_score = 0, bonus_weight = 1;
  bool essential_hard = true;
  csr Wt, Rt;  // 7 skills x posts
  // Pair rules grouped by expert (counting sort, so by document order within an expert).
  std::vector<idx> rule_ptr, rule_post, rule_index;
  std::vector<double> sum_w;            // per post: a sum of small integers, exact in a double
  std::vector<idx> req_ptr, req_skill;  // the skill of each requirement, post by post

  explicit model_data(const model::problem& p) : tx(p) {
    n = static_cast<idx>(p.experts.size());
    m = static_cast<idx>(p.posts.size());
    S = static_cast<idx>(p.skills.size());
    const model::settings cfg = p.config.value_or(model::settings{});
    min_score = cfg.min_score_or_default();
    bonus_weight = cfg.bonus_weight();
    essential_hard = cfg.essential_hard_or_default();
    months.resize(n);
    has_capacity.resize(n);
    for (idx e = 0; e < n; ++e) {
      months[e] = p.experts[e].available_months;
      has_capacity[e] = p.experts[e].capacity_or_default() > 0;
    }
    base.resize(m);
    scale.resize(m);
    essentials.assign(m, 0.0);
    min_months.resize(m);
    // Counting sort into the rows of W^T and R^T; filling in post order keeps each row's columns ascending.
    const idx rows = max_level * S;
    std::vector<storage_index> wcount(rows + 1, 0), rcount(rows + 1, 0);
    sum_w.assign(m, 0);
    req_ptr.assign(m + 1, 0);
    long long wt_nnz = 0;
    for (idx q = 0; q < m; ++q) {
      const model::post& post = p.posts[q];
      scale[q] = cfg.fit_weight() * post.priority_or_default();
      min_months[q] = post.min_months ? *post.min_months : -std::numeric_limits<double>::infinity();
      double sum_w0 = 0;
      for (const auto& r : post.requires) {
        sum_w[q] += r.importance;
        if (r.min_level == 0) sum_w0 += r.importance;
        wt_nnz += r.min_level;
      }
      if (wt_nnz > std::numeric_limits<storage_index>::max()) {
        throw error("scoring: the posts' requirements need more than " +
                    std::to_string(std::numeric_limits<storage_index>::max()) + " non-zeros");
      }
      for (const auto& r : post.requires) {
        const idx s = tx.find(r.skill);
        req_skill.push_back(s);
        for (int t = 1; t <= r.min_level; ++t) ++wcount[(t - 1) * S + s + 1];
        if (r.is_essential() && r.min_level >= 1) {
          ++rcount[(r.min_level - 1) * S + s + 1];
          essentials[q] += 1;
        }
      }
      req_ptr[q + 1] = static_cast<idx>(req_skill.size());
      base[q] = base_fit(post.requires.empty(), sum_w0, sum_w[q]);
    }
    Wt = fill(p, rows, wcount, false);
    Rt = fill(p, rows, rcount, true);
    if (p.pairs) {
      const auto experts =
          model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
      const auto posts = model::id_index::of(p.posts, [](const model::post& q) -> const std::string& { return q.id; });
      const auto& rules = *p.pairs;
      std::vector<idx> who(rules.size()), where(rules.size());
      rule_ptr.assign(n + 1, 0);
      for (std::size_t k = 0; k < rules.size(); ++k) {
        who[k] = experts.find(rules[k].expert);
        where[k] = posts.find(rules[k].post);
        if (who[k] < 0 || where[k] < 0) {
          throw error("scoring: " + model::path_of("pairs", k) + " names an unknown expert or post");
        }
        ++rule_ptr[who[k] + 1];
      }
      for (idx e = 0; e < n; ++e) rule_ptr[e + 1] += rule_ptr[e];
      rule_post.resize(rules.size());
      rule_index.resize(rules.size());
      std::vector<idx> next(rule_ptr.begin(), rule_ptr.end() - 1);
      for (std::size_t k = 0; k < rules.size(); ++k) {
        const idx at = next[who[k]]++;
        rule_post[at] = where[k];
        rule_index[at] = static_cast<idx>(k);
      }
    } else {
      rule_ptr.assign(n + 1, 0);
    }
  }

  csr fill(const model::problem& p, idx rows, std::vector<storage_index>& count, bool essential_rows) const {
    for (idx r = 0; r < rows; ++r) count[r + 1] += count[r];
    csr_builder out;
    out.outer = count;
    out.inner.resize(count[rows]);
    out.values.resize(count[rows]);
    std::vector<storage_index> next(count.begin(), count.end() - 1);
    for (idx q = 0; q < m; ++q) {
      const model::post& post = p.posts[q];
      for (std::size_t k = 0; k < post.requires.size(); ++k) {
        const model::requirement& r = post.requires[k];
        const idx s = req_skill[req_ptr[q] + static_cast<idx>(k)];
        auto put = [&](idx row, double v) {
          const storage_index at = next[row]++;
          out.inner[at] = static_cast<storage_index>(q);
          out.values[at] = v;
        };
        if (essential_rows) {
          if (r.is_essential() && r.min_level >= 1) put((r.min_level - 1) * S + s, 1.0);
        } else {
          const double w = step_weight(r.importance, r.min_level, sum_w[q]);
          for (int t = 1; t <= r.min_level; ++t) put((t - 1) * S + s, w);
        }
      }
    }
    return out.build(rows, m);
  }

  bool essentials_matter() const {
    return essential_hard && std::any_of(essentials.begin(), essentials.end(), [](double x) { return x > 0; });
  }

  // The hard rules other than the pair rules; `met` is the number of essential requirements the expert meets.
  bool passes(idx e, idx q, double fit, double met) const {
    if (!has_capacity[e]) return false;
    if (months[e] < min_months[q]) return false;
    if (essential_hard && met < essentials[q]) return false;
    return !(fit < min_score - min_score_tolerance);
  }

  double value(idx q, double fit, double bonus) const { return pair_value(scale[q], fit, bonus_weight, bonus); }
};

// acc += B.row(e) * Wt with Eigen's sparse x sparse -> dense kernel: for each non-zero B[e,k], in ascending k,
// acc[q] += W^T[k,q] * B[e,k]. The one place the fit products are formed (score, score_candidates and explain), so
// that each pair's terms are added in one order.
template <class Dense>
void add_product(const csr& B, idx e, const csr& Wt, Dense&& acc) {
  acc += B.row(e) * Wt;
}

inline double bonus_of(const model::pair_rule& r) {
  return r.rule == model::pair_kind::bonus ? r.value.value_or(0.0) : 0.0;
}

}  // namespace detail_scoring

// Effective levels after the related transfer: experts x skills, in the order of p.experts and p.skills; levels of
// 0 are not stored. Validates p first (model::require_valid) unless `validate` is false (for a problem known valid,
// such as one read by io::parse_problem and not changed since).
inline Eigen::SparseMatrix<double, Eigen::RowMajor> effective_levels(const model::problem& p, bool validate = true) {
  if (validate) model::require_valid(p);
  return detail_scoring::levels(p, detail_scoring::taxonomy(p));
}

// fit, value and feasible for every pair. Validates p first (model::require_valid) unless `validate` is false.
inline scores score(const model::problem& p, bool validate = true) {
  namespace ds = detail_scoring;
  using ds::idx;
  if (validate) model::require_valid(p);
  const ds::model_data d(p);
  scores out;
  out.fit.resize(d.n, d.m);
  out.value.resize(d.n, d.m);
  out.feasible.resize(d.n, d.m);
  if (d.n == 0 || d.m == 0) return out;
  const ds::csr L = ds::levels(p, d.tx);
  const bool with_essentials = d.essentials_matter();
  const ds::csr B = ds::thresholds(L, false);
  const ds::csr I = with_essentials ? ds::thresholds(L, true) : ds::csr(d.n, ds::max_level * d.S);
  const Eigen::Map<const Eigen::RowVectorXd> base(d.base.data(), d.m);
  Eigen::RowVectorXd met = Eigen::RowVectorXd::Zero(d.m);
  for (idx e = 0; e < d.n; ++e) {
    // Eigen's sparse x sparse -> dense kernel, row by row; score_candidates runs the same one, so the two agree to
    // the bit on fit.
    auto fit = out.fit.row(e);
    fit.setZero();
    ds::add_product(B, e, d.Wt, fit);
    fit += base;
    if (with_essentials) {
      met.setZero();
      ds::add_product(I, e, d.Rt, met);
    }
    for (idx q = 0; q < d.m; ++q) {
      out.feasible(e, q) = d.passes(e, q, fit(q), met(q)) ? 1 : 0;
      out.value(e, q) = d.value(q, fit(q), 0.0);
    }
  }
  if (p.pairs) {
    for (idx e = 0; e < d.n; ++e) {
      for (idx k = d.rule_ptr[e]; k < d.rule_ptr[e + 1]; ++k) {
        const idx q = d.rule_post[k];
        const model::pair_rule& r = (*p.pairs)[d.rule_index[k]];
        if (r.rule == model::pair_kind::forbid) out.feasible(e, q) = 0;
        if (r.rule == model::pair_kind::require) out.feasible(e, q) = 1;
        out.value(e, q) = d.value(q, out.fit(e, q), ds::bonus_of(r));
      }
    }
  }
  return out;
}

// The pairs with feasible == 1 (require pairs included), sorted by expert, then post, with the fit score gives them
// (to the bit) and its value (to rounding). Never forms an experts x posts matrix: it holds one dense row of length
// posts per product, and its time is proportional to the products' non-zeros plus the candidates; with min_score 0
// the list itself may be dense (see the header comment). Validates p first (model::require_valid) unless
// `validate` is false.
inline candidates score_candidates(const model::problem& p, bool validate = true) {
  namespace ds = detail_scoring;
  using ds::idx;
  if (validate) model::require_valid(p);
  const ds::model_data d(p);
  candidates out;
  out.experts = d.n;
  out.posts = d.m;
  if (d.n == 0 || d.m == 0) return out;
  const ds::csr L = ds::levels(p, d.tx);
  const bool with_essentials = d.essentials_matter();
  const ds::csr B = ds::thresholds(L, false);
  const ds::csr I = with_essentials ? ds::thresholds(L, true) : ds::csr(d.n, ds::max_level * d.S);
  // Posts whose every pair, reached by the product or not, may pass the fit and essential rules.
  std::vector<idx> open;
  for (idx q = 0; q < d.m; ++q) {
    const bool fit_ok = !(d.base[q] < d.min_score - min_score_tolerance);
    if (fit_ok && !(d.essential_hard && d.essentials[q] > 0)) open.push_back(q);
  }
  // One expert's rows of the products, accumulated into dense rows that are zero outside the posts in `list` and
  // cleared there after each expert. Per-post stamps say which expert last set an entry: no clearing of O(posts).
  Eigen::RowVectorXd product = Eigen::RowVectorXd::Zero(d.m), met = Eigen::RowVectorXd::Zero(d.m);
  std::vector<idx> seen(d.m, -1), rule_seen(d.m, -1), rule_at(d.m, -1), list;
  struct hit {
    idx post;
    double fit, value;
  };
  std::vector<hit> row;
  for (idx e = 0; e < d.n; ++e) {
    list.clear();
    auto reach = [&](idx q) {
      if (seen[q] == e) return;
      seen[q] = e;
      list.push_back(q);
    };
    // The product's non-zeros in row e: the posts requiring (r >= 1) a skill where L[e,s] > 0, which are the rows
    // t = 1 of W^T (B_1 = min(L, 1) > 0 wherever L > 0, and every W_t's pattern lies within W_1's).
    for (ds::csr::InnerIterator it(L, e); it; ++it) {
      for (ds::csr::InnerIterator jt(d.Wt, it.index()); jt; ++jt) reach(jt.index());
    }
    ds::add_product(B, e, d.Wt, product);
    // A met essential requirement has L >= r >= 1, so I R^T lies within that pattern too.
    if (with_essentials) ds::add_product(I, e, d.Rt, met);
    if (d.has_capacity[e]) {
      for (idx q : open) reach(q);
    }
    for (idx k = d.rule_ptr[e]; k < d.rule_ptr[e + 1]; ++k) {
      const idx q = d.rule_post[k];
      rule_seen[q] = e;
      rule_at[q] = d.rule_index[k];
      reach(q);
    }
    row.clear();
    for (idx q : list) {
      const double fit = product(q) + d.base[q];
      bool ok = d.passes(e, q, fit, met(q));
      double bonus = 0.0;
      if (rule_seen[q] == e) {
        const model::pair_rule& r = (*p.pairs)[rule_at[q]];
        if (r.rule == model::pair_kind::forbid) ok = false;
        if (r.rule == model::pair_kind::require) ok = true;
        bonus = ds::bonus_of(r);
      }
      if (ok) row.push_back({q, fit, d.value(q, fit, bonus)});
      product(q) = 0.0;
      met(q) = 0.0;
    }
    std::sort(row.begin(), row.end(), [](const hit& a, const hit& b) { return a.post < b.post; });
    for (const hit& h : row) {
      out.expert.push_back(e);
      out.post.push_back(h.post);
      out.fit.push_back(h.fit);
      out.value.push_back(h.value);
    }
  }
  return out;
}

}  // namespace talentmatch::scoring
