#include "plan.h"

#include "value_check.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace jf {

namespace {

struct EdgeKey {
  bool operator()(const Edge& a, const Edge& b) const {
    return a.node != b.node ? a.node < b.node : a.index < b.index;
  }
};

bool is_ref_input(const KernelDef* def, int i) {
  return def && std::find(def->ref_inputs.begin(), def->ref_inputs.end(), i) != def->ref_inputs.end();
}

}  // namespace

Plan::Plan(const Graph& graph, SessionState& state, const std::vector<Edge>& fetches,
           std::vector<FeedSpec> feeds, const std::vector<int64_t>& targets) {
  std::map<Edge, int, EdgeKey> fed;
  for (size_t i = 0; i < feeds.size(); ++i) fed[feeds[i].tensor] = static_cast<int>(i);
  std::unordered_set<int64_t> fed_nodes;
  for (auto& f : feeds) fed_nodes.insert(f.tensor.node);

  // Post-order DFS (iterative: chains of thousands of nodes are common) from every root.
  std::vector<NodePtr> order;
  std::unordered_map<int64_t, int> state_of;  // 1 = on stack, 2 = done
  auto visit = [&](int64_t root) {
    if (state_of[root] == 2) return;
    std::vector<std::pair<NodePtr, size_t>> stack;
    stack.emplace_back(graph.node(root), 0);
    state_of[root] = 1;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const KernelDef* def = find_kernel(node->type);
      size_t n_data = node->inputs.size();
      size_t n_all = n_data + node->control_inputs.size();
      if (next < n_all) {
        size_t i = next++;
        int64_t dep;
        if (i < n_data) {
          const Edge& e = node->inputs[i];
          if (fed.count(e) || is_ref_input(def, static_cast<int>(i))) continue;
          dep = e.node;
        } else {
          dep = node->control_inputs[i - n_data];
          if (fed_nodes.count(dep)) continue;
        }
        int& st = state_of[dep];
        if (st == 2) continue;
        if (st == 1) fail(Code::InvalidArgument, "the graph has a cycle through '" + node->name + "'");
        st = 1;
        stack.emplace_back(graph.node(dep), 0);
      } else {
        state_of[node->id] = 2;
        order.push_back(node);
        stack.pop_back();
      }
    }
  };
  for (auto& f : fetches)
    if (!fed.count(f)) visit(f.node);
  for (auto t : targets)
    if (!fed_nodes.count(t)) visit(t);

  // Value slots: feeds first, then each executed node's outputs.
  std::map<Edge, int, EdgeKey> slot_of;
  for (auto& f : feeds) {
    f.slot = num_slots_++;
    slot_of[f.tensor] = f.slot;
    NodePtr n = graph.node(f.tensor.node);
    if (f.tensor.index < 0 || f.tensor.index >= static_cast<int>(n->out_dtypes.size()))
      fail(Code::InvalidArgument, "'" + n->name + "' has no output " + std::to_string(f.tensor.index));
    f.dtype = n->out_dtypes[f.tensor.index];
    feeds_.push_back(std::move(f));
  }
  steps_.reserve(order.size());
  for (auto& node : order) {
    Step step;
    step.node = node;
    step.out_base = num_slots_;
    num_slots_ += static_cast<int>(node->out_dtypes.size());
    for (size_t i = 0; i < node->out_dtypes.size(); ++i)
      if (!slot_of.count(Edge{node->id, static_cast<int>(i)}))
        slot_of[Edge{node->id, static_cast<int>(i)}] = step.out_base + static_cast<int>(i);
    const KernelDef* def = find_kernel(node->type);
    if (!def)
      fail(Code::Unimplemented, "no kernel is registered for op type '" + node->type + "' (op '" +
                                    node->name + "')");
    for (size_t i = 0; i < node->inputs.size(); ++i) {
      if (is_ref_input(def, static_cast<int>(i))) {
        step.in_slots.push_back(-1);
        continue;
      }
      auto it = slot_of.find(node->inputs[i]);
      if (it == slot_of.end())
        fail(Code::Internal, "input " + std::to_string(i) + " of '" + node->name + "' was not computed");
      step.in_slots.push_back(it->second);
    }
    KernelInit init{*node, state, graph};
    try {
      step.kernel = def->factory(init);
    } catch (EngineError& e) {
      if (e.node_id < 0) e.node_id = node->id;
      throw;
    }
    steps_.push_back(std::move(step));
  }

  // A step folds when it is stateless, has no control inputs and reads only folded values.
  // Stateless ops with no inputs other than constants (Const itself) start the folding.
  std::vector<bool> slot_folded(num_slots_, false);
  std::vector<bool> step_folds(steps_.size(), false);
  for (size_t i = 0; i < steps_.size(); ++i) {
    const Step& st = steps_[i];
    bool folds = !st.node->stateful && st.node->control_inputs.empty() && !st.node->attrs.has("seed") &&
                 (st.node->type == "Const" || !st.in_slots.empty());
    for (int slot : st.in_slots) folds = folds && slot >= 0 && slot_folded[slot];
    step_folds[i] = folds;
    if (folds)
      for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) slot_folded[st.out_base + o] = true;
  }
  {
    std::vector<Step> rest;
    for (size_t i = 0; i < steps_.size(); ++i) (step_folds[i] ? fold_steps_ : rest).push_back(std::move(steps_[i]));
    steps_ = std::move(rest);
  }
  // Only steps that compute something (not bare constants) are worth folding: put lone Consts back.
  {
    std::vector<bool> read_by_fold(num_slots_, false);
    for (auto& st : fold_steps_)
      for (int slot : st.in_slots) read_by_fold[slot] = true;
    std::vector<Step> keep, consts;
    for (auto& st : fold_steps_) {
      bool feeds_fold = false;
      for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) feeds_fold |= read_by_fold[st.out_base + o];
      (st.node->type == "Const" && !feeds_fold ? consts : keep).push_back(std::move(st));
    }
    fold_steps_ = std::move(keep);
    std::vector<Step> merged = std::move(consts);
    for (auto& st : steps_) merged.push_back(std::move(st));
    steps_ = std::move(merged);
  }

  for (auto& f : fetches) {
    auto it = slot_of.find(f);
    if (it == slot_of.end()) fail(Code::Internal, "fetch was not scheduled");
    fetch_slots_.push_back(it->second);
  }

  // Free each value after its last reader; fetched values are kept to the end.
  std::vector<int> last_reader(num_slots_, -1);
  for (size_t s = 0; s < steps_.size(); ++s)
    for (int slot : steps_[s].in_slots)
      if (slot >= 0) last_reader[slot] = static_cast<int>(s);
  std::vector<bool> fetched(num_slots_, false);
  for (int s : fetch_slots_) fetched[s] = true;
  for (int slot = 0; slot < num_slots_; ++slot)
    if (!fetched[slot] && last_reader[slot] >= 0) steps_[last_reader[slot]].free_after.push_back(slot);
  // Values of folded steps that the other steps read (or that are fetched) are cached.
  std::vector<bool> needed(num_slots_, false);
  for (auto& st : steps_)
    for (int slot : st.in_slots)
      if (slot >= 0) needed[slot] = true;
  for (int sl : fetch_slots_) needed[sl] = true;
  for (auto& st : fold_steps_)
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o)
      if (needed[st.out_base + o]) fold_slots_.push_back(st.out_base + static_cast<int>(o));
}

