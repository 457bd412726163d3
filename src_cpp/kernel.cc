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

void KernelContext::missing_input(int i) const {
  invalid_argument("'" + node_.name + "' (" + node_.type + ") reads input " + std::to_string(i) + " but has " +
                   std::to_string(num_inputs_) + " input(s); the graph is malformed (a damaged or edited meta graph?)");
}

void KernelContext::missing_output(int i) const {
  invalid_argument("'" + node_.name + "' (" + node_.type + ") writes output " + std::to_string(i) + " but declares " +
                   std::to_string(node_.out_dtypes.size()) + " output(s); the graph is malformed (a damaged or "
                   "edited meta graph?)");
}

std::shared_ptr<VarSlot> KernelInit::ref_slot(int input) const {
  if (input < 0 || static_cast<size_t>(input) >= node.inputs.size())
    invalid_argument("'" + node.name + "' (" + node.type + ") needs a variable as input " + std::to_string(input) +
                     " but has " + std::to_string(node.inputs.size()) + " input(s); the graph is malformed");
  const Edge& e = node.inputs[input];
  NodePtr var = graph.node(e.node);
  if (var->type != "VariableV2")
    invalid_argument("input " + std::to_string(input) + " of '" + node.name +
                     "' must be a variable, not the output of '" + var->name + "' (" + var->type +
                     "); pass the tf.Variable itself");
  return state.slot(var->name);
}

}  // namespace jf
