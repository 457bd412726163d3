// Dataset.cache: the first complete pass records the elements, later passes replay them; in
// memory (filename "") or in a file, which outlives the session: any later pipeline naming the
// same file reads it instead of its input, as TF1's file cache. The file is written under a
// temporary name and renamed when the pass completes, so a pass that stops early (an iterator
// re-initialized, a session closed, an error upstream) leaves no cache, never a partial one.
//
// File layout (`<filename>.jfcache`, this engine's own): "JFCACHE1", then per element per
// component: int32 dtype, int32 rank, int64 dims, the data (strings: uint64 length + bytes each).
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <climits>
#include <cstring>
#include <fstream>
#include <mutex>

#include "dataset.h"

namespace jf::data {
namespace {

constexpr char kMagic[8] = {'J', 'F', 'C', 'A', 'C', 'H', 'E', '1'};

std::string cache_path(const std::string& filename) { return filename + ".jfcache"; }

template <typename T>
void put(std::ofstream& f, T v) {
  f.write(reinterpret_cast<const char*>(&v), sizeof(T));
}

void write_element(std::ofstream& f, const Element& e) {
  for (const Tensor& t : e) {
    put<int32_t>(f, static_cast<int32_t>(t.dtype()));
    put<int32_t>(f, t.rank());
    for (int64_t d : t.shape()) put<int64_t>(f, d);
    if (t.dtype() == DType::String) {
      for (const std::string& s : t.strings()) {
        put<uint64_t>(f, s.size());
        f.write(s.data(), static_cast<std::streamsize>(s.size()));
      }
    } else if (t.nbytes()) {
      f.write(static_cast<const char*>(t.raw()), static_cast<std::streamsize>(t.nbytes()));
    }
  }
}

// Reads what write_element wrote, every length checked against the bytes left in the file, so a
// damaged file is an error, never a huge allocation or a stray read.
class CacheReader {
 public:
  CacheReader(const std::string& path, size_t components) : path_(path), components_(components) {
    f_.open(path, std::ios::binary | std::ios::ate);
    if (!f_) fail(Code::NotFound, "Dataset.cache: cannot open the cache file " + path);
    left_ = static_cast<uint64_t>(f_.tellg());
    f_.seekg(0);
    char magic[8];
    take(magic, 8);
    if (std::memcmp(magic, kMagic, 8) != 0) broken("it is not a jupyter_flow cache file");
  }
  bool next(Element& out) {
    if (left_ == 0) return false;
    out.clear();
    for (size_t c = 0; c < components_; ++c) {
      const auto dt = static_cast<DType>(get<int32_t>());
      if (static_cast<int>(dt) < 1 || static_cast<int>(dt) > 16) broken("an unknown dtype");
      const int32_t rank = get<int32_t>();
      if (rank < 0 || rank > 64) broken("a bad rank");
      Shape shape(static_cast<size_t>(rank));
      uint64_t n = 1;
      for (auto& d : shape) {
        d = get<int64_t>();
        if (d < 0) broken("a negative dimension");
        if (d > 0 && n > static_cast<uint64_t>(INT64_MAX) / static_cast<uint64_t>(d)) broken("a bad shape");
        n *= static_cast<uint64_t>(d);
      }
      // Every element takes at least its width in the file (a string its 8-byte length).
      if (n > left_ / (dt == DType::String ? 8 : dtype_size(dt))) broken("an element larger than the file");
      Tensor t(dt, shape);
      if (dt == DType::String) {
        for (auto& s : t.strings()) {
          const uint64_t len = get<uint64_t>();
          if (len > left_) broken("a string longer than the file");
          s.resize(len);
          take(s.data(), len);
        }
      } else if (t.nbytes()) {
        take(static_cast<char*>(t.raw()), t.nbytes());
      }
      out.push_back(std::move(t));
    }
    return true;
  }

