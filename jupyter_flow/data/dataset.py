"""tf.data.Dataset: a description of an input pipeline that the engine runs (src_cpp/dataset/).

A Dataset is a node of a tree: its kind (TensorSlice, Map, Batch...), its input datasets, the
tensors it was built from (its parameters: arrays, counts, captured values — placeholders
allowed, fed when an initializable iterator is initialized), integer attributes and, for
map/filter/flat_map/interleave, a traced function. Nothing runs until an iterator's get_next()
is run; then each Session.run pulls one element through the whole pipeline in C++.

>>> ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(1000).batch(100).repeat()
>>> X_batch, y_batch = ds.make_one_shot_iterator().get_next()
"""
import contextlib

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor
from . import structure as st

AUTOTUNE = -1
PIPELINE_SCOPE = "input_pipeline"


@contextlib.contextmanager
def pipeline_scope(graph, kind=None):
    """All of a pipeline's ops (its parameters, traced functions, iterator ops) go under one
    `input_pipeline/` scope of the current scope, so the graph view draws the pipeline as one
    source unit feeding the model."""
    base = graph._name_stack
    with graph.name_scope((base + "/" if base else "") + PIPELINE_SCOPE + "/"):
        if kind is None:
            yield
        else:
            with graph.name_scope(kind):
                yield


def _int64(value, name):
    return convert_to_tensor(value, dtype=dtypes.int64, name=name)


