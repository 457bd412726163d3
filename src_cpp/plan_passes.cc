#include "plan_passes.h"

#include <algorithm>
#include <unordered_map>

namespace jf::passes {

namespace {

bool is_ref_input(const KernelDef* def, int i) {
  return def && std::find(def->ref_inputs.begin(), def->ref_inputs.end(), i) != def->ref_inputs.end();
}

}  // namespace

bool Pruning::is_fed_node(int64_t id) const { return std::binary_search(fed_nodes.begin(), fed_nodes.end(), id); }

Pruning prune(const std::vector<Edge>& fetches, const std::vector<FeedSpec>& feeds,
              const std::vector<int64_t>& targets) {
  Pruning p;
  for (size_t i = 0; i < feeds.size(); ++i) {
    p.fed[feeds[i].tensor] = static_cast<int>(i);
    p.fed_nodes.push_back(feeds[i].tensor.node);
  }
  std::sort(p.fed_nodes.begin(), p.fed_nodes.end());
  for (auto& f : fetches)
    if (!p.fed.count(f)) p.roots.push_back(f.node);
  for (auto t : targets)
    if (!p.is_fed_node(t)) p.roots.push_back(t);
  return p;
}

std::vector<NodePtr> order(const Graph& graph, const Pruning& pruning) {
  std::vector<NodePtr> out;
  std::unordered_map<int64_t, int> state_of;  // 1 = on stack, 2 = done
  for (int64_t root : pruning.roots) {
    if (state_of[root] == 2) continue;
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
          if (pruning.fed.count(e) || is_ref_input(def, static_cast<int>(i))) continue;
          dep = e.node;
        } else {
          dep = node->control_inputs[i - n_data];
          if (pruning.is_fed_node(dep)) continue;
        }
        int& st = state_of[dep];
        if (st == 2) continue;
        if (st == 1) fail(Code::InvalidArgument, "the graph has a cycle through '" + node->name + "'");
        st = 1;
        stack.emplace_back(graph.node(dep), 0);
      } else {
        state_of[node->id] = 2;
        out.push_back(node);
        stack.pop_back();
      }
    }
  }
  return out;
}

SlotAssignment assign_slots(const Graph& graph, const std::vector<NodePtr>& order, std::vector<FeedSpec>& feeds,
                            const std::vector<Edge>& fetches) {
  SlotAssignment a;
  std::map<Edge, int, EdgeLess> slot_of;
  for (auto& f : feeds) {
    f.slot = a.num_slots++;
    slot_of[f.tensor] = f.slot;
    NodePtr n = graph.node(f.tensor.node);
    if (f.tensor.index < 0 || f.tensor.index >= static_cast<int>(n->out_dtypes.size()))
      fail(Code::InvalidArgument, "'" + n->name + "' has no output " + std::to_string(f.tensor.index));
    f.dtype = n->out_dtypes[f.tensor.index];
  }
  a.steps.reserve(order.size());
  for (auto& node : order) {
    Step step;
    step.node = node;
    step.out_base = a.num_slots;
    a.num_slots += static_cast<int>(node->out_dtypes.size());
    for (size_t i = 0; i < node->out_dtypes.size(); ++i)
      slot_of.emplace(Edge{node->id, static_cast<int>(i)}, step.out_base + static_cast<int>(i));  // a feed wins
    const KernelDef* def = find_kernel(node->type);
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
    a.steps.push_back(std::move(step));
  }
  for (auto& f : fetches) {
    auto it = slot_of.find(f);
    if (it == slot_of.end()) fail(Code::Internal, "fetch was not scheduled");
    a.fetch_slots.push_back(it->second);
  }
  return a;
}

void make_kernels(std::vector<Step>& steps, const Graph& graph, SessionState& state) {
  for (auto& step : steps) {
    const Node& node = *step.node;
    const KernelDef* def = find_kernel(node.type);
    if (!def)
      fail(Code::Unimplemented, "no kernel is registered for op type '" + node.type + "' (op '" + node.name + "')");
    KernelInit init{node, state, graph};
    try {
      step.kernel = def->factory(init);
    } catch (EngineError& e) {
      if (e.node_id < 0) e.node_id = node.id;
      throw;
    }
  }
}

