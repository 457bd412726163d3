"""tf.nn.nce_loss and tf.nn.sampled_softmax_loss: losses over a large vocabulary that score the
true classes against a few sampled ones (candidate_sampling_ops.py) instead of all classes.
Built from ordinary ops (gather, matmul, cross-entropy), so their gradients are those ops' rules.

>>> loss = tf.reduce_mean(tf.nn.nce_loss(nce_weights, nce_biases, train_labels, embed, 64, vocabulary_size))
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import ones_like, stop_gradient, zeros_like
from .candidate_sampling_ops import log_uniform_candidate_sampler
from .concat_ops import concat
from .constant_op import convert_to_tensor
from .embedding_ops import embedding_lookup
from .linalg_ops import matmul
from .math_ops import cast, equal, log
from .nn_ops import sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2
from .reduction_ops import reduce_any, reduce_sum
from .shape_ops import expand_dims, reshape

_PARTITION_STRATEGIES = ("mod", "div")


def _single(params, what):
    if isinstance(params, (list, tuple)):
        if len(params) != 1:
            raise NotImplementedError(f"{what} split over {len(params)} partitions is not supported; pass one tensor "
                                      f"(partition_strategy only matters for partitioned variables)")
        params = params[0]
    return convert_to_tensor(params)


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
                            subtract_log_q, remove_accidental_hits, partition_strategy, name, seed=None):
    """Logits [batch, num_true + num_sampled] of the true then the sampled classes, and their
    target probabilities (1/num_true for true classes, 0 for sampled ones), as TF1's helper."""
    if partition_strategy not in _PARTITION_STRATEGIES:
        raise ValueError(f"partition_strategy must be 'mod' or 'div', got {partition_strategy!r}")
    weights = _single(weights, "weights")
    biases = _single(biases, "biases")
    with name_scope(name or "compute_sampled_logits"):
        inputs = convert_to_tensor(inputs)
        labels = convert_to_tensor(labels)
        if labels.dtype is not dtypes.int64:
            labels = cast(labels, dtypes.int64)
        if labels.shape.ndims == 1:
            labels = expand_dims(labels, 1)  # TF1 accepts [batch] labels when num_true is 1
        labels_flat = reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(labels, num_true, num_sampled, True, num_classes, seed=seed)
        sampled, true_expected, sampled_expected = (stop_gradient(convert_to_tensor(s)) for s in sampled_values)
        if sampled.dtype is not dtypes.int64:
            sampled = cast(sampled, dtypes.int64)
        true_w = embedding_lookup(weights, labels_flat)   # [batch * num_true, dim]
        sampled_w = embedding_lookup(weights, sampled)     # [num_sampled, dim]
        true_b = embedding_lookup(biases, labels_flat)
        sampled_b = embedding_lookup(biases, sampled)
        dim = inputs.shape[-1].value
        true_w = reshape(true_w, [-1, num_true, dim if dim is not None else -1])
        true_logits = reduce_sum(expand_dims(inputs, 1) * true_w, axis=2) + reshape(true_b, [-1, num_true])
        sampled_logits = matmul(inputs, sampled_w, transpose_b=True) + sampled_b
        if remove_accidental_hits:
            # A sampled class that is one of the row's true classes is pushed to -FLT_MAX (TF1 adds
            # compute_accidental_hits' weights there); the dense comparison gives the same logits.
            hit = reduce_any(equal(expand_dims(labels, 2), reshape(sampled, [1, 1, -1])), axis=1)
            sampled_logits += cast(hit, sampled_logits.dtype) * float(-np.finfo(np.float32).max)
        if subtract_log_q:
            true_logits -= log(cast(true_expected, true_logits.dtype))
            sampled_logits -= log(cast(sampled_expected, sampled_logits.dtype))
        out_logits = concat([true_logits, sampled_logits], 1)
        out_labels = concat([ones_like(true_logits) / num_true, zeros_like(sampled_logits)], 1)
    return out_logits, out_labels


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, partition_strategy="mod", name="nce_loss"):
    """Noise-contrastive estimation: per example, the logistic loss of telling its true classes
    from `num_sampled` classes drawn log-uniformly. weights [num_classes, dim], biases
    [num_classes], labels [batch, num_true], inputs [batch, dim]; returns [batch].

    >>> loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_w, biases=nce_b, labels=y, inputs=embed,
    ...                                      num_sampled=64, num_classes=vocabulary_size))
    """
    logits, labels = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                             sampled_values, True, remove_accidental_hits, partition_strategy, name)
    with name_scope(name):
        losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="sampled_losses")
        return reduce_sum(losses, axis=1)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
                         remove_accidental_hits=True, partition_strategy="mod", name="sampled_softmax_loss", seed=None):
    """The softmax cross-entropy over the true classes and `num_sampled` sampled ones (an
    estimate of the full softmax loss for training; evaluate with the full softmax). Returns [batch].

    >>> loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(w, b, labels, hidden, num_sampled=64, num_classes=vocab))
    """
    logits, labels = _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                                             sampled_values, True, remove_accidental_hits, partition_strategy, name,
                                             seed=seed)
    with name_scope(name):
        return softmax_cross_entropy_with_logits_v2(labels=stop_gradient(labels), logits=logits)
