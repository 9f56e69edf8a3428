// Google Benchmark programs for the dense solver, talentmatch::solver::solve_dense (DESIGN.md section 10).
//
// The instance classes are those of the Python package talentmatch.bench (python/talentmatch/bench), which
// `python -m talentmatch.bench` runs against scipy, lapx and OR-Tools; the definitions (distributions, parameters)
// are the same, the random streams are not (mt19937_64 here, numpy's PCG64 there), so figures compare across the two
// programs but individual objectives do not. The package's int100 class has no counterpart here.
//
// Each instance is generated from a fixed seed outside the timed loop and kept while the benchmark runs (Google
// Benchmark calls a benchmark function more than once to size its iteration count; regenerating a 4000 x 8000
// matrix every time would dominate the wall time of the run). After the timed loop the last solution is checked
// against its own optimality certificate, so a benchmark that times a wrong answer reports an error instead.
//
// Run, for example:
//   build/bench/bench/bench_dense --benchmark_filter='/(500|1000|2000)$'

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace {

namespace ts = talentmatch::solver;

constexpr std::uint64_t seed = 20240611;

// One tag per class, mixed into the seed so that classes of the same size do not share a random stream.
enum class instance_class : std::uint64_t {
  uniform = 1,
  small_int,
  shifted,
  low_rank,
  geometric,
  machol_wien,
  rectangular,
};

template <class T>
struct dense_instance {
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::vector<T> cost;  // row-major

  ts::matrix_view<T> view() const { return ts::row_major_view(cost.data(), rows, cols); }
};

std::mt19937_64 make_rng(instance_class c, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  std::seed_seq seq{static_cast<std::uint64_t>(seed), static_cast<std::uint64_t>(c), static_cast<std::uint64_t>(rows),
                    static_cast<std::uint64_t>(cols)};
  return std::mt19937_64(seq);
}

// uniform (and rectangular): independent U[0, 1) costs.
dense_instance<double> make_uniform(instance_class c, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  auto rng = make_rng(c, rows, cols);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  dense_instance<double> inst{rows, cols, std::vector<double>(static_cast<std::size_t>(rows * cols))};
  for (auto& x : inst.cost) x = u01(rng);
  return inst;
}

// smallint: integers 0..9, so most optimal assignments are far from unique (ties everywhere).
template <class T>
dense_instance<T> make_small_int(std::ptrdiff_t n) {
  auto rng = make_rng(instance_class::small_int, n, n);
  std::uniform_int_distribution<int> digit(0, 9);
  dense_instance<T> inst{n, n, std::vector<T>(static_cast<std::size_t>(n * n))};
  for (auto& x : inst.cost) x = static_cast<T>(digit(rng));
  return inst;
}

// shifted: U[0, 1) plus a U[0, 100) offset per row and one per column. Every full assignment pays each offset once,
// so the optimum is that of the uniform part, but a solver starting from zero potentials must first learn them.
dense_instance<double> make_shifted(std::ptrdiff_t n) {
  auto rng = make_rng(instance_class::shifted, n, n);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::uniform_real_distribution<double> offset(0.0, 100.0);
  std::vector<double> r(static_cast<std::size_t>(n)), s(static_cast<std::size_t>(n));
  for (auto& x : r) x = offset(rng);
  for (auto& x : s) x = offset(rng);
  dense_instance<double> inst{n, n, std::vector<double>(static_cast<std::size_t>(n * n))};
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      inst.cost[static_cast<std::size_t>(i * n + j)] =
          u01(rng) + r[static_cast<std::size_t>(i)] + s[static_cast<std::size_t>(j)];
    }
  }
  return inst;
}

// lowrank (talent-like): experts have 15 of 64 skills at levels 1..7, posts require 8 of the 64 skills with weights
// 1..7, and cost[i][j] = -(fit of expert i to post j) = -sum over post j's skills of level * weight. The matrix is a
// product of two sparse rank-64 factors with small integer entries: few distinct values, many near ties.
constexpr int skills = 64;
constexpr int skills_per_expert = 15;
constexpr int requirements_per_post = 8;

