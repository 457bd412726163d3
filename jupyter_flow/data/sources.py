"""Where a pipeline's elements come from: tensors (whole or sliced along the first dimension),
a range of integers, other datasets zipped together, text files (one element per line) and
TFRecord files (one element per record)."""
from ..framework import dtypes, nest
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor
from . import structure as st
from .dataset import Dataset, _int64, pipeline_scope


def from_tensor_slices(tensors):
    """One element per row of `tensors` (a tensor, or a tuple/dict of tensors sharing their first dimension).

    >>> tf.data.Dataset.from_tensor_slices((features, labels))
    """
    from ..framework.graph import get_default_graph
    with pipeline_scope(get_default_graph(), "TensorSliceDataset"):
        value = st.normalize(tensors)
    flat = nest.flatten(value)
    if not flat:
        raise ValueError("from_tensor_slices needs at least one tensor")
    first = None
    for t in flat:
        if t.shape.ndims == 0:
            raise ValueError(f"from_tensor_slices: every component must have rank at least 1 (it is sliced along its "
                             f"first dimension), got the scalar {t.name}")
        if t.shape.ndims is not None:
            d = t.shape.as_list()[0]
            if first is not None and d is not None and first != d:
                raise ValueError(f"Dimensions {first} and {d} are not compatible: all components of "
                                 f"from_tensor_slices must have the same first dimension")
            first = d if d is not None else first
    structure = nest.map_structure(lambda t: st.ComponentSpec(t.dtype, t.shape[1:] if t.shape.ndims is not None
                                                              else TensorShape(None)), value)
    return Dataset("TensorSlice", [], flat, structure)


def from_tensors(tensors):
    """A dataset of one element, `tensors` itself."""
    from ..framework.graph import get_default_graph
    with pipeline_scope(get_default_graph(), "TensorDataset"):
        value = st.normalize(tensors)
    return Dataset("Tensor", [], nest.flatten(value), st.structure_of(value))


def range_(*args):
    """Integers like Python's range: range(stop), range(start, stop), range(start, stop, step) (int64)."""
    if not 1 <= len(args) <= 3:
        raise ValueError(f"Dataset.range takes 1 to 3 arguments (stop | start, stop[, step]), got {len(args)}")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (args[0], args[1], args[2] if len(args) == 3 else 1)
    from ..framework.graph import get_default_graph
    with pipeline_scope(get_default_graph(), "RangeDataset"):
        params = [_int64(start, "start"), _int64(stop, "stop"), _int64(step, "step")]
    return Dataset("Range", [], params, st.ComponentSpec(dtypes.int64, []))


def zip_(datasets):
    """Elements of several datasets side by side (a tuple or dict of datasets), until the shortest ends."""
    flat = nest.flatten(datasets)
    for d in flat:
        if not isinstance(d, Dataset):
            raise TypeError(f"Dataset.zip takes a (nested) tuple of datasets, got {d!r}")
    structure = nest.pack_sequence_as(datasets, [d._structure for d in flat])
    return Dataset("Zip", flat, [], structure)


def _filenames(filenames):
    t = convert_to_tensor(filenames, dtype=dtypes.string, name="filenames")
    if t.shape.ndims is not None and t.shape.ndims > 1:
        raise ValueError(f"filenames must be a string scalar or vector, got shape {t.shape}")
    return t


class TextLineDataset(Dataset):
    """The lines of one or more text files (without their line endings), as string scalars.

    >>> tf.data.TextLineDataset("data.csv").skip(1).map(lambda line: tf.decode_csv(line, [[0.0], [0.0]]))
    """

    def __init__(self, filenames, compression_type=None, buffer_size=None):
        if compression_type not in (None, ""):
            raise NotImplementedError("TextLineDataset: compressed files are not supported (compression_type=None)")
        from ..framework.graph import get_default_graph
        with pipeline_scope(get_default_graph(), "TextLineDataset"):
            names = _filenames(filenames)
        super().__init__("TextLine", [], [names], st.ComponentSpec(dtypes.string, []))


class TFRecordDataset(Dataset):
    """The records of one or more TFRecord files (their CRCs checked), as string scalars."""

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None):
        if compression_type not in (None, ""):
            raise NotImplementedError("TFRecordDataset: compressed files are not supported (compression_type=None)")
        from ..framework.graph import get_default_graph
        with pipeline_scope(get_default_graph(), "TFRecordDataset"):
            names = _filenames(filenames)
        super().__init__("TFRecord", [], [names], st.ComponentSpec(dtypes.string, []))


Dataset.from_tensor_slices = staticmethod(from_tensor_slices)
Dataset.from_tensors = staticmethod(from_tensors)
Dataset.range = staticmethod(range_)
Dataset.zip = staticmethod(zip_)
