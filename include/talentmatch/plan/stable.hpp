#pragma once

// Stable matchings of a hospital-resident instance: talentmatch::plan::stable.
//
//   stable::instance in{{{0, 1}, {0}}, {{1, 0}, {0}}, {1, 1}};   // residents' lists, hospitals' lists, capacities
//   std::vector<idx> h = stable::deferred_acceptance(in, true);  // {1, 0}: per resident its hospital, or -1
//   assert(stable::blocking_pairs(in, h).empty());
//
// Deferred acceptance (D. Gale and L. S. Shapley, "College admissions and the stability of marriage", American
// Mathematical Monthly 69 (1962) 9-15, doi:10.2307/2312726) in its hospital-resident form (A. E. Roth, "The evolution
// of the labor market for medical interns and residents", Journal of Political Economy 92 (1984) 991-1016,
// doi:10.1086/261272; D. Gusfield and R. W. Irving, "The Stable Marriage Problem", MIT Press 1989, on its variants).
//   residents propose: a free resident r with hospitals left on its list proposes to the next one, h; h holds r if it
//     has a free place, or if it prefers r to the worst resident it holds, who is then rejected (and proposes on);
//     else h rejects r. The result is the resident-optimal stable matching: each resident gets its best partner over
//     all stable matchings (Gale and Shapley, theorem 2).
//   hospitals propose: a hospital h with a free place and residents left on its list offers a place to the next one,
//     r; r keeps the better of this offer and the one it holds (if any) and rejects the other, whose hospital then
//     has a free place again. The result is the hospital-optimal stable matching.
// Either way every pair is proposed at most once, so the work is O(total list length) once the ranks are known; they
// are tabulated per list position (rank_of_me below), without an R x H table. A pair counts only when each side lists
// the other: a one-sided listing is skipped as if absent. The proposers go in index order and the result does not
// depend on it (each side's optimal stable matching is unique).
//
// A pair (r, h) blocks a matching when both list each other, r is unmatched or prefers h to its hospital, and h has a
// free place or prefers r to its worst resident; a matching is stable when no pair blocks it.

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"

