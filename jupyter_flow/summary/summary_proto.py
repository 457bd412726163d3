"""Serialized ``Summary`` protocol buffers, exactly as TF1's summary kernels produce them.

These are the reference the engine's C++ summary kernels are tested against: ``scalar`` is
ScalarSummary, ``histogram`` is HistogramSummary, ``text`` is TensorSummaryV2 with the text plugin's
metadata (``tf.summary.text``), and ``merge`` is MergeSummary. Each returns ``bytes``.

    >>> Summary.FromString(scalar("loss", 0.25)).value[0].simple_value
    0.25
"""

import numpy as np
from google.protobuf.message import DecodeError

from .histogram_buckets import histogram_proto
from .protos import DataType, Summary, SummaryMetadata, TensorProto

TEXT_PLUGIN_NAME = "text"


def scalar(tag, value):
    """``Summary`` bytes with one value ``tag`` -> ``float32(value)`` (``tf.summary.scalar``).

        >>> Summary.FromString(scalar("mse", 3)).value[0].tag
        'mse'
    """
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"summary.scalar '{tag}' needs a real number, got dtype {array.dtype}; "
            "cast it first, e.g. tf.cast(x, tf.float32)"
        )
    if array.shape != ():
        raise ValueError(
            f"summary.scalar '{tag}' needs a single value (shape []), got shape {list(array.shape)}; "
            "reduce it first, e.g. tf.reduce_mean(x)"
        )
    simple_value = float(array.astype(np.float32))
    return Summary(value=[Summary.Value(tag=_check_tag(tag), simple_value=simple_value)]).SerializeToString()


def histogram(tag, values):
    """``Summary`` bytes with the histogram of ``values`` under ``tag`` (``tf.summary.histogram``).

        >>> Summary.FromString(histogram("w", [1.0, 2.0])).value[0].histo.num
        2.0
    """
    histo = histogram_proto(values, tag_for_errors=tag)
    return Summary(value=[Summary.Value(tag=_check_tag(tag), histo=histo)]).SerializeToString()


def text(tag, value):
    """``Summary`` bytes holding a string tensor for TensorBoard's text plugin (``tf.summary.text``).

        >>> Summary.FromString(text("notes", "hello")).value[0].tensor.string_val
        [b'hello']
    """
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name=TEXT_PLUGIN_NAME))
    tensor = string_tensor_proto(value, what=f"summary.text '{tag}'")
    return Summary(
        value=[Summary.Value(tag=_check_tag(tag), metadata=metadata, tensor=tensor)]
    ).SerializeToString()


def string_tensor_proto(value, what="a string tensor"):
    """A DT_STRING TensorProto with one ``string_val`` per element, in flat order (TF's AsProtoField).

        >>> string_tensor_proto([["a", "b"]]).tensor_shape.dim[1].size
        2
    """
    array = np.asarray(value, dtype=object)
    elements = [_as_bytes(element, what) for element in array.ravel()]
    proto = TensorProto(dtype=DataType.DT_STRING, string_val=elements)
    # TF always writes the shape field, empty for a scalar; keep the bytes identical.
    proto.tensor_shape.SetInParent()
    for size in array.shape:
        proto.tensor_shape.dim.add(size=size)
    return proto


def merge(inputs):
    """``Summary`` bytes holding every value of every input, in order (``tf.summary.merge``).

    ``inputs`` is a list whose items are serialized summaries (bytes), ``Summary`` messages, or arrays
    of serialized summaries (as a string tensor of any shape). Two values with the same non-empty tag
    are an error, as in TF.

        >>> len(Summary.FromString(merge([scalar("a", 1), scalar("b", 2)])).value)
        2
    """
    merged = Summary()
    seen_tags = set()
    for serialized in _flatten_summary_inputs(inputs):
        part = _parse_summary(serialized)
        for value in part.value:
            if value.tag:
                if value.tag in seen_tags:
                    raise ValueError(
                        f"Duplicate tag {value.tag} found in summary inputs; give each summary "
                        "a distinct name"
                    )
                seen_tags.add(value.tag)
            merged.value.add().CopyFrom(value)
    return merged.SerializeToString()


def _flatten_summary_inputs(inputs):
    if isinstance(inputs, (bytes, Summary)):
        inputs = [inputs]
    for item in inputs:
        if isinstance(item, np.bytes_) or (isinstance(item, np.ndarray) and item.dtype.kind == "S"):
            raise TypeError(
                "summary.merge: NumPy fixed-width bytes (np.bytes_, dtype 'S') lose trailing zero "
                "bytes when taken from an array, which corrupts serialized summaries; pass Python "
                "bytes or an object array"
            )
        if isinstance(item, Summary):
            yield item
        elif isinstance(item, (bytes, bytearray, memoryview)):
            yield bytes(item)
        else:
            array = np.asarray(item, dtype=object)
            for element in array.ravel():
                yield _as_bytes(element, "summary.merge input")


def _parse_summary(serialized):
    if isinstance(serialized, Summary):
        return serialized
    try:
        return Summary.FromString(serialized)
    except DecodeError as error:
        raise ValueError(
            f"Could not parse one of the summary inputs ({len(serialized)} bytes): {error}; "
            "merge only takes the outputs of summary operations"
        ) from None


def _as_bytes(element, what):
    if isinstance(element, (bytes, np.bytes_)):
        return bytes(element)
    if isinstance(element, str):
        return element.encode("utf-8")
    raise TypeError(f"{what} needs strings or bytes, got {type(element).__name__} {element!r}")


def _check_tag(tag):
    if not isinstance(tag, str) or not tag:
        raise ValueError(f"summary tag must be a non-empty string, got {tag!r}")
    return tag
