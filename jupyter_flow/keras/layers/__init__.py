"""tf.keras.layers: Keras layer classes for TF1 graph tensors (variables dense/kernel:0, ...)."""
from ..engine.base_layer import InputSpec, Layer
from ..engine.input_layer import Input, InputLayer
from .advanced_activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from .core import Activation, Dense, Dropout, Flatten, Lambda, Reshape
from .embeddings import Embedding
from .normalization import BatchNormalization
from .recurrent import RNN, SimpleRNN, SimpleRNNCell
from .recurrent_gru import GRU, GRUCell
from .recurrent_lstm import LSTM, LSTMCell
from .wrappers import Bidirectional, TimeDistributed, Wrapper
from .reshaping import Permute, RepeatVector, ZeroPadding2D
from .merge import (Add, Average, Concatenate, Maximum, Multiply, Subtract, add, average, concatenate, maximum,
                    multiply, subtract)
from .pooling import (AveragePooling2D, AvgPool2D, Conv2D, Convolution2D, GlobalAveragePooling2D, GlobalAvgPool2D,
                      GlobalMaxPool2D, GlobalMaxPooling2D, MaxPool2D, MaxPooling2D)

__all__ = ["Activation", "Add", "add", "Average", "average", "AveragePooling2D", "AvgPool2D", "Bidirectional",
           "BatchNormalization", "Concatenate", "concatenate", "Conv2D", "Convolution2D", "Dense", "Dropout",
           "ELU", "Embedding", "Flatten", "GlobalAveragePooling2D", "GlobalAvgPool2D", "GlobalMaxPool2D",
           "GlobalMaxPooling2D", "GRU", "GRUCell", "Input", "InputLayer", "InputSpec", "Lambda", "Layer",
           "LeakyReLU", "LSTM", "LSTMCell", "Maximum", "maximum", "MaxPool2D", "MaxPooling2D", "Multiply",
           "multiply", "Permute", "PReLU", "ReLU", "RepeatVector", "Reshape", "RNN", "SimpleRNN", "SimpleRNNCell",
           "Softmax", "Subtract", "subtract", "TimeDistributed", "Wrapper",
           "ZeroPadding2D"]
