// Datasets that make elements: from tensors (slices or whole), a range of integers, files of
// text lines or TFRecords; zip, which pairs the elements of its inputs, and concatenate, which
// emits one input's elements after the other's.
#include <algorithm>
#include <cstring>
#include <fstream>

#include "dataset.h"

namespace jf::data {
namespace {

class TensorSlices : public Dataset {
 public:
  explicit TensorSlices(std::vector<Tensor> components) : components_(std::move(components)) {
    for (auto& c : components_) {
      if (c.rank() == 0) invalid_argument("from_tensor_slices needs tensors of rank at least 1, got a scalar");
      if (c.dim(0) != components_[0].dim(0))
        invalid_argument("from_tensor_slices: all components must have the same size in the first dimension, got " +
                         element_str(components_));
    }
  }
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const TensorSlices* ds;
      int64_t row = 0;
      bool next(Element& out, const RunControl*) override {
        if (ds->components_.empty() || row >= ds->components_[0].dim(0)) return false;
        out.clear();
        for (auto& c : ds->components_) out.push_back(slice_row(c, row));
        ++row;
        return true;
      }
      int64_t next_block(int64_t n, Element& out) override {
        if (ds->components_.empty()) return 0;
        const int64_t k = std::min(n, ds->components_[0].dim(0) - row);
        if (k <= 0) return 0;
        out.clear();
        for (auto& c : ds->components_) {
          Shape s = c.shape();
          s[0] = k;
          Tensor t(c.dtype(), s);
          const int64_t per_row = c.dim(0) ? c.size() / c.dim(0) : 0;
          if (c.dtype() == DType::String) {
            std::copy(c.strings().begin() + row * per_row, c.strings().begin() + (row + k) * per_row, t.strings().begin());
          } else if (t.size()) {
            const size_t bytes = static_cast<size_t>(per_row) * dtype_size(c.dtype());
            std::memcpy(t.raw(), static_cast<const char*>(c.raw()) + row * bytes, k * bytes);
          }
          out.push_back(std::move(t));
        }
        row += k;
        return k;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    return it;
  }

 private:
  std::vector<Tensor> components_;
};

class Tensors : public Dataset {
 public:
  explicit Tensors(std::vector<Tensor> components) : components_(std::move(components)) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Tensors* ds;
      bool done = false;
      bool next(Element& out, const RunControl*) override {
        if (done) return false;
        out = ds->components_;
        done = true;
        return true;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    return it;
  }

 private:
  std::vector<Tensor> components_;
};

class Range : public Dataset {
 public:
  Range(int64_t start, int64_t stop, int64_t step) : start_(start), stop_(stop), step_(step) {
    if (step == 0) invalid_argument("Dataset.range: step must not be 0");
  }
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      int64_t v, stop, step;
      bool next(Element& out, const RunControl*) override {
        if (step > 0 ? v >= stop : v <= stop) return false;
        Tensor t(DType::Int64, Shape{});
        t.data<int64_t>()[0] = v;
        v += step;
        out.assign(1, std::move(t));
        return true;
      }
    };
    auto it = std::make_unique<It>();
    it->v = start_, it->stop = stop_, it->step = step_;
    return it;
  }

 private:
  int64_t start_, stop_, step_;
};

class Zip : public Dataset {
 public:
  explicit Zip(std::vector<DatasetPtr> inputs) : inputs_(std::move(inputs)) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      std::vector<std::unique_ptr<DatasetIterator>> its;
      Element part;
      bool next(Element& out, const RunControl* control) override {
        out.clear();
        for (auto& it : its) {
          if (!it->next(part, control)) return false;
          out.insert(out.end(), part.begin(), part.end());
        }
        return true;
      }
    };
    auto it = std::make_unique<It>();
    for (auto& d : inputs_) it->its.push_back(d->make_iterator());
    return it;
  }

 private:
  std::vector<DatasetPtr> inputs_;
};

class Concatenate : public Dataset {
 public:
  Concatenate(DatasetPtr first, DatasetPtr second) : first_(std::move(first)), second_(std::move(second)) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const Concatenate* ds;
      std::unique_ptr<DatasetIterator> in;
      bool second = false;
      // No next_block: a batch across the seam must not end early at the first input's end.
      bool next(Element& out, const RunControl* control) override {
        while (in) {
          if (in->next(out, control)) return true;
          in = second ? nullptr : ds->second_->make_iterator();  // the second starts when the first ends
          second = true;
        }
        return false;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    it->in = first_->make_iterator();
    return it;
  }

 private:
  DatasetPtr first_, second_;
};

