// Reading a pipeline's description from a node's attributes, and binding parameter values to it.
#include <unordered_map>

#include "dataset.h"

namespace jf::data {
namespace {

std::unordered_map<std::string, DatasetMaker>& makers() {
  static std::unordered_map<std::string, DatasetMaker> m;
  return m;
}

std::vector<Edge> arg_edges(const Node& node, const std::string& key) {
  std::vector<Edge> out;
  for (int64_t id : node.attrs.get<std::vector<int64_t>>(key)) out.push_back(Edge{id, 0});
  return out;
}

}  // namespace

DatasetRegistration::DatasetRegistration(const char* kind, DatasetMaker maker) { makers()[kind] = std::move(maker); }

int64_t DatasetArgs::int_at(size_t i) const {
  if (i >= spec.ints.size()) fail(Code::Internal, "dataset '" + spec.kind + "' is missing an attribute");
  return spec.ints[i];
}

int64_t DatasetArgs::scalar_param(size_t i, const char* what) const {
  if (i >= params.size()) fail(Code::Internal, "dataset '" + spec.kind + "' is missing a parameter");
  const Tensor& t = params[i];
  if (t.size() != 1 || t.rank() != 0)
    invalid_argument(std::string(what) + " of dataset '" + spec.kind + "' must be a scalar, got shape " + shape_str(t.shape()));
  if (t.dtype() == DType::Int64) return t.data<int64_t>()[0];
  if (t.dtype() == DType::Int32) return t.data<int32_t>()[0];
  invalid_argument(std::string(what) + " of dataset '" + spec.kind + "' must be an integer, got " + dtype_name(t.dtype()));
}

std::vector<Tensor> DatasetFunction::call(const Element& args, const std::vector<Tensor>& captures,
                                          const RunControl* control) const {
  std::vector<Tensor> feed(args.begin(), args.end());
  feed.insert(feed.end(), captures.begin(), captures.end());
  try {
    return plan->run(std::move(feed), control);
  } catch (const EngineError& e) {
    if (e.code == Code::Cancelled) throw;
    throw EngineError(e.code, std::string(e.what()) + " (in " + what + ")", e.node_id);
  }
}

// Attribute layout (prefix P: "" for the pipeline, "fnK_" for the dataset function K returns):
//   P"kinds" [str]          the nodes in post-order, the root last
//   P"children" [int]       per node: its number of inputs, then their node indices
//   P"nparams" [int]        per node: how many of the parameter values it takes, in order
//   P"nints", P"ints"       per node: its integer attributes (counts, then the flat values)
//   P"fn" [int]             per node: the index K of its function, or -1
// and per function K: "fnK_args" (DatasetArg op ids), "fnK_outputs" (edges), "fnK_captures" (edges,
// the same tensors as the node's last parameters), "fnK_dataset" (1 when it returns a dataset).
std::shared_ptr<const DatasetSpec> DatasetSpec::parse(const KernelInit& init, const std::string& prefix) {
  const Node& node = init.node;
  auto spec = std::make_shared<DatasetSpec>();
  const auto& kinds = node.attrs.get<std::vector<std::string>>(prefix + "kinds");
  const auto& children = node.attrs.get<std::vector<int64_t>>(prefix + "children");
  const auto& nparams = node.attrs.get<std::vector<int64_t>>(prefix + "nparams");
  const auto& nints = node.attrs.get<std::vector<int64_t>>(prefix + "nints");
  const auto& ints = node.attrs.get<std::vector<int64_t>>(prefix + "ints");
  const auto& fns = node.attrs.get<std::vector<int64_t>>(prefix + "fn");
  size_t n = kinds.size();
  if (nparams.size() != n || nints.size() != n || fns.size() != n)
    fail(Code::Internal, "the input pipeline of '" + node.name + "' is malformed");
  size_t c = 0, k = 0;
  for (size_t i = 0; i < n; ++i) {
    NodeSpec s;
    s.kind = kinds[i];
    if (!makers().count(s.kind)) fail(Code::Unimplemented, "unknown dataset kind '" + s.kind + "' in '" + node.name + "'");
    if (c >= children.size()) fail(Code::Internal, "the input pipeline of '" + node.name + "' is malformed");
    int64_t nc = children[c++];
    for (int64_t j = 0; j < nc; ++j) {
      if (c >= children.size() || children[c] < 0 || static_cast<size_t>(children[c]) >= i)
        fail(Code::Internal, "the input pipeline of '" + node.name + "' is malformed");
      s.children.push_back(static_cast<int>(children[c++]));
    }
    s.first_param = spec->num_params;
    s.num_params = static_cast<int>(nparams[i]);
    spec->num_params += s.num_params;
    if (k + nints[i] > ints.size()) fail(Code::Internal, "the input pipeline of '" + node.name + "' is malformed");
    s.ints.assign(ints.begin() + k, ints.begin() + k + nints[i]);
    k += nints[i];
    if (fns[i] >= 0) {
      std::string fp = "fn" + std::to_string(fns[i]) + "_";
      std::vector<Edge> inputs = arg_edges(node, fp + "args");
      for (auto& e : edges_attr(node, fp + "captures")) inputs.push_back(e);
      auto fn = std::make_shared<DatasetFunction>();
      fn->plan = std::make_unique<SubPlan>(init, inputs, edges_attr(node, fp + "outputs"));
      fn->what = "the function of dataset '" + s.kind + "' in the input pipeline of '" + node.name + "'";
      if (node.attrs.get_or<int64_t>(fp + "dataset", 0)) fn->returns = parse(init, fp);
      s.fn = std::move(fn);
    }
    spec->nodes.push_back(std::move(s));
  }
  if (spec->nodes.empty()) fail(Code::Internal, "the input pipeline of '" + node.name + "' is empty");
  return spec;
}

DatasetPtr DatasetSpec::bind(const std::vector<Tensor>& params) const {
  if (static_cast<int>(params.size()) != num_params)
    fail(Code::Internal, "an input pipeline got " + std::to_string(params.size()) + " parameter values for " +
                             std::to_string(num_params));
  std::vector<DatasetPtr> built;
  for (const NodeSpec& s : nodes) {
    DatasetArgs args{s, std::vector<Tensor>(params.begin() + s.first_param, params.begin() + s.first_param + s.num_params), {}};
    for (int c : s.children) args.children.push_back(built[c]);
    built.push_back(makers().at(s.kind)(args));
  }
  return built.back();
}

std::string element_str(const Element& e) {
  std::string out = "(";
  for (size_t i = 0; i < e.size(); ++i) out += (i ? ", " : "") + std::string(dtype_name(e[i].dtype())) + shape_str(e[i].shape());
  return out + ")";
}

Tensor slice_row(const Tensor& t, int64_t row) {
  Shape s(t.shape().begin() + 1, t.shape().end());
  Tensor out(t.dtype(), s);
  int64_t n = out.size();
  if (t.dtype() == DType::String) {
    std::copy(t.strings().begin() + row * n, t.strings().begin() + (row + 1) * n, out.strings().begin());
  } else if (n) {
    size_t bytes = static_cast<size_t>(n) * dtype_size(t.dtype());
    std::memcpy(out.raw(), static_cast<const char*>(t.raw()) + row * bytes, bytes);
  }
  return out;
}

void copy_row(Tensor& dst, int64_t row, const Tensor& src) {
  int64_t n = src.size();
  if (src.dtype() == DType::String) {
    std::copy(src.strings().begin(), src.strings().end(), dst.strings().begin() + row * n);
  } else if (n) {
    size_t bytes = static_cast<size_t>(n) * dtype_size(src.dtype());
    std::memcpy(static_cast<char*>(dst.raw()) + row * bytes, src.raw(), bytes);
  }
}

}  // namespace jf::data
