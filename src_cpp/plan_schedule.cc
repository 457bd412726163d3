#include "plan_schedule.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "thread_pool.h"

namespace jf {
namespace {

bool has_ref_input(const Step& st) { return std::find(st.in_slots.begin(), st.in_slots.end(), -1) != st.in_slots.end(); }

void add_unique(std::vector<int64_t>& set, int64_t v) {
  if (std::find(set.begin(), set.end(), v) == set.end()) set.push_back(v);
}

// Per variable (VariableV2 node id): the last step that wrote it and the steps that touched it since.
struct VariableOrder {
  int last_writer = -1;
  std::vector<int> touched_since;
};

}  // namespace

bool op_may_alias(const std::string& type) {
  static const std::unordered_set<std::string> aliasing = {
      "Identity", "StopGradient", "PlaceholderWithDefault", "Snapshot", "Reshape", "ExpandDims", "Squeeze",
      "Flatten",  "FlattenGrad",  "Transpose",              "ReductionGrad", "Switch", "Merge", "Enter", "Exit",
      "NextIteration", "RefIdentity", "IdentityN", "Cast", "EnsureShape", "CheckNumerics"};
  return aliasing.count(type) > 0;
}

StepGraph build_step_graph(const std::vector<Step>& steps, const std::vector<int>& fetch_slots, int num_slots,
                           const std::vector<char>& may_alias) {
  const int n = static_cast<int>(steps.size());
  std::vector<int> producer(num_slots, -1);
  std::unordered_map<int64_t, int> step_of_node;
  for (int s = 0; s < n; ++s) {
    const Step& st = steps[s];
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) producer[st.out_base + o] = s;
    step_of_node[st.node->id] = s;
    for (auto& m : st.fused_nodes) step_of_node[m->id] = s;
  }
  // The variables whose buffer each value may share.
  std::vector<std::vector<int64_t>> holds(num_slots);
  std::unordered_map<int64_t, VariableOrder> variables;
  std::vector<std::vector<int>> preds_of(n);
  std::vector<int> stamp(n, -1);
  std::vector<char> on_caller(n, 0);
  int last_stateful = -1;
  for (int s = 0; s < n; ++s) {
    const Step& st = steps[s];
    const Node& node = *st.node;
    auto need = [&](int p) {
      if (p >= 0 && p != s && stamp[p] != s) {
        stamp[p] = s;
        preds_of[s].push_back(p);
      }
    };
    for (int slot : st.in_slots)
      if (slot >= 0) need(producer[slot]);
    auto control = [&](const Node& m) {
      for (int64_t c : m.control_inputs) {
        auto it = step_of_node.find(c);
        if (it != step_of_node.end()) need(it->second);
      }
    };
    control(node);
    for (auto& m : st.fused_nodes) control(*m);
    const bool writes = has_ref_input(st);
    if (node.stateful || writes) {
      on_caller[s] = 1;
      need(last_stateful);
      last_stateful = s;
    }
    std::vector<int64_t> written, read;
    for (size_t i = 0; i < st.in_slots.size(); ++i)
      if (st.in_slots[i] < 0 && i < node.inputs.size()) add_unique(written, node.inputs[i].node);
    for (int slot : st.in_slots)
      if (slot >= 0)
        for (int64_t v : holds[slot]) add_unique(read, v);
    if (node.type == "VariableV2") add_unique(read, node.id);
    for (int64_t v : written) {
      VariableOrder& order = variables[v];
      need(order.last_writer);
      for (int t : order.touched_since) need(t);
      order.last_writer = s;
      order.touched_since.clear();
    }
    for (int64_t v : read) {
      if (std::find(written.begin(), written.end(), v) != written.end()) continue;
      VariableOrder& order = variables[v];
      need(order.last_writer);
      order.touched_since.push_back(s);
    }
    // What this step's outputs may hold: the variables it wrote (Assign returns the variable's
    // buffer), the one it reads (VariableV2) and, through an aliasing op, whatever its inputs held.
    const bool aliases = may_alias.empty() || may_alias[s] || op_may_alias(node.type);
    std::vector<int64_t> out_holds = written;
    if (node.type == "VariableV2") add_unique(out_holds, node.id);
    if (aliases)
      for (int64_t v : read) add_unique(out_holds, v);
    if (!out_holds.empty())
      for (size_t o = 0; o < node.out_dtypes.size(); ++o) holds[st.out_base + o] = out_holds;
  }

