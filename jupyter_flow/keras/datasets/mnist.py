"""tf.keras.datasets.mnist.load_data: the 70,000 handwritten digits of Keras' mnist.npz."""
import os

import numpy as np

from .cache import datasets_dir, missing_file_error

_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"


def load_data(path="mnist.npz"):
    """((x_train [60000, 28, 28] uint8, y_train), (x_test [10000, 28, 28], y_test)) from
    ~/.keras/datasets/<path> (an absolute path is used as it is).

    >>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.mnist.load_data()
    """
    full = path if os.path.isabs(path) else os.path.join(datasets_dir(), path)
    if not os.path.exists(full):
        raise missing_file_error("tf.keras.datasets.mnist.load_data()", full, _URL)
    with np.load(full, allow_pickle=False) as f:
        missing = {"x_train", "y_train", "x_test", "y_test"} - set(f.files)
        if missing:
            raise ValueError(f"{full} is not Keras' mnist.npz: it lacks {sorted(missing)} (it has {f.files})")
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
