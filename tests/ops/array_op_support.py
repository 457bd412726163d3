"""Fixtures and sample data shared by the array-op tests (shape, concat, indexing, sequence)."""
import numpy as np
import pytest

import jupyter_flow as tf

ALL_DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_, object]


@pytest.fixture(autouse=True)
def graph():
    with tf.Graph().as_default() as g:
        yield g


@pytest.fixture
def sess(graph):
    with tf.Session(graph=graph) as s:
        yield s


def sample(shape, dtype=np.float64, start=0):
    """Distinct, readable values of any dtype (strings are b'0', b'1', ...)."""
    n = int(np.prod(shape, dtype=np.int64))
    if dtype is object:
        return np.array([str(i).encode() for i in range(start, start + n)], dtype=object).reshape(shape)
    if dtype is np.bool_:
        return ((np.arange(n) + start) % 3 == 0).reshape(shape)
    return (np.arange(n) + start).astype(dtype).reshape(shape)