namespace talentmatch::plan::stable {

using idx = std::ptrdiff_t;

// Hospital-resident instance by indices: residents 0..R-1, hospitals 0..H-1. resident_prefs[r]: r's acceptable
// hospitals, best first; hospital_prefs[h]: h's acceptable residents, best first; capacities[h] >= 0. A pair is
// acceptable only when each lists the other (a one-sided listing is ignored).
struct instance {
  std::vector<std::vector<idx>> resident_prefs, hospital_prefs;
  std::vector<idx> capacities;
};

namespace detail_stable {

inline void check_lists(const std::vector<std::vector<idx>>& prefs, const char* name, const char* other, idx n,
                        std::vector<idx>& seen) {
  for (std::size_t i = 0; i < prefs.size(); ++i) {
    const std::vector<idx>& list = prefs[i];
    const std::string where = std::string(name) + "[" + std::to_string(i) + "]";
    for (std::size_t k = 0; k < list.size(); ++k) {
      const idx x = list[k];
      if (x < 0 || x >= n) {
        throw error(where + "[" + std::to_string(k) + "]: " + other + " " + std::to_string(x) + " is out of range (" +
                    std::to_string(n) + " " + other + "s)");
      }
      // seen[x] holds the last list that named x, so it needs no clearing between lists.
      if (seen[static_cast<std::size_t>(x)] == static_cast<idx>(i)) {
        throw error(where + ": " + other + " " + std::to_string(x) + " is listed twice");
      }
      seen[static_cast<std::size_t>(x)] = static_cast<idx>(i);
    }
  }
}

// For each list position of one side, the rank that the listed member gives back in its own list, or -1 where it does
// not list this one: rank_of_me(mine, theirs)[a][k] is the position of a in theirs[mine[a][k]]. O(total length):
// theirs is transposed once, then each of mine's lists reads its row through a scratch array that it clears after.
inline std::vector<std::vector<idx>> rank_of_me(const std::vector<std::vector<idx>>& mine,
                                                const std::vector<std::vector<idx>>& theirs) {
  std::vector<std::vector<std::pair<idx, idx>>> listed_by(mine.size());  // a -> (b, position of a in b's list)
  for (std::size_t b = 0; b < theirs.size(); ++b) {
    for (std::size_t j = 0; j < theirs[b].size(); ++j) {
      listed_by[static_cast<std::size_t>(theirs[b][j])].emplace_back(static_cast<idx>(b), static_cast<idx>(j));
    }
  }
  std::vector<idx> scratch(theirs.size(), -1);
  std::vector<std::vector<idx>> out(mine.size());
  for (std::size_t a = 0; a < mine.size(); ++a) {
    for (const auto& [b, j] : listed_by[a]) scratch[static_cast<std::size_t>(b)] = j;
    out[a].reserve(mine[a].size());
    for (const idx b : mine[a]) out[a].push_back(scratch[static_cast<std::size_t>(b)]);
    for (const auto& bj : listed_by[a]) scratch[static_cast<std::size_t>(bj.first)] = -1;
  }
  return out;
}

}  // namespace detail_stable

// Throws talentmatch::error naming what is wrong: an index out of range, an entry listed twice in one list, a negative
// capacity, or capacities and hospital_prefs of different lengths.
inline void check(const instance& in) {
  const idx R = static_cast<idx>(in.resident_prefs.size()), H = static_cast<idx>(in.hospital_prefs.size());
  if (static_cast<idx>(in.capacities.size()) != H) {
    throw error("capacities has " + std::to_string(in.capacities.size()) + " entries, hospital_prefs " +
                std::to_string(H));
  }
  for (std::size_t h = 0; h < in.capacities.size(); ++h) {
    if (in.capacities[h] < 0) {
      throw error("capacities[" + std::to_string(h) + "] is " + std::to_string(in.capacities[h]) + ", must be >= 0");
    }
  }
  std::vector<idx> seen(static_cast<std::size_t>(H), -1);
  detail_stable::check_lists(in.resident_prefs, "resident_prefs", "hospital", H, seen);
  seen.assign(static_cast<std::size_t>(R), -1);
  detail_stable::check_lists(in.hospital_prefs, "hospital_prefs", "resident", R, seen);
}

// Deferred acceptance (see the top of this file). resident_optimal: residents propose (the resident-optimal stable
// matching); else hospitals propose (the hospital-optimal one). Returns per resident its hospital or -1.
inline std::vector<idx> deferred_acceptance(const instance& in, bool resident_optimal) {
  check(in);
  const auto& rp = in.resident_prefs;
  const auto& hp = in.hospital_prefs;
  const std::size_t R = rp.size(), H = hp.size();
  std::vector<idx> hospital_of(R, -1);

  if (resident_optimal) {
    // rank[r][k]: r's rank in the list of its k-th hospital (-1: not listed there).
    const std::vector<std::vector<idx>> rank = detail_stable::rank_of_me(rp, hp);
    // held[h][j]: h holds its j-th resident. Once h is full it stays full and its worst rank only improves, so
    // worst[h] scans each list once from the end: O(list length) per hospital over the whole run.
    std::vector<std::vector<char>> held(H);
    for (std::size_t h = 0; h < H; ++h) held[h].assign(hp[h].size(), 0);
    std::vector<idx> count(H, 0), worst(H, -1), next(R, 0);
    std::vector<idx> free_residents;
    for (std::size_t r = R; r-- > 0;) free_residents.push_back(static_cast<idx>(r));  // popped 0 first
    while (!free_residents.empty()) {
      const auto r = static_cast<std::size_t>(free_residents.back());
      idx& k = next[r];
      if (k == static_cast<idx>(rp[r].size())) {  // its list is exhausted: r stays unmatched
        free_residents.pop_back();
        continue;
      }
      const auto h = static_cast<std::size_t>(rp[r][static_cast<std::size_t>(k)]);
      const idx j = rank[r][static_cast<std::size_t>(k)];
      ++k;
      if (j < 0) continue;  // h does not list r
      if (count[h] < in.capacities[h]) {
        held[h][static_cast<std::size_t>(j)] = 1;
        hospital_of[r] = static_cast<idx>(h);
        free_residents.pop_back();
        if (++count[h] == in.capacities[h]) {
          worst[h] = static_cast<idx>(hp[h].size()) - 1;
          while (!held[h][static_cast<std::size_t>(worst[h])]) --worst[h];
        }
      } else if (j < worst[h]) {
        const idx w = hp[h][static_cast<std::size_t>(worst[h])];
        held[h][static_cast<std::size_t>(worst[h])] = 0;
        hospital_of[static_cast<std::size_t>(w)] = -1;
        held[h][static_cast<std::size_t>(j)] = 1;
        hospital_of[r] = static_cast<idx>(h);
        free_residents.back() = w;
        while (!held[h][static_cast<std::size_t>(worst[h])]) --worst[h];
      }
    }
    return hospital_of;
  }

  // rank[h][j]: h's rank in the list of its j-th resident (-1: not listed there). at[r]: the rank in r's list of the
  // hospital r holds.
  const std::vector<std::vector<idx>> rank = detail_stable::rank_of_me(hp, rp);
  std::vector<idx> count(H, 0), next(H, 0), at(R, -1);
  std::vector<idx> with_room;  // hospitals that may have a free place and residents left to ask
  for (std::size_t h = H; h-- > 0;) with_room.push_back(static_cast<idx>(h));
  while (!with_room.empty()) {
    const auto h = static_cast<std::size_t>(with_room.back());
    with_room.pop_back();
    while (count[h] < in.capacities[h] && next[h] < static_cast<idx>(hp[h].size())) {
      const idx j = next[h]++;
      const auto r = static_cast<std::size_t>(hp[h][static_cast<std::size_t>(j)]);
      const idx k = rank[h][static_cast<std::size_t>(j)];
      if (k < 0 || (at[r] >= 0 && at[r] < k)) continue;  // r does not list h, or holds a better offer
      if (hospital_of[r] >= 0) {
        const idx old = hospital_of[r];
        --count[static_cast<std::size_t>(old)];
        with_room.push_back(old);
      }
      hospital_of[r] = static_cast<idx>(h);
      at[r] = k;
      ++count[h];
    }
  }
  return hospital_of;
}

// Pairs (r, h), acceptable to both, that block `hospital_of` (per resident its hospital or -1): r prefers h to its
// partner (or is unmatched) and h has a free place or prefers r to its worst resident. Sorted by (r, h). Throws
// talentmatch::error if hospital_of is the wrong length, names an out-of-range hospital, pairs an unacceptable pair,
// or overfills a hospital.
inline std::vector<std::pair<idx, idx>> blocking_pairs(const instance& in, const std::vector<idx>& hospital_of) {
  check(in);
  const auto& rp = in.resident_prefs;
  const std::size_t R = rp.size(), H = in.hospital_prefs.size();
  if (hospital_of.size() != R) {
    throw error("hospital_of has " + std::to_string(hospital_of.size()) + " entries, resident_prefs " +
                std::to_string(R));
  }
  const std::vector<std::vector<idx>> rank = detail_stable::rank_of_me(rp, in.hospital_prefs);
  // partner[r]: the position of r's hospital in r's list (the list's length when r is unmatched).
  std::vector<idx> partner(R), count(H, 0), worst(H, -1);
  for (std::size_t r = 0; r < R; ++r) {
    const idx h = hospital_of[r];
    if (h < -1 || h >= static_cast<idx>(H)) {
      throw error("hospital_of[" + std::to_string(r) + "] is " + std::to_string(h) + ", must be -1 or a hospital (" +
                  std::to_string(H) + " hospitals)");
    }
    if (h == -1) {
      partner[r] = static_cast<idx>(rp[r].size());
      continue;
    }
    const auto it = std::find(rp[r].begin(), rp[r].end(), h);
    const idx k = it - rp[r].begin();
    if (it == rp[r].end() || rank[r][static_cast<std::size_t>(k)] < 0) {
      throw error("hospital_of[" + std::to_string(r) + "]: resident " + std::to_string(r) + " and hospital " +
                  std::to_string(h) + " do not both list each other");
    }
    partner[r] = k;
    const auto hh = static_cast<std::size_t>(h);
    worst[hh] = std::max(worst[hh], rank[r][static_cast<std::size_t>(k)]);
    if (++count[hh] > in.capacities[hh]) {
      throw error("hospital_of: hospital " + std::to_string(h) + " has more than its capacity of " +
                  std::to_string(in.capacities[hh]) + " residents");
    }
  }
  std::vector<std::pair<idx, idx>> out;
  for (std::size_t r = 0; r < R; ++r) {
    const std::size_t first = out.size();
    for (std::size_t k = 0; k < static_cast<std::size_t>(partner[r]); ++k) {
      const idx h = rp[r][k], j = rank[r][k];
      const auto hh = static_cast<std::size_t>(h);
      if (j >= 0 && (count[hh] < in.capacities[hh] || j < worst[hh])) out.emplace_back(static_cast<idx>(r), h);
    }
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());  // r's list order -> hospital order
  }
  return out;
}

}  // namespace talentmatch::plan::stable
