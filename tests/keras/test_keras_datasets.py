"""Dataset loaders read the files Keras and TF1's tutorials cached (tiny fake ones built here) and,
when a file is missing, say which file to put where; they never download."""
import gzip
import os

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.examples.tutorials.mnist import input_data


def _write_idx(path, array, magic):
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def _fake_mnist_dir(folder, n_train=6, n_test=3):
    images = np.arange(n_train * 28 * 28, dtype=np.int64).reshape(n_train, 28, 28) % 256
    _write_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), images, 2051)
    _write_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"), np.arange(n_train) % 10, 2049)
    _write_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), images[:n_test] // 2, 2051)
    _write_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"), np.array([7, 2, 1][:n_test]), 2049)
    return images


def test_mnist_load_data_reads_the_keras_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    os.makedirs(tmp_path / "datasets")
    x = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    np.savez(tmp_path / "datasets" / "mnist.npz", x_train=x, y_train=np.array([5, 0], np.uint8), x_test=x[:1],
             y_test=np.array([7], np.uint8))
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
    assert x_train.shape == (2, 28, 28) and x_train.dtype == np.uint8 and x_train[1, 0, 5] == 789 % 256
    assert y_train.tolist() == [5, 0] and x_test.shape == (1, 28, 28) and y_test.tolist() == [7]


def test_missing_keras_file_names_the_file_and_does_not_download(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    expected = os.path.join(str(tmp_path), "datasets", "mnist.npz")
    with pytest.raises(FileNotFoundError, match="never downloads") as info:
        tf.keras.datasets.mnist.load_data()
    assert expected in str(info.value) and "mnist.npz" in str(info.value)
    with pytest.raises(FileNotFoundError, match="fashion-mnist.train-labels-idx1-ubyte.gz"):
        tf.keras.datasets.fashion_mnist.load_data()
    assert os.listdir(tmp_path) == []


def test_fashion_mnist_reads_the_four_gz_files(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets" / "fashion-mnist"
    os.makedirs(folder)
    images = _fake_mnist_dir(str(folder))
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    np.testing.assert_array_equal(x_train, images)
    assert y_train.tolist() == [0, 1, 2, 3, 4, 5] and x_test.shape == (3, 28, 28) and y_test.tolist() == [7, 2, 1]


def test_read_data_sets_splits_scales_and_batches_like_tf1(tmp_path):
    images = _fake_mnist_dir(str(tmp_path))
    mnist = input_data.read_data_sets(str(tmp_path), validation_size=2)
    assert (mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples) == (4, 2, 3)
    assert mnist.train.images.shape == (4, 784) and mnist.train.images.dtype == np.float32
    np.testing.assert_allclose(mnist.validation.images[1], images[1].reshape(-1) / 255.0, rtol=1e-6)
    assert mnist.validation.labels.tolist() == [0, 1]
    xb, yb = mnist.test.next_batch(2, shuffle=False)
    assert yb.tolist() == [7, 2]
    xb, yb = mnist.test.next_batch(2, shuffle=False)  # the epoch's end is completed from the next epoch
    assert yb.tolist() == [1, 7] and mnist.test.epochs_completed == 1
    one_hot = input_data.read_data_sets(str(tmp_path), one_hot=True, validation_size=0)
    assert one_hot.test.labels.shape == (3, 10) and one_hot.test.labels[0].tolist() == [0] * 7 + [1, 0, 0]


def test_read_data_sets_shuffled_batches_cover_each_example_once_per_epoch(tmp_path):
    _fake_mnist_dir(str(tmp_path))
    train = input_data.read_data_sets(str(tmp_path), validation_size=0, seed=3).train
    seen = np.concatenate([train.next_batch(2)[1] for _ in range(3)])
    assert sorted(seen.tolist()) == [0, 1, 2, 3, 4, 5] and train.epochs_completed == 0


def test_read_data_sets_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.gz is not there"):
        input_data.read_data_sets(str(tmp_path))
    _fake_mnist_dir(str(tmp_path))
    with pytest.raises(ValueError, match="Validation size should be between 0 and 6. Received: 7."):
        input_data.read_data_sets(str(tmp_path), validation_size=7)
    _write_idx(os.path.join(tmp_path, "train-labels-idx1-ubyte.gz"), np.arange(6), 2051)
    with pytest.raises(ValueError, match="Invalid magic number 2051 in MNIST label file"):
        input_data.read_data_sets(str(tmp_path))
