// A Plan is what one Session.run signature (fetches, feeds, targets) compiles to: the pruned,
// ordered list of kernels with the value slots they read and write, and when each value
// can be freed. Plans are built once and cached by the Python session.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "graph.h"
#include "kernel.h"

namespace jf {

struct Step {
  NodePtr node;
  std::unique_ptr<OpKernel> kernel;
  std::vector<int> in_slots;   // -1 for ref inputs
  int out_base = 0;            // first slot of this node's outputs
  std::vector<int> free_after; // slots whose last reader is this step
  // A fused step (passes::fuse_elementwise) computes several original nodes; they are listed
  // here, in order, so step names, errors and traces can still name them. Empty otherwise.
  std::vector<NodePtr> fused_nodes;
};

// Runs one step's kernel (and, on a plan's first runs, checks its output dtypes); an error names the
// step's node. Both executors (Plan::run_steps and parallel_run.cc) run steps through it.
void compute_step(const Step& step, KernelContext& ctx, bool check_outputs, Tensor* outputs);

struct FeedSpec {
  Edge tensor;
  int slot = 0;
  DType dtype = DType::Float32;
  // The fed tensor's static shape (-1: unknown dim; rank_known false: unknown rank) and
  // names for error messages, as the client knows them.
  bool rank_known = false;
  Shape dims;
  std::string name;
  std::string shape_str;
};

struct StepGraph;  // plan_schedule.h

class Plan {
 public:
  Plan(const Graph& graph, SessionState& state, const std::vector<Edge>& fetches,
       std::vector<FeedSpec> feeds, const std::vector<int64_t>& targets);

  // Runs the plan. `poll` is called between kernels every few milliseconds (the binding
  // layer uses it to notice Ctrl-C); `cancelled` aborts the run with Code::Cancelled.
  // `observer` (run_trace.h) is told about every step, when tracing or checking numerics.
  std::vector<Tensor> run(std::vector<Tensor> feed_values, const std::function<void()>& poll,
                          const std::atomic<bool>& cancelled, RunObserver* observer = nullptr) const;

  const std::vector<FeedSpec>& feeds() const { return feeds_; }
  // The nodes each run executes, in order, and those computed once by constant folding
  // (for tests and for tools that show a plan).
  std::vector<std::string> step_names() const;
  std::vector<std::string> folded_step_names() const;
  // The original node names of each fused step (empty when nothing was fused).
  std::vector<std::vector<std::string>> fused_groups() const;
  // How the next run is scheduled: "in order", "parallel", or "undecided" (not yet run, or its
  // first runs are being timed).
  std::string schedule() const;

 private:
  void run_steps(const std::vector<Step>& steps, std::vector<Tensor>& values, const std::function<void()>& poll,
                 const std::atomic<bool>& cancelled, bool free_values, RunObserver* observer) const;
  // The parallel executor (plan_schedule.h, parallel_run.h): returns false when this run goes in
  // plan order. A plan of two or more independent steps is timed in order on its first runs and
  // then runs in parallel only if that saves enough.
  bool run_scheduled(std::vector<Tensor>& values, const std::function<void()>& poll,
                     const std::atomic<bool>& cancelled) const;
  void run_timed(std::vector<Tensor>& values, const std::function<void()>& poll, const std::atomic<bool>& cancelled,
                 std::vector<double>& seconds, std::vector<char>& aliases) const;
  void fill_fold_cache(const std::function<void()>& poll, const std::atomic<bool>& cancelled,
                       RunObserver* observer) const;

  // Constant folding: steps whose value depends only on constants run once, on the first run;
  // the values other steps read from them are cached (fold_slots_ -> fold_cache_).
  std::vector<Step> fold_steps_;
  std::vector<int> fold_slots_;
  mutable std::vector<Tensor> fold_cache_;
  mutable std::atomic<bool> folded_{false};
  mutable std::mutex fold_mu_;

  // Kernels' output dtypes follow from their inputs' and attributes, fixed per plan: checked on
  // the first run that completes (value_check.h); sources whose values change (variables) check
  // every run themselves.
  mutable std::atomic<bool> outputs_checked_{false};

  // How runs are scheduled: undecided, timing (auto mode's first runs), in order or parallel
  // (then step_graph_ is set, before the mode is stored, and never changes).
  enum ScheduleMode : int { kUndecided, kTiming, kInOrder, kParallel };
  mutable std::atomic<int> schedule_mode_{kUndecided};
  mutable std::mutex schedule_mu_;
  mutable int timed_runs_ = 0;
  mutable std::vector<double> step_seconds_;  // the least of the timed runs, per step
  mutable std::vector<char> step_aliases_;    // seen returning an input's buffer
  mutable std::shared_ptr<const StepGraph> step_graph_;

  std::vector<Step> steps_;
  std::vector<FeedSpec> feeds_;
  std::vector<int> fetch_slots_;
  int num_slots_ = 0;
};

}  // namespace jf
