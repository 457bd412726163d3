// passes::fuse_elementwise (its rule is in plan_passes.h); the fused kernel is in
// kernels/fused_elementwise.*.
#include <algorithm>
#include <unordered_set>

#include "kernels/fused_elementwise.h"
#include "plan_passes.h"
#include "run_trace.h"

namespace jf::passes {
namespace {

struct Group {
  std::vector<int> members;  // step indices, in order
  std::vector<int> readers;  // steps outside the group reading a member (pruned as they join)
  int first = 0;             // index of the first member
  DType dtype = DType::Float32;
  bool alive = true;
};

bool fusable_step(const Step& st, const std::unordered_set<int64_t>& control_targets) {
  const Node& n = *st.node;
  const fusion::FusableOp* op = fusion::find_fusable(n.type);
  if (!op || n.out_dtypes.size() != 1 || !n.control_inputs.empty() || control_targets.count(n.id)) return false;
  if (n.out_dtypes[0] != DType::Float32 && n.out_dtypes[0] != DType::Float64) return false;
  const size_t arity = st.in_slots.size();
  if (op->arity == 0 ? arity == 0 : arity != static_cast<size_t>(op->arity)) return false;
  for (int s : st.in_slots)
    if (s < 0) return false;
  return true;
}

}  // namespace

void fuse_elementwise(std::vector<Step>& run, const std::vector<Step>& folded, std::vector<int>& fetch_slots,
                      int& num_slots) {
  // Under the NaN/Inf check every op's output is checked, so nothing fuses (Python drops cached plans
  // when the check is switched: ops/numerics_ops.py set_check_numerics).
  if (!fusion::enabled() || check_numerics_in_every_run().load(std::memory_order_relaxed) || run.size() < 2) return;
  const int n = static_cast<int>(run.size());
  std::unordered_set<int64_t> control_targets;
  for (auto& st : run)
    for (int64_t c : st.node->control_inputs) control_targets.insert(c);

  std::vector<int> producer(num_slots, -1);  // run step computing each slot
  std::vector<std::vector<int>> readers_of(n);  // per step: the steps reading its output
  std::vector<int> writes_before(n + 1, 0);     // prefix count of steps with ref inputs
  std::vector<bool> fusable(n);
  for (int i = 0; i < n; ++i) {
    const Step& st = run[i];
    fusable[i] = fusable_step(st, control_targets);
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) producer[st.out_base + o] = i;
    bool writes = false;
    for (int s : st.in_slots) {
      if (s < 0) {
        writes = true;
        continue;
      }
      if (producer[s] >= 0) readers_of[producer[s]].push_back(i);
    }
    writes_before[i + 1] = writes_before[i] + (writes ? 1 : 0);
  }

  std::vector<Group> groups;
  std::vector<int> group_of(n, -1);
  auto merge_valid = [&](const std::vector<int>& cand, int c) {
    int first = c;
    for (int g : cand) {
      first = std::min(first, groups[g].first);
      for (int r : groups[g].readers) {
        if (r >= c) continue;
        if (std::find(cand.begin(), cand.end(), group_of[r]) == cand.end()) return false;
      }
    }
    return writes_before[c] - writes_before[first] == 0;
  };
  for (int c = 0; c < n; ++c) {
    if (!fusable[c]) continue;
    const DType dt = run[c].node->out_dtypes[0];
    std::vector<int> cand;
    for (int s : run[c].in_slots) {
      int p = producer[s];
      if (p < 0 || group_of[p] < 0) continue;
      int g = group_of[p];
      if (groups[g].dtype == dt && std::find(cand.begin(), cand.end(), g) == cand.end()) cand.push_back(g);
    }
    std::vector<int> chosen;
    if (!cand.empty() && merge_valid(cand, c)) {
      chosen = cand;
    } else {
      for (int g : cand)
        if (merge_valid({g}, c)) {
          chosen = {g};
          break;
        }
    }
    int target;
    if (chosen.empty()) {
      target = static_cast<int>(groups.size());
      groups.push_back(Group{{}, {}, c, dt, true});
    } else {
      target = chosen[0];
      for (size_t k = 1; k < chosen.size(); ++k) {
        Group& other = groups[chosen[k]];
        for (int m : other.members) group_of[m] = target;
        groups[target].members.insert(groups[target].members.end(), other.members.begin(), other.members.end());
        groups[target].readers.insert(groups[target].readers.end(), other.readers.begin(), other.readers.end());
        groups[target].first = std::min(groups[target].first, other.first);
        other.alive = false;
        other.members.clear();
        other.readers.clear();
      }
    }
    Group& g = groups[target];
    g.members.push_back(c);
    group_of[c] = target;
    g.readers.erase(std::remove_if(g.readers.begin(), g.readers.end(), [&](int r) { return group_of[r] == target; }),
                    g.readers.end());
    for (int r : readers_of[c]) g.readers.push_back(r);
  }

