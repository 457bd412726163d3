#include "plan.h"

#include "plan_passes.h"
#include "run_trace.h"
#include "value_check.h"

#include <algorithm>
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
  passes::FoldPartition fold = passes::partition_folding(std::move(slots.steps), slots.num_slots);
  passes::fuse_elementwise(fold.run, slots.fetch_slots, slots.num_slots);
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
  run_steps(steps_, values, poll, cancelled, true, observer);
  outputs_checked_.store(true, std::memory_order_relaxed);
  std::vector<Tensor> out;
  out.reserve(fetch_slots_.size());
  for (int s : fetch_slots_) out.push_back(values[s]);
  return out;
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
    try {
      if (observer) [[unlikely]] observer->step_started(step);
      step.kernel->compute(ctx);
      if (check_outputs) check_step_outputs(*step.node, values.data() + step.out_base);
      if (observer) [[unlikely]] observer->step_finished(step, values.data());
    } catch (EngineError& e) {
      if (e.node_id < 0) e.node_id = step.node->id;
      throw;
    } catch (std::bad_alloc&) {
      throw EngineError(Code::ResourceExhausted, "out of memory while computing '" + step.node->name + "'",
                        step.node->id);
    }
    if (free_values)
      for (int slot : step.free_after) values[slot] = Tensor();
  }
}

}  // namespace jf
