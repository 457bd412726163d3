"""Run a function in a forked child, so a crash (a signal), a hang or an out-of-memory kill
fails one test instead of the test process.

    outcome = run_forked(lambda: sess.run(t), memory_limit=2 << 30)
    assert outcome.kind == "returned", outcome

The child may only use what is safe after fork(): no threads it did not start itself (BLAS
calls in a child of a process whose BLAS threads already ran can hang; keep the work small).
"""
import os
import pickle
import resource
import signal
from dataclasses import dataclass


@dataclass
class Outcome:
    kind: str            # "returned", "raised" or "signal"
    value: object = None  # the return value, (exception type name, message) or the signal number
    max_rss_bytes: int = 0  # the child's peak resident memory

    def __repr__(self):
        return f"Outcome({self.kind}, {self.value!r}, max_rss={self.max_rss_bytes >> 20} MiB)"


def run_forked(fn, timeout=60, memory_limit=None):
    """fn() in a forked child; `memory_limit` (bytes) caps its address space."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read)
            signal.alarm(timeout)
            if memory_limit is not None:
                resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
            try:
                result = ("returned", fn())
            except BaseException as e:  # noqa: BLE001 - reported to the parent
                result = ("raised", (type(e).__name__, str(e)))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            with os.fdopen(write, "wb") as f:
                pickle.dump(result + (peak,), f)
        except BaseException:  # noqa: BLE001
            status = 1
        os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return Outcome("signal", os.WTERMSIG(status))
    if not data:
        return Outcome("raised", ("ChildFailed", f"exit status {os.WEXITSTATUS(status)}"))
    kind, value, peak = pickle.loads(data)
    return Outcome(kind, value, peak)
