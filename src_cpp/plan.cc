#include "plan.h"

#include "parallel_run.h"
#include "plan_passes.h"
#include "plan_schedule.h"
#include "run_trace.h"
#include "value_check.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace jf {

// The passes are in plan_passes.h, each with its rule; the constructor only chains them.
Plan::Plan(const Graph& graph, SessionState& state, const std::vector<Edge>& fetches,
           std::vector<FeedSpec> feeds, const std::vector<int64_t>& targets) {
  passes::Pruning pruning = passes::prune(fetches, feeds, targets);
  std::vector<NodePtr> order = passes::order(graph, pruning);
  passes::SlotAssignment slots = passes::assign_slots(graph, order, feeds, fetches);
  passes::make_kernels(slots.steps, graph, state);
  passes::pretranspose_constant_operands(slots.steps, graph, state, slots.num_slots);
  passes::FoldPartition fold = passes::partition_folding(std::move(slots.steps), slots.num_slots);
  passes::fuse_elementwise(fold.run, fold.folded, slots.fetch_slots, slots.num_slots);
  passes::compact_slots(feeds, fold.folded, fold.run, slots.fetch_slots, slots.num_slots);
  fold_slots_ = passes::assign_lifetimes(fold.run, fold.folded, slots.fetch_slots, slots.num_slots);
  fold_steps_ = std::move(fold.folded);
  steps_ = std::move(fold.run);
  feeds_ = std::move(feeds);
  fetch_slots_ = std::move(slots.fetch_slots);
  num_slots_ = slots.num_slots;
}

std::vector<std::string> Plan::step_names() const {
  std::vector<std::string> out;
  for (auto& st : steps_) {
    if (st.fused_nodes.empty()) out.push_back(st.node->name);
    for (auto& n : st.fused_nodes) out.push_back(n->name);
  }
  return out;
}

std::vector<std::vector<std::string>> Plan::fused_groups() const {
  std::vector<std::vector<std::string>> out;
  for (auto& st : steps_) {
    if (st.fused_nodes.empty()) continue;
    out.emplace_back();
    for (auto& n : st.fused_nodes) out.back().push_back(n->name);
  }
  return out;
}

std::vector<std::string> Plan::folded_step_names() const {
  std::vector<std::string> out;
  for (auto& st : fold_steps_) out.push_back(st.node->name);
  return out;
}

void Plan::fill_fold_cache(const std::function<void()>& poll, const std::atomic<bool>& cancelled,
                           RunObserver* observer) const {
  std::lock_guard<std::mutex> lock(fold_mu_);
  if (folded_) return;
  std::vector<Tensor> values(num_slots_);
  run_steps(fold_steps_, values, poll, cancelled, false, observer);
  fold_cache_.clear();
  for (int slot : fold_slots_) fold_cache_.push_back(values[slot]);
  folded_ = true;
}

std::vector<Tensor> Plan::run(std::vector<Tensor> feed_values, const std::function<void()>& poll,
                              const std::atomic<bool>& cancelled, RunObserver* observer) const {
  if (!fold_steps_.empty() && !folded_) fill_fold_cache(poll, cancelled, observer);
  std::vector<Tensor> values(num_slots_);
  for (size_t i = 0; i < feeds_.size(); ++i) values[feeds_[i].slot] = std::move(feed_values[i]);
  for (size_t i = 0; i < fold_slots_.size(); ++i) values[fold_slots_[i]] = fold_cache_[i];
  // A run with an observer (traces, the NaN check) goes in plan order, as its records expect.
  if (observer || schedule_mode_.load(std::memory_order_acquire) == kInOrder ||
      !run_scheduled(values, poll, cancelled))
    run_steps(steps_, values, poll, cancelled, true, observer);
  outputs_checked_.store(true, std::memory_order_relaxed);
  std::vector<Tensor> out;
  out.reserve(fetch_slots_.size());
  for (int s : fetch_slots_) out.push_back(values[s]);
  return out;
}

void compute_step(const Step& step, KernelContext& ctx, bool check_outputs, Tensor* outputs) {
  try {
    step.kernel->compute(ctx);
    if (check_outputs) check_step_outputs(*step.node, outputs);
  } catch (EngineError& e) {
    if (e.node_id < 0) e.node_id = step.node->id;
    throw;
  } catch (std::bad_alloc&) {
    throw EngineError(Code::ResourceExhausted, "out of memory while computing '" + step.node->name + "'",
                      step.node->id);
  }
}

void Plan::run_steps(const std::vector<Step>& steps, std::vector<Tensor>& values, const std::function<void()>& poll,
                     const std::atomic<bool>& cancelled, bool free_values, RunObserver* observer) const {
  using clock = std::chrono::steady_clock;
  auto next_poll = clock::now() + std::chrono::milliseconds(20);
  const RunControl control{poll, cancelled, observer};
  const bool check_outputs = !outputs_checked_.load(std::memory_order_relaxed);
  for (size_t s = 0; s < steps.size(); ++s) {
    const Step& step = steps[s];
    if (cancelled.load(std::memory_order_relaxed)) fail(Code::Cancelled, "the run was cancelled");
    if ((s & 15) == 15) {
      auto now = clock::now();
      if (now >= next_poll && poll) {
        poll();
        next_poll = now + std::chrono::milliseconds(20);
      }
    }
    KernelContext ctx(values.data(), step.in_slots.data(), static_cast<int>(step.in_slots.size()),
                      values.data() + step.out_base, *step.node, &control,
                      free_values ? &step.free_after : nullptr);
    if (observer) [[unlikely]] observer->step_started(step);
    compute_step(step, ctx, check_outputs, values.data() + step.out_base);
    if (observer) [[unlikely]] observer->step_finished(step, values.data());
    if (free_values)
      for (int slot : step.free_after) values[slot] = Tensor();
  }
}

}  // namespace jf

