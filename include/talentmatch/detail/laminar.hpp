#pragma once

// The bounds of one side of a capacitated assignment (solver/flow.hpp), checked: per-member capacities and minimums,
// and the quotas, which must form a laminar family (any two groups are disjoint or one contains the other), arranged
// into their tree.
//
// Every bound is clamped to what can ever be used, so that no sum the solver or its certificate forms can overflow,
// whatever the caller passes (up to INT64_MAX): each pair is used at most once, so a member's capacity above the
// size of the other side is that size, and a quota's maximum above the capacity of its members is that capacity. A
// minimum above what can be reached is an infeasibility, reported with the caller's numbers.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "talentmatch/error.hpp"

namespace talentmatch::detail {

// "No upper limit" for a quota without a maximum: above any load (a load is at most rows x columns, which fits in
// memory), and far enough from the top of the type that adding a few never overflows.
constexpr std::ptrdiff_t unlimited = std::numeric_limits<std::ptrdiff_t>::max() / 4;

inline std::string side_name(bool rows) { return rows ? "row" : "column"; }

// One side's bounds. cap is the caller's capacity (for messages and nothing else); hi and lo are the effective
// bounds of each member (hi = min(cap, size of the other side)), group_lo and group_hi those of each quota.
struct side_bounds {
  std::vector<std::ptrdiff_t> cap, hi, lo;  // per member
  std::vector<std::ptrdiff_t> group_lo, group_hi;
  std::vector<std::ptrdiff_t> group_parent;   // enclosing group of each group, -1 for none
  std::vector<std::ptrdiff_t> member_parent;  // innermost group of each member, -1 for none
  std::vector<std::ptrdiff_t> group_order;    // groups, each after the groups enclosing it
};

inline std::vector<std::ptrdiff_t> member_counts(const std::vector<std::ptrdiff_t>& given, std::ptrdiff_t n,
                                                 std::ptrdiff_t fill, const std::string& what) {
  if (given.empty()) return std::vector<std::ptrdiff_t>(static_cast<std::size_t>(n), fill);
  if (static_cast<std::ptrdiff_t>(given.size()) != n) {
    throw error(what + " has length " + std::to_string(given.size()) + ", expected " + std::to_string(n));
  }
  for (std::size_t k = 0; k < given.size(); ++k) {
    if (given[k] < 0) throw error(what + "[" + std::to_string(k) + "] is negative (" + std::to_string(given[k]) + ")");
  }
  return given;
}

// Checks one side's bounds and builds the quota tree. n: members on this side, other: members on the other side.
// Groups are taken largest first, so an enclosing group is placed before the groups inside it; a group whose
// members do not all sit in one group so far crosses another. Throws talentmatch::error on a malformed bound and
// talentmatch::infeasible_error on a minimum that no assignment can reach. Quota: solver::quota (members, min, max).
template <class Quota>
side_bounds laminar_bounds(std::ptrdiff_t n, std::ptrdiff_t other, const std::vector<std::ptrdiff_t>& cap,
                           const std::vector<std::ptrdiff_t>& lo, const std::vector<Quota>& groups, bool rows) {
  using idx = std::ptrdiff_t;
  const std::string side = side_name(rows);
  const std::string other_side = side_name(!rows);
  const std::string arg = rows ? "row" : "col";  // the argument names: row_capacity, col_min, ...
  side_bounds b;
  b.cap = member_counts(cap, n, 1, arg + "_capacity");
  b.lo = member_counts(lo, n, 0, arg + "_min");
  b.hi.resize(b.cap.size());
  for (idx k = 0; k < n; ++k) {
    if (b.lo[k] > b.cap[k]) {
      throw error(arg + "_min[" + std::to_string(k) + "] = " + std::to_string(b.lo[k]) + " exceeds " + arg +
                  "_capacity[" + std::to_string(k) + "] = " + std::to_string(b.cap[k]));
    }
    b.hi[k] = std::min(b.cap[k], other);
    if (b.lo[k] > other) {
      throw infeasible_error(arg + "_min[" + std::to_string(k) + "] = " + std::to_string(b.lo[k]) + ": " + side + " " +
                                 std::to_string(k) + " can take at most " + std::to_string(other) + " pairs (one per " +
                                 other_side + ")",
                             side, k);
    }
  }
  const idx g = static_cast<idx>(groups.size());
  b.group_lo.resize(g);
  b.group_hi.resize(g);
  b.group_parent.assign(g, -1);
  b.member_parent.assign(n, -1);
  std::vector<idx> seen(n, -1);
  for (idx k = 0; k < g; ++k) {
    const Quota& q = groups[k];
    const std::string name = side + " group " + std::to_string(k);
    if (q.min < 0) throw error(name + ": min is negative (" + std::to_string(q.min) + ")");
    if (q.max < -1) throw error(name + ": max is negative (" + std::to_string(q.max) + "); use -1 for no maximum");
    if (q.max >= 0 && q.min > q.max) {
      throw error(name + ": min " + std::to_string(q.min) + " exceeds max " + std::to_string(q.max));
    }
    // The most its members can take: each at most `other`, so the sum is at most n * other (it fits: that many
    // pairs are never stored, but n and other are sizes of arrays that are).
    idx reach = 0;
    for (idx e : q.members) {
      if (e < 0 || e >= n) {
        throw error(name + " lists " + side + " " + std::to_string(e) + ", outside 0.." + std::to_string(n - 1));
      }
      if (seen[e] == k) throw error(name + " lists " + side + " " + std::to_string(e) + " twice");
      seen[e] = k;
      reach += b.hi[e];
    }
    if (q.min > reach) {
      throw infeasible_error(name + ": min " + std::to_string(q.min) + " is above the " + std::to_string(reach) +
                                 " pairs its " + side + "s can take at most",
                             side + " group", k);
    }
    b.group_lo[k] = q.min;
    b.group_hi[k] = q.max < 0 ? unlimited : std::min(q.max, reach);
  }
  b.group_order.resize(g);
  for (idx k = 0; k < g; ++k) b.group_order[k] = k;
  std::stable_sort(b.group_order.begin(), b.group_order.end(),
                   [&](idx x, idx y) { return groups[x].members.size() > groups[y].members.size(); });
  std::vector<idx> owner(n, -1);
  for (idx k : b.group_order) {
    const auto& mem = groups[k].members;
    const idx p = mem.empty() ? -1 : owner[mem.front()];
    for (idx e : mem) {
      if (owner[e] == p) continue;
      // Find a group placed so far that this one crosses: they share a member, and neither contains the other.
      for (idx other_group : b.group_order) {
        if (other_group == k) break;
        std::vector<char> in(n, 0);
        for (idx x : groups[other_group].members) in[x] = 1;
        idx shared = 0, shared_member = -1;
        for (idx x : mem) {
          shared += in[x];
          if (in[x] && shared_member < 0) shared_member = x;
        }
        if (shared > 0 && shared < static_cast<idx>(mem.size())) {
          throw error(side + " groups " + std::to_string(std::min(k, other_group)) + " and " +
                      std::to_string(std::max(k, other_group)) +
                      " overlap without one containing the other (they share " + side + " " +
                      std::to_string(shared_member) + "); quotas on one side must nest");
        }
      }
      throw error(side + " group " + std::to_string(k) + " crosses another group; quotas on one side must nest");
    }
    b.group_parent[k] = p;
    for (idx e : mem) owner[e] = k;
  }
  b.member_parent = owner;
  return b;
}

}  // namespace talentmatch::detail
