#pragma once

// Many independent dense assignment problems at once: talentmatch::solver::solve_batch.
//
// Each problem is solved by solve_dense, unchanged, so a batch gives exactly the results of solving its problems one
// by one, whatever the number of threads. The threads take the next unsolved problem from one atomic counter rather
// than a fixed share, so a few large problems among many small ones do not leave threads idle.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::detail {

// The threads to use for `count` problems: `threads`, or with 0 the hardware's, never more than the problems.
inline unsigned thread_count(std::size_t count, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
}

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// Calls solve_one(k) once for every k in [0, count) on up to `threads` threads (the caller's among them). Every
// problem is attempted even when some fail; afterwards the failure of the lowest index is rethrown with that index
// in its message (an infeasible_error stays one). Exceptions that are not talentmatch's (std::bad_alloc) are
// rethrown unchanged.
template <class F>
void for_each_problem(std::size_t count, unsigned threads, F&& solve_one) {
  std::vector<std::exception_ptr> failures(count);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k = next.fetch_add(1, std::memory_order_relaxed); k < count;
         k = next.fetch_add(1, std::memory_order_relaxed)) {
      try {
        solve_one(k);
      } catch (...) {
        failures[k] = std::current_exception();
      }
    }
  };

  const unsigned n_threads = detail::thread_count(count, threads);
  std::vector<std::thread> pool;
  pool.reserve(n_threads - 1);
  for (unsigned t = 1; t < n_threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: those started (and the caller's) still take every problem
    }
  }
  work();
  for (std::thread& t : pool) t.join();

  for (std::size_t k = 0; k < count; ++k) {
    if (!failures[k]) continue;
    const std::string where = "problem " + std::to_string(k) + ": ";
    try {
      std::rethrow_exception(failures[k]);
    } catch (const infeasible_error& e) {
      throw infeasible_error(where + e.what());
    } catch (const error& e) {
      throw error(where + e.what());
    }
  }
}

// Solves every problem of `costs` with solve_dense and returns the solutions in input order, on `threads` threads
// (0: the hardware's; never more than the problems). The views must stay valid for the call. When problems fail,
// all the others are still solved, then the failure of the lowest index is thrown: a talentmatch::error (an
// infeasible_error when that is what solve_dense threw) whose message starts with "problem <index>: ".
template <class T>
std::vector<solution<work_t<T>>> solve_batch(const std::vector<matrix_view<T>>& costs, const dense_options& opt = {},
                                             unsigned threads = 0) {
  std::vector<solution<work_t<T>>> out(costs.size());
  for_each_problem(costs.size(), threads, [&](std::size_t k) { out[k] = solve_dense(costs[k], opt); });
  return out;
}

// The same with unassigned costs per problem (`unassigned[k]` for `costs[k]`; both vectors empty: the plain full
// matching), as solve_dense(cost, unassigned, opt) takes them.
template <class T>
std::vector<solution<work_t<T>>> solve_batch(const std::vector<matrix_view<T>>& costs,
                                             const std::vector<unassigned_costs<work_t<T>>>& unassigned,
                                             const dense_options& opt = {}, unsigned threads = 0) {
  if (unassigned.size() != costs.size()) {
    throw error("solve_batch: " + std::to_string(unassigned.size()) + " unassigned costs for " +
                std::to_string(costs.size()) + " problems");
  }
  std::vector<solution<work_t<T>>> out(costs.size());
  for_each_problem(costs.size(), threads, [&](std::size_t k) { out[k] = solve_dense(costs[k], unassigned[k], opt); });
  return out;
}

}  // namespace talentmatch::solver
