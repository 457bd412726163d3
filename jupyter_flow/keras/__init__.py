"""tf.keras for TF1 graph programs: layers applied to graph tensors inside a session program
(`h = tf.keras.layers.Dense(64, activation='relu')(x)`), their activations, initializers, regularizers and
constraints, the backend (session, learning phase), Input, models (Sequential, the functional Model,
subclassed models; a model is itself a layer) with compile / fit / evaluate / predict on NumPy arrays, tf.data
datasets or generators, whole-model files (Model.save / models.load_model, HDF5 via the optional h5py) and JSON
configs, optimizers, losses, metrics, callbacks (TensorBoard, CSVLogger, ...), and the dataset loaders
(tf.keras.datasets).

>>> (X_train, y_train), (X_test, y_test) = tf.keras.datasets.mnist.load_data()
"""
from . import activations, backend, constraints, datasets, initializers, layers, regularizers
from .engine.input_layer import Input
from . import callbacks, losses, metrics, models, optimizers, utils
from .models import Model, Sequential

__all__ = ["Input", "Model", "Sequential", "activations", "backend", "callbacks", "constraints", "datasets",
           "initializers", "layers", "losses", "metrics", "models", "optimizers", "regularizers", "utils"]


def __getattr__(name):
    raise AttributeError(f"tf.keras.{name} is not provided by jupyter_flow: tf.keras has {', '.join(__all__)}. "
                         f"Build the rest with tf.layers / tf.contrib.layers and tf.train instead.")
