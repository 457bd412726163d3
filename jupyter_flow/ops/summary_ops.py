"""Summary ops: their value is a serialized Summary protocol buffer computed by the engine
(src_cpp/kernels/summary.cc), ready for FileWriter.add_summary."""
import logging
import re

from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import SCALAR
from .constant_op import convert_to_tensor


def _summary_infer(inputs, attrs):
    return [(dtypes.string, SCALAR)]


for _t in ("ScalarSummary", "HistogramSummary", "TextSummary", "MergeSummary"):
    define_op(_t, infer=_summary_infer)
not_differentiable("ScalarSummary", "HistogramSummary", "TextSummary", "MergeSummary")


_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w.]")
_log = logging.getLogger("jupyter_flow")


def clean_tag(name):
    """A summary name made a valid op name as TF1 does: other characters become '_', leading '/' go.

    >>> clean_tag("W1:0")
    'W1_0'
    """
    if not name:
        return name
    new_name = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    if new_name != name:
        _log.info("Summary name %s is illegal; using %s instead.", name, new_name)
    return new_name


def _summary(op_type, name, tensor, collections, family):
    name = clean_tag(name)
    t = convert_to_tensor(tensor)
    g = t.graph
    base = f"{family}/{name}" if family else name
    with g.as_default(), g.name_scope(base) as scope:
        tag = scope[:-1]  # TF1: the tag is the summary's name-scoped name
        op = g.create_op(op_type, (t,), {"tag": tag}, scope)
    for key in (collections if collections is not None else [GraphKeys.SUMMARIES]):
        g.add_to_collection(key, op.outputs[0])
    return op.outputs[0]


def scalar(name, tensor, collections=None, family=None):
    """A summary op logging one number under tag `name` (a learning curve point).

    >>> mse_summary = tf.summary.scalar('MSE', mse)
    """
    t = convert_to_tensor(tensor)
    if t.shape.ndims not in (None, 0):
        raise ValueError(f"tf.summary.scalar('{name}') needs a scalar tensor, got '{t.name}' of shape {t.shape}; "
                         f"reduce it first, e.g. tf.reduce_mean")
    return _summary("ScalarSummary", name, t, collections, family)


def histogram(name, values, collections=None, family=None):
    """A summary op logging the distribution of `values` (TensorBoard's histograms tab)."""
    return _summary("HistogramSummary", name, values, collections, family)


def text(name, tensor, collections=None):
    """A summary op logging strings for TensorBoard's text tab."""
    t = convert_to_tensor(tensor)
    if t.dtype is not dtypes.string:
        raise TypeError(f"tf.summary.text('{name}') needs a string tensor, got {t.dtype.name}")
    return _summary("TextSummary", name, t, collections, None)


def merge(inputs, collections=None, name=None):
    """One summary op holding the values of all `inputs` (duplicate tags are an error at run time)."""
    ts = [convert_to_tensor(i) for i in inputs]
    if not ts:
        raise ValueError("tf.summary.merge needs at least one summary")
    g = ts[0].graph
    op = g.create_op("MergeSummary", tuple(ts), {"N": len(ts)}, name or "Merge/MergeSummary")
    for key in collections or ():
        g.add_to_collection(key, op.outputs[0])
    return op.outputs[0]


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """All summaries of collection `key` merged into one op (None when there are none)."""
    summaries = get_default_graph().get_collection(key, scope)
    if not summaries:
        return None
    return merge(summaries, name=name)
