#include "elementwise.h"

namespace jf {

void mismatched_dtypes(DType a, DType b) {
  invalid_argument(std::string("both inputs must have the same dtype, got ") + dtype_name(a) + " and " + dtype_name(b));
}

void unsupported_dtype(const char* op, DType dt) {
  invalid_argument(std::string("op ") + op + " does not support dtype " + dtype_name(dt));
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  size_t r = std::max(a.size(), b.size());
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (da != db && da != 1 && db != 1)
      invalid_argument("Incompatible shapes: " + shape_str(a) + " vs. " + shape_str(b));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

void broadcast_strides(const Shape& in, const Shape& out, int64_t* strides) {
  const size_t r = out.size(), off = r - in.size();
  int64_t stride = 1;
  for (size_t i = r; i-- > 0;) {
    if (i < off || in[i - off] == 1) {
      strides[i] = 0;
    } else {
      strides[i] = stride;
      stride *= in[i - off];
    }
  }
}

}  // namespace jf
