#include "blas_threads.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
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

int workers_for(int64_t items, double work) {
  if (work < kSplitWork || items < 2) return 1;
  return static_cast<int>(std::min<int64_t>(intra_op_threads(), items));
}

void split_items(int64_t items, int64_t chunk, int workers,
                 const std::function<void(int, int64_t, int64_t)>& item_fn) {
  chunk = std::max<int64_t>(1, chunk);
  workers = static_cast<int>(std::min<int64_t>(std::max(1, workers), (items + chunk - 1) / chunk));
  if (workers <= 1) {
    for (int64_t begin = 0; begin < items; begin += chunk) item_fn(0, begin, std::min(items, begin + chunk));
    return;
  }
  std::atomic<int64_t> next{0};
  std::mutex failed_lock;
  std::exception_ptr failed;  // the first exception of any thread, rethrown on the caller after the join
  auto work = [&](int worker) {
    try {
      for (int64_t begin; (begin = next.fetch_add(chunk)) < items;)
        item_fn(worker, begin, std::min(items, begin + chunk));
    } catch (...) {
      next.store(items);  // the others stop taking chunks
      std::lock_guard<std::mutex> hold(failed_lock);
      if (!failed) failed = std::current_exception();
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(workers - 1);
  for (int t = 1; t < workers; ++t) helpers.emplace_back(work, t);
  work(0);
  for (auto& h : helpers) h.join();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace jf::blas_threads
