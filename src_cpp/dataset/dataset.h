// tf.data in the engine: a Dataset is an immutable definition with its parameters bound (the
// values of the tensors the pipeline was built from, computed when its iterator is initialized);
// a DatasetIterator walks one pass over it. Both live in C++ only: a Session.run of get_next()
// pulls one element through the whole pipeline without Python (map/filter functions are
// sub-plans, see DatasetFunction). jupyter_flow/data/ builds the description that
// DatasetSpec::parse reads (attribute layout documented in jupyter_flow/data/spec.py).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../kernel.h"
#include "../subplan.h"

namespace jf::data {

// One element of a dataset: its components, flattened as the Python structure's leaves.
using Element = std::vector<Tensor>;

class DatasetIterator {
 public:
  virtual ~DatasetIterator() = default;
  // Writes the next element to `out` and returns true, or returns false at the end of the data.
  virtual bool next(Element& out, const RunControl* control) = 0;
  // batch's fast path: up to n consecutive elements already stacked along a new first dimension
  // (one copy per component instead of one per element). -1: this iterator has none.
  virtual int64_t next_block(int64_t n, Element& out) { return -1; }
};

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual std::unique_ptr<DatasetIterator> make_iterator() const = 0;
};
using DatasetPtr = std::shared_ptr<const Dataset>;

struct DatasetSpec;

// A function traced into the graph (map, filter, flat_map...): a sub-plan fed with the element's
// components followed by the captured outer values. A flat_map/interleave function returns a
// dataset: its sub-plan computes the parameters of `returns`, which is bound per element.
struct DatasetFunction {
  std::unique_ptr<SubPlan> plan;
  std::string what;  // "the function of dataset 'map' in 'MakeIterator'", for errors
  std::shared_ptr<const DatasetSpec> returns;
  std::vector<Tensor> call(const Element& args, const std::vector<Tensor>& captures, const RunControl* control) const;
};
using FunctionPtr = std::shared_ptr<const DatasetFunction>;

// The static description of a pipeline: nodes in post-order, the root last.
struct DatasetSpec {
  struct NodeSpec {
    std::string kind;
    std::vector<int> children;
    int first_param = 0, num_params = 0;
    std::vector<int64_t> ints;
    FunctionPtr fn;
  };
  std::vector<NodeSpec> nodes;
  int num_params = 0;

  static std::shared_ptr<const DatasetSpec> parse(const KernelInit& init, const std::string& prefix);
  DatasetPtr bind(const std::vector<Tensor>& params) const;
};

// A node's bound parameters and inputs, given to the maker of its kind.
struct DatasetArgs {
  const DatasetSpec::NodeSpec& spec;
  std::vector<Tensor> params;
  std::vector<DatasetPtr> children;
  int64_t int_at(size_t i) const;
  int64_t scalar_param(size_t i, const char* what) const;  // an integer scalar parameter
};

using DatasetMaker = std::function<DatasetPtr(DatasetArgs&)>;
struct DatasetRegistration {
  DatasetRegistration(const char* kind, DatasetMaker maker);
};
#define JF_REGISTER_DATASET(KIND, ...) \
  static ::jf::data::DatasetRegistration JF_CONCAT(jf_dataset_reg_, __COUNTER__)(KIND, __VA_ARGS__)

// Dataset.from_generator: the binding layer installs how to start, advance and stop a Python
// generator (the one source that takes the GIL per element, the slow path).
struct GeneratorHooks {
  std::function<int64_t(int64_t generator_id)> start;  // a new Python iterator: its instance id
  std::function<bool(int64_t instance, const std::vector<DType>& dtypes, Element& out)> next;
  std::function<void(int64_t instance)> stop;
};
void set_generator_hooks(GeneratorHooks hooks);

// Pulls up to `n` elements (n < 0: all) from `in`, handing each to `sink(Element&&)`; returns
// how many there were (fewer than n: the input ended). batch, padded_batch, shuffle's buffer
// and skip all read "the next n elements" this way.
template <typename Sink>
int64_t pull(DatasetIterator& in, int64_t n, const RunControl* control, Sink&& sink) {
  int64_t got = 0;
  Element e;
  while ((n < 0 || got < n) && in.next(e, control)) {
    sink(std::move(e));
    ++got;
  }
  return got;
}

// Helpers shared by the dataset files.
std::string element_str(const Element& e);
Tensor slice_row(const Tensor& t, int64_t row);         // t[row], a copy
void copy_row(Tensor& dst, int64_t row, const Tensor& src);  // dst[row] = src (shapes checked by callers)

}  // namespace jf::data
