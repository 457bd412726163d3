"""Keras' Embedding: integer ids -> rows of a [input_dim, output_dim] weight 'embeddings'
(uniform in [-0.05, 0.05] by default), via tf.nn.embedding_lookup.

>>> vectors = tf.keras.layers.Embedding(10000, 64)(word_ids)    # [batch, time] -> [batch, time, 64]
"""
from .. import initializers, regularizers
from ..engine.base_layer import Layer
from ...framework.tensor_shape import TensorShape
from ...ops.embedding_ops import embedding_lookup
from ...ops.init_ops import RandomUniform
from ...ops.math_ops import cast


class Embedding(Layer):
    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(activity_regularizer=regularizers.get(activity_regularizer), **kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = RandomUniform(-0.05, 0.05) if embeddings_initializer == "uniform" \
            else initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = embeddings_constraint
        self.input_length = input_length
        # mask_zero: id 0 is padding; the outputs carry the mask `ids != 0` to the layers after (LSTM, ...).
        self.mask_zero = bool(mask_zero)

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", shape=[self.input_dim, self.output_dim],
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def _convert_input(self, x):
        return super()._convert_input(x) if hasattr(x, "dtype") else cast(x, "int32")

    def call(self, inputs):
        if inputs.dtype.base_dtype.name not in ("int32", "int64"):
            inputs = cast(inputs, "int32")
        return embedding_lookup(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        from ...ops.math_ops import not_equal
        return not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape).concatenate([self.output_dim])

    def get_config(self):
        return dict(super().get_config(), input_dim=self.input_dim, output_dim=self.output_dim,
                    embeddings_initializer=initializers.serialize(self.embeddings_initializer),
                    input_length=self.input_length, mask_zero=self.mask_zero)
