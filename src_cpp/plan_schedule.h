// Which run steps of a plan may run at the same time (for parallel_run.h), and whether doing so
// pays. A step waits for
//   - the steps that produce its inputs and its control inputs;
//   - the previous stateful step (variables, Assign*, Apply*, random, TensorArray, iterators,
//     Print, py_func, any op with a ref input): stateful steps keep their plan order, so seeds,
//     prints and updates happen as in a sequential run;
//   - for each variable it may read or write in place: the steps before it in plan order that
//     write that variable (if it reads) or touch it at all (if it writes). A step "touches" a
//     variable when it reads a value that may share the variable's buffer: the variable's own
//     output, an Assign's, or a value passed on through ops that may return an input's buffer
//     (Identity, Reshape...). So a read of a variable sees an in-place update exactly when the
//     sequential run would (TF1 ref-variable semantics), and nothing reads a buffer while it is
//     being written.
// Every dependency points to an earlier step, so plan order is always a valid schedule.
#pragma once
#include <string>
#include <vector>

#include "plan.h"

namespace jf {

struct StepGraph {
  std::vector<int> preds;       // per step: how many steps must finish first
  std::vector<int> succ_begin;  // successors of step s: succ[succ_begin[s] .. succ_begin[s + 1])
  std::vector<int> succ;
  std::vector<int> slot_readers;  // per slot: steps that read it and free it (0: kept to the end)
  // Per step: the values only it reads (freed right after it; it may forward their buffers) and
  // the values other steps read too (the last of their readers to finish frees them).
  std::vector<std::vector<int>> own_frees;
  std::vector<std::vector<int>> shared_reads;
  // Per step: stateful, so it runs on the calling thread (which may hold Python's GIL, that
  // py_func and Print take: on a pool worker they could wait for it forever).
  std::vector<char> on_caller;
  int width = 1;  // the most steps at one depth of the graph
};

// `may_alias[s]`: step s's outputs may share a buffer with one of its inputs (a variable's readers
// are followed through it); an empty vector means every step may.
StepGraph build_step_graph(const std::vector<Step>& steps, const std::vector<int>& fetch_slots, int num_slots,
                           const std::vector<char>& may_alias);

// Op types whose kernels may return an input's buffer as an output.
bool op_may_alias(const std::string& type);

// Whether running on `threads` threads saves enough over plan order, given each step's measured
// seconds: the saving (total work minus the longer of the critical path and work / threads) must
// outweigh the hand-over costs by a margin.
bool worth_running_parallel(const StepGraph& graph, const std::vector<double>& seconds, int threads);

// inter-op parallelism: tf.ConfigProto(inter_op_parallelism_threads=n) (process-wide, as TF1's
// default pools; 1 runs every run in order) and JUPYTER_FLOW_INTER_OP=force|off, for tests:
// "force" runs every plan of two or more steps on the parallel executor from its first run, "off"
// never. A plan keeps the mode it was first run under (but inter_op 1 always goes in order).
enum class InterOpMode { Auto, Force, Off };
InterOpMode inter_op_mode();
void set_inter_op_mode(InterOpMode mode);
int inter_op_threads();
void set_inter_op_threads(int n);

}  // namespace jf
