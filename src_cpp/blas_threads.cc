#include "blas_threads.h"

#include "thread_pool.h"

#include <cblas.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <string>

namespace jf::blas_threads {
namespace {

// Measured with benchmarks/bench_parallel.py (matmul sizes, idle and under load).
constexpr double kDefaultSplitMultiplyAdds = 4.0e6;

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
  return thread_pool::machine_threads();
}

double initial_split_multiply_adds() {
  if (const char* env = std::getenv("JUPYTER_FLOW_SPLIT_MULTIPLY_ADDS")) {
    try {
      return std::stod(env);
    } catch (const std::exception&) {
    }
  }
  return kDefaultSplitMultiplyAdds;
}

std::atomic<int>& intra_op() {
  static std::atomic<int> n{[] {
    int threads = initial_intra_op_threads();
    thread_pool::ensure_workers(threads - 1);
    return threads;
  }()};
  return n;
}

std::atomic<double>& split_setting() {
  static std::atomic<double> v{initial_split_multiply_adds()};
  return v;
}

// Runs at module load, so OpenBLAS is single-threaded before any kernel calls it.
const int kLoaded = intra_op_threads();

}  // namespace

int intra_op_threads() { return intra_op().load(std::memory_order_relaxed); }

void set_intra_op_threads(int n) {
  n = n < 1 ? thread_pool::machine_threads() : n;
  thread_pool::ensure_workers(n - 1);
  intra_op().store(n, std::memory_order_relaxed);
}

double split_multiply_adds() { return split_setting().load(std::memory_order_relaxed); }
void set_split_multiply_adds(double n) { split_setting().store(n > 0 ? n : kDefaultSplitMultiplyAdds); }

int library_threads() { return scipy_openblas_get_num_threads(); }

GemmSplit gemm_split(int m, int n, int k) {
  double work = static_cast<double>(m) * n * k;
  if (m >= 2 * kSplitAlignment) {
    bool split = intra_op_threads() > 1 && work >= split_multiply_adds();
    return split ? GemmSplit::rows : GemmSplit::none;
  }
  // Shape only (see the header): the chunks must not change with the thread count or a setting.
  return n >= 2 * kSplitAlignment && work >= kDefaultSplitMultiplyAdds ? GemmSplit::columns : GemmSplit::none;
}

void split_rows(int rows, const std::function<void(int, int)>& range_fn) {
  int threads = std::min(intra_op_threads(), rows / kSplitAlignment);
  if (threads <= 1) {
    range_fn(0, rows);
    return;
  }
  // Four chunks per thread: enough to rebalance under load, few enough that repacking B is cheap.
  // Chunks start on multiples of 96 rows: OpenBLAS computes the rows of a micro-kernel tile together
  // and the last, partial tile with another kernel (another summation order), so only tile-aligned
  // chunks give every row the bits the unsplit call gives it. Tile heights are 4 to 32 rows (Haswell's
  // sgemm: 24; a 64-row alignment still split float32 products differently), and 96 is a multiple of
  // them all.
  int chunk = (rows + threads * 4 - 1) / (threads * 4);
  chunk = (chunk + kSplitAlignment - 1) / kSplitAlignment * kSplitAlignment;
  int chunks = (rows + chunk - 1) / chunk;
  thread_pool::run_chunks(chunks, threads - 1, [&](int, int64_t c) {
    int begin = static_cast<int>(c) * chunk;
    range_fn(begin, std::min(rows, begin + chunk));
  });
}

void split_columns(int columns, const std::function<void(int, int)>& range_fn) {
  int chunks = (columns + kSplitAlignment - 1) / kSplitAlignment;
  int threads = std::min(intra_op_threads(), chunks);
  thread_pool::run_chunks(chunks, threads - 1, [&](int, int64_t c) {
    int begin = static_cast<int>(c) * kSplitAlignment;
    range_fn(begin, std::min(columns, begin + kSplitAlignment));
  });
}

int workers_for(int64_t items, double work) {
  if (work < kSplitWork || items < 2) return 1;
  return static_cast<int>(std::min<int64_t>(intra_op_threads(), items));
}

void split_items(int64_t items, int64_t chunk, int workers,
                 const std::function<void(int, int64_t, int64_t)>& item_fn) {
  chunk = std::max<int64_t>(1, chunk);
  int64_t chunks = (items + chunk - 1) / chunk;
  workers = static_cast<int>(std::min<int64_t>(std::max(1, workers), chunks));
  thread_pool::run_chunks(chunks, workers - 1, [&](int worker, int64_t c) {
    item_fn(worker, c * chunk, std::min(items, (c + 1) * chunk));
  });
}

}  // namespace jf::blas_threads
