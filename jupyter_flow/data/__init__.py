"""tf.data: input pipelines run by the engine (see dataset.py; the C++ side is src_cpp/dataset/).

from_generator is the one source that calls Python (once per element, under the GIL): the slow
path, for data that no other source can describe.
"""
from . import generator as _generator  # noqa: F401  (attaches from_generator to Dataset)
from . import sources as _sources  # noqa: F401  (attaches from_tensor_slices, range... to Dataset)
from .dataset import AUTOTUNE, Dataset
from .iterator import Iterator, make_initializable_iterator, make_one_shot_iterator
from .sources import TextLineDataset, TFRecordDataset


class experimental:  # noqa: N801  (tf.data.experimental, as a namespace)
    AUTOTUNE = AUTOTUNE


__all__ = ["AUTOTUNE", "Dataset", "Iterator", "TextLineDataset", "TFRecordDataset", "experimental",
           "make_initializable_iterator", "make_one_shot_iterator"]
