#include "tensor.h"

#include <cstdlib>
#include <new>

namespace jf {

const char* dtype_name(DType dt) {
  switch (dt) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
    case DType::String: return "string";
  }
  return "unknown";
}

size_t dtype_size(DType dt) {
  switch (dt) {
    case DType::Float32: case DType::Int32: return 4;
    case DType::Float64: case DType::Int64: return 8;
    case DType::Bool: return 1;
    case DType::String: return 0;
  }
  return 0;
}

bool is_floating(DType dt) { return dt == DType::Float32 || dt == DType::Float64; }

int64_t num_elements(const Shape& s) {
  int64_t n = 1;
  for (auto d : s) n *= d;
  return n;
}

std::string shape_str(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ",";
    out += s[i] < 0 ? "?" : std::to_string(s[i]);
  }
  return out + "]";
}

Buffer::Buffer(size_t n) : nbytes(n) {
  // 64-byte alignment suits BLAS and vectorized loops.
  if (n) {
    data = std::aligned_alloc(64, (n + 63) / 64 * 64);
    if (!data) throw std::bad_alloc();
  }
}

Buffer::~Buffer() { std::free(data); }

Tensor::Tensor(DType dt, Shape shape) : dtype_(dt), shape_(std::move(shape)) {
  size_ = num_elements(shape_);
  buf_ = std::make_shared<Buffer>(static_cast<size_t>(size_) * dtype_size(dt));
  if (dt == DType::String) buf_->strings.resize(size_);
}

Tensor Tensor::scalar_like(DType dt) { return Tensor(dt, {}); }

Tensor Tensor::reshaped(Shape shape) const {
  Tensor t = *this;
  t.shape_ = std::move(shape);
  t.size_ = num_elements(t.shape_);
  return t;
}

Tensor Tensor::clone() const {
  Tensor t(dtype_, shape_);
  if (dtype_ == DType::String) t.buf_->strings = buf_->strings;
  else if (buf_->nbytes) std::memcpy(t.buf_->data, buf_->data, buf_->nbytes);
  return t;
}

void Tensor::make_unique() {
  if (buf_ && buf_.use_count() > 1) *this = clone();
}

}  // namespace jf
