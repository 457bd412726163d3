// The passes that compile one Session.run signature into a Plan, in the order the Plan runs them:
//   prune     which nodes the fetches and targets need (feeds and ref inputs cut the graph)
//   order     a post-order of those nodes: every node after the nodes it reads
//   slots     a value slot per fed tensor and per output; each step's input slots
//   pretranspose  constant A operands of transpose_a MatMuls (and narrow ones of matrix-vector
//             products) are transposed once (folded)
//   fold      split off the steps that depend only on constants (computed once, cached)
//   fuse      merge groups of element-wise run steps into one fused step each (plan_fusion.cc)
//   compact   renumber the slots that are still used densely
//   lifetimes after which step each value is freed; which folded values are cached
// Each pass is a plain function of the previous passes' results, so a new pass (control flow,
// fusion, a parallel schedule) slots in between two of them.
#pragma once
#include <map>
#include <vector>

#include "graph.h"
#include "kernel.h"
#include "plan.h"

namespace jf::passes {

struct EdgeLess {
  bool operator()(const Edge& a, const Edge& b) const {
    return a.node != b.node ? a.node < b.node : a.index < b.index;
  }
};

// prune: the roots to compute and the dependencies to follow. A fed tensor is a value, not a
// computation, so neither it nor a control dependency on a fed node pulls its producer in; a ref
// input names a variable (read through the session state), so it pulls nothing in either.
struct Pruning {
  std::map<Edge, int, EdgeLess> fed;  // fed tensor -> feed index
  std::vector<int64_t> fed_nodes;     // sorted
  std::vector<int64_t> roots;         // nodes whose values or effects are asked for
  bool is_fed_node(int64_t id) const;
};
Pruning prune(const std::vector<Edge>& fetches, const std::vector<FeedSpec>& feeds,
              const std::vector<int64_t>& targets);

// order: iterative post-order DFS from the roots (chains of thousands of nodes are common);
// a cycle is an InvalidArgument error naming a node on it.
std::vector<NodePtr> order(const Graph& graph, const Pruning& pruning);

// slots: feeds take slots 0..F-1 (and record their dtype), then each step its outputs in order.
// A fed output is read from the feed's slot. Ref inputs get slot -1. Steps come out without kernels.
struct SlotAssignment {
  std::vector<Step> steps;
  std::vector<int> fetch_slots;
  int num_slots = 0;
};
SlotAssignment assign_slots(const Graph& graph, const std::vector<NodePtr>& order, std::vector<FeedSpec>& feeds,
                            const std::vector<Edge>& fetches);

// Kernels are made once per step, here (they digest attributes, bind variable slots); a missing
// kernel is Unimplemented, a kernel's refusal names the node.
void make_kernels(std::vector<Step>& steps, const Graph& graph, SessionState& state);

// pretranspose: a MatMul with transpose_a whose A is constant in the plan (computed by steps that
// fold) while the product is not, reads a copy of A transposed once (a Transpose step, named
// '<matmul>/transposed_a', that folds) and multiplies it untransposed. Gradients of X @ theta
// are X^T @ g: BLAS's transposed gemv over a row-major X strides badly, the plain one over X^T is
// what a hand-written tf.matmul(tf.transpose(X), g) runs, and gives its bits. Run before folding.
// A constant A without transpose_a gets a third input: A transposed (a folded step named
// '<matmul>/transposed_narrow_a') when it has at most kNarrowColumns columns. The MatMul uses it
// when b is a vector: linear regression's X @ theta (20640x9 by 9x1) is then the gemv that
// accumulates 9 rows of 20640 (~19 us) instead of 20640 dot products of 9 elements (~105 us).
constexpr int64_t kNarrowColumns = 32;
void pretranspose_constant_operands(std::vector<Step>& steps, const Graph& graph, SessionState& state,
                                    int& num_slots);

// fold: a step folds when it is stateless (random ops are stateful), has no control inputs and
// reads only folded values; a stateless op with no inputs starts folding only if it is a Const.
// Lone Consts (read by no folded step) stay in the run: caching a bare constant gains nothing.
struct FoldPartition {
  std::vector<Step> folded;  // run once, on the first run, in order
  std::vector<Step> run;     // run every time, in order
};
FoldPartition partition_folding(std::vector<Step> steps, int num_slots);

// fuse: merges connected element-wise run steps of one float dtype (ops registered fusable, see
// kernels/fused_elementwise.h) into one FusedElementwise step placed where the group's last member
// was. A step joins a group that produces one of its inputs when the group stays convex (no step
// outside it reads a member's value before the group would run) and no step in between writes
// a variable in place (a ref input: a leaf may share that variable's buffer). Steps with control
// inputs, or that are control inputs of others, stay alone. Members whose values are read
// outside the group or fetched become the fused step's outputs, in fresh slots (readers and
// fetches are re-pointed); num_slots grows accordingly. Off when fusion::enabled() is false.
// A Const read only by one group's members becomes part of that group (no step of its own);
// values computed by `folded` steps are marked as fixed, so the fused kernel reads one that
// holds a single value repeated (the broadcast gradient of a mean) as a scalar.
void fuse_elementwise(std::vector<Step>& run, const std::vector<Step>& folded, std::vector<int>& fetch_slots,
                      int& num_slots);

// compact: renumber the value slots densely (feeds keep 0..F-1, then each folded and each run step
// its outputs, in order). Fusion leaves the slots of the members it replaced unused; a graph of
// scalar ops would otherwise allocate and clear thousands of empty values on every run.
void compact_slots(std::vector<FeedSpec>& feeds, std::vector<Step>& folded, std::vector<Step>& run,
                   std::vector<int>& fetch_slots, int& num_slots);

// lifetimes: each value is freed after its last reader among the run steps (fetched values live
// to the end); returns the folded steps' output slots that the run steps read or that are fetched,
// which are the values the fold cache keeps.
std::vector<int> assign_lifetimes(std::vector<Step>& run, const std::vector<Step>& folded,
                                  const std::vector<int>& fetch_slots, int num_slots);

}  // namespace jf::passes
