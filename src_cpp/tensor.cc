#include "tensor.h"

#include "errors.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace jf {

const char* dtype_name(DType dt) {
  switch (dt) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
    case DType::String: return "string";
    case DType::Int8: return "int8";
    case DType::Int16: return "int16";
    case DType::UInt8: return "uint8";
    case DType::UInt16: return "uint16";
    case DType::UInt32: return "uint32";
    case DType::UInt64: return "uint64";
    case DType::Float16: return "float16";
    case DType::BFloat16: return "bfloat16";
    case DType::Complex64: return "complex64";
    case DType::Complex128: return "complex128";
  }
  return "unknown";
}

size_t dtype_size(DType dt) {
  switch (dt) {
    case DType::Bool: case DType::Int8: case DType::UInt8: return 1;
    case DType::Int16: case DType::UInt16: case DType::Float16: case DType::BFloat16: return 2;
    case DType::Float32: case DType::Int32: case DType::UInt32: return 4;
    case DType::Float64: case DType::Int64: case DType::UInt64: case DType::Complex64: return 8;
    case DType::Complex128: return 16;
    case DType::String: return 0;
  }
  return 0;
}

bool is_floating(DType dt) {
  return dt == DType::Float32 || dt == DType::Float64 || dt == DType::Float16 || dt == DType::BFloat16;
}

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

namespace {

// Recycles large freed blocks by size. A training step allocates the same sizes every run, and
// malloc hands large blocks back to the OS on free (mmap / heap trimming), so without reuse each
// step page-faults its gradients in again: measured at ~30% of an MLP step's time.
// Small blocks stay with malloc, whose bins already reuse them.
class BlockPool {
 public:
  static constexpr size_t kMinPooled = 32 << 10;
  static constexpr size_t kMaxCachedBytes = 256 << 20;

  void* take(size_t bytes) {
    if (bytes >= kMinPooled) {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = free_.find(bytes);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        cached_ -= bytes;
        return p;
      }
    }
    void* p = std::aligned_alloc(64, bytes);  // 64-byte alignment suits BLAS and vector loops
    if (!p) throw std::bad_alloc();
    return p;
  }

  void give(void* p, size_t bytes) {
    if (bytes >= kMinPooled) {
      std::lock_guard<std::mutex> lock(mu_);
      if (cached_ + bytes <= kMaxCachedBytes) {
        free_[bytes].push_back(p);
        cached_ += bytes;
        return;
      }
    }
    std::free(p);
  }

 private:
  std::mutex mu_;
  std::unordered_map<size_t, std::vector<void*>> free_;  // block size -> free blocks
  size_t cached_ = 0;
};

BlockPool& pool() {
  static BlockPool* p = new BlockPool;  // never destroyed: buffers may outlive static teardown
  return *p;
}

size_t block_size(size_t n) { return (n + 63) / 64 * 64; }

// Buffers are allocated with their shared_ptr control block, 64-byte aligned. Aligned malloc
// bypasses glibc's fast per-thread cache, and graphs of scalar ops allocate one Buffer per
// kernel, so each thread keeps a list of freed blocks of that one size for reuse.
class BufferBlockCache {
 public:
  static constexpr size_t kMaxBlocks = 4096;
  ~BufferBlockCache() {
    alive = false;
    for (void* p : blocks_) std::free(p);
  }
  void* take(size_t bytes) {
    if (bytes == size_ && !blocks_.empty()) {
      void* p = blocks_.back();
      blocks_.pop_back();
      return p;
    }
    void* p = std::aligned_alloc(64, block_size(bytes));
    if (!p) throw std::bad_alloc();
    return p;
  }
  void give(void* p, size_t bytes) {
    if (size_ == 0) size_ = bytes;
    if (bytes == size_ && blocks_.size() < kMaxBlocks) blocks_.push_back(p);
    else std::free(p);
  }
  static thread_local bool alive;

 private:
  size_t size_ = 0;
  std::vector<void*> blocks_;
};
thread_local bool BufferBlockCache::alive = true;

BufferBlockCache& block_cache() {
  static thread_local BufferBlockCache cache;
  return cache;
}

}  // namespace

void* allocate_buffer_block(size_t bytes) {
  if (!BufferBlockCache::alive) {
    void* p = std::aligned_alloc(64, block_size(bytes));
    if (!p) throw std::bad_alloc();
    return p;
  }
  return block_cache().take(bytes);
}

void free_buffer_block(void* p, size_t bytes) {
  if (BufferBlockCache::alive) block_cache().give(p, bytes);
  else std::free(p);
}

Buffer::Buffer(size_t n) : nbytes(n) {
  if (n > sizeof(inline_data)) data = pool().take(block_size(n));
  else if (n) data = inline_data;
}

Buffer::~Buffer() {
  if (data && data != inline_data) pool().give(data, block_size(nbytes));
}

namespace {

std::string gib_str(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

// What the OS can still give without swapping (MemAvailable), or -1 when unknown.
int64_t available_memory_bytes() {
  std::FILE* f = std::fopen("/proc/meminfo", "r");
  if (!f) return -1;
  char line[256];
  int64_t kib = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "MemAvailable: %ld kB", &kib) == 1) break;
  std::fclose(f);
  return kib < 0 ? -1 : kib * 1024;
}

// Refuses shapes no allocation can satisfy before touching memory: a negative dim, an element
// count or byte size that overflows, or more bytes than the machine has available. Without
// this, an overflowing size allocates a small block that kernels then write far past, and an
// allocation larger than free memory succeeds (overcommit) and the OOM killer takes the kernel.
size_t checked_nbytes(DType dt, const Shape& shape) {
  int64_t n = 1;
  bool overflow = false;
  for (int64_t d : shape) {
    if (d < 0)
      fail(Code::InvalidArgument, "cannot allocate a tensor of shape " + shape_str(shape) +
                                      ": dimensions must be >= 0, got " + std::to_string(d));
    overflow = overflow || __builtin_mul_overflow(n, d, &n);
  }
  const int64_t item = static_cast<int64_t>(dt == DType::String ? sizeof(std::string) : dtype_size(dt));
  int64_t bytes = 0;
  overflow = overflow || __builtin_mul_overflow(n, item, &bytes);
  if (overflow)
    fail(Code::ResourceExhausted, std::string("cannot allocate a ") + dtype_name(dt) + " tensor of shape " +
                                      shape_str(shape) + ": its size overflows 64 bits; check the shape");
  constexpr int64_t kCheckAbove = int64_t{1} << 30;  // reading /proc/meminfo is cheap next to 1 GiB
  if (bytes >= kCheckAbove) {
    const int64_t avail = available_memory_bytes();
    if (avail >= 0 && bytes > avail)
      fail(Code::ResourceExhausted, std::string("OOM when allocating a ") + dtype_name(dt) + " tensor of shape " +
                                        shape_str(shape) + ": it needs " + gib_str(static_cast<double>(bytes)) +
                                        " but only " + gib_str(static_cast<double>(avail)) +
                                        " of memory is available; use a smaller shape or batch size");
  }
  return dt == DType::String ? 0 : static_cast<size_t>(bytes);
}

}  // namespace

Tensor::Tensor(DType dt, Shape shape) : dtype_(dt), shape_(std::move(shape)) {
  const size_t nbytes = checked_nbytes(dt, shape_);
  size_ = num_elements(shape_);
  buf_ = std::allocate_shared<Buffer>(BufferAllocator<Buffer>(), nbytes);
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
