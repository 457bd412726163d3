"""tf.keras.layers: Keras layer classes for TF1 graph tensors (variables dense/kernel:0, ...)."""
from ..engine.base_layer import InputSpec, Layer
from ..engine.input_layer import Input, InputLayer
from .core import Activation, Dense, Dropout, Flatten, Lambda, Reshape

__all__ = ["Activation", "Dense", "Dropout", "Flatten", "Input", "InputLayer", "InputSpec", "Lambda", "Layer",
           "Reshape"]
