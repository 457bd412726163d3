// Watching a run step by step: traces (RunOptions(trace_level=FULL_TRACE), %%graph --trace,
// %flow_profile) and the NaN/Inf check (%flow_debug nan on). The executor takes a RunObserver*
// that is nullptr on the hot path, so an unobserved run does what it always did (one predictable
// branch per step, nothing timed, nothing recorded). Sub-plans (loop bodies, branches) get the
// same observer through RunControl, so the steps inside a loop are observed too.
//
// Executors call exactly two hooks per step, on the thread that runs it:
//   observer->step_started(step);                      right before the kernel
//   observer->step_finished(step, values.data());      right after it (outputs set, nothing freed yet)
// A parallel executor keeps those two lines around each kernel; StepTimer is thread-safe.
//
// Fusion: a step that computes several graph nodes (a fused element-wise chain, Step::fused_nodes)
// is still reported under the names of the nodes it replaced, so traces, the graph view and
// %flow_profile name the ops the user wrote: StepTimer emits one StepRecord per original node (the
// step's time split evenly, outputs on the last), and NumericsCheck lists the fused nodes. Both read
// `fused_nodes` only where Step has it (run_trace.cc, fused_nodes_of), so this builds either way.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "graph.h"
#include "tensor.h"

namespace jf {

struct Step;

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void step_started(const Step& step) = 0;
  // `values`: the slots of the plan running the step (inputs values[step.in_slots[i]], outputs from
  // values + step.out_base). May throw an EngineError, which fails the run like a kernel's.
  virtual void step_finished(const Step& step, const Tensor* values) = 0;
};

struct OutputRecord {
  DType dtype;
  Shape shape;
  int64_t bytes;
};

// One execution of one step (a step inside a loop body is recorded once per iteration).
struct StepRecord {
  NodePtr node;
  int64_t start_ns = 0;  // since the run started (steady clock)
  int64_t end_ns = 0;
  int64_t inner_ns = 0;  // time of the steps nested directly inside this one (a loop's body)
  int thread = 0;        // 0 for the first thread seen (the caller), then in order of first step
  int depth = 0;         // 0 for the run's own steps, 1 inside a loop body or branch, ...
  std::vector<OutputRecord> outputs;
};

// Times every step and records its outputs' dtypes, shapes and sizes. Nesting (a loop kernel's
// body steps inside the loop's step) is found per thread: sub-plans run on the thread of the
// kernel that runs them. Thread-safe.
class StepTimer : public RunObserver {
 public:
  StepTimer();
  void step_started(const Step& step) override;
  void step_finished(const Step& step, const Tensor* values) override;
  int64_t start_wall_micros() const { return start_wall_micros_; }
  std::vector<StepRecord> take_records();

 private:
  struct ThreadState {
    int index = 0;
    std::vector<size_t> open;  // records started and not finished on this thread, innermost last
  };
  int64_t now_ns() const;
  std::chrono::steady_clock::time_point start_;
  int64_t start_wall_micros_ = 0;
  std::mutex mu_;
  std::unordered_map<std::thread::id, ThreadState> threads_;
  std::vector<StepRecord> records_;
};

// The NaN/Inf check of %flow_debug nan on: after every step, its float outputs are scanned and
// the first one holding NaN or Inf fails the run with InvalidArgument naming the node, its op
// type, how many values are bad, and its inputs' dtypes, shapes and ranges (a value that was
// already bad when it came in — fed, a variable, a cached constant — says so).
class NumericsCheck : public RunObserver {
 public:
  explicit NumericsCheck(const Graph& graph) : graph_(graph) {}
  void step_started(const Step&) override {}
  void step_finished(const Step& step, const Tensor* values) override;

 private:
  [[noreturn]] void report(const Step& step, const Tensor* values, size_t output) const;
  const Graph& graph_;
};

// Both observers on one run (a traced run with the NaN check on): times first, then checks.
class ObserverPair : public RunObserver {
 public:
  ObserverPair(RunObserver& first, RunObserver& second) : first_(first), second_(second) {}
  void step_started(const Step& step) override {
    first_.step_started(step);
    second_.step_started(step);
  }
  void step_finished(const Step& step, const Tensor* values) override {
    first_.step_finished(step, values);
    second_.step_finished(step, values);
  }

 private:
  RunObserver& first_;
  RunObserver& second_;
};

// How many non-finite values (NaN or +-Inf) a float tensor holds; 0 for other dtypes.
int64_t count_non_finite(const Tensor& t);

// ----- process-wide debug switches (the notebook's %flow_debug, %%graph --trace, %flow_profile) -----
// Off by default; the binding layer reads them once per run (two relaxed loads) and observes the
// run only when one is on.
std::atomic<bool>& check_numerics_in_every_run();

// Captured traces of the next N runs of any session (N < 0: every run until stopped).
struct CapturedRun {
  int64_t start_wall_micros = 0;
  std::vector<StepRecord> records;
  std::vector<std::string> folded;  // the plan's constant-folded steps (computed once, cached)
};
class TraceCapture {
 public:
  void start(int64_t runs);
  bool active() const { return runs_left_.load(std::memory_order_relaxed) != 0; }
  // True if the run about to start is to be captured (counts it).
  bool claim_run();
  void add(CapturedRun run);
  std::vector<CapturedRun> take();

 private:
  std::atomic<int64_t> runs_left_{0};
  std::mutex mu_;
  std::vector<CapturedRun> runs_;
};
TraceCapture& trace_capture();

// Steps timed by any StepTimer since the module was loaded (a test pins that untraced runs time none).
int64_t timed_steps_total();

}  // namespace jf
