// A sub-plan: the part of the graph that a control-flow op (a loop body, a loop condition, a
// branch of a conditional) runs inside its kernel. It is an ordinary Plan whose feeds are the
// body's inputs (loop variables, captured outer tensors) and whose fetches are its results,
// so it gets pruning, ordering, constant folding and value lifetimes from the same code.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "kernel.h"
#include "plan.h"

namespace jf {

// Edges sent from Python as a flat integer list: node id, output index, node id, ...
std::vector<Edge> edges_attr(const Node& node, const std::string& key);

class SubPlan {
 public:
  SubPlan(const KernelInit& init, const std::vector<Edge>& inputs, const std::vector<Edge>& outputs);
  // Runs the sub-plan on `inputs` (in the order given at construction), passing Ctrl-C polling
  // and cancellation on from the enclosing run.
  std::vector<Tensor> run(std::vector<Tensor> inputs, const RunControl* control) const;

 private:
  std::unique_ptr<Plan> plan_;
};

// A time-throttled Ctrl-C poll for kernels that loop: the enclosing plan polls only between its
// own kernels, so a loop whose body is short must poll itself.
class PollTimer {
 public:
  explicit PollTimer(const RunControl* control) : control_(control) {}
  void tick();

 private:
  const RunControl* control_;
  std::chrono::steady_clock::time_point next_ = std::chrono::steady_clock::now();
};

}  // namespace jf
