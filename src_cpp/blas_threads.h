// The engine owns BLAS threading: OpenBLAS runs single-threaded, and only very large GEMMs are
// split by rows across a few short-lived engine threads. OpenBLAS's own worker threads spin and
// yield waiting for work; beside any other busy thread or process (a notebook always has some)
// they lose their core and a step slows 3-40x. Single-threaded calls on our own threads do not.
#pragma once
#include <functional>

namespace jf::blas_threads {

// Threads one op may use (the GEMM split). Starts from JUPYTER_FLOW_INTRA_OP_THREADS if set,
// else the machine's core count; tf.ConfigProto(intra_op_parallelism_threads=n) sets it too.
int intra_op_threads();
void set_intra_op_threads(int n);
// The thread count OpenBLAS itself reports (1 once the engine is loaded).
int library_threads();

// GEMMs below this many multiply-adds stay on the calling thread: a thread start (~20 us)
// and a second packing of B would cost more than the second core gives back.
constexpr double kSplitMultiplyAdds = 512.0 * 512.0 * 512.0;
inline bool worth_splitting(int m, int n, int k) {
  return m >= 128 && static_cast<double>(m) * n * k >= kSplitMultiplyAdds && intra_op_threads() > 1;
}
// Calls rows_fn(begin, end) over [0, rows) in chunks, from the calling thread and
// intra_op_threads() - 1 helper threads that take chunks as they finish (so a helper that
// lost its core to another process does less of the work), and joins them all before returning.
void split_rows(int rows, const std::function<void(int, int)>& rows_fn);

}  // namespace jf::blas_threads
