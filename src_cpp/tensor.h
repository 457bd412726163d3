// Tensors of the engine: a dtype, a shape and a ref-counted buffer.
// Buffers are shared between tensors (Identity, variable reads) and copied on write
// (see Tensor::make_unique) so a value handed to Python never changes under it.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace jf {

// Numbering shared with jupyter_flow/framework/dtypes.py (DType._enum).
enum class DType : int {
  Float32 = 1, Float64 = 2, Int32 = 3, Int64 = 4, Bool = 5, String = 6,
  Int8 = 7, Int16 = 8, UInt8 = 9, UInt16 = 10, UInt32 = 11, UInt64 = 12,
  Float16 = 13, BFloat16 = 14, Complex64 = 15, Complex128 = 16,
};

const char* dtype_name(DType dt);
size_t dtype_size(DType dt);
bool is_floating(DType dt);  // float16, bfloat16, float32, float64

using Shape = std::vector<int64_t>;
int64_t num_elements(const Shape& s);
std::string shape_str(const Shape& s);

// Raw storage. Numeric dtypes use `bytes`; strings use `strings`.
struct Buffer {
  explicit Buffer(size_t nbytes);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  void* data = nullptr;
  size_t nbytes = 0;
  std::vector<std::string> strings;
  // Scalars and tiny tensors live inside the Buffer itself: one allocation instead of two
  // (graphs of scalar ops, like the chapter's my_func, allocate one tensor per kernel).
  alignas(64) unsigned char inline_data[64];
};

void* allocate_buffer_block(size_t bytes);
void free_buffer_block(void* p, size_t bytes);

// Allocates Buffers (with their shared_ptr control block) from a per-thread block cache.
template <typename T>
struct BufferAllocator {
  using value_type = T;
  BufferAllocator() = default;
  template <typename U>
  BufferAllocator(const BufferAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(allocate_buffer_block(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { free_buffer_block(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const BufferAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const BufferAllocator<U>&) const { return false; }
};

class Tensor {
 public:
  Tensor() = default;
  Tensor(DType dt, Shape shape);  // allocates, contents uninitialized
  static Tensor scalar_like(DType dt);

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int64_t size() const { return size_; }
  int64_t dim(int i) const { return shape_[i]; }
  bool valid() const { return static_cast<bool>(buf_); }

  template <typename T> T* data() { return static_cast<T*>(buf_->data); }
  template <typename T> const T* data() const { return static_cast<const T*>(buf_->data); }
  void* raw() { return buf_->data; }
  const void* raw() const { return buf_->data; }
  std::vector<std::string>& strings() { return buf_->strings; }
  const std::vector<std::string>& strings() const { return buf_->strings; }
  size_t nbytes() const { return buf_ ? buf_->nbytes : 0; }

  // Same buffer, another shape (reshape, squeeze, expand_dims): no copy.
  Tensor reshaped(Shape shape) const;
  // A deep copy.
  Tensor clone() const;
  // Ensure this tensor is the only owner of its buffer before an in-place write.
  void make_unique();
  bool shares_buffer_with(const Tensor& o) const { return buf_ == o.buf_; }
  const std::shared_ptr<Buffer>& buffer() const { return buf_; }

 private:
  DType dtype_ = DType::Float32;
  Shape shape_;
  int64_t size_ = 0;
  std::shared_ptr<Buffer> buf_;
};

}  // namespace jf