std::vector<int> sample_skills(std::mt19937_64& rng, int k) {
  std::vector<int> all(skills);
  std::iota(all.begin(), all.end(), 0);
  // Partial Fisher-Yates: the first k entries are a uniform sample without replacement.
  for (int t = 0; t < k; ++t) {
    std::uniform_int_distribution<int> pick(t, skills - 1);
    std::swap(all[static_cast<std::size_t>(t)], all[static_cast<std::size_t>(pick(rng))]);
  }
  all.resize(static_cast<std::size_t>(k));
  return all;
}

dense_instance<double> make_low_rank(std::ptrdiff_t n) {
  auto rng = make_rng(instance_class::low_rank, n, n);
  std::uniform_int_distribution<int> level(1, 7);
  std::vector<int> experts(static_cast<std::size_t>(n * skills), 0);  // n x skills, dense storage of sparse rows
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (int s : sample_skills(rng, skills_per_expert)) {
      experts[static_cast<std::size_t>(i * skills + s)] = level(rng);
    }
  }
  std::vector<std::pair<int, int>> posts(static_cast<std::size_t>(n * requirements_per_post));  // (skill, weight)
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    const auto req = sample_skills(rng, requirements_per_post);
    for (int t = 0; t < requirements_per_post; ++t) {
      posts[static_cast<std::size_t>(j * requirements_per_post + t)] = {req[static_cast<std::size_t>(t)], level(rng)};
    }
  }
  dense_instance<double> inst{n, n, std::vector<double>(static_cast<std::size_t>(n * n))};
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const int* e = experts.data() + i * skills;
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      int fit = 0;
      for (int t = 0; t < requirements_per_post; ++t) {
        const auto& [s, w] = posts[static_cast<std::size_t>(j * requirements_per_post + t)];
        fit += e[s] * w;
      }
      inst.cost[static_cast<std::size_t>(i * n + j)] = -static_cast<double>(fit);
    }
  }
  return inst;
}

// geometric: Euclidean distances between n random points and n other random points in the unit square.
dense_instance<double> make_geometric(std::ptrdiff_t n) {
  auto rng = make_rng(instance_class::geometric, n, n);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::vector<double> p(static_cast<std::size_t>(2 * n)), q(static_cast<std::size_t>(2 * n));
  for (auto& x : p) x = u01(rng);
  for (auto& x : q) x = u01(rng);
  dense_instance<double> inst{n, n, std::vector<double>(static_cast<std::size_t>(n * n))};
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      const double dx = p[static_cast<std::size_t>(2 * i)] - q[static_cast<std::size_t>(2 * j)];
      const double dy = p[static_cast<std::size_t>(2 * i + 1)] - q[static_cast<std::size_t>(2 * j + 1)];
      inst.cost[static_cast<std::size_t>(i * n + j)] = std::hypot(dx, dy);
    }
  }
  return inst;
}

// machol-wien: c[i][j] = i * j with i, j = 1..n (Machol and Wien, "A hard assignment problem", Operations Research
// 24(1), 1976, doi:10.1287/opre.24.1.190). Every row ranks the columns the same way, so shortest augmenting path
// solvers do close to their worst-case work; no randomness.
dense_instance<double> make_machol_wien(std::ptrdiff_t n) {
  dense_instance<double> inst{n, n, std::vector<double>(static_cast<std::size_t>(n * n))};
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < n; ++j) {
      inst.cost[static_cast<std::size_t>(i * n + j)] = static_cast<double>((i + 1) * (j + 1));
    }
  }
  return inst;
}

// The instance of the running benchmark, kept between the calls Google Benchmark makes for one (class, size).
template <class T>
const dense_instance<T>& cached(const std::string& key, dense_instance<T> (*make)(std::ptrdiff_t), std::ptrdiff_t n) {
  static std::string held_key;
  static std::unique_ptr<dense_instance<T>> held;
  if (!held || held_key != key) {
    held.reset();  // free the previous matrix before building the next one
    held = std::make_unique<dense_instance<T>>(make(n));
    held_key = key;
  }
  return *held;
}

