"""tf.py_func: a Python function as an op (TF1's escape hatch, and its documented slow path).

The kernel (src_cpp/kernels/script.cc) takes the GIL at each run, hands the inputs to the function
as NumPy arrays and converts what it returns to the declared dtypes. As in TF1, a string tensor
arrives as an object array of bytes (a scalar as bytes) and a tf.string result may be bytes, str
(encoded as UTF-8) or an array or list of them. A Python exception inside the
function fails the run with tf.errors.InvalidArgumentError naming the op ("ValueError: ...").
Because the function runs in the middle of a step, while other kernels may run on engine threads,
it must not call Session.run itself.
"""
import itertools
import threading

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import UNKNOWN
from .constant_op import convert_to_tensor

_registry = {}  # token -> the Python function of a PyFunc op (kept for the life of the process, as TF1)
_tokens = itertools.count(1)
_lock = threading.Lock()


def _py_func_infer(inputs, attrs):
    return [(dt, UNKNOWN) for dt in attrs["Tout"]]


# Stateful: the function may have side effects, and its result must never be cached as a constant.
define_op("PyFunc", infer=_py_func_infer, stateful=True)
not_differentiable("PyFunc")


def run_registered(token, args):
    """Called by the engine (with the GIL held): the function's results as a list."""
    func, single = _registry[token]
    result = func(*args)
    if single:
        return [result]
    if result is None:
        return []
    return list(result)


def py_func(func, inp, Tout, stateful=True, name=None):  # noqa: N803 - TF1's argument name
    """An op computing func(*inputs) in Python: NumPy arrays in, values of the dtypes `Tout` out.

    >>> def clip01(a): return np.clip(a, 0, 1)
    >>> y = tf.py_func(clip01, [x], tf.float32)

    The result's shape is unknown (use tensor.set_shape). The op has no gradient.
    """
    single = not isinstance(Tout, (list, tuple))
    touts = [dtypes.as_dtype(t) for t in ([Tout] if single else Tout)]
    inputs = [convert_to_tensor(x) for x in inp]
    g = inputs[0].graph if inputs else get_default_graph()
    with _lock:
        token = next(_tokens)
        _registry[token] = (func, single)
    op = g.create_op("PyFunc", tuple(inputs), {"token": token, "Tout": touts, "stateful": bool(stateful)},
                     name or "PyFunc")
    if single:
        return op._outputs[0]
    return list(op._outputs)


numpy_function = py_func


class _EagerArray(np.ndarray):
    """A NumPy array that also answers .numpy(), as the EagerTensors tf.py_function passes."""

    def numpy(self):
        return np.asarray(self)


class _EagerBytes(bytes):
    def numpy(self):
        return bytes(self)


def _eager_like(value):
    if isinstance(value, np.ndarray):
        return value.view(_EagerArray)
    if isinstance(value, bytes):
        return _EagerBytes(value)
    return value


def py_function(func, inp, Tout, name=None):  # noqa: N803 - TF1's argument name
    """tf.py_function in graph mode: as tf.py_func, but func's arguments also have .numpy()
    (TF hands it EagerTensors), so code written for TF2's py_function runs unchanged. The op
    has no gradient.

    >>> y = tf.py_function(lambda a: a.numpy() * 2, [x], tf.float32)
    """
    def call(*args):
        return func(*[_eager_like(a) for a in args])
    call.__name__ = getattr(func, "__name__", "py_function")
    return py_func(call, inp, Tout, stateful=True, name=name or "EagerPyFunc")
