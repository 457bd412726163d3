// Engine errors. Codes follow TensorFlow's error codes so the Python layer can map each one
// to the matching tf.errors class; node_id names the op at fault (-1 when none).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace jf {

enum class Code : int {
  Cancelled = 1,
  InvalidArgument = 3,
  NotFound = 5,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  DataLoss = 15,
};

class EngineError : public std::runtime_error {
 public:
  EngineError(Code code, const std::string& msg, int64_t node_id = -1)
      : std::runtime_error(msg), code(code), node_id(node_id) {}
  Code code;
  int64_t node_id;
};

[[noreturn]] inline void fail(Code code, const std::string& msg) { throw EngineError(code, msg); }
[[noreturn]] inline void invalid_argument(const std::string& msg) { fail(Code::InvalidArgument, msg); }

}  // namespace jf
