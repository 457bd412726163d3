// The engine's one way back into Python: tf.py_func's kernel calls the function registered under a
// token. bindings.cc installs the caller (it takes the GIL and converts tensors to NumPy arrays);
// the engine itself never sees Python.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "tensor.h"

namespace jf {

using ScriptCaller = std::function<std::vector<Tensor>(int64_t token, const std::vector<Tensor>& inputs,
                                                       const std::vector<DType>& out_dtypes)>;
void set_script_caller(ScriptCaller caller);
std::vector<Tensor> call_script(int64_t token, const std::vector<Tensor>& inputs, const std::vector<DType>& out_dtypes);

}  // namespace jf