  // Build one fused step per group of two or more; it takes the place of the group's last member.
  std::vector<bool> fetched(num_slots, false);
  for (int s : fetch_slots) fetched[s] = true;
  std::vector<bool> fixed(num_slots, false);  // computed once by constant folding
  for (auto& st : folded)
    for (size_t o = 0; o < st.node->out_dtypes.size(); ++o) fixed[st.out_base + o] = true;
  std::vector<int> new_slot(num_slots, -1);  // a fused output's old slot -> its new slot
  std::vector<bool> removed(n, false);
  std::vector<int> member_index(n, -1);  // a member's position in its fused step
  auto fused_group = [&](int step) {
    const int gi = group_of[step];
    return gi >= 0 && groups[gi].alive && groups[gi].members.size() >= 2 ? gi : -1;
  };
  // A Const whose readers are all members of one fused group becomes part of it (its value held
  // by the fused kernel): a graph of scalar ops reads a Const per Python number, each a step.
  auto absorbed_by = [&](int p) {
    const Step& st = run[p];
    if (st.node->type != "Const" || !st.node->control_inputs.empty() || control_targets.count(st.node->id) ||
        st.node->out_dtypes.size() != 1 || fetched[st.out_base] || readers_of[p].empty() || !st.node->attrs.has("value"))
      return -1;
    const int gi = fused_group(readers_of[p][0]);
    for (int r : readers_of[p])
      if (fused_group(r) != gi) return -1;
    return gi;
  };
  // A slot's leaf index in the group being built (-1: not a leaf yet); reset after each group,
  // so a group of thousands of scalar ops finds its leaves in constant time, not by a search.
  std::vector<int> leaf_of_slot(num_slots, -1);
  for (Group& g : groups) {
    if (!g.alive || g.members.size() < 2) continue;
    std::sort(g.members.begin(), g.members.end());
    const int gid = group_of[g.members[0]];
    std::vector<int> leaf_slots;
    std::vector<fusion::FusedMember> members;
    auto fused = std::make_shared<Node>();
    Step step;
    for (int m : g.members) {
      Step& st = run[m];
      fusion::FusedMember fm;
      fm.node = st.node;
      fm.op = fusion::find_fusable(st.node->type);
      for (int s : st.in_slots) {
        int p = producer[s];
        if (p >= 0 && group_of[p] == gid) {
          fm.operands.push_back(-1 - member_index[p]);  // fixed below, once the leaf count is known
          continue;
        }
        int& leaf = leaf_of_slot[s];
        if (leaf < 0) {
          leaf = static_cast<int>(leaf_slots.size());
          leaf_slots.push_back(s);
        }
        fm.operands.push_back(leaf);
      }
      bool read_outside = fetched[st.out_base];
      for (int r : readers_of[m]) read_outside |= group_of[r] != gid;
      if (read_outside) {
        fm.output = static_cast<int>(fused->out_dtypes.size());
        fused->out_dtypes.push_back(g.dtype);
        new_slot[st.out_base] = num_slots + fm.output;
      }
      fm.kernel = std::move(st.kernel);
      member_index[m] = static_cast<int>(members.size());
      step.fused_nodes.push_back(st.node);
      members.push_back(std::move(fm));
      removed[m] = true;
    }
    // Leaves: the step's inputs, then the absorbed constants (fused_elementwise.h).
    std::vector<int> input_slots, leaf_index(leaf_slots.size());
    std::vector<char> fixed_inputs;
    std::vector<Tensor> constants;
    std::vector<NodePtr> constant_nodes;
    for (size_t l = 0; l < leaf_slots.size(); ++l) {
      const int p = producer[leaf_slots[l]];
      if (p < 0 || removed[p] || absorbed_by(p) != gid) {
        leaf_index[l] = static_cast<int>(input_slots.size());
        input_slots.push_back(leaf_slots[l]);
        fixed_inputs.push_back(fixed[leaf_slots[l]]);
      } else {
        leaf_index[l] = -1 - static_cast<int>(constants.size());
        constants.push_back(run[p].node->attrs.get<Tensor>("value"));
        constant_nodes.push_back(run[p].node);
        removed[p] = true;
      }
    }
    for (int s : leaf_slots) leaf_of_slot[s] = -1;
    const int num_inputs = static_cast<int>(input_slots.size());
    const int num_leaves = static_cast<int>(leaf_slots.size());
    for (int& l : leaf_index)
      if (l < 0) l = num_inputs + (-1 - l);
    for (auto& fm : members)
      for (int& o : fm.operands)
        o = o < 0 ? num_leaves + (-1 - o) : leaf_index[o];
    step.fused_nodes.insert(step.fused_nodes.begin(), constant_nodes.begin(), constant_nodes.end());
    const Node& root = *run[g.members.back()].node;
    fused->id = root.id;
    fused->type = "FusedElementwise";
    fused->name = root.name;
    const int num_outputs = static_cast<int>(fused->out_dtypes.size());
    step.node = fused;
    step.in_slots = std::move(input_slots);
    step.out_base = num_slots;
    step.kernel = std::make_unique<fusion::FusedElementwiseKernel>(g.dtype, num_inputs, std::move(fixed_inputs),
                                                                   std::move(constants), std::move(members),
                                                                   num_outputs);
    num_slots += num_outputs;
    removed[g.members.back()] = false;
    run[g.members.back()] = std::move(step);
  }
  if (std::find(removed.begin(), removed.end(), true) == removed.end()) return;

  std::vector<Step> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i)
    if (!removed[i]) out.push_back(std::move(run[i]));
  run = std::move(out);
  new_slot.resize(num_slots, -1);
  for (auto& st : run)
    for (int& s : st.in_slots)
      if (s >= 0 && new_slot[s] >= 0) s = new_slot[s];
  for (int& s : fetch_slots)
    if (new_slot[s] >= 0) s = new_slot[s];
}

}  // namespace jf::passes
