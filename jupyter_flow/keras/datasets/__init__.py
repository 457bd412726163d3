"""tf.keras.datasets: MNIST and Fashion-MNIST from Keras' cache files (never downloaded here).

>>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
"""
from . import fashion_mnist, mnist

__all__ = ["fashion_mnist", "mnist"]
