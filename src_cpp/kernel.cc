#include "kernel.h"

#include <unordered_map>

namespace jf {

namespace {
// Function-local so registrations from any translation unit find it constructed.
std::unordered_map<std::string, KernelDef>& registry() {
  static std::unordered_map<std::string, KernelDef> r;
  return r;
}
}  // namespace

KernelRegistration::KernelRegistration(const char* type, KernelFactory factory,
                                       std::vector<int> ref_inputs) {
  registry()[type] = KernelDef{std::move(factory), std::move(ref_inputs)};
}

const KernelDef* find_kernel(const std::string& type) {
  auto it = registry().find(type);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> registered_kernels() {
  std::vector<std::string> out;
  for (auto& kv : registry()) out.push_back(kv.first);
  return out;
}

std::shared_ptr<VarSlot> KernelInit::ref_slot(int input) const {
  const Edge& e = node.inputs.at(input);
  NodePtr var = graph.node(e.node);
  if (var->type != "VariableV2")
    invalid_argument("input " + std::to_string(input) + " of '" + node.name +
                     "' must be a variable, not the output of '" + var->name + "' (" + var->type +
                     "); pass the tf.Variable itself");
  return state.slot(var->name);
}

}  // namespace jf