std::vector<std::string> filenames_of(const Tensor& t, const char* what) {
  if (t.dtype() != DType::String || t.rank() > 1)
    invalid_argument(std::string(what) + ": filenames must be a string scalar or vector, got " + dtype_name(t.dtype()) +
                     shape_str(t.shape()));
  return t.strings();
}

std::ifstream open_file(const std::string& name, const char* what) {
  std::ifstream f(name, std::ios::binary);
  if (!f) fail(Code::NotFound, std::string(what) + ": " + name + "; No such file or directory");
  return f;
}

Tensor string_scalar(std::string s) {
  Tensor t(DType::String, Shape{});
  t.strings()[0] = std::move(s);
  return t;
}

// Reads files one after the other; `read_one` returns false at a file's end.
template <typename ReadOne>
class FileRecords : public Dataset {
 public:
  FileRecords(std::vector<std::string> files, const char* what) : files_(std::move(files)), what_(what) {}
  std::unique_ptr<DatasetIterator> make_iterator() const override {
    struct It : DatasetIterator {
      const FileRecords* ds;
      size_t file = 0;
      bool open = false;
      std::ifstream in;
      std::string record;
      bool next(Element& out, const RunControl*) override {
        while (file < ds->files_.size()) {
          if (!open) {
            in = open_file(ds->files_[file], ds->what_);
            open = true;
          }
          if (ReadOne{}(in, record, ds->files_[file])) {
            out.assign(1, string_scalar(std::move(record)));
            return true;
          }
          open = false;
          in.close();
          ++file;
        }
        return false;
      }
    };
    auto it = std::make_unique<It>();
    it->ds = this;
    return it;
  }

 private:
  std::vector<std::string> files_;
  const char* what_;
};

struct ReadLine {
  bool operator()(std::ifstream& in, std::string& line, const std::string&) const {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
};

uint32_t crc32c(const char* data, size_t n) {
  static uint32_t table[256] = {0};
  static bool ready = [] {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      table[i] = c;
    }
    return true;
  }();
  (void)ready;
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

uint32_t masked_crc(const char* data, size_t n) {
  uint32_t c = crc32c(data, n);
  return ((c >> 15) | (c << 17)) + 0xA282EAD8u;
}

// TFRecord framing (as jupyter_flow/summary/tfrecord.py writes it): uint64 length, masked CRC-32C
// of the length, the data, masked CRC-32C of the data; both checksums are verified.
struct ReadTFRecord {
  bool operator()(std::ifstream& in, std::string& record, const std::string& file) const {
    char header[12];
    in.read(header, 12);
    if (in.gcount() == 0) return false;
    if (in.gcount() != 12) fail(Code::InvalidArgument, "truncated record header in TFRecord file " + file);
    uint64_t len;
    uint32_t crc;
    std::memcpy(&len, header, 8);
    std::memcpy(&crc, header + 8, 4);
    if (masked_crc(header, 8) != crc) fail(Code::InvalidArgument, "corrupted record header (length checksum) in TFRecord file " + file);
    record.resize(len);
    in.read(record.data(), static_cast<std::streamsize>(len));
    char tail[4];
    in.read(tail, 4);
    if (in.gcount() != 4) fail(Code::InvalidArgument, "truncated record in TFRecord file " + file);
    std::memcpy(&crc, tail, 4);
    if (masked_crc(record.data(), record.size()) != crc) fail(Code::InvalidArgument, "corrupted record (data checksum) in TFRecord file " + file);
    return true;
  }
};

JF_REGISTER_DATASET("TensorSlice", [](DatasetArgs& a) -> DatasetPtr { return std::make_shared<TensorSlices>(std::move(a.params)); });
JF_REGISTER_DATASET("Tensor", [](DatasetArgs& a) -> DatasetPtr { return std::make_shared<Tensors>(std::move(a.params)); });
JF_REGISTER_DATASET("Range", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Range>(a.scalar_param(0, "start"), a.scalar_param(1, "stop"), a.scalar_param(2, "step"));
});
JF_REGISTER_DATASET("Zip", [](DatasetArgs& a) -> DatasetPtr { return std::make_shared<Zip>(std::move(a.children)); });
JF_REGISTER_DATASET("Concatenate", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<Concatenate>(a.children.at(0), a.children.at(1));
});
JF_REGISTER_DATASET("TextLine", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<FileRecords<ReadLine>>(filenames_of(a.params.at(0), "TextLineDataset"), "TextLineDataset");
});
JF_REGISTER_DATASET("TFRecord", [](DatasetArgs& a) -> DatasetPtr {
  return std::make_shared<FileRecords<ReadTFRecord>>(filenames_of(a.params.at(0), "TFRecordDataset"), "TFRecordDataset");
});

}  // namespace
}  // namespace jf::data
