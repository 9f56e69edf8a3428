#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace talentmatch::detail {

// "Infinity" in the working type: +inf for floating point, the largest value for int64 (the integer solvers check
// the cost range beforehand so that no finite sum comes near it).
template <class W>
constexpr W infinity() {
  if constexpr (std::is_floating_point_v<W>) {
    return std::numeric_limits<W>::infinity();
  } else {
    return std::numeric_limits<W>::max();
  }
}

template <class W>
constexpr bool is_inf(W x) {
  return x == infinity<W>();
}

template <class T>
constexpr bool is_nan(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(x);
  } else {
    (void)x;
    return false;
  }
}

template <class T>
constexpr bool is_neg_inf(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    return x == -std::numeric_limits<T>::infinity();
  } else {
    (void)x;
    return false;
  }
}

// An unassigned cost in the minimisation form: negated with maximize. "Must be matched" is +inf in the
// minimisation form; with maximize the caller writes it -inf (for integers, the smallest value).
template <class W>
W unassigned_min_form(W x, bool maximize) {
  if (!maximize) return x;
  if constexpr (std::is_floating_point_v<W>) {
    return -x;
  } else {
    return x == std::numeric_limits<W>::lowest() ? infinity<W>() : -x;
  }
}

// x * units and x + y where the result may leave the working type's range (a price times a caller's capacity, up to
// INT64_MAX): false instead of an overflow (undefined behaviour for int64, inf for double).
template <class W>
bool checked_mul(W x, std::int64_t units, W& out) {
  if constexpr (std::is_floating_point_v<W>) {
    out = x * static_cast<W>(units);
    return std::isfinite(out);
  } else {
    return !__builtin_mul_overflow(x, static_cast<W>(units), &out);
  }
}

template <class W>
bool checked_add(W x, W y, W& out) {
  if constexpr (std::is_floating_point_v<W>) {
    out = x + y;
    return std::isfinite(out);
  } else {
    return !__builtin_add_overflow(x, y, &out);
  }
}

// Arithmetic that remembers whether it overflowed (int64: undefined behaviour otherwise; double: inf).
template <class W>
struct guarded {
  bool overflow = false;
  W add(W x, W y) {
    W out{};
    if (!checked_add(x, y, out)) overflow = true;
    return out;
  }
  W sub(W x, W y) {
    if constexpr (std::is_floating_point_v<W>) {
      return add(x, -y);
    } else {
      W out{};
      if (__builtin_sub_overflow(x, y, &out)) overflow = true;
      return out;
    }
  }
  W mul(W x, std::int64_t units) {
    W out{};
    if (!checked_mul(x, units, out)) overflow = true;
    return out;
  }
};

}  // namespace talentmatch::detail
