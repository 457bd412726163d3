// Node attributes as sent from Python (ints, floats, strings, lists, tensors).
#pragma once
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "errors.h"
#include "tensor.h"

namespace jf {

using AttrValue = std::variant<bool, int64_t, double, std::string, std::vector<int64_t>,
                               std::vector<double>, std::vector<std::string>, Tensor>;

class Attrs {
 public:
  void set(const std::string& key, AttrValue v) { map_[key] = std::move(v); }
  bool has(const std::string& key) const { return map_.count(key) != 0; }

  template <typename T>
  const T& get(const std::string& key) const {
    auto it = map_.find(key);
    if (it == map_.end()) fail(Code::Internal, "missing attribute '" + key + "'");
    const T* v = std::get_if<T>(&it->second);
    if (!v) fail(Code::Internal, "attribute '" + key + "' has an unexpected type");
    return *v;
  }
  template <typename T>
  T get_or(const std::string& key, T fallback) const {
    auto it = map_.find(key);
    if (it == map_.end()) return fallback;
    const T* v = std::get_if<T>(&it->second);
    return v ? *v : fallback;
  }
  // Integers and floats are interchangeable where a number is expected.
  double number(const std::string& key) const {
    auto it = map_.find(key);
    if (it == map_.end()) fail(Code::Internal, "missing attribute '" + key + "'");
    if (auto d = std::get_if<double>(&it->second)) return *d;
    if (auto i = std::get_if<int64_t>(&it->second)) return static_cast<double>(*i);
    if (auto b = std::get_if<bool>(&it->second)) return *b ? 1.0 : 0.0;
    fail(Code::Internal, "attribute '" + key + "' is not a number");
  }
  DType dtype(const std::string& key) const { return static_cast<DType>(get<int64_t>(key)); }

 private:
  std::unordered_map<std::string, AttrValue> map_;
};

}  // namespace jf