namespace {

// The fold rule (plan_passes.h) over steps in plan order: which steps fold, and which slots they compute.
std::vector<bool> folding_steps(const std::vector<Step>& steps, std::vector<bool>& slot_folded) {
  std::vector<bool> step_folds(steps.size(), false);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& st = steps[i];
    bool folds = !st.node->stateful && st.node->control_inputs.empty() &&
                 (st.node->type == "Const" || !st.in_slots.empty());
    for (int slot : st.in_slots) folds = folds && slot >= 0 && slot_folded[slot];
    step_folds[i] = folds;
    if (folds)
      for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) slot_folded[st.out_base + o] = true;
  }
  return step_folds;
}

// The folded step of pretranspose_constant_operands: a matrix is transposed (by the Transpose
// kernel); anything else passes through as it is, for the MatMul to reject with the shape the user gave.
class TransposeMatrixKernel : public OpKernel {
 public:
  explicit TransposeMatrixKernel(std::unique_ptr<OpKernel> transpose) : transpose_(std::move(transpose)) {}
  void compute(KernelContext& ctx) override {
    if (ctx.input(0).rank() == 2) return transpose_->compute(ctx);
    ctx.set_output(0, ctx.input(0));
  }

 private:
  std::unique_ptr<OpKernel> transpose_;
};

// The folded step of a narrow constant A (MatMul(A, b) without transpose_a): A transposed when it
// is a matrix of at most kNarrowColumns columns, else a scalar the MatMul ignores (no copy of a
// wide matrix is kept for nothing).
class TransposeNarrowMatrixKernel : public OpKernel {
 public:
  explicit TransposeNarrowMatrixKernel(std::unique_ptr<OpKernel> transpose) : transpose_(std::move(transpose)) {}
  void compute(KernelContext& ctx) override {
    const Tensor& a = ctx.input(0);
    if (a.rank() == 2 && a.dim(1) <= kNarrowColumns && a.dim(0) > 0) return transpose_->compute(ctx);
    ctx.set_output(0, Tensor(a.dtype(), {}));
  }

 private:
  std::unique_ptr<OpKernel> transpose_;
};

// A Transpose step reading `a_slot` into a new slot, named for `matmul`; its kernel wraps
// the Transpose kernel.
template <typename Wrapper>
Step transpose_step(const Node& matmul, const char* suffix, int a_slot, DType dtype, const KernelDef* transpose_def,
                    const Graph& graph, SessionState& state, int& num_slots) {
  auto t = std::make_shared<Node>();
  t->id = matmul.id;  // an error while transposing names the MatMul that asked for it
  t->type = "Transpose";
  t->name = matmul.name + suffix;
  t->inputs = {matmul.inputs[0]};
  t->out_dtypes = {dtype};
  t->attrs.set("perm", std::vector<int64_t>{1, 0});
  Step ts;
  ts.node = t;
  ts.kernel = std::make_unique<Wrapper>(transpose_def->factory(KernelInit{*t, state, graph}));
  ts.in_slots = {a_slot};
  ts.out_base = num_slots++;
  return ts;
}

}  // namespace

void pretranspose_constant_operands(std::vector<Step>& steps, const Graph& graph, SessionState& state,
                                    int& num_slots) {
  // Most plans have no MatMul at all: skip the fold analysis for them.
  const bool any_matmul = std::any_of(steps.begin(), steps.end(), [](const Step& st) {
    return st.in_slots.size() == 2 && st.node->type == "MatMul";
  });
  if (!any_matmul) return;
  std::vector<bool> slot_folded(num_slots, false);
  const std::vector<bool> step_folds = folding_steps(steps, slot_folded);
  std::vector<DType> slot_dtype(num_slots, DType::Float32);  // of the slots steps compute (all folded ones)
  for (auto& st : steps)
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) slot_dtype[st.out_base + o] = st.node->out_dtypes[o];
  const KernelDef* transpose_def = find_kernel("Transpose");
  const KernelDef* matmul_def = find_kernel("MatMul");
  std::map<int, int> transposed_slot, narrow_slot;  // a constant A's slot -> its transposed copy's slot
  std::vector<Step> out;
  out.reserve(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) {
    Step& st = steps[i];
    const Node& node = *st.node;
    const int a_slot = st.in_slots.size() == 2 ? st.in_slots[0] : -1;
    const bool candidate = node.type == "MatMul" && !step_folds[i] && a_slot >= 0 && slot_folded[a_slot] &&
                           (node.out_dtypes[0] == DType::Float32 || node.out_dtypes[0] == DType::Float64);
    if (candidate && node.attrs.get_or<bool>("transpose_a", false)) {
      auto it = transposed_slot.find(a_slot);
      if (it == transposed_slot.end()) {
        out.push_back(transpose_step<TransposeMatrixKernel>(node, "/transposed_a", a_slot, slot_dtype[a_slot],
                                                            transpose_def, graph, state, num_slots));
        it = transposed_slot.emplace(a_slot, out.back().out_base).first;
      }
      Node untransposed = node;  // the kernel's view; the step keeps the node the user wrote
      untransposed.attrs.set("transpose_a", false);
      untransposed.attrs.set("_a_pretransposed", true);
      st.kernel = matmul_def->factory(KernelInit{untransposed, state, graph});
      st.in_slots[0] = it->second;
    } else if (candidate) {
      // The copy is a third input: the MatMul reads it only for a narrow A times a vector.
      auto it = narrow_slot.find(a_slot);
      if (it == narrow_slot.end()) {
        out.push_back(transpose_step<TransposeNarrowMatrixKernel>(node, "/transposed_narrow_a", a_slot,
                                                                  slot_dtype[a_slot], transpose_def, graph, state,
                                                                  num_slots));
        it = narrow_slot.emplace(a_slot, out.back().out_base).first;
      }
      st.in_slots.push_back(it->second);
    }
    out.push_back(std::move(st));
  }
  steps = std::move(out);
}

