"""TF1's tutorial MNIST reader: read_data_sets(train_dir) over the four gzipped IDX files in
train_dir (never downloaded here), giving train/validation/test DataSets with next_batch.

>>> mnist = input_data.read_data_sets("/tmp/data/")
>>> X_batch, y_batch = mnist.train.next_batch(50)
"""
import collections
import os

import numpy as np

from ....framework import dtypes
from ....keras.datasets.cache import read_idx

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


def _magic(path):
    head = read_idx(path, 0)[:16]
    return int.from_bytes(head[:4].tobytes(), "big"), head


def extract_images(path):
    """[N, rows, cols, 1] uint8 images of an IDX3 file (magic number 2051)."""
    magic, head = _magic(path)
    if magic != 2051:
        raise ValueError(f"Invalid magic number {magic} in MNIST image file: {path}")
    count, rows, cols = (int.from_bytes(head[i:i + 4].tobytes(), "big") for i in (4, 8, 12))
    data = read_idx(path, 16)
    if data.size != count * rows * cols:
        raise ValueError(f"{path} is truncated: it declares {count} images of {rows}x{cols} but holds {data.size} bytes")
    return data.reshape(count, rows, cols, 1)


def extract_labels(path, one_hot=False, num_classes=10):
    """[N] uint8 labels of an IDX1 file (magic number 2049), or [N, num_classes] one-hot floats."""
    magic, _ = _magic(path)
    if magic != 2049:
        raise ValueError(f"Invalid magic number {magic} in MNIST label file: {path}")
    labels = read_idx(path, 8)
    return dense_to_one_hot(labels, num_classes) if one_hot else labels


def dense_to_one_hot(labels_dense, num_classes):
    one_hot = np.zeros((len(labels_dense), num_classes))
    one_hot[np.arange(len(labels_dense)), labels_dense] = 1
    return one_hot


def _dtype_name(dtype):
    # tf.float32, np.uint8 or 'uint8' alike (jupyter_flow has no uint8 tensors; images stay NumPy)
    name = getattr(dtype, "name", None)
    return name if isinstance(name, str) else np.dtype(dtype).name


class DataSet:
    """Images (float32 in [0, 1], flattened to 784 values, by default) and labels, served in
    mini-batches that reshuffle at each epoch (TF1's DataSet).

    >>> X_batch, y_batch = mnist.train.next_batch(batch_size)
    """

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True, seed=None):
        if fake_data:
            raise NotImplementedError("DataSet(fake_data=True) is not supported; pass real arrays")
        dtype = _dtype_name(dtype)
        if dtype not in ("uint8", "float32"):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if seed is not None:
            np.random.seed(seed)  # TF1 seeds NumPy's global generator, which next_batch shuffles with
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
        if reshape and images.ndim == 4:
            images = images.reshape(images.shape[0], images.shape[1] * images.shape[2] * images.shape[3])
        if dtype == "float32":
            images = np.multiply(images.astype(np.float32), 1.0 / 255.0)
        self._images, self._labels = images, labels
        self._num_examples = images.shape[0]
        self._epochs_completed, self._index_in_epoch = 0, 0

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def _shuffle(self):
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images, self._labels = self._images[perm], self._labels[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples; an epoch's end is completed from the next (reshuffled) one."""
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size > self._num_examples:
            self._epochs_completed += 1
            images_rest, labels_rest = self._images[start:], self._labels[start:]
            if shuffle:
                self._shuffle()
            end = self._index_in_epoch = batch_size - len(images_rest)
            return (np.concatenate((images_rest, self._images[:end]), axis=0),
                    np.concatenate((labels_rest, self._labels[:end]), axis=0))
        self._index_in_epoch += batch_size
        return self._images[start:start + batch_size], self._labels[start:start + batch_size]


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=dtypes.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=None):
    """Datasets(train, validation, test) from the MNIST files in train_dir; the first
    validation_size training images are the validation set.

    >>> mnist = input_data.read_data_sets("/tmp/data/", one_hot=True)
    """
    paths = {name: os.path.join(train_dir, name) for name in (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)}
    for name, path in paths.items():
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"read_data_sets('{train_dir}'): {path} is not there, and jupyter_flow never downloads. Download "
                f"{_SOURCE_URL}{name} (and the other three of {sorted(paths)}) into {train_dir}; to work offline, "
                f"sklearn.datasets.load_digits() gives 8x8 digits with no download.")
    train_images = extract_images(paths[TRAIN_IMAGES])
    train_labels = extract_labels(paths[TRAIN_LABELS], one_hot=one_hot)
    test_images = extract_images(paths[TEST_IMAGES])
    test_labels = extract_labels(paths[TEST_LABELS], one_hot=one_hot)
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(f"Validation size should be between 0 and {len(train_images)}. Received: {validation_size}.")
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(train=DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
                    validation=DataSet(train_images[:validation_size], train_labels[:validation_size], **options),
                    test=DataSet(test_images, test_labels, **options))


def load_mnist(train_dir="MNIST-data"):
    return read_data_sets(train_dir)