namespace jf {

namespace {
constexpr int kTimedRuns = 3;  // the first run also pays for first-touch allocations
}

std::string Plan::schedule() const {
  switch (schedule_mode_.load(std::memory_order_acquire)) {
    case kInOrder:
      return "in order";
    case kParallel:
      return inter_op_threads() > 1 ? "parallel" : "in order";
    default:
      return "undecided";
  }
}

bool Plan::run_scheduled(std::vector<Tensor>& values, const std::function<void()>& poll,
                         const std::atomic<bool>& cancelled) const {
  const InterOpMode mode = inter_op_mode();
  int state = schedule_mode_.load(std::memory_order_acquire);
  if (state == kUndecided) {
    std::unique_lock<std::mutex> lock(schedule_mu_, std::try_to_lock);
    if (!lock.owns_lock()) return false;  // another thread is deciding; this run goes in order
    state = schedule_mode_.load(std::memory_order_relaxed);
    if (state == kUndecided) {
      // Until this plan's own steps are seen to return inputs' buffers, every step may.
      auto graph = std::make_shared<StepGraph>(build_step_graph(steps_, fetch_slots_, num_slots_, {}));
      if (mode == InterOpMode::Off || steps_.size() < 2 || (mode == InterOpMode::Auto && graph->width < 2)) {
        state = kInOrder;
      } else if (mode == InterOpMode::Force) {
        step_graph_ = std::move(graph);
        state = kParallel;
      } else {
        step_seconds_.assign(steps_.size(), 1e30);
        step_aliases_.assign(steps_.size(), 0);
        state = kTiming;
      }
      schedule_mode_.store(state, std::memory_order_release);
    }
  }
  if (state == kTiming) {
    std::unique_lock<std::mutex> lock(schedule_mu_, std::try_to_lock);
    if (!lock.owns_lock() || schedule_mode_.load(std::memory_order_relaxed) != kTiming) return false;
    run_timed(values, poll, cancelled, step_seconds_, step_aliases_);
    if (++timed_runs_ == kTimedRuns) {
      auto graph = std::make_shared<StepGraph>(build_step_graph(steps_, fetch_slots_, num_slots_, step_aliases_));
      bool parallel = worth_running_parallel(*graph, step_seconds_, inter_op_threads());
      if (parallel) step_graph_ = std::move(graph);
      schedule_mode_.store(parallel ? kParallel : kInOrder, std::memory_order_release);
    }
    return true;
  }
  if (state != kParallel) return false;
  const int threads = inter_op_threads();
  if (threads < 2) return false;
  run_parallel(steps_, *step_graph_, values, poll, cancelled, !outputs_checked_.load(std::memory_order_relaxed),
               threads);
  return true;
}

// A run in plan order that also times each step and notes the steps whose outputs share an
// input's buffer (what the step graph must follow a variable's readers through).
void Plan::run_timed(std::vector<Tensor>& values, const std::function<void()>& poll,
                     const std::atomic<bool>& cancelled, std::vector<double>& seconds,
                     std::vector<char>& aliases) const {
  using clock = std::chrono::steady_clock;
  struct Timing : RunObserver {
    std::vector<double>& seconds;
    std::vector<char>& aliases;
    const std::vector<Step>& steps;
    const Tensor* values;
    std::vector<const void*> inputs;
    clock::time_point start;
    size_t index = 0;
    int depth = 0;  // sub-plans (loop bodies) report their steps too; only the plan's own count
    Timing(std::vector<double>& s, std::vector<char>& a, const std::vector<Step>& st, const Tensor* v)
        : seconds(s), aliases(a), steps(st), values(v) {}
    void step_started(const Step& step) override {
      if (depth++ > 0) return;
      inputs.clear();
      for (int slot : step.in_slots)
        if (slot >= 0 && values[slot].valid()) inputs.push_back(values[slot].buffer().get());
      start = clock::now();
    }
    void step_finished(const Step& step, const Tensor* out_values) override {
      if (--depth > 0) return;
      double t = std::chrono::duration<double>(clock::now() - start).count();
      seconds[index] = std::min(seconds[index], t);
      for (size_t o = 0; o < step.node->out_dtypes.size(); ++o) {
        const Tensor& out = out_values[step.out_base + o];
        if (!out.valid()) continue;
        for (const void* in : inputs)
          if (out.buffer().get() == in) aliases[index] = 1;
      }
      ++index;
    }
  } timing(seconds, aliases, steps_, values.data());
  run_steps(steps_, values, poll, cancelled, true, &timing);
}

}  // namespace jf
