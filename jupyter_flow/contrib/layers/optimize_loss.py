"""tf.contrib.layers.optimize_loss: one call from a loss to a training tensor, with TF1's
optimizer names ('SGD', 'Adam', ...), learning-rate variable OptimizeLoss/learning_rate,
global-norm clipping, gradient multipliers and the summaries TF1 wrote.

>>> train_op = tf.contrib.layers.optimize_loss(loss, tf.train.get_or_create_global_step(),
...                                            learning_rate=0.1, optimizer="Adam", clip_gradients=5.0)
"""
from ...framework.graph import GraphKeys, Tensor, control_dependencies, get_collection, name_scope
from ...framework.scopes import get_variable, variable_scope
from ...ops import init_ops
from ...ops.array_ops import identity
from ...ops.clip_norm_ops import clip_by_global_norm, global_norm
from ...ops.constant_op import convert_to_tensor
from ...ops.math_ops import multiply
from ...ops.random_ops import random_normal
from ...ops.shape_ops import shape as shape_of
from ...ops.state_ops import trainable_variables
from ...ops.summary_ops import histogram, scalar
from ... import train

OPTIMIZER_CLS_NAMES = {
    "Adagrad": train.AdagradOptimizer,
    "Adam": train.AdamOptimizer,
    "Ftrl": train.FtrlOptimizer,
    "Momentum": lambda learning_rate: train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": train.RMSPropOptimizer,
    "SGD": train.GradientDescentOptimizer,
}

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm", "global_gradient_norm"]


def _with_dependencies(dependencies, tensor):
    # TF1's control_flow_ops.with_dependencies: `tensor`, once `dependencies` have run.
    with name_scope(None, "control_dependency", [tensor]) as scope:
        with control_dependencies(list(dependencies)):
            return identity(tensor, name=scope)


def _learning_rate(learning_rate):
    if learning_rate is None:
        return None
    if isinstance(learning_rate, Tensor) and learning_rate.shape.ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError(f"Invalid learning_rate {learning_rate}.")
        return get_variable("learning_rate", [], trainable=False,
                            initializer=init_ops.constant_initializer(learning_rate))
    raise ValueError(f"Learning rate should be 0d Tensor or float. Got {learning_rate} of type "
                     f"{type(learning_rate)}")


def _make_optimizer(optimizer, lr, learning_rate):
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is string ({optimizer}).")
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError(f"Optimizer name should be one of [{', '.join(OPTIMIZER_CLS_NAMES)}], you provided "
                             f"{optimizer}.")
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, train.Optimizer):
        if lr is None:
            raise ValueError(f"Learning rate is None, but should be specified if optimizer is class ({optimizer}).")
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, train.Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if learning_rate is not None else optimizer()
        if not isinstance(opt, train.Optimizer):
            raise ValueError(f"Unrecognized optimizer: function should return subclass of Optimizer. Got {opt}.")
        return opt
    raise ValueError(f"Unrecognized optimizer: should be string, subclass of Optimizer, instance of subclass of "
                     f"Optimizer or function with one argument. Got {optimizer}.")


def _multiply_gradients(grads_and_vars, gradient_multipliers):
    by_name = {(k if isinstance(k, str) else k.op.name): v for k, v in gradient_multipliers.items()}
    out = []
    for grad, var in grads_and_vars:
        key = var.op.name
        if grad is not None and (key in by_name or var.name in by_name):
            factor = by_name.get(key, by_name.get(var.name))
            grad = multiply(grad, convert_to_tensor(factor, dtype=grad.dtype))
        out.append((grad, var))
    return out


def _add_noise(grads_and_vars, scale):
    return [(None if g is None else g + random_normal(shape_of(g)) * scale, v) for g, v in grads_and_vars]


def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None, gradient_multipliers=None,
                  clip_gradients=None, learning_rate_decay_fn=None, update_ops=None, variables=None, name=None,
                  summaries=None, colocate_gradients_with_ops=False, increment_global_step=True):
    """The loss, evaluated after one optimizer step on `variables` (all trainable ones by
    default); run it to train. optimizer: a name in OPTIMIZER_CLS_NAMES, an Optimizer class or
    instance, or a function of the learning rate returning one.

    >>> train_op = optimize_loss(loss, global_step, 0.01, "SGD")
    >>> for _ in range(100): sess.run(train_op)
    """
    loss = convert_to_tensor(loss)
    if loss.shape.ndims not in (None, 0):
        raise ValueError(f"Expected scalar shape for {loss.name}, saw shape: {loss.shape}.")
    if global_step is None:
        global_step = train.get_global_step()
    else:
        train.assert_global_step(global_step)
    with variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
        if update_ops:
            loss = _with_dependencies(update_ops, loss)
        lr = _learning_rate(learning_rate)
        if summaries is None:
            summaries = ["loss", "learning_rate", "global_gradient_norm"]
        for summ in summaries:
            if summ not in OPTIMIZER_SUMMARIES:
                raise ValueError(f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], you provided "
                                 f"{summ}.")
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                scalar("learning_rate", lr)
        opt = _make_optimizer(optimizer, lr, learning_rate)
        if variables is None:
            variables = trainable_variables()
        gradients = opt.compute_gradients(loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gradient_noise_scale is not None:
            gradients = _add_noise(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiply_gradients(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError("Empty list of (gradient, var) pairs encountered. This is most likely to be caused "
                                 "by an improper value of gradient_multipliers.")
        if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
            scalar("global_norm/gradient_norm", global_norm([g for g, _ in gradients]))
        if isinstance(clip_gradients, float):
            grads, tvars = zip(*gradients)
            clipped, _ = clip_by_global_norm(list(grads), clip_gradients)
            gradients = list(zip(clipped, tvars))
        elif callable(clip_gradients):
            gradients = clip_gradients(gradients)
        elif clip_gradients is not None:
            raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
        if "loss" in summaries:
            scalar("loss", loss)
        for gradient, variable in gradients:
            if gradient is not None:
                var_name = variable.name.replace(":", "_")
                if "gradients" in summaries:
                    histogram(f"gradients/{var_name}", gradient)
                if "gradient_norm" in summaries:
                    scalar(f"gradient_norm/{var_name}", global_norm([gradient]))
        if clip_gradients is not None and ("global_gradient_norm" in summaries or "gradient_norm" in summaries):
            scalar("global_norm/clipped_gradient_norm", global_norm([g for g, _ in gradients]))
        grad_updates = opt.apply_gradients(gradients, global_step=global_step if increment_global_step else None,
                                           name="train")
        return _with_dependencies([grad_updates], loss)
