"""tf.keras.datasets.fashion_mnist.load_data: Zalando's 70,000 clothing images, from the four gzipped
IDX files Keras caches in ~/.keras/datasets/fashion-mnist/."""
import os

from .cache import datasets_dir, missing_file_error, read_idx

_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz"]


def load_data():
    """((x_train [60000, 28, 28] uint8, y_train), (x_test [10000, 28, 28], y_test)).

    >>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
    """
    folder = os.path.join(datasets_dir(), "fashion-mnist")
    paths = [os.path.join(folder, name) for name in FILES]
    for p, name in zip(paths, FILES):
        if not os.path.exists(p):
            raise missing_file_error("tf.keras.datasets.fashion_mnist.load_data()", p, _URL + name)
    y_train = read_idx(paths[0], 8)
    x_train = read_idx(paths[1], 16).reshape(len(y_train), 28, 28)
    y_test = read_idx(paths[2], 8)
    x_test = read_idx(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