void Plan::fill_fold_cache(const std::function<void()>& poll, const std::atomic<bool>& cancelled) const {
  std::lock_guard<std::mutex> lock(fold_mu_);
  if (folded_) return;
  std::vector<Tensor> values(num_slots_);
  run_steps(fold_steps_, values, poll, cancelled, false);
  fold_cache_.clear();
  for (int slot : fold_slots_) fold_cache_.push_back(values[slot]);
  folded_ = true;
}

std::vector<Tensor> Plan::run(std::vector<Tensor> feed_values, const std::function<void()>& poll,
                              const std::atomic<bool>& cancelled) const {
  if (!fold_steps_.empty() && !folded_) fill_fold_cache(poll, cancelled);
  std::vector<Tensor> values(num_slots_);
  for (size_t i = 0; i < feeds_.size(); ++i) values[feeds_[i].slot] = std::move(feed_values[i]);
  for (size_t i = 0; i < fold_slots_.size(); ++i) values[fold_slots_[i]] = fold_cache_[i];
  run_steps(steps_, values, poll, cancelled, true);
  outputs_checked_.store(true, std::memory_order_relaxed);
  std::vector<Tensor> out;
  out.reserve(fetch_slots_.size());
  for (int s : fetch_slots_) out.push_back(values[s]);
  return out;
}

void Plan::run_steps(const std::vector<Step>& steps, std::vector<Tensor>& values, const std::function<void()>& poll,
                     const std::atomic<bool>& cancelled, bool free_values) const {
  using clock = std::chrono::steady_clock;
  auto next_poll = clock::now() + std::chrono::milliseconds(20);
  const RunControl control{poll, cancelled};
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
      step.kernel->compute(ctx);
      if (check_outputs) check_step_outputs(*step.node, values.data() + step.out_base);
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
