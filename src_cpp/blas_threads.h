// The engine owns BLAS threading: OpenBLAS runs single-threaded, and large GEMMs are split by
// rows across the engine's thread pool (thread_pool.h), the calling thread taking its share. OpenBLAS's own worker threads spin and
// yield waiting for work; beside any other busy thread or process (a notebook always has some)
// they lose their core and a step slows 3-40x. Single-threaded calls on our own threads do not.
#pragma once
#include <cstdint>
#include <functional>

namespace jf::blas_threads {

// Threads one op may use (the GEMM split). Starts from JUPYTER_FLOW_INTRA_OP_THREADS if set,
// else the machine's core count; tf.ConfigProto(intra_op_parallelism_threads=n) sets it too.
int intra_op_threads();
void set_intra_op_threads(int n);
// The thread count OpenBLAS itself reports (1 once the engine is loaded).
int library_threads();

// GEMMs below this many multiply-adds stay on the calling thread: handing half to a pool worker
// (a wake-up, a second packing of one operand) would cost more than the second core gives back.
// JUPYTER_FLOW_SPLIT_MULTIPLY_ADDS or set_split_multiply_adds (0: the default) override it, for
// benchmarks that look for the break-even.
double split_multiply_adds();
void set_split_multiply_adds(double n);
// A GEMM with many rows is split along the rows of C in chunks that start on multiples of
// kSplitAlignment: OpenBLAS then gives every element the bits the unsplit call gives it, so the
// result does not depend on the thread count. A GEMM with few rows (an MLP's batch) and many columns
// is computed in column chunks of kSplitAlignment, whatever the thread count: column chunks do not
// reproduce the unsplit call's float32 bits (elements beside a chunk edge round differently), so the
// chunks are a property of the shape, and threads only share them out. One thread gains too: such
// chunks take 0.65-0.8x the time of one call (50x784x300: 1.49 vs 2.27 ms of CPU on Haswell sgemm).
constexpr int kSplitAlignment = 96;
enum class GemmSplit { none, rows, columns };
GemmSplit gemm_split(int m, int n, int k);
// Calls range_fn(begin, end) over [0, extent) in chunks aligned to kSplitAlignment (rows), or of
// exactly kSplitAlignment (columns), from the calling thread and up to intra_op_threads() - 1 pool
// workers that take chunks as they finish (so a helper that lost its core to another process, or is
// busy with another step, does less of the work); returns when all chunks are done.
void split_rows(int rows, const std::function<void(int, int)>& range_fn);
void split_columns(int columns, const std::function<void(int, int)>& range_fn);

// Kernels that split their own work (convolution blocks: im2col, then a GEMM on this thread).
// Work of fewer multiply-adds than this stays on the calling thread.
constexpr double kSplitWork = 4.0e6;
// The threads a task of `work` multiply-adds over `items` independent items should use: 1 when
// small, else up to intra_op_threads(), never more than there are items.
int workers_for(int64_t items, double work);
// Calls item_fn(worker, begin, end) over [0, items) in chunks of `chunk` items, from the calling
// thread (worker 0) and up to workers - 1 pool workers that take chunks as they finish; `worker`
// (in [0, workers)) indexes the caller's per-thread scratch. Returns when all chunks are done.
void split_items(int64_t items, int64_t chunk, int workers, const std::function<void(int, int64_t, int64_t)>& item_fn);

}  // namespace jf::blas_threads