// The scan's AVX2 path on (the default where the processor has it) or off (the scalar loop that machines without
// AVX2, float32/int rows read with strides, and builds with TALENTMATCH_NO_SIMD run) for one benchmark.
struct scan_mode {
  explicit scan_mode(bool simd) { talentmatch::detail::avx2_scan_allowed() = simd; }
  ~scan_mode() { talentmatch::detail::avx2_scan_allowed() = true; }
  scan_mode(const scan_mode&) = delete;
  scan_mode& operator=(const scan_mode&) = delete;
};

template <class T>
void run(benchmark::State& state, const dense_instance<T>& inst, bool simd = true) {
  const scan_mode mode(simd);
  const auto view = inst.view();
  ts::solution<ts::work_t<T>> sol;
  for (auto _ : state) {
    sol = ts::solve_dense(view);
    // The whole solution (a "+m" operand), not sol.objective: benchmark 1.7's GCC form for a double lvalue, a
    // two-alternative "+m,r" operand, corrupts the value (it came out as garbage here and failed the certificate).
    benchmark::DoNotOptimize(sol);
  }
  const auto cert = ts::check_certificate(view, sol);
  if (!cert.ok) {
    state.SkipWithError(("certificate failed: " + cert.message).c_str());
    return;
  }
  state.counters["rows"] = static_cast<double>(inst.rows);
  state.counters["cols"] = static_cast<double>(inst.cols);
  state.counters["objective"] = static_cast<double>(sol.objective);
  // Matrix entries per second: comparable across sizes and shapes.
  state.counters["entries"] =
      benchmark::Counter(static_cast<double>(inst.rows * inst.cols), benchmark::Counter::kIsIterationInvariantRate);
}

std::string key(const char* name, const benchmark::State& state) { return name + std::to_string(state.range(0)); }

void BM_Dense_Uniform(benchmark::State& state) {
  run(state, cached<double>(
                 key("uniform", state), [](std::ptrdiff_t n) { return make_uniform(instance_class::uniform, n, n); },
                 state.range(0)));
}

void BM_Dense_SmallInt(benchmark::State& state) {
  run(state, cached<std::int64_t>(key("smallint", state), make_small_int<std::int64_t>, state.range(0)));
}

// The same matrices as BM_Dense_SmallInt stored as double: the int64 path against the floating point one.
void BM_Dense_SmallIntAsDouble(benchmark::State& state) {
  run(state, cached<double>(key("smallint-double", state), make_small_int<double>, state.range(0)));
}

void BM_Dense_Shifted(benchmark::State& state) {
  run(state, cached<double>(key("shifted", state), make_shifted, state.range(0)));
}

void BM_Dense_LowRank(benchmark::State& state) {
  run(state, cached<double>(key("lowrank", state), make_low_rank, state.range(0)));
}

void BM_Dense_Geometric(benchmark::State& state) {
  run(state, cached<double>(key("geometric", state), make_geometric, state.range(0)));
}

void BM_Dense_MacholWien(benchmark::State& state) {
  run(state, cached<double>(key("macholwien", state), make_machol_wien, state.range(0)));
}

// n x 2n uniform: the solver augments the n rows and reads all 2n columns.
void BM_Dense_Rectangular(benchmark::State& state) {
  run(state, cached<double>(
                 key("rectangular", state),
                 [](std::ptrdiff_t n) { return make_uniform(instance_class::rectangular, n, 2 * n); }, state.range(0)));
}

// The deep-search classes and uniform with the scalar scan (see scan_mode): BM_DenseScalar_X / BM_Dense_X is the
// gain of the AVX2 path.
void BM_DenseScalar_Uniform(benchmark::State& state) {
  run(state,
      cached<double>(
          key("uniform", state), [](std::ptrdiff_t n) { return make_uniform(instance_class::uniform, n, n); },
          state.range(0)),
      false);
}

void BM_DenseScalar_Shifted(benchmark::State& state) {
  run(state, cached<double>(key("shifted", state), make_shifted, state.range(0)), false);
}