FoldPartition partition_folding(std::vector<Step> steps, int num_slots) {
  std::vector<bool> slot_folded(num_slots, false);
  const std::vector<bool> step_folds = folding_steps(steps, slot_folded);
  std::vector<bool> read_by_fold(num_slots, false);
  for (size_t i = 0; i < steps.size(); ++i)
    if (step_folds[i])
      for (int slot : steps[i].in_slots) read_by_fold[slot] = true;
  // Lone Consts go back to the run at its front, where the partition used to put them.
  FoldPartition p;
  std::vector<Step> lone_consts, rest;
  for (size_t i = 0; i < steps.size(); ++i) {
    Step& st = steps[i];
    if (!step_folds[i]) {
      rest.push_back(std::move(st));
      continue;
    }
    bool feeds_fold = false;
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) feeds_fold |= read_by_fold[st.out_base + o];
    (st.node->type == "Const" && !feeds_fold ? lone_consts : p.folded).push_back(std::move(st));
  }
  p.run = std::move(lone_consts);
  for (auto& st : rest) p.run.push_back(std::move(st));
  return p;
}

void compact_slots(std::vector<FeedSpec>& feeds, std::vector<Step>& folded, std::vector<Step>& run,
                   std::vector<int>& fetch_slots, int& num_slots) {
  std::vector<int> remap(num_slots, -1);
  int next = 0;
  for (auto& f : feeds) {
    remap[f.slot] = next;
    f.slot = next++;
  }
  auto place = [&](Step& st) {
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) remap[st.out_base + o] = next + static_cast<int>(o);
    st.out_base = next;
    next += static_cast<int>(st.node->out_dtypes.size());
  };
  for (auto& st : folded) place(st);
  for (auto& st : run) place(st);
  auto renumber = [&](int& slot) {
    if (slot < 0) return;
    if (remap[slot] < 0) fail(Code::Internal, "a plan step reads a value that no step computes");
    slot = remap[slot];
  };
  for (auto* steps : {&folded, &run})
    for (auto& st : *steps)
      for (int& s : st.in_slots) renumber(s);
  for (int& s : fetch_slots) renumber(s);
  num_slots = next;
}

std::vector<int> assign_lifetimes(std::vector<Step>& run, const std::vector<Step>& folded,
                                  const std::vector<int>& fetch_slots, int num_slots) {
  std::vector<int> last_reader(num_slots, -1);
  for (size_t s = 0; s < run.size(); ++s)
    for (int slot : run[s].in_slots)
      if (slot >= 0) last_reader[slot] = static_cast<int>(s);
  std::vector<bool> fetched(num_slots, false);
  for (int s : fetch_slots) fetched[s] = true;
  for (int slot = 0; slot < num_slots; ++slot)
    if (!fetched[slot] && last_reader[slot] >= 0) run[last_reader[slot]].free_after.push_back(slot);
  std::vector<bool> needed(fetched);
  for (int slot = 0; slot < num_slots; ++slot) needed[slot] = needed[slot] || last_reader[slot] >= 0;
  std::vector<int> cached;
  for (auto& st : folded)
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o)
      if (needed[st.out_base + o]) cached.push_back(st.out_base + static_cast<int>(o));
  return cached;
}

}  // namespace jf::passes
