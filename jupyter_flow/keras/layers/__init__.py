"""tf.keras.layers: Keras layer classes for TF1 graph tensors (variables dense/kernel:0, ...)."""
from ..engine.base_layer import InputSpec, Layer
from ..engine.input_layer import Input, InputLayer
from .advanced_activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from .core import Activation, Dense, Dropout, Flatten, Lambda, Reshape
from .embeddings import Embedding
from .convolutional import (Conv1D, Conv2DTranspose, Convolution1D, Convolution2DTranspose, SeparableConv2D,
                            SeparableConvolution2D)
from .masking import Masking
from .normalization import BatchNormalization, LayerNormalization
from .recurrent import RNN, SimpleRNN, SimpleRNNCell
from .recurrent_gru import GRU, GRUCell
from .recurrent_lstm import LSTM, LSTMCell
from .wrappers import Bidirectional, TimeDistributed, Wrapper
from .reshaping import Cropping2D, Permute, RepeatVector, UpSampling2D, ZeroPadding2D
from .spatial_dropout import SpatialDropout1D, SpatialDropout2D
from .merge import (Add, Average, Concatenate, Maximum, Multiply, Subtract, add, average, concatenate, maximum,
                    multiply, subtract)
from .pooling import (AveragePooling1D, AveragePooling2D, AvgPool1D, AvgPool2D, Conv2D, Convolution2D,
                      GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAvgPool1D, GlobalAvgPool2D, GlobalMaxPool1D,
                      GlobalMaxPool2D, GlobalMaxPooling1D, GlobalMaxPooling2D, MaxPool1D, MaxPool2D, MaxPooling1D,
                      MaxPooling2D)

__all__ = ["Activation", "Add", "add", "Average", "average", "AveragePooling1D", "AveragePooling2D", "AvgPool1D",
           "AvgPool2D", "BatchNormalization", "Bidirectional", "Concatenate", "concatenate", "Conv1D", "Conv2D",
           "Conv2DTranspose", "Convolution1D", "Convolution2D", "Convolution2DTranspose", "Cropping2D", "Dense",
           "Dropout", "ELU", "Embedding", "Flatten", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPooling1D",
           "GlobalMaxPooling2D", "GRU", "GRUCell", "Input", "InputLayer", "InputSpec", "Lambda", "Layer",
           "LayerNormalization", "LeakyReLU", "LSTM", "LSTMCell", "Masking", "Maximum", "maximum", "MaxPool1D",
           "MaxPool2D", "MaxPooling1D", "MaxPooling2D", "Multiply", "multiply", "Permute", "PReLU", "ReLU",
           "RepeatVector", "Reshape", "RNN", "SeparableConv2D", "SeparableConvolution2D", "SimpleRNN",
           "SimpleRNNCell", "Softmax", "SpatialDropout1D", "SpatialDropout2D", "Subtract", "subtract",
           "TimeDistributed", "UpSampling2D", "Wrapper", "ZeroPadding2D"]