void BM_DenseScalar_Geometric(benchmark::State& state) {
  run(state, cached<double>(key("geometric", state), make_geometric, state.range(0)), false);
}

void BM_DenseScalar_MacholWien(benchmark::State& state) {
  run(state, cached<double>(key("macholwien", state), make_machol_wien, state.range(0)), false);
}

void all_sizes(benchmark::internal::Benchmark* b) {
  // Plain numeric arguments, so names end in the size (BM_Dense_Uniform/2000) and filters like '/(500|1000)$' work.
  // CPU time (the default) rather than real time: the solver is single threaded, and CPU time is less disturbed by
  // other work on a shared machine.
  b->Arg(500)->Arg(1000)->Arg(2000)->Arg(4000)->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_Dense_Uniform)->Apply(all_sizes);
BENCHMARK(BM_Dense_SmallInt)->Apply(all_sizes);
BENCHMARK(BM_Dense_SmallIntAsDouble)->Apply(all_sizes);
// Shifted and Machol-Wien stop at 2000, as in talentmatch.bench: they are the slow cases of a solver that starts from
// zero potentials (about 3 s and 5 s per solve at 2000 on the development machine, roughly 8x that at 4000).
BENCHMARK(BM_Dense_Shifted)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dense_LowRank)->Apply(all_sizes);
BENCHMARK(BM_Dense_Geometric)->Apply(all_sizes);
BENCHMARK(BM_Dense_MacholWien)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Dense_Rectangular)->Apply(all_sizes);
BENCHMARK(BM_DenseScalar_Uniform)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseScalar_Shifted)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseScalar_Geometric)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseScalar_MacholWien)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

// Warm start: 1% of the rows of a uniform n x n instance get new costs; resolve_dense from the earlier solution
// against solving the edited matrix cold (BM_Warm_Cold, the same edited matrix).
struct warm_case {
  dense_instance<double> edited;
  ts::solution<double> before;
  ts::edits changes;
};

const warm_case& warm_instance(std::ptrdiff_t n) {
  static std::map<std::ptrdiff_t, warm_case> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  warm_case w{make_uniform(instance_class::uniform, n, n), {}, {}};
  w.before = ts::solve_dense(w.edited.view());
  auto rng = make_rng(instance_class::uniform, n + 1, n);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  w.changes.row_origin.resize(static_cast<std::size_t>(n));
  w.changes.col_origin.resize(static_cast<std::size_t>(n));
  for (std::ptrdiff_t k = 0; k < n; ++k) w.changes.row_origin[k] = w.changes.col_origin[k] = k;
  for (std::ptrdiff_t r = 0; r < std::max<std::ptrdiff_t>(1, n / 100); ++r) {
    const std::ptrdiff_t i = static_cast<std::ptrdiff_t>(rng() % static_cast<std::uint64_t>(n));
    w.changes.row_origin[i] = -1;
    for (std::ptrdiff_t j = 0; j < n; ++j) w.edited.cost[static_cast<std::size_t>(i * n + j)] = u01(rng);
  }
  return cache.emplace(n, std::move(w)).first->second;
}

void BM_Warm_OnePercentRows(benchmark::State& state) {
  const warm_case& w = warm_instance(state.range(0));
  ts::solution<double> sol;
  for (auto _ : state) {
    sol = ts::resolve_dense(w.edited.view(), w.before, w.changes);
    benchmark::DoNotOptimize(sol);
  }
  if (!ts::check_certificate(w.edited.view(), sol).ok) state.SkipWithError("certificate failed");
}

void BM_Warm_Cold(benchmark::State& state) {
  const warm_case& w = warm_instance(state.range(0));
  ts::solution<double> sol;
  for (auto _ : state) {
    sol = ts::solve_dense(w.edited.view());
    benchmark::DoNotOptimize(sol);
  }
}

BENCHMARK(BM_Warm_OnePercentRows)->Arg(1000)->Arg(2000)->Arg(4000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Warm_Cold)->Arg(1000)->Arg(2000)->Arg(4000)->Unit(benchmark::kMillisecond);
