#include "thread_pool.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace jf::thread_pool {
namespace {

struct Pool {
  std::mutex mu;
  std::condition_variable wake;
  std::deque<std::function<void()>> tasks;
  std::atomic<int> target{machine_threads() - 1};  // workers wanted
  int started = 0;                                 // workers running (under mu)
};

// Never destroyed: workers are detached and may outlive static destruction at exit. After
// fork() the child gets a fresh pool: its parent's workers do not exist there, and the parent's
// mutex may have been held by one of them.
Pool* pool_ptr = nullptr;

Pool& pool() {
  static std::once_flag once;
  std::call_once(once, [] {
    pool_ptr = std::make_unique<Pool>().release();
    pthread_atfork(nullptr, nullptr, [] {
      int target = pool_ptr->target.load();
      pool_ptr = std::make_unique<Pool>().release();
      pool_ptr->target.store(target);
    });
  });
  return *pool_ptr;
}

void worker_loop(Pool* p) {
  std::unique_lock<std::mutex> lock(p->mu);
  for (;;) {
    p->wake.wait(lock, [p] { return !p->tasks.empty(); });
    std::function<void()> task = std::move(p->tasks.front());
    p->tasks.pop_front();
    lock.unlock();
    try {
      task();
    } catch (...) {
    }
    task = nullptr;  // its captures are released outside the lock
    lock.lock();
  }
}

// The shared state of one run_chunks call. Helpers hold it by shared_ptr and touch `fn` only
// after claiming a chunk, which the caller is still waiting for: one that starts after the
// caller returned finds no chunk and leaves.
struct ChunkRun {
  int64_t chunks = 0;
  const std::function<void(int, int64_t)>* fn = nullptr;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> done{0};
  std::atomic<int> next_worker{1};
  std::mutex mu;
  std::condition_variable all_done;
  std::exception_ptr error;  // under mu

  void finish(int64_t n) {
    if (done.fetch_add(n) + n == chunks) {
      std::lock_guard<std::mutex> hold(mu);
      all_done.notify_all();
    }
  }
  void work(int worker) {
    for (int64_t c; (c = next.fetch_add(1)) < chunks;) {
      try {
        (*fn)(worker, c);
      } catch (...) {
        {
          std::lock_guard<std::mutex> hold(mu);
          if (!error) error = std::current_exception();
        }
        int64_t unclaimed = next.exchange(chunks);  // the others stop taking chunks
        if (unclaimed < chunks) finish(chunks - unclaimed);
      }
      finish(1);
    }
  }
};

}  // namespace

int machine_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void submit(std::function<void()> task) {
  Pool& p = pool();
  {
    std::lock_guard<std::mutex> hold(p.mu);
    int target = std::max(1, p.target.load(std::memory_order_relaxed));
    for (; p.started < target; ++p.started) std::thread(worker_loop, &p).detach();
    p.tasks.push_back(std::move(task));
  }
  p.wake.notify_one();
}

bool try_submit(std::function<void()> task) noexcept {
  try {
    submit(std::move(task));
    return true;
  } catch (...) {
    return false;
  }
}

int workers() { return pool().target.load(std::memory_order_relaxed); }

void ensure_workers(int n) {
  Pool& p = pool();
  int cur = p.target.load();
  while (n > cur && !p.target.compare_exchange_weak(cur, n)) {
  }
}

void run_chunks(int64_t chunks, int helpers, const std::function<void(int, int64_t)>& fn) {
  helpers = static_cast<int>(std::min<int64_t>({helpers, workers(), chunks - 1}));
  if (helpers <= 0) {
    for (int64_t c = 0; c < chunks; ++c) fn(0, c);
    return;
  }
  auto run = std::make_shared<ChunkRun>();
  run->chunks = chunks;
  run->fn = &fn;
  for (int h = 0; h < helpers; ++h)
    if (!try_submit([run] { run->work(run->next_worker.fetch_add(1)); })) break;  // the caller does it
  run->work(0);
  std::unique_lock<std::mutex> lock(run->mu);
  run->all_done.wait(lock, [&] { return run->done.load() == chunks; });
  if (run->error) std::rethrow_exception(run->error);
}

}  // namespace jf::thread_pool
