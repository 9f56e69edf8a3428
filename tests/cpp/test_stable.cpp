// Tests of talentmatch::plan::stable against oracles that share no code with it: every matching of a small random
// hospital-resident instance (R, H <= 4, incomplete and partly one-sided lists, capacities 0..2) enumerated, each
// one's blocking pairs found by trying every (resident, hospital) pair against the definition. Deferred acceptance
// must give a stable matching that every resident (residents propose) or every hospital (hospitals propose) weakly
// prefers to every stable matching the enumeration finds; blocking_pairs must list exactly the enumeration's pairs
// for every matching, stable or not.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <random>
#include <utility>
#include <vector>

#include "support/expect_error.hpp"
#include "talentmatch/plan/stable.hpp"

namespace {

namespace st = talentmatch::plan::stable;
using idx = std::ptrdiff_t;
using pairs = std::vector<std::pair<idx, idx>>;
using talentmatch::test::expect_error;

// Position of x in list, or -1.
idx position(const std::vector<idx>& list, idx x) {
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (list[k] == x) return static_cast<idx>(k);
  }
  return -1;
}

bool acceptable(const st::instance& in, idx r, idx h) {
  return position(in.resident_prefs[r], h) >= 0 && position(in.hospital_prefs[h], r) >= 0;
}

// The definition, pair by pair, in (r, h) order.
pairs brute_blocking(const st::instance& in, const std::vector<idx>& hospital_of) {
  const idx R = static_cast<idx>(in.resident_prefs.size()), H = static_cast<idx>(in.hospital_prefs.size());
  pairs out;
  for (idx r = 0; r < R; ++r) {
    for (idx h = 0; h < H; ++h) {
      if (!acceptable(in, r, h) || hospital_of[r] == h) continue;
      const bool r_wants =
          hospital_of[r] == -1 || position(in.resident_prefs[r], h) < position(in.resident_prefs[r], hospital_of[r]);
      idx members = 0;
      bool h_wants = false;
      for (idx s = 0; s < R; ++s) {
        if (hospital_of[s] != h) continue;
        ++members;
        if (position(in.hospital_prefs[h], r) < position(in.hospital_prefs[h], s)) h_wants = true;
      }
      if (members < in.capacities[h]) h_wants = true;
      if (r_wants && h_wants) out.emplace_back(r, h);
    }
  }
  return out;
}

// Every matching: each resident unmatched or at a hospital acceptable to both, no hospital over its capacity.
std::vector<std::vector<idx>> all_matchings(const st::instance& in) {
  const idx R = static_cast<idx>(in.resident_prefs.size()), H = static_cast<idx>(in.hospital_prefs.size());
  std::vector<std::vector<idx>> out;
  std::vector<idx> cur(R, -1), used(H, 0);
  auto rec = [&](auto&& self, idx r) -> void {
    if (r == R) {
      out.push_back(cur);
      return;
    }
    cur[r] = -1;
    self(self, r + 1);
    for (idx h = 0; h < H; ++h) {
      if (!acceptable(in, r, h) || used[h] == in.capacities[h]) continue;
      cur[r] = h;
      ++used[h];
      self(self, r + 1);
      --used[h];
      cur[r] = -1;
    }
  };
  rec(rec, 0);
  return out;
}

void expect_valid(const st::instance& in, const std::vector<idx>& hospital_of) {
  const idx R = static_cast<idx>(in.resident_prefs.size()), H = static_cast<idx>(in.hospital_prefs.size());
  ASSERT_EQ(static_cast<idx>(hospital_of.size()), R);
  std::vector<idx> used(H, 0);
  for (idx r = 0; r < R; ++r) {
    const idx h = hospital_of[r];
    if (h == -1) continue;
    ASSERT_TRUE(h >= 0 && h < H) << "resident " << r << " at " << h;
    EXPECT_TRUE(acceptable(in, r, h)) << "resident " << r << " at " << h;
    ++used[h];
  }
  for (idx h = 0; h < H; ++h) EXPECT_LE(used[h], in.capacities[h]) << "hospital " << h;
}

// How resident r ranks its hospital in `m` (unmatched: after its whole list).
idx resident_rank(const st::instance& in, const std::vector<idx>& m, idx r) {
  return m[r] == -1 ? static_cast<idx>(in.resident_prefs[r].size()) : position(in.resident_prefs[r], m[r]);
}

