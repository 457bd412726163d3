"""The loss collections of tf.losses: add_loss, get_losses, the regularization losses and the total."""
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.constant_op import constant
from ..ops.math_ops import add_n


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Add `loss` to `loss_collection` (nothing when the collection is None), as TF1.

    >>> tf.losses.add_loss(my_penalty)
    >>> total = tf.losses.get_total_loss()
    """
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in `loss_collection` whose name starts with `scope`.

    >>> tf.losses.get_losses()   # [<tf.Tensor 'softmax_cross_entropy_loss/value:0' ...>]
    """
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The penalties kernel_regularizer/get_variable(regularizer=...) added to REGULARIZATION_LOSSES.

    >>> reg_losses = tf.losses.get_regularization_losses()
    """
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (a constant 0.0 when there are none).

    >>> loss = base_loss + tf.losses.get_regularization_loss()
    """
    losses = get_regularization_losses(scope)
    if losses:
        return add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of get_losses() (and, by default, the regularization losses).

    >>> total = tf.losses.get_total_loss()
    >>> train_op = tf.train.AdamOptimizer().minimize(total)
    """
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope=scope)
    if not losses:
        raise ValueError("get_total_loss found no losses: call a tf.losses function (or tf.losses.add_loss) "
                         "first, or pass add_regularization_losses=True with regularized layers.")
    return add_n(losses, name=name)
