// The parallel executor: runs a plan's steps on the calling thread and on pool workers
// (thread_pool.h), each step as soon as the steps it waits for (plan_schedule.h) are done, the
// earliest in plan order first (the caller its own stateful steps before others). The calling thread takes steps itself and only waits while
// others run, polling for Ctrl-C every 20 ms as the sequential loop does; workers are invited
// only while more steps are ready than threads are running them. The first error (naming its
// node) stops the run: no new step starts, running ones finish, then it is rethrown here.
#pragma once
#include <atomic>
#include <functional>
#include <vector>

#include "plan.h"
#include "plan_schedule.h"

namespace jf {

// `values` holds the feeds and cached folded values on entry and every value on return (the
// ones the run frees are empty). `threads` counts the calling thread.
void run_parallel(const std::vector<Step>& steps, const StepGraph& graph, std::vector<Tensor>& values,
                  const std::function<void()>& poll, const std::atomic<bool>& cancelled, bool check_outputs,
                  int threads);

}  // namespace jf
