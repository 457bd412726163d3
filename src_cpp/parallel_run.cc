#include "parallel_run.h"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <queue>

#include "thread_pool.h"
#include "value_check.h"

namespace jf {
namespace {

using clock = std::chrono::steady_clock;
constexpr auto kPollEvery = std::chrono::milliseconds(20);

// One parallel run. Helpers hold it by shared_ptr; they touch the plan's steps and values only
// while running a step (counted in in_flight), and the caller returns only when none is, so a
// helper that starts after the run is over finds `over` and leaves.
struct Run {
  const std::vector<Step>* steps = nullptr;
  const StepGraph* graph = nullptr;
  Tensor* values = nullptr;
  bool check_outputs = false;
  const std::function<void()>* poll = nullptr;
  const std::atomic<bool>* cancelled = nullptr;
  int max_helpers = 0;

  // Kernels that loop (sub-plans) stop when `stop` is set: on the first error, on Ctrl-C or when
  // the session is cancelled. The caller's steps poll Python's signals; the helpers' must not
  // (the caller does), they only notice a cancelled session.
  std::atomic<bool> stop{false};
  std::function<void()> caller_poll;
  std::function<void()> helper_poll;
  std::unique_ptr<RunControl> caller_control;
  std::unique_ptr<RunControl> helper_control;
  std::unique_ptr<std::atomic<int>[]> readers_left;

  std::mutex mu;  // guards everything below
  std::condition_variable caller_wake;
  // Ready steps, the earliest in plan order on top: any thread's, and the caller's own (stateful).
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready, ready_on_caller;
  std::vector<int> preds_left;
  int finished = 0, in_flight = 0, helpers = 0, invited = 0;
  bool caller_waiting = false, over = false;
  std::exception_ptr error;

  int total() const { return static_cast<int>(steps->size()); }
  bool done() const { return error || finished == total(); }

  void fail_with(std::exception_ptr e) {  // with mu held
    if (!error) error = e;
    stop.store(true, std::memory_order_relaxed);
    if (caller_waiting) caller_wake.notify_one();
  }

  // With mu held, after taking a step: the steps still ready go to the waiting caller and to
  // newly invited helpers, as far as there are threads for them.
  void hand_out(const std::shared_ptr<Run>& self) {
    int spare = static_cast<int>(ready.size());
    if (caller_waiting && (spare > 0 || !ready_on_caller.empty())) {
      caller_wake.notify_one();
      if (ready_on_caller.empty()) --spare;
    }
    for (; spare > 0 && helpers + invited < max_helpers; --spare) {
      if (!thread_pool::try_submit([self] { self->help(self); })) break;  // no thread: the caller does it
      ++invited;
    }
  }

  void make_ready(int s) { (graph->on_caller[s] ? ready_on_caller : ready).push(s); }

  // With mu held: the next step this thread may take, or -1. The caller takes its own (stateful)
  // steps first: they are mostly cheap (variable reads, updates) and unlock the work that any
  // thread may take.
  int take(bool on_caller) {
    std::priority_queue<int, std::vector<int>, std::greater<int>>* from = &ready;
    if (on_caller && !ready_on_caller.empty()) from = &ready_on_caller;
    if (from->empty()) return -1;
    int s = from->top();
    from->pop();
    return s;
  }

  // Runs step s (without mu). Returns false (with the error recorded) when it failed.
  bool compute(int s, bool on_caller) {
    const Step& step = (*steps)[s];
    try {
      if (cancelled->load(std::memory_order_relaxed)) fail(Code::Cancelled, "the run was cancelled");
      KernelContext ctx(values, step.in_slots.data(), static_cast<int>(step.in_slots.size()), values + step.out_base,
                        *step.node, on_caller ? caller_control.get() : helper_control.get(), &graph->own_frees[s]);
      compute_step(step, ctx, check_outputs, values + step.out_base);
    } catch (...) {
      std::lock_guard<std::mutex> hold(mu);
      fail_with(std::current_exception());
      return false;
    }
    for (int slot : graph->own_frees[s]) values[slot] = Tensor();
    for (int slot : graph->shared_reads[s])
      if (readers_left[slot].fetch_sub(1, std::memory_order_acq_rel) == 1) values[slot] = Tensor();
    return true;
  }

