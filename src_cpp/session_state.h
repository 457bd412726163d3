// What a session owns: its variables (by variable name) and the state of its random ops.
// Each Session has its own SessionState, so sessions on one graph never share values.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "tensor.h"

namespace jf {

struct VarSlot {
  std::string name;
  Tensor value;  // invalid until initialized
  bool initialized() const { return value.valid(); }
};

class SessionState {
 public:
  // The slot for a variable, created empty on first use; stable for the session's life.
  std::shared_ptr<VarSlot> slot(const std::string& name);
  std::shared_ptr<VarSlot> find(const std::string& name) const;
  void drop(const std::string& name);
  std::vector<std::string> initialized_names() const;

  // One generator per random node: the same seeds give the same sequence in every session.
  std::mt19937_64& rng(int64_t node_id, uint64_t seed);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<VarSlot>> vars_;
  std::unordered_map<int64_t, std::unique_ptr<std::mt19937_64>> rngs_;
};

}  // namespace jf
