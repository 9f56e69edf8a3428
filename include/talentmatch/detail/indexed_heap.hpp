#pragma once

// The priority queue of the Dijkstra searches of the sparse solver (solver/sparse.hpp) and the flow solver
// (detail/flow_network.hpp): a 4-ary min-heap with each id's position in it, so that a shorter distance moves an
// entry up in place (decrease-key) instead of adding a stale one. Four children per node halve the depth of a
// binary heap at the price of three more comparisons per level on the way down (Johnson's d-heaps), a gain when, as
// here, decrease-key is more frequent than pop.
//
// What an entry holds is the caller's choice, measured: the sparse solver keeps the key in the entry (one cache
// line per comparison, no second array), the flow solver keeps bare node ids and looks the key up in its distance
// array; given the flow solver entries with their keys, its benchmarks ran 12% (priced) to 45% (slots, double)
// slower (bench_flow, 10000 x 1000), so it keeps the ids.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace talentmatch::detail {

// Order: Order::id(entry) is the entry's id in [0, n); order(x, y) is true when x comes out before y (a strict weak
// order, ties broken by the caller so that the order is deterministic).
//
// SiftByValue: push_or_decrease hands the new entry to sift_up by value and stores it once, at its final place,
// instead of writing it to its slot and reading it back from there. Measured, each way is the faster one for one of
// the two users, so each keeps its own: the sparse solver (24-byte entries) sets it, and without it ran 5-7% slower
// at n = 10^5 (bench_sparse BM_Sparse_Uniform/100000, medians of 3: 6637/6747 ms without, 6128/6160 ms with; the
// same instruction count, the store and reload cost on every relaxation); the flow solver (8-byte ids) does not,
// and with it ran 3-8% slower (bench_flow 10000/1000: Slots<double> 477-481 ms without, 504-515 ms with; Priced
// 439-446 ms without, 453-473 ms with).
template <class Entry, class Order, bool SiftByValue = false>
class indexed_heap {
 public:
  explicit indexed_heap(Order order = Order{}) : order_(order) {}

  void reset(std::ptrdiff_t n) {
    pos_.assign(static_cast<std::size_t>(n), -1);
    heap_.clear();
  }
  bool empty() const { return heap_.empty(); }
  const Entry& top() const { return heap_.front(); }
  bool contains(std::ptrdiff_t id) const { return pos_[id] >= 0; }
  Order& order() { return order_; }

  // Inserts e, or when its id is in the heap already, replaces that entry by e (whose key must not be larger).
  [[gnu::always_inline]] inline void push_or_decrease(const Entry& e) {
    if constexpr (SiftByValue) {
      const Entry x = e;  // a copy: e may not outlive heap_.push_back
      const std::int64_t at = pos_[Order::id(x)];
      if (at < 0) {
        heap_.push_back(x);
        sift_up_from(heap_.size() - 1, x);
      } else {
        sift_up_from(static_cast<std::size_t>(at), x);
      }
    } else {
      std::size_t p;
      if (pos_[Order::id(e)] < 0) {
        p = heap_.size();
        heap_.push_back(e);
      } else {
        p = static_cast<std::size_t>(pos_[Order::id(e)]);
        heap_[p] = e;
      }
      sift_up(p);
    }
  }

  void pop() {
    pos_[Order::id(heap_.front())] = -1;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      heap_[0] = last;
      sift_down(0);
    }
  }

  void clear() {
    for (const Entry& e : heap_) pos_[Order::id(e)] = -1;
    heap_.clear();
  }

 private:
  // Moves heap_[p] up to its place. sift_up_from below is the same loop for an entry not yet stored; the two are
  // kept apart (not one calling the other) so that each user's code stays as measured above.
  void sift_up(std::size_t p) {
    const Entry e = heap_[p];
    while (p > 0) {
      const std::size_t q = (p - 1) / 4;
      if (!order_(e, heap_[q])) break;
      heap_[p] = heap_[q];
      pos_[Order::id(heap_[p])] = static_cast<std::int64_t>(p);
      p = q;
    }
    heap_[p] = e;
    pos_[Order::id(e)] = static_cast<std::int64_t>(p);
  }

  // Moves e up from position p (whose old content it replaces) to its place.
  void sift_up_from(std::size_t p, const Entry e) {
    while (p > 0) {
      const std::size_t q = (p - 1) / 4;
      if (!order_(e, heap_[q])) break;
      heap_[p] = heap_[q];
      pos_[Order::id(heap_[p])] = static_cast<std::int64_t>(p);
      p = q;
    }
    heap_[p] = e;
    pos_[Order::id(e)] = static_cast<std::int64_t>(p);
  }

  void sift_down(std::size_t p) {
    const std::size_t n = heap_.size();
    const Entry e = heap_[p];
    for (;;) {
      const std::size_t first = 4 * p + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + 4, n);
      for (std::size_t c = first + 1; c < end; ++c) {
        if (order_(heap_[c], heap_[best])) best = c;
      }
      if (!order_(heap_[best], e)) break;
      heap_[p] = heap_[best];
      pos_[Order::id(heap_[p])] = static_cast<std::int64_t>(p);
      p = best;
    }
    heap_[p] = e;
    pos_[Order::id(e)] = static_cast<std::int64_t>(p);
  }

  std::vector<Entry> heap_;
  std::vector<std::int64_t> pos_;
  Order order_;
};

}  // namespace talentmatch::detail
