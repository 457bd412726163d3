// TF1's readers (tf.TextLineReader, tf.WholeFileReader, tf.FixedLengthRecordReader,
// tf.TFRecordReader) as session resources. A reader works through files whose names it dequeues
// from a string queue (string_input_producer's), one record per read; ReaderReadUpTo returns up
// to n records of the current file, as TF's ReaderBase does. When the queue is closed and empty
// the read fails with the queue's OutOfRange, which ends a queue runner's thread.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "../subplan.h"
#include "queue.h"

namespace jf {
namespace {

uint32_t crc32c(const char* p, size_t n) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ static_cast<unsigned char>(p[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t masked_crc(const char* p, size_t n) {
  uint32_t c = crc32c(p, n);
  return ((c >> 15) | (c << 17)) + 0xA282EAD8u;
}

template <typename T>
T little_endian(const char* p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

enum class ReaderKind { TextLine, WholeFile, FixedLength, TFRecord };

struct ReaderResource : Resource {
  ReaderKind kind;
  std::string name;
  int64_t skip_header_lines = 0, header_bytes = 0, record_bytes = 0, footer_bytes = 0, hop_bytes = 0;

  std::timed_mutex mu;  // one read at a time; timed, so a waiting caller still notices Ctrl-C
  bool closed = false;
  bool working = false;
  std::string work;       // the current file
  std::ifstream lines;    // TextLine: read as it goes
  std::string contents;   // the other kinds: the whole file
  size_t pos = 0;
  int64_t line_number = 0, record_number = 0;
  int64_t produced = 0, completed = 0;

  void start(const std::string& file) {
    work = file;
    line_number = record_number = 0;
    pos = 0;
    if (kind == ReaderKind::TextLine) {
      lines = std::ifstream(file, std::ios::binary);
      if (!lines) fail(Code::NotFound, file + "; No such file or directory");
      std::string skipped;
      for (int64_t i = 0; i < skip_header_lines && std::getline(lines, skipped); ++i) ++line_number;
    } else {
      std::ifstream in(file, std::ios::binary);
      if (!in) fail(Code::NotFound, file + "; No such file or directory");
      std::ostringstream all;
      all << in.rdbuf();
      contents = all.str();
      if (kind == ReaderKind::FixedLength) {
        const int64_t size = static_cast<int64_t>(contents.size());
        // The records lie between the header and the footer.
        contents = size > header_bytes + footer_bytes ? contents.substr(header_bytes, size - header_bytes - footer_bytes) : "";
      }
    }
    working = true;
  }

  // The next record of the current file, or false at its end.
  bool next(std::string& key, std::string& value) {
    switch (kind) {
      case ReaderKind::TextLine:
        if (!std::getline(lines, value)) return false;
        if (!value.empty() && value.back() == '\r') value.pop_back();
        key = work + ":" + std::to_string(++line_number);
        return true;
      case ReaderKind::WholeFile:
        if (record_number++ > 0) return false;
        key = work;
        value = std::move(contents);
        return true;
      case ReaderKind::FixedLength: {
        const size_t start = hop_bytes > 0 ? static_cast<size_t>(record_number * hop_bytes) : pos;
        if (start + static_cast<size_t>(record_bytes) > contents.size()) return false;
        value = contents.substr(start, static_cast<size_t>(record_bytes));
        pos = start + static_cast<size_t>(record_bytes);
        key = work + ":" + std::to_string(record_number++);
        return true;
      }
      case ReaderKind::TFRecord: {
        if (pos >= contents.size()) return false;
        const size_t at = pos;
        const char* p = contents.data() + at;
        const size_t left = contents.size() - at;
        if (left < 12) fail(Code::DataLoss, "truncated record at " + std::to_string(at) + " in " + work);
        if (little_endian<uint32_t>(p + 8) != masked_crc(p, 8))
          fail(Code::DataLoss, "corrupted record at " + std::to_string(at) + " in " + work);
        const uint64_t length = little_endian<uint64_t>(p);
        if (left - 12 < 4 || length > left - 16) fail(Code::DataLoss, "truncated record at " + std::to_string(at) + " in " + work);
        if (little_endian<uint32_t>(p + 12 + length) != masked_crc(p + 12, length))
          fail(Code::DataLoss, "corrupted record at " + std::to_string(at) + " in " + work);
        value.assign(p + 12, length);
        pos = at + 16 + length;
        key = work + ":" + std::to_string(at);
        return true;
      }
    }
    return false;
  }

  void finish_work() {
    working = false;
    lines = std::ifstream();
    contents.clear();
    ++completed;
  }

  void reset() {
    finish_work();
    produced = completed = 0;
  }

  void close() override {
    std::lock_guard<std::timed_mutex> lock(mu);  // a read in progress ends first (its run was cancelled)
    closed = true;
    working = false;
    lines = std::ifstream();
    contents.clear();
  }
};

// Holds a reader's lock, waiting for it in 20 ms slices so Ctrl-C and Session.close get through.
class ReaderLock {
 public:
  ReaderLock(ReaderResource& r, const RunControl* control) : r_(r) {
    PollTimer poll(control);
    while (!r_.mu.try_lock_for(std::chrono::milliseconds(20))) poll.tick();
    if (r_.closed) {
      r_.mu.unlock();
      fail(Code::Cancelled, "Session has been closed.");
    }
  }
  ~ReaderLock() { r_.mu.unlock(); }

 private:
  ReaderResource& r_;
};

std::shared_ptr<ReaderResource> reader_of(SessionState& state, const Tensor& handle, const Node& node) {
  if (handle.dtype() != DType::String || handle.size() != 1)
    invalid_argument("'" + node.name + "' needs a reader handle (a string scalar) as input 0");
  auto r = std::dynamic_pointer_cast<ReaderResource>(state.resource(handle.strings()[0], []() -> std::shared_ptr<Resource> {
    fail(Code::NotFound, "the reader was not created in this session (run its reader op first)");
  }));
  if (!r) invalid_argument("'" + node.name + "' was given a handle that is not a reader's");
  return r;
}

template <ReaderKind K>
class ReaderOpKernel : public OpKernel {
 public:
  explicit ReaderOpKernel(const KernelInit& init) : state_(init.state), node_(init.node), handle_(DType::String, Shape{}) {
    const std::string shared = node_.attrs.get_or<std::string>("shared_name", "");
    handle_.strings()[0] = "reader:" + (shared.empty() ? "#" + std::to_string(node_.id) : shared);
  }
  void compute(KernelContext& ctx) override {
    state_.resource(handle_.strings()[0], [this] {
      auto r = std::make_shared<ReaderResource>();
      const Attrs& a = node_.attrs;
      r->kind = K;
      r->name = node_.name;
      r->skip_header_lines = a.get_or<int64_t>("skip_header_lines", 0);
      r->header_bytes = a.get_or<int64_t>("header_bytes", 0);
      r->record_bytes = a.get_or<int64_t>("record_bytes", 0);
      r->footer_bytes = a.get_or<int64_t>("footer_bytes", 0);
      r->hop_bytes = a.get_or<int64_t>("hop_bytes", 0);
      if (K == ReaderKind::FixedLength && r->record_bytes <= 0)
        invalid_argument("'" + node_.name + "': record_bytes must be > 0, got " + std::to_string(r->record_bytes));
      if (K == ReaderKind::TFRecord && !a.get_or<std::string>("compression_type", "").empty())
        fail(Code::Unimplemented, "'" + node_.name + "': compressed TFRecord files (" +
                                      a.get_or<std::string>("compression_type", "") + ") are not supported; write them uncompressed");
      return r;
    });
    ctx.set_output(0, handle_);
  }

 private:
  SessionState& state_;
  const Node& node_;
  Tensor handle_;
};

// Reads up to `n` records (exactly one for ReaderRead) into keys/values.
void read_records(ReaderResource& r, QueueResource& q, const Node& node, int64_t n, bool up_to, const RunControl* control,
                  std::vector<std::string>& keys, std::vector<std::string>& values) {
  if (q.dtypes().size() != 1 || q.dtypes()[0] != DType::String)
    invalid_argument("'" + node.name + "' reads file names from a queue of strings; '" + q.name() + "' is not one");
  ReaderLock lock(r, control);
  while (static_cast<int64_t>(keys.size()) < n) {
    if (!r.working) {
      auto taken = q.dequeue(1, false, control);
      r.start(taken[0][0].strings()[0]);
    }
    std::string key, value;
    if (r.next(key, value)) {
      keys.push_back(std::move(key));
      values.push_back(std::move(value));
      ++r.produced;
    } else {
      r.finish_work();
      if (up_to && !keys.empty()) return;  // TF's ReadUpTo returns one file's records
    }
  }
}

class ReaderReadKernel : public OpKernel {
 public:
  explicit ReaderReadKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto r = reader_of(state_, ctx.input(0), ctx.node());
    auto q = queues_.get(state_, ctx.input(1), ctx.node());
    std::vector<std::string> keys, values;
    read_records(*r, *q, ctx.node(), 1, false, ctx.run_control(), keys, values);
    Tensor k(DType::String, Shape{}), v(DType::String, Shape{});
    k.strings()[0] = std::move(keys[0]);
    v.strings()[0] = std::move(values[0]);
    ctx.set_output(0, std::move(k));
    ctx.set_output(1, std::move(v));
  }

 private:
  SessionState& state_;
  QueueLookup queues_;
};

class ReaderReadUpToKernel : public OpKernel {
 public:
  explicit ReaderReadUpToKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto r = reader_of(state_, ctx.input(0), ctx.node());
    auto q = queues_.get(state_, ctx.input(1), ctx.node());
    const int64_t n = int_scalar_of(ctx.input(2), ctx.node());
    std::vector<std::string> keys, values;
    read_records(*r, *q, ctx.node(), n, true, ctx.run_control(), keys, values);
    const int64_t got = static_cast<int64_t>(keys.size());
    Tensor k(DType::String, Shape{got}), v(DType::String, Shape{got});
    for (int64_t i = 0; i < got; ++i) {
      k.strings()[i] = std::move(keys[i]);
      v.strings()[i] = std::move(values[i]);
    }
    ctx.set_output(0, std::move(k));
    ctx.set_output(1, std::move(v));
  }

 private:
  static int64_t int_scalar_of(const Tensor& t, const Node& node) {
    if (t.size() != 1 || (t.dtype() != DType::Int64 && t.dtype() != DType::Int32))
      invalid_argument("'" + node.name + "': num_records must be an int scalar");
    const int64_t n = t.dtype() == DType::Int64 ? t.data<int64_t>()[0] : t.data<int32_t>()[0];
    if (n <= 0) invalid_argument("'" + node.name + "': num_records must be > 0, got " + std::to_string(n));
    return n;
  }
  SessionState& state_;
  QueueLookup queues_;
};

template <int What>  // 0: records produced, 1: work units completed, 2: reset
class ReaderStateKernel : public OpKernel {
 public:
  explicit ReaderStateKernel(const KernelInit& init) : state_(init.state) {}
  void compute(KernelContext& ctx) override {
    auto r = reader_of(state_, ctx.input(0), ctx.node());
    ReaderLock lock(*r, ctx.run_control());
    if (What == 2) {
      r->reset();
      return;
    }
    Tensor t(DType::Int64, Shape{});
    t.data<int64_t>()[0] = What == 0 ? r->produced : r->completed;
    ctx.set_output(0, std::move(t));
  }

 private:
  SessionState& state_;
};

// ReadFile(filename) -> the file's contents (tf.read_file, for a name dequeued from a producer).
void read_file_kernel(KernelContext& ctx) {
  const Tensor& name = ctx.input(0);
  if (name.dtype() != DType::String || name.size() != 1)
    invalid_argument("'" + ctx.node().name + "': tf.read_file needs a file name (a string scalar)");
  std::ifstream in(name.strings()[0], std::ios::binary);
  if (!in) fail(Code::NotFound, name.strings()[0] + "; No such file or directory");
  std::ostringstream all;
  all << in.rdbuf();
  Tensor out(DType::String, Shape{});
  out.strings()[0] = all.str();
  ctx.set_output(0, std::move(out));
}

}  // namespace

JF_REGISTER_FUNCTION("ReadFile", read_file_kernel);
JF_REGISTER_KERNEL("TextLineReaderV2", ReaderOpKernel<ReaderKind::TextLine>);
JF_REGISTER_KERNEL("WholeFileReaderV2", ReaderOpKernel<ReaderKind::WholeFile>);
JF_REGISTER_KERNEL("FixedLengthRecordReaderV2", ReaderOpKernel<ReaderKind::FixedLength>);
JF_REGISTER_KERNEL("TFRecordReaderV2", ReaderOpKernel<ReaderKind::TFRecord>);
JF_REGISTER_KERNEL("ReaderReadV2", ReaderReadKernel);
JF_REGISTER_KERNEL("ReaderReadUpToV2", ReaderReadUpToKernel);
JF_REGISTER_KERNEL("ReaderNumRecordsProducedV2", ReaderStateKernel<0>);
JF_REGISTER_KERNEL("ReaderNumWorkUnitsCompletedV2", ReaderStateKernel<1>);
JF_REGISTER_KERNEL("ReaderResetV2", ReaderStateKernel<2>);

}  // namespace jf
