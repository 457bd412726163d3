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


for _t in ("ScalarSummary", "HistogramSummary", "TextSummary", "MergeSummary", "ImageSummary"):
    define_op(_t, infer=_summary_infer)
not_differentiable("ScalarSummary", "HistogramSummary", "TextSummary", "MergeSummary", "ImageSummary")


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


def _summary(op_type, name, tensor, collections, family, **attrs):
    name = clean_tag(name)
    t = convert_to_tensor(tensor)
    g = t.graph
    base = f"{family}/{name}" if family else name
    with g.as_default(), g.name_scope(base) as scope:
        # TF1: the tag is the summary's name-scoped name, prefixed by its family once more (the op is
        # named family/name, its tag family/family/name), so TensorBoard shows it in the family's tab.
        tag = f"{family}/{scope[:-1]}" if family else scope[:-1]
        op = g.create_op(op_type, (t,), {"tag": tag, **attrs}, scope)
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


_IMAGE_DTYPES = ("uint8", "float32", "float16", "float64")


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A summary op logging up to `max_outputs` images of a [batch, height, width, channels] tensor
    (channels 1, 3 or 4) as PNGs, tagged 'name/image/0', 'name/image/1', ... ('name/image' when
    max_outputs is 1). Float images are rescaled one at a time to [0, 255] (src_cpp/kernels/image_summary.cc).

    >>> tf.summary.image("digits", tf.reshape(X[:3], [-1, 28, 28, 1]))
    """
    t = convert_to_tensor(tensor)
    if t.dtype.name not in _IMAGE_DTYPES:
        raise TypeError(f"Value passed to parameter 'tensor' has DataType {t.dtype.name} not in list of allowed "
                        f"values: {', '.join(_IMAGE_DTYPES)}")
    return _summary("ImageSummary", name, t, collections, family, max_images=int(max_outputs))


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
