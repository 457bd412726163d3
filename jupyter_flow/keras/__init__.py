"""tf.keras, as far as TF1 graph programs used it here: the dataset loaders (tf.keras.datasets),
reading the files Keras caches in ~/.keras/datasets. Everything else of Keras is not provided.

>>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.mnist.load_data()
"""
from . import datasets

__all__ = ["datasets"]


def __getattr__(name):
    raise AttributeError(f"tf.keras.{name} is not provided by jupyter_flow: only tf.keras.datasets' loaders are. "
                         f"Build models with tf.layers / tf.contrib.layers and tf.train instead.")
