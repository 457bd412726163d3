"""tensorflow.examples.tutorials.mnist: input_data.read_data_sets over local MNIST files."""
from . import input_data

__all__ = ["input_data"]