class Dataset(st.HasElementStructure):
    """TF1's tf.data.Dataset (sources: from_tensor_slices, from_tensors, range, zip, from_generator;
    files: tf.data.TextLineDataset, tf.data.TFRecordDataset)."""

    def __init__(self, kind, inputs, params, structure, ints=(), fn=None):
        self._kind = kind
        self._inputs = list(inputs)
        self._params = list(params)
        self._structure = structure
        self._ints = [int(i) for i in ints]
        self._fn = fn
        self._graph = get_default_graph()

    def __repr__(self):
        return f"<{type(self).__name__} shapes: {self.output_shapes}, types: {self.output_types}>"

    def __iter__(self):
        raise TypeError("A tf.data.Dataset is iterated in a session in TF1: make an iterator "
                        "(ds.make_one_shot_iterator().get_next()) and run it until tf.errors.OutOfRangeError")

    def _all_params(self):
        """Every parameter tensor of the tree, in the post-order the engine reads (spec.py)."""
        out = []
        for d in self._inputs:
            out.extend(d._all_params())
        return out + self._params

    def _scope(self, name):
        return pipeline_scope(self._graph, name)

    # ----- sources (defined in sources.py, attached below) -----

    # ----- transformations -----
    def map(self, map_func, num_parallel_calls=None):
        """Apply `map_func` to each element; it is traced once into a graph the engine runs.

        >>> ds.map(lambda x, y: (x / 255.0, y))
        """
        from .function import TracedFunction
        with self._scope("MapDataset"):
            fn = TracedFunction(map_func, self._structure, "map")
        if fn.returns is not None:
            raise TypeError("Dataset.map: the function returned a Dataset; use flat_map or interleave for that")
        return Dataset("Map", [self], fn.captures, fn.result_structure, fn=fn)

    def filter(self, predicate):
        """Keep the elements for which `predicate` returns a true boolean scalar."""
        from .function import TracedFunction
        with self._scope("FilterDataset"):
            fn = TracedFunction(predicate, self._structure, "filter")
        ok = fn.result_structure
        if fn.returns is not None or not isinstance(ok, st.ComponentSpec) or ok.dtype is not dtypes.bool or \
                not ok.shape.is_compatible_with([]):
            raise ValueError(f"`predicate` return type must be convertible to a scalar boolean tensor. Was {ok!r}.")
        return Dataset("Filter", [self], fn.captures, self._structure, fn=fn)

    def flat_map(self, map_func):
        """Map each element to a Dataset and concatenate them."""
        from .function import TracedFunction
        with self._scope("FlatMapDataset"):
            fn = _dataset_function(TracedFunction(map_func, self._structure, "flat_map"), "flat_map")
        return Dataset("FlatMap", [self], fn.captures, fn.returns._structure, fn=fn)

    def interleave(self, map_func, cycle_length=AUTOTUNE, block_length=1, num_parallel_calls=None):
        """Map each element to a Dataset and interleave `cycle_length` of them, `block_length`
        elements at a time (cycle_length AUTOTUNE: 2, this machine's inter-op width)."""
        from .function import TracedFunction
        with self._scope("InterleaveDataset"):
            fn = _dataset_function(TracedFunction(map_func, self._structure, "interleave"), "interleave")
            params = [_int64(2 if cycle_length == AUTOTUNE else cycle_length, "cycle_length"),
                      _int64(block_length, "block_length")]
        return Dataset("Interleave", [self], params + fn.captures, fn.returns._structure, fn=fn)

    def batch(self, batch_size, drop_remainder=False):
        """Stack `batch_size` consecutive elements (the last batch may be smaller unless drop_remainder)."""
        with self._scope("BatchDataset"):
            size = _int64(batch_size, "batch_size")
        return Dataset("Batch", [self], [size], _batched(self._structure, batch_size, drop_remainder),
                       ints=[bool(drop_remainder)])

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False):
        """Batch elements of different shapes, padding each component to `padded_shapes`
        (None dims: the batch's longest) with `padding_values` (default 0 / b'')."""
        from .padding import padded_batch_params
        with self._scope("PaddedBatchDataset"):
            size = _int64(batch_size, "batch_size")
            params, structure = padded_batch_params(self._structure, padded_shapes, padding_values)
        structure = _batched(structure, batch_size, drop_remainder)
        return Dataset("PaddedBatch", [self], [size] + params, structure, ints=[bool(drop_remainder)])

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        """Shuffle with a buffer of `buffer_size` elements; repeatable with a graph or op seed."""
        from ..ops.random_ops import get_seed
        seed1, seed2 = get_seed(seed)
        with self._scope("ShuffleDataset"):
            size = _int64(buffer_size, "buffer_size")
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        return Dataset("Shuffle", [self], [size], self._structure, ints=[seed1 or 0, seed2 or 0, reshuffle])

    def repeat(self, count=None):
        """Repeat the dataset `count` times (None or -1: forever)."""
        with self._scope("RepeatDataset"):
            c = _int64(-1 if count is None else count, "count")
        return Dataset("Repeat", [self], [c], self._structure)

    def take(self, count):
        """The first `count` elements (-1: all)."""
        with self._scope("TakeDataset"):
            c = _int64(count, "count")
        return Dataset("Take", [self], [c], self._structure)

    def skip(self, count):
        """All but the first `count` elements (-1: none)."""
        with self._scope("SkipDataset"):
            c = _int64(count, "count")
        return Dataset("Skip", [self], [c], self._structure)

    def prefetch(self, buffer_size):
        """Prepare up to `buffer_size` elements on a background thread while the graph runs."""
        with self._scope("PrefetchDataset"):
            size = _int64(buffer_size, "buffer_size")
        return Dataset("Prefetch", [self], [size], self._structure)

    def cache(self, filename=""):
        """Keep the elements of the first complete pass (in memory, or in the file `filename`);
        later passes replay them. A file cache outlives the session and is read by any later
        pipeline naming it; a pass that stops early leaves no cache behind.

        >>> ds = tf.data.TextLineDataset("big.csv").map(parse).cache("/tmp/parsed")
        """
        with self._scope("CacheDataset"):
            name = convert_to_tensor(filename, dtype=dtypes.string, name="filename")
        return Dataset("Cache", [self], [name], self._structure, ints=[len(st.flat_specs(self._structure))])

    def concatenate(self, dataset):
        """The elements of this dataset followed by those of `dataset` (same structure and dtypes).

        >>> tf.data.Dataset.range(3).concatenate(tf.data.Dataset.range(5, 7))   # 0, 1, 2, 5, 6
        """
        from ..framework import nest
        if not isinstance(dataset, Dataset):
            raise TypeError(f"Dataset.concatenate needs a tf.data.Dataset, got {type(dataset).__name__}")
        try:
            nest.assert_same_structure(self._structure, dataset._structure)
        except (TypeError, ValueError):
            raise TypeError(f"Two datasets to concatenate have different structures: {self.output_types} and "
                            f"{dataset.output_types}") from None
        mine, theirs = st.flat_specs(self._structure), st.flat_specs(dataset._structure)
        if any(a.dtype is not b.dtype for a, b in zip(mine, theirs)):
            raise TypeError(f"Two datasets to concatenate have different types {self.output_types} and "
                            f"{dataset.output_types}")
        specs = [st.ComponentSpec(a.dtype, _most_specific_compatible(a.shape, b.shape)) for a, b in zip(mine, theirs)]
        return Dataset("Concatenate", [self, dataset], [], nest.pack_sequence_as(self._structure, specs))

    # ----- iterators -----
    def make_one_shot_iterator(self):
        """An iterator that starts on its first get_next() run (no initializer to run)."""
        from .iterator import Iterator
        return Iterator._one_shot(self)

    def make_initializable_iterator(self, shared_name=None):
        """An iterator whose `initializer` op must be run first (and may be run again to restart;
        placeholders the dataset uses are fed then)."""
        from .iterator import Iterator
        return Iterator._initializable(self, shared_name)


def _dataset_function(fn, what):
    if fn.returns is None:
        raise TypeError(f"Dataset.{what}: the function must return a Dataset, got {fn.result_structure!r}")
    return fn


def _most_specific_compatible(a, b):
    """The shape both elements' shapes fit (TF1's most_specific_compatible_shape): unknown where
    the ranks or a dimension differ."""
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_list(), b.as_list())])


def _batched(structure, batch_size, drop_remainder):
    from ..framework import nest
    known = batch_size if drop_remainder and isinstance(batch_size, int) else None
    return nest.map_structure(lambda s: st.ComponentSpec(s.dtype, TensorShape([known]).concatenate(s.shape)), structure)
