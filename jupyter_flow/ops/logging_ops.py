"""Printing values in the middle of a run: TF1's `tf.Print` (an identity that prints) and
`tf.print` (an op that prints). Kernels in src_cpp/kernels/logging.cc; the text goes to Python's
sys.stderr (or sys.stdout), so in a notebook it appears under the cell that ran the session,
not in the terminal that started Jupyter as with TensorFlow's own kernels.
"""
import sys

from ..framework import dtypes
from ..framework.graph import Tensor, get_default_graph
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import no_outputs
from ..framework.tensor_shape import SCALAR
from .constant_op import convert_to_tensor


def _same_as_first_input(inputs, attrs):
    return [(inputs[0]._dtype, inputs[0]._shape)]


def _one_string(inputs, attrs):
    return [(dtypes.string, SCALAR)]


def _print_v2_infer(inputs, attrs):
    t = inputs[0]
    if t._dtype is not dtypes.string or not t._shape.is_compatible_with(SCALAR):
        raise TypeError(f"PrintV2 prints one string (shape []), got '{t.name}' of {t._dtype.name} {t._shape}")
    return no_outputs(inputs, attrs)


# Stateful: a print must happen at every run, so it is never folded into a cached constant.
define_op("Print", infer=_same_as_first_input, stateful=True)
define_op("StringFormat", infer=_one_string)
define_op("PrintV2", infer=_print_v2_infer, stateful=True)
not_differentiable("StringFormat", "PrintV2")


@register_gradient("Print")
def _print_grad(op, grad):
    # The printed values are a side show: the gradient flows only through input_.
    return [grad] + [None] * (len(op.inputs) - 1)


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF1's name
    """`input_`, unchanged; when it is computed, prints `message` and the values of `data`.

    >>> theta = tf.Print(theta, [theta, mse], "theta, mse = ", summarize=10)
    >>> sess.run(training_op)      # prints e.g. "theta, mse = [0.1 0.2][0.53]" to stderr
    """
    x = convert_to_tensor(input_)
    if isinstance(data, (Tensor, str)) or not hasattr(data, "__iter__"):
        raise TypeError(f"tf.Print's data must be a list of tensors to print, e.g. [{x.op.name}], "
                        f"got {type(data).__name__}")
    items = [convert_to_tensor(d) for d in data]
    attrs = {"message": "" if message is None else str(message),
             "first_n": -1 if first_n is None else int(first_n),
             "summarize": 3 if summarize is None else int(summarize)}
    return x.graph.create_op("Print", (x, *items), attrs, name or "Print")._outputs[0]


class _Slot:
    """Stands for a tensor inside a printed Python structure: str() of the structure shows the
    placeholder where the tensor's value will go."""

    def __init__(self, placeholder):
        self.placeholder = placeholder

    def __repr__(self):
        return self.placeholder


def _is_tensor_like(value):
    return isinstance(value, Tensor) or hasattr(value, "_as_tensor")


def _replace_tensors(value, placeholder, tensors):
    if _is_tensor_like(value):
        tensors.append(convert_to_tensor(value))
        return _Slot(placeholder)
    if isinstance(value, dict):
        return type(value)((k, _replace_tensors(v, placeholder, tensors)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        items = [_replace_tensors(v, placeholder, tensors) for v in value]
        return type(value)(items) if not hasattr(value, "_fields") else type(value)(*items)
    return value


# The streams as they were at import (the default argument's value) count as the same stream:
# the text goes to whatever sys.stderr / sys.stdout is when the op runs.
_IMPORT_TIME_STREAMS = {id(sys.stderr): "stderr", id(sys.stdout): "stdout"}


def _stream_name(output_stream):
    if output_stream is sys.stderr or output_stream is sys.__stderr__:
        return "stderr"
    if output_stream is sys.stdout or output_stream is sys.__stdout__:
        return "stdout"
    if id(output_stream) in _IMPORT_TIME_STREAMS:
        return _IMPORT_TIME_STREAMS[id(output_stream)]
    if output_stream in ("stderr", "stdout"):
        return output_stream
    raise ValueError(f"tf.print's output_stream must be sys.stderr or sys.stdout, got {output_stream!r}")


def print(*inputs, output_stream=sys.stderr, summarize=3, sep=" ", end="\n", name=None):  # noqa: A001 - TF's name
    """An op that prints `inputs` (tensors, Python values, lists/dicts holding tensors) when run.

    >>> print_op = tf.print("step", global_step, "loss", loss)
    >>> sess.run([training_op, print_op])      # prints e.g. "step 10 loss 0.25" to stderr
    """
    stream = _stream_name(output_stream)
    texts = [v if isinstance(v, str) else None for v in inputs]
    placeholder = "{}"
    literal = "".join(t for t in texts if t is not None) + str(sep)
    while placeholder in literal:  # a placeholder that no literal text contains
        placeholder = "{" + placeholder + "}"
    tensors = []
    parts = []
    for value in inputs:
        if isinstance(value, str):
            parts.append(value)
        else:
            parts.append(str(_replace_tensors(value, placeholder, tensors)))
    template = str(sep).join(parts)
    if template.count(placeholder) != len(tensors):  # a non-string object's str() used the placeholder
        raise ValueError(f"tf.print could not format {inputs!r}: a value's text contains {placeholder!r}")
    g = tensors[0].graph if tensors else get_default_graph()
    with g.as_default():
        formatted = g.create_op("StringFormat", tuple(tensors),
                                {"template": template, "placeholder": placeholder,
                                 "summarize": 3 if summarize is None else int(summarize)},
                                "StringFormat")._outputs[0]
        return g.create_op("PrintV2", (formatted,), {"output_stream": stream, "end": str(end)}, name or "PrintV2")