  // With `lock` held: takes ready steps until the run is done or, for a helper, nothing is ready.
  // The caller waits for running steps instead, polling.
  void drive(std::unique_lock<std::mutex>& lock, const std::shared_ptr<Run>& self, bool on_caller) {
    auto next_poll = clock::now() + kPollEvery;
    while (!over && !done()) {
      int s = take(on_caller);
      if (s < 0) {
        if (!on_caller) return;
        if (in_flight == 0) {  // cannot happen: every dependency points to an earlier step
          fail_with(std::make_exception_ptr(EngineError(Code::Internal, "the parallel schedule stalled")));
          break;
        }
        caller_waiting = true;
        caller_wake.wait_for(lock, kPollEvery);
        caller_waiting = false;
        if (done()) break;
        if (cancelled->load(std::memory_order_relaxed)) {
          fail_with(std::make_exception_ptr(EngineError(Code::Cancelled, "the run was cancelled")));
          break;
        }
        if (clock::now() >= next_poll && *poll) {
          lock.unlock();
          std::exception_ptr polled;
          try {
            (*poll)();
          } catch (...) {
            polled = std::current_exception();
          }
          lock.lock();
          if (polled) fail_with(polled);
          next_poll = clock::now() + kPollEvery;
        }
        continue;
      }
      ++in_flight;
      hand_out(self);
      lock.unlock();
      if (on_caller && clock::now() >= next_poll && *poll) {
        next_poll = clock::now() + kPollEvery;
        try {
          (*poll)();
        } catch (...) {
          lock.lock();
          --in_flight;
          fail_with(std::current_exception());
          break;
        }
      }
      bool ok = compute(s, on_caller);
      lock.lock();
      --in_flight;
      if (ok) {
        ++finished;
        for (int i = graph->succ_begin[s]; i < graph->succ_begin[s + 1]; ++i)
          if (--preds_left[graph->succ[i]] == 0) make_ready(graph->succ[i]);
      }
      if (caller_waiting && (done() || in_flight == 0 || ready.size() > 1 || !ready_on_caller.empty()))
        caller_wake.notify_one();
    }
  }

  void help(const std::shared_ptr<Run>& self) {
    std::unique_lock<std::mutex> lock(mu);
    --invited;
    if (over) return;
    ++helpers;
    drive(lock, self, false);
    --helpers;
    if (caller_waiting) caller_wake.notify_one();
  }
};

}  // namespace

void run_parallel(const std::vector<Step>& steps, const StepGraph& graph, std::vector<Tensor>& values,
                  const std::function<void()>& poll, const std::atomic<bool>& cancelled, bool check_outputs,
                  int threads) {
  auto run = std::make_shared<Run>();
  Run& r = *run;
  r.steps = &steps;
  r.graph = &graph;
  r.values = values.data();
  r.check_outputs = check_outputs;
  r.poll = &poll;
  r.cancelled = &cancelled;
  r.max_helpers = std::min(threads - 1, thread_pool::workers());
  r.caller_poll = [&r] {
    if (r.cancelled->load(std::memory_order_relaxed)) r.stop.store(true, std::memory_order_relaxed);
    if (*r.poll) (*r.poll)();
  };
  r.helper_poll = [&r] {
    if (r.cancelled->load(std::memory_order_relaxed)) r.stop.store(true, std::memory_order_relaxed);
  };
  r.caller_control = std::make_unique<RunControl>(RunControl{r.caller_poll, r.stop, nullptr});
  r.helper_control = std::make_unique<RunControl>(RunControl{r.helper_poll, r.stop, nullptr});
  const size_t num_slots = values.size();
  r.readers_left = std::make_unique<std::atomic<int>[]>(num_slots);
  for (size_t i = 0; i < num_slots; ++i) r.readers_left[i].store(graph.slot_readers[i], std::memory_order_relaxed);
  r.preds_left = graph.preds;
  for (int s = 0; s < static_cast<int>(steps.size()); ++s)
    if (graph.preds[s] == 0) r.make_ready(s);

  std::unique_lock<std::mutex> lock(r.mu);
  r.drive(lock, run, true);
  // Running steps finish (they see `stop`); then no helper touches this run's steps again.
  while (r.in_flight > 0) {
    r.caller_waiting = true;
    r.caller_wake.wait(lock);
    r.caller_waiting = false;
  }
  r.over = true;
  if (r.error) std::rethrow_exception(r.error);
}

}  // namespace jf
