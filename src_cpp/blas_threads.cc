#include "blas_threads.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace jf::blas_threads {
namespace {

int machine_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

int initial_intra_op_threads() {
  // OpenBLAS goes single-threaded as soon as the engine is loaded (see the header for why).
  scipy_openblas_set_num_threads(1);
  if (const char* env = std::getenv("JUPYTER_FLOW_INTRA_OP_THREADS")) {
    try {
      int n = std::stoi(env);
      if (n >= 1) return n;
    } catch (const std::exception&) {
    }
  }
  return machine_threads();
}

std::atomic<int>& intra_op() {
  static std::atomic<int> n{initial_intra_op_threads()};
  return n;
}

// Runs at module load, so OpenBLAS is single-threaded before any kernel calls it.
const int kLoaded = intra_op_threads();

}  // namespace

int intra_op_threads() { return intra_op().load(std::memory_order_relaxed); }

void set_intra_op_threads(int n) { intra_op().store(n < 1 ? machine_threads() : n, std::memory_order_relaxed); }

int library_threads() { return scipy_openblas_get_num_threads(); }

void split_rows(int rows, const std::function<void(int, int)>& rows_fn) {
  int threads = std::min(intra_op_threads(), rows / 64);
  if (threads <= 1) {
    rows_fn(0, rows);
    return;
  }
  // Four chunks per thread: enough to rebalance under load, few enough that repacking B is cheap.
  int chunk = std::max(64, (rows + threads * 4 - 1) / (threads * 4));
  std::atomic<int> next{0};
  auto work = [&] {
    for (int begin; (begin = next.fetch_add(chunk)) < rows;) rows_fn(begin, std::min(rows, begin + chunk));
  };
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (int t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
}

}  // namespace jf::blas_threads