// The ranks hospital h gives its residents in `m`, best first.
std::vector<idx> hospital_ranks(const st::instance& in, const std::vector<idx>& m, idx h) {
  std::vector<idx> out;
  for (std::size_t r = 0; r < m.size(); ++r) {
    if (m[r] == h) out.push_back(position(in.hospital_prefs[h], static_cast<idx>(r)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// How a random instance's lists relate. independent: each side lists a random subset of the other in random order,
// so some listings are one-sided. consistent: a hospital lists exactly the residents that list it, in random order.
// opposed: as consistent, but a hospital puts first the residents that rank it lowest, and half the residents list
// every hospital, which makes more than one matching stable far more often than random orders do.
enum class lists { independent, consistent, opposed };

st::instance random_instance(std::mt19937& gen, lists kind) {
  // Mostly 2..4 a side with long lists; now and then 0 or 1.
  std::uniform_int_distribution<idx> small(0, 4), size(2, 4), cap(0, 2), coin(0, 4);
  const bool tiny = small(gen) == 0;
  const idx R = tiny ? small(gen) : size(gen), H = tiny ? small(gen) : size(gen);
  st::instance in;
  in.resident_prefs.resize(R);
  in.hospital_prefs.resize(H);
  in.capacities.resize(H);
  for (idx h = 0; h < H; ++h) in.capacities[h] = cap(gen);
  auto shuffled = [&](idx n) {
    std::vector<idx> all(n);
    std::iota(all.begin(), all.end(), 0);
    std::shuffle(all.begin(), all.end(), gen);
    return all;
  };
  auto random_list = [&](idx n) {
    std::vector<idx> out;
    for (idx x : shuffled(n)) {
      if (coin(gen) != 0) out.push_back(x);  // four in five listed
    }
    return out;
  };
  for (idx r = 0; r < R; ++r)
    in.resident_prefs[r] = kind == lists::opposed && r % 2 == 0 ? shuffled(H) : random_list(H);
  for (idx h = 0; h < H; ++h) {
    auto& l = in.hospital_prefs[h];
    if (kind == lists::independent) {
      l = random_list(R);
      continue;
    }
    for (idx r : shuffled(R)) {
      if (position(in.resident_prefs[r], h) >= 0) l.push_back(r);
    }
    if (kind == lists::opposed) {
      std::stable_sort(l.begin(), l.end(), [&](idx a, idx b) {
        return position(in.resident_prefs[a], h) > position(in.resident_prefs[b], h);
      });
    }
  }
  return in;
}

const lists kinds[] = {lists::independent, lists::consistent, lists::opposed};

TEST(Stable, DeferredAcceptanceIsTheProposingSidesOptimalStableMatching) {
  std::mt19937 gen(13);
  int nonunique = 0;  // instances with more than one stable matching: the optimality checks bite there
  for (int t = 0; t < 9000; ++t) {
    const st::instance in = random_instance(gen, kinds[t % 3]);
    std::vector<std::vector<idx>> stable;
    for (const auto& m : all_matchings(in)) {
      if (brute_blocking(in, m).empty()) stable.push_back(m);
    }
    ASSERT_FALSE(stable.empty()) << "every instance has a stable matching (Gale and Shapley)";
    nonunique += stable.size() > 1;
    const std::vector<idx> ro = st::deferred_acceptance(in, true), ho = st::deferred_acceptance(in, false);
    expect_valid(in, ro);
    expect_valid(in, ho);
    EXPECT_TRUE(brute_blocking(in, ro).empty()) << "instance " << t;
    EXPECT_TRUE(brute_blocking(in, ho).empty()) << "instance " << t;
    for (const auto& s : stable) {
      for (idx r = 0; r < static_cast<idx>(in.resident_prefs.size()); ++r) {
        // Residents propose: r's best stable partner; hospitals propose: r's worst (the lattice's other end).
        EXPECT_LE(resident_rank(in, ro, r), resident_rank(in, s, r)) << "instance " << t << ", resident " << r;
        EXPECT_GE(resident_rank(in, ho, r), resident_rank(in, s, r)) << "instance " << t << ", resident " << r;
      }
      for (idx h = 0; h < static_cast<idx>(in.hospital_prefs.size()); ++h) {
        // The same number of residents in every stable matching (rural hospitals theorem), each of the hospital-
        // optimal one's ranked at least as well, place by place.
        const std::vector<idx> best = hospital_ranks(in, ho, h), other = hospital_ranks(in, s, h);
        ASSERT_EQ(best.size(), other.size()) << "instance " << t << ", hospital " << h;
        for (std::size_t i = 0; i < best.size(); ++i) EXPECT_LE(best[i], other[i]) << "instance " << t;
      }
    }
  }
  EXPECT_GT(nonunique, 300) << nonunique;
}

TEST(Stable, BlockingPairsAreExactlyTheDefinitionsOnEveryMatching) {
  std::mt19937 gen(7);
  long checked = 0;
  for (int t = 0; t < 1500; ++t) {
    const st::instance in = random_instance(gen, kinds[t % 3]);
    for (const auto& m : all_matchings(in)) {
      EXPECT_EQ(st::blocking_pairs(in, m), brute_blocking(in, m)) << "instance " << t;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000) << checked;
}

TEST(Stable, OneSidedListingsAreIgnored) {
  // Resident 0 lists hospital 0 first, but hospital 0 does not list it; hospital 1 lists resident 1, who does not
  // list it. So the only acceptable pairs are (0, 1) and (1, 0).
  const st::instance in{{{0, 1}, {0}}, {{1}, {0, 1}}, {1, 1}};
  EXPECT_EQ(st::deferred_acceptance(in, true), (std::vector<idx>{1, 0}));
  EXPECT_EQ(st::deferred_acceptance(in, false), (std::vector<idx>{1, 0}));
  EXPECT_TRUE(st::blocking_pairs(in, {1, 0}).empty());
  EXPECT_EQ(st::blocking_pairs(in, {-1, -1}), (pairs{{0, 1}, {1, 0}}));
}

TEST(Stable, ResidentsAndHospitalsGetTheirOwnOptimum) {
  // Two residents, two hospitals of one place, opposed preferences: two stable matchings, one per side.
  const st::instance in{{{0, 1}, {1, 0}}, {{1, 0}, {0, 1}}, {1, 1}};
  EXPECT_EQ(st::deferred_acceptance(in, true), (std::vector<idx>{0, 1}));
  EXPECT_EQ(st::deferred_acceptance(in, false), (std::vector<idx>{1, 0}));
  // A hospital with places to spare takes everyone who lists it; one with none takes no one.
  const st::instance spare{{{0}, {0, 1}, {1}}, {{2, 1, 0}, {1, 2}}, {3, 0}};
  EXPECT_EQ(st::deferred_acceptance(spare, true), (std::vector<idx>{0, 0, -1}));
  EXPECT_EQ(st::deferred_acceptance(spare, false), (std::vector<idx>{0, 0, -1}));
  EXPECT_EQ(st::blocking_pairs(spare, {0, -1, -1}), (pairs{{1, 0}}));
}

TEST(Stable, EmptyInstances) {
  EXPECT_TRUE(st::deferred_acceptance({}, true).empty());
  EXPECT_TRUE(st::blocking_pairs({}, {}).empty());
  const st::instance no_hospitals{{{}, {}}, {}, {}};
  EXPECT_EQ(st::deferred_acceptance(no_hospitals, false), (std::vector<idx>{-1, -1}));
  const st::instance no_residents{{}, {{}, {}}, {1, 0}};
  EXPECT_TRUE(st::deferred_acceptance(no_residents, true).empty());
}

TEST(Stable, LargeInstanceIsStable) {
  // 1000 residents, 30 hospitals of 0..40 places, lists of up to 20: stable by the definition's own check, and the
  // number matched is the same from both sides (rural hospitals theorem).
  std::mt19937 gen(2026);
  const idx R = 1000, H = 30;
  st::instance in;
  in.resident_prefs.resize(R);
  in.hospital_prefs.resize(H);
  in.capacities.resize(H);
  std::uniform_int_distribution<idx> cap(0, 40), len(0, 20), hosp(0, H - 1);
  for (idx h = 0; h < H; ++h) in.capacities[h] = cap(gen);
  for (idx r = 0; r < R; ++r) {
    for (idx n = len(gen); n > 0; --n) {
      const idx h = hosp(gen);
      if (position(in.resident_prefs[r], h) < 0) in.resident_prefs[r].push_back(h);
    }
  }
  std::vector<idx> all(R);
  std::iota(all.begin(), all.end(), 0);
  for (idx h = 0; h < H; ++h) {
    std::shuffle(all.begin(), all.end(), gen);
    for (idx r : all) {
      if (position(in.resident_prefs[r], h) >= 0 || r % 7 == 0) in.hospital_prefs[h].push_back(r);  // some one-sided
    }
  }
  const std::vector<idx> ro = st::deferred_acceptance(in, true), ho = st::deferred_acceptance(in, false);
  expect_valid(in, ro);
  expect_valid(in, ho);
  EXPECT_TRUE(st::blocking_pairs(in, ro).empty());
  EXPECT_TRUE(st::blocking_pairs(in, ho).empty());
  EXPECT_TRUE(brute_blocking(in, ro).empty());
  EXPECT_TRUE(brute_blocking(in, ho).empty());
  EXPECT_EQ(std::count(ro.begin(), ro.end(), -1), std::count(ho.begin(), ho.end(), -1));
  EXPECT_GT(R - std::count(ro.begin(), ro.end(), -1), 300);
}

TEST(Stable, CheckNamesWhatIsWrong) {
  const st::instance ok{{{0, 1}, {1}, {}}, {{0}, {2, 1, 0}}, {1, 2}};
  EXPECT_NO_THROW(st::check(ok));
  auto with = [&](auto change) {
    st::instance in = ok;
    change(in);
    return in;
  };
  const auto fails = [](const st::instance& in, std::initializer_list<std::string> parts) {
    expect_error([&] { st::check(in); }, parts);
    expect_error([&] { st::deferred_acceptance(in, true); }, parts);
    expect_error([&] { st::deferred_acceptance(in, false); }, parts);
    expect_error([&] { st::blocking_pairs(in, std::vector<idx>(in.resident_prefs.size(), -1)); }, parts);
  };
  fails(with([](st::instance& in) {
          in.resident_prefs[2] = {0, 7};
        }),
        {"resident_prefs[2][1]: hospital 7 is out of range (2 hospitals)"});
  fails(with([](st::instance& in) { in.resident_prefs[0][0] = -1; }),
        {"resident_prefs[0][0]: hospital -1 is out of range (2 hospitals)"});
  fails(with([](st::instance& in) {
          in.hospital_prefs[1] = {2, 5};
        }),
        {"hospital_prefs[1][1]: resident 5 is out of range (3 residents)"});
  fails(with([](st::instance& in) {
          in.hospital_prefs[1] = {2, 1, 2};
        }),
        {"hospital_prefs[1]: resident 2 is listed twice"});
  fails(with([](st::instance& in) {
          in.resident_prefs[0] = {1, 1};
        }),
        {"resident_prefs[0]: hospital 1 is listed twice"});
  fails(with([](st::instance& in) { in.capacities[1] = -2; }), {"capacities[1] is -2, must be >= 0"});
  fails(with([](st::instance& in) { in.capacities.push_back(1); }), {"capacities has 3 entries, hospital_prefs 2"});
  fails(with([](st::instance& in) { in.capacities.pop_back(); }), {"capacities has 1 entries, hospital_prefs 2"});
  // A resident may list the same hospital as another resident, and a list may repeat across lists.
  EXPECT_NO_THROW(st::check(with([](st::instance& in) { in.resident_prefs[2] = {1, 0}; })));
}

TEST(Stable, BlockingPairsRejectsWhatIsNotAMatching) {
  const st::instance in{{{0, 1}, {1}, {0}}, {{0}, {2, 1, 0}}, {1, 1}};
  const auto bp = [&](std::vector<idx> m) { return [&in, m] { st::blocking_pairs(in, m); }; };
  expect_error(bp({-1, -1}), {"hospital_of has 2 entries, resident_prefs 3"});
  expect_error(bp({-1, 2, -1}), {"hospital_of[1] is 2, must be -1 or a hospital (2 hospitals)"});
  expect_error(bp({-2, -1, -1}), {"hospital_of[0] is -2"});
  // Resident 1 does not list hospital 0; resident 2 lists hospital 0, which does not list it.
  expect_error(bp({-1, 0, -1}), {"hospital_of[1]: resident 1 and hospital 0 do not both list each other"});
  expect_error(bp({-1, -1, 0}), {"hospital_of[2]: resident 2 and hospital 0 do not both list each other"});
  expect_error(bp({1, 1, -1}), {"hospital 1 has more than its capacity of 1"});
  EXPECT_EQ(st::blocking_pairs(in, {1, -1, -1}), (pairs{{0, 0}, {1, 1}}));
}

}  // namespace
