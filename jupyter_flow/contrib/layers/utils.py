"""tf.contrib.layers' utils (slim.utils): the aliases that layers give their outputs when
outputs_collections is set, and convert_collection_to_dict, which turns such a collection into
slim's end_points {alias: tensor}; also two_element_tuple, last_dimension.

>>> with slim.arg_scope([slim.conv2d, slim.max_pool2d], outputs_collections="end_points"):
...     net = slim.conv2d(images, 32, [3, 3], scope="conv1")
>>> end_points = slim.utils.convert_collection_to_dict("end_points")    # {"conv1": net}
"""
import collections
import weakref

from ...framework.graph import get_collection, get_default_graph

# Tensors keep no attributes of their own (__slots__): their aliases live here, dropped with them.
_ALIASES = weakref.WeakKeyDictionary()


def append_tensor_alias(tensor, alias):
    """Adds `alias` (a trailing '/' removed) to the aliases of `tensor`; returns the tensor.

    >>> append_tensor_alias(net, "vgg_16/conv1/")
    """
    if alias.endswith("/"):
        alias = alias[:-1]
    _ALIASES.setdefault(tensor, []).append(alias)
    return tensor


def get_tensor_aliases(tensor):
    """The aliases of `tensor`, or its name (without ':0') when it has none.

    >>> get_tensor_aliases(net)        # ['conv1']
    """
    if tensor in _ALIASES:
        return list(_ALIASES[tensor])
    return [tensor.name[:-2] if tensor.name.endswith(":0") else tensor.name]


def gather_tensors_aliases(tensors):
    """The aliases of each tensor, in order.

    >>> gather_tensors_aliases(tf.get_collection("end_points"))
    """
    return [alias for t in tensors for alias in get_tensor_aliases(t)]


def collect_named_outputs(collections_, alias, outputs):
    """Adds `outputs` to `collections_` under `alias` (nothing when collections_ is empty).

    >>> net = collect_named_outputs("end_points", "my_block", net)
    """
    if collections_:
        append_tensor_alias(outputs, alias)
        keys = [collections_] if isinstance(collections_, str) else collections_
        get_default_graph().add_to_collections(keys, outputs)
    return outputs


def convert_collection_to_dict(collection, clear_collection=False):
    """{alias: tensor} over the tensors of `collection`, in collection order (slim's end_points).

    >>> end_points = slim.utils.convert_collection_to_dict(end_points_collection)
    """
    output = collections.OrderedDict((alias, t) for t in get_collection(collection)
                                     for alias in get_tensor_aliases(t))
    if clear_collection:
        get_default_graph().clear_collection(collection)
    return output


def two_element_tuple(int_or_tuple):
    """(n, n) from an int, (a, b) from a pair (a list, tuple or TensorShape of two).

    >>> two_element_tuple(3)      # (3, 3)
    """
    if isinstance(int_or_tuple, (list, tuple)):
        if len(int_or_tuple) != 2:
            raise ValueError(f"Must be a list with 2 elements: {int_or_tuple}")
        return int(int_or_tuple[0]), int(int_or_tuple[1])
    if isinstance(int_or_tuple, int):
        return int(int_or_tuple), int(int_or_tuple)
    if hasattr(int_or_tuple, "as_list"):
        return two_element_tuple(int_or_tuple.as_list())
    raise ValueError(f"Must be an int, a list with 2 elements or a TensorShape of length 2, got {int_or_tuple!r}")


def last_dimension(shape, min_rank=1):
    """The static size of the last dimension of `shape` (ValueError when unknown or rank < min_rank).

    >>> last_dimension(images.get_shape(), min_rank=4)
    """
    dims = shape.dims if hasattr(shape, "dims") else None
    if dims is None:
        raise ValueError("dims of shape must be known but is None")
    if len(dims) < min_rank:
        raise ValueError(f"rank of shape must be at least {min_rank} not: {len(dims)}")
    value = dims[-1].value if hasattr(dims[-1], "value") else dims[-1]
    if value is None:
        raise ValueError("last dimension shape must be known but is None")
    return value