  StepGraph g;
  g.on_caller = std::move(on_caller);
  g.preds.resize(n);
  g.succ_begin.assign(n + 1, 0);
  for (int s = 0; s < n; ++s) {
    g.preds[s] = static_cast<int>(preds_of[s].size());
    for (int p : preds_of[s]) ++g.succ_begin[p + 1];
  }
  for (int s = 0; s < n; ++s) g.succ_begin[s + 1] += g.succ_begin[s];
  g.succ.resize(g.succ_begin[n]);
  std::vector<int> fill(g.succ_begin.begin(), g.succ_begin.end() - 1);
  for (int s = 0; s < n; ++s)
    for (int p : preds_of[s]) g.succ[fill[p]++] = s;

  std::vector<int> depth(n, 0), at_depth(n + 1, 0);
  for (int s = 0; s < n; ++s) {
    for (int p : preds_of[s]) depth[s] = std::max(depth[s], depth[p] + 1);
    g.width = std::max(g.width, ++at_depth[depth[s]]);
  }

  std::vector<bool> fetched(num_slots, false);
  for (int slot : fetch_slots) fetched[slot] = true;
  g.slot_readers.assign(num_slots, 0);
  std::vector<int> slot_stamp(num_slots, -1);
  for (int s = 0; s < n; ++s)
    for (int slot : steps[s].in_slots)
      if (slot >= 0 && !fetched[slot] && slot_stamp[slot] != s) {
        slot_stamp[slot] = s;
        ++g.slot_readers[slot];
      }
  g.own_frees.resize(n);
  g.shared_reads.resize(n);
  std::fill(slot_stamp.begin(), slot_stamp.end(), -1);
  for (int s = 0; s < n; ++s)
    for (int slot : steps[s].in_slots)
      if (slot >= 0 && g.slot_readers[slot] > 0 && slot_stamp[slot] != s) {
        slot_stamp[slot] = s;
        (g.slot_readers[slot] == 1 ? g.own_frees[s] : g.shared_reads[s]).push_back(slot);
      }
  return g;
}

bool worth_running_parallel(const StepGraph& g, const std::vector<double>& seconds, int threads) {
  const int n = static_cast<int>(seconds.size());
  if (threads < 2 || g.width < 2 || n < 2) return false;
  std::vector<double> start(n, 0.0);
  double total = 0, critical = 0;
  for (int s = 0; s < n; ++s) {
    double end = start[s] + seconds[s];
    total += seconds[s];
    critical = std::max(critical, end);
    for (int i = g.succ_begin[s]; i < g.succ_begin[s + 1]; ++i) start[g.succ[i]] = std::max(start[g.succ[i]], end);
  }
  const int used = std::min(threads, g.width);
  // Hand-over costs: a wake-up of a pool worker (tens of microseconds when its core is busy) and
  // the bookkeeping of each step.
  const double overhead = 30e-6 + n * 0.3e-6;
  const double parallel = std::max(critical, total / used) + overhead;
  return total - parallel >= std::max(20e-6, 0.1 * total);
}

namespace {
std::atomic<InterOpMode>& mode_setting() {
  static std::atomic<InterOpMode> mode{[] {
    const char* env = std::getenv("JUPYTER_FLOW_INTER_OP");
    if (env && std::strcmp(env, "force") == 0) return InterOpMode::Force;
    if (env && std::strcmp(env, "off") == 0) return InterOpMode::Off;
    return InterOpMode::Auto;
  }()};
  return mode;
}
}  // namespace

InterOpMode inter_op_mode() { return mode_setting().load(std::memory_order_relaxed); }
void set_inter_op_mode(InterOpMode mode) { mode_setting().store(mode, std::memory_order_relaxed); }

namespace {
std::atomic<int>& inter_op() {
  static std::atomic<int> n{thread_pool::machine_threads()};
  return n;
}
}  // namespace

int inter_op_threads() { return inter_op().load(std::memory_order_relaxed); }

void set_inter_op_threads(int n) {
  n = n < 1 ? thread_pool::machine_threads() : n;
  thread_pool::ensure_workers(n - 1);
  inter_op().store(n, std::memory_order_relaxed);
}

}  // namespace jf
