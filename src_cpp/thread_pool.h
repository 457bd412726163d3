// The engine's one thread pool per process: intra-op splits (blas_threads.h), inter-op steps
// (parallel_run.h) and, later, tf.data prefetch run on it. Idle workers sleep on a condition
// variable and never spin: a notebook shares its cores with the kernel's other threads and
// other processes, and spinning workers that lose their core are what made OpenBLAS's own pool
// collapse under load.
//
// Callers never wait for a task that has not started: every user of the pool also does the work
// itself and only hands out "help" tasks that find nothing left when they start late. So nested
// use (a pool task whose GEMM splits again) cannot deadlock, and a pool with no free worker (or,
// after fork(), no workers at all) only means the caller does it all.
#pragma once
#include <cstdint>
#include <functional>

namespace jf::thread_pool {

// Runs `task` on a pool worker some time later (it must not throw: an escaping exception is
// dropped). Starts workers on first use, up to workers() (at least one).
void submit(std::function<void()> task);
// As submit, but false instead of an exception when no worker thread could be started.
bool try_submit(std::function<void()> task) noexcept;

// Calls fn(worker, chunk) for every chunk in [0, chunks): on the calling thread (worker 0) and on
// up to `helpers` pool tasks (workers 1..helpers), each taking the next chunk as it finishes one,
// so a helper that starts late or loses its core does less. Returns when all chunks are done;
// rethrows the first exception (the remaining chunks are skipped).
void run_chunks(int64_t chunks, int helpers, const std::function<void(int, int64_t)>& fn);

// The pool's worker threads (besides the threads that call into it): machine cores - 1 by default,
// at least what the largest ConfigProto thread setting asks (grown by ensure_workers).
int workers();
void ensure_workers(int n);

// Cores of the machine (std::thread::hardware_concurrency, 1 when unknown).
int machine_threads();

}  // namespace jf::thread_pool