 private:
  [[noreturn]] void broken(const std::string& why) const {
    fail(Code::InvalidArgument, "Dataset.cache: the cache file " + path_ + " is damaged (" + why +
                                    "); delete it and the next complete pass writes it again");
  }
  void take(char* p, uint64_t n) {
    if (n > left_) broken("it ends in the middle of an element");
    f_.read(p, static_cast<std::streamsize>(n));
    if (static_cast<uint64_t>(f_.gcount()) != n) broken("a read failed");
    left_ -= n;
  }
  template <typename T>
  T get() {
    T v;
    take(reinterpret_cast<char*>(&v), sizeof(T));
    return v;
  }
  std::string path_;
  size_t components_;
  std::ifstream f_;
  uint64_t left_ = 0;
};

bool file_exists(const std::string& path) { return std::ifstream(path, std::ios::binary).good(); }

std::string temp_name(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

class Cache : public Dataset {
 public:
  Cache(DatasetPtr input, std::string filename, size_t components)
      : input_(std::move(input)), path_(filename.empty() ? "" : cache_path(filename)), components_(components) {}

  std::unique_ptr<DatasetIterator> make_iterator() const override {
    if (path_.empty()) return memory_iterator();
    if (file_exists(path_)) return std::make_unique<FileReplay>(path_, components_);
    return std::make_unique<FileRecord>(input_->make_iterator(), path_);
  }

 private:
  std::unique_ptr<DatasetIterator> memory_iterator() const {
    struct It : DatasetIterator {
      const Cache* ds;
      std::unique_ptr<DatasetIterator> in;  // null: replaying
      std::vector<Element> recording;
      size_t pos = 0;
      bool next(Element& out, const RunControl* control) override {
        if (!in) {
          if (pos >= ds->memory_->elements.size()) return false;
          out = ds->memory_->elements[pos++];
          return true;
        }
        if (!in->next(out, control)) {
          std::lock_guard<std::mutex> lock(ds->memory_->mu);
          if (!ds->memory_->complete) {
            ds->memory_->elements = std::move(recording);
            ds->memory_->complete = true;
          }
          return false;
        }
        recording.push_back(out);
        return true;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    std::lock_guard<std::mutex> lock(memory_->mu);
    if (!memory_->complete) it->in = input_->make_iterator();
    return it;
  }

  struct FileReplay : DatasetIterator {
    FileReplay(const std::string& path, size_t components) : reader(path, components) {}
    bool next(Element& out, const RunControl*) override { return reader.next(out); }
    CacheReader reader;
  };

  // Writes each element as it passes; the pass's end renames the file into place.
  struct FileRecord : DatasetIterator {
    FileRecord(std::unique_ptr<DatasetIterator> input, std::string path)
        : in(std::move(input)), path(std::move(path)), temp(temp_name(this->path)) {
      f.open(temp, std::ios::binary | std::ios::trunc);
      if (!f) fail(Code::NotFound, "Dataset.cache: cannot write the cache file " + temp + ": " + std::strerror(errno));
      f.write(kMagic, 8);
    }
    ~FileRecord() override {
      if (!finished) {
        f.close();
        std::remove(temp.c_str());
      }
    }
    bool next(Element& out, const RunControl* control) override {
      if (finished) return false;
      if (in->next(out, control)) {
        write_element(f, out);
        if (!f) fail(Code::Internal, "Dataset.cache: writing the cache file " + temp + " failed: " + std::strerror(errno));
        return true;
      }
      f.close();
      if (!f || std::rename(temp.c_str(), path.c_str()) != 0)
        fail(Code::Internal, "Dataset.cache: could not complete the cache file " + path + ": " + std::strerror(errno));
      finished = true;
      return false;
    }
    std::unique_ptr<DatasetIterator> in;
    std::string path, temp;
    std::ofstream f;
    bool finished = false;
  };

  struct Memory {
    std::mutex mu;
    bool complete = false;
    std::vector<Element> elements;
  };
  DatasetPtr input_;
  std::string path_;
  size_t components_;
  std::shared_ptr<Memory> memory_ = std::make_shared<Memory>();
};

JF_REGISTER_DATASET("Cache", [](DatasetArgs& a) -> DatasetPtr {
  const Tensor& name = a.params.at(0);
  if (name.dtype() != DType::String || name.size() != 1)
    invalid_argument("Dataset.cache: filename must be a string scalar, got " + std::string(dtype_name(name.dtype())) +
                     shape_str(name.shape()));
  return std::make_shared<Cache>(a.children.at(0), name.strings()[0], static_cast<size_t>(a.int_at(0)));
});

}  // namespace
}  // namespace jf::data
