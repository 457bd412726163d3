"""Keras' engine: the Layer base class, InputSpec and Input/InputLayer (the functional API's starting point)."""
from .base_layer import InputSpec, Layer, Node
from .input_layer import Input, InputLayer

__all__ = ["Input", "InputLayer", "InputSpec", "Layer", "Node"]
