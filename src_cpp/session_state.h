// What a session owns: its variables (by variable name) and the state of its random ops.
// Each Session has its own SessionState, so sessions on one graph never share values.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "tensor.h"

namespace jf {

// A variable's value. Sessions may be run from several threads at once (TF1 allows it), so
// `value` is only touched under `mu`: readers copy it out with get(), in-place updates hold
// the lock for the whole in-place write. Racing updates may interleave (as TF1's
// use_locking=False), but the Tensor itself is never torn.
struct VarSlot {
  std::string name;
  Tensor value;  // invalid until initialized; guarded by mu
  mutable std::mutex mu;
  Tensor get() const {
    std::lock_guard<std::mutex> lock(mu);
    return value;
  }
  void set(Tensor t) {
    Tensor old;
    {
      std::lock_guard<std::mutex> lock(mu);
      old = std::move(value);
      value = std::move(t);
    }
  }  // the old buffer is freed outside the lock
  bool initialized() const {
    std::lock_guard<std::mutex> lock(mu);
    return value.valid();
  }
};

// One random generator and the lock that serializes its draws across threads.
struct Rng {
  explicit Rng(uint64_t seed) : gen(seed) {}
  std::mt19937_64 gen;
  std::mutex mu;
};

// An object a kernel keeps in the session by name (a tf.data iterator): it lives until the
// session closes, and is destroyed before the session's variables.
struct Resource {
  virtual ~Resource() = default;
  // Session.close: release what it holds (threads, files) now, not when the last reference
  // goes; a kernel still holding it must then refuse to use it.
  virtual void close() {}
};

class SessionState {
 public:
  // The slot for a variable, created empty on first use; stable for the session's life.
  std::shared_ptr<VarSlot> slot(const std::string& name);
  std::shared_ptr<VarSlot> find(const std::string& name) const;
  void drop(const std::string& name);
  std::vector<std::string> initialized_names() const;

  // One generator per random node: the same seeds give the same sequence in every session.
  Rng& rng(int64_t node_id, uint64_t seed);

  // How many times a node has counted itself in this session, this call included (tf.Print's
  // first_n: a session's plans share the count, as TF shares a stateful kernel).
  int64_t count_run(int64_t node_id);

  // The resource of that name, made by `make` on first use; Cancelled once the session closed.
  std::shared_ptr<Resource> resource(const std::string& name, const std::function<std::shared_ptr<Resource>()>& make);
  // Session.close: closes every resource (a run using one fails cleanly) and refuses new ones.
  void close_resources();

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<VarSlot>> vars_;
  std::unordered_map<int64_t, std::unique_ptr<Rng>> rngs_;
  std::unordered_map<int64_t, int64_t> run_counts_;
  bool closed_ = false;
  std::unordered_map<std::string, std::shared_ptr<Resource>> resources_;  // last: destroyed first
};

}  // namespace jf
