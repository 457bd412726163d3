"""Issue 3 benchmarks: training steps with autodiff and optimizers, and the chapter's my_func.

Example:
    python benchmarks/bench_training.py --impl tf1,torch,numpy
    python benchmarks/bench_training.py --workloads mlp_step --repeats 7

The graph-mode code is written once against a TF1-style module `tf` (jupyter_flow or
tensorflow.compat.v1). NumPy versions derive their gradients by hand; PyTorch versions
use eager autograd and torch.optim.SGD, the idiomatic equivalent of `minimize`.
Every implementation starts from the same weights so the check values can be compared.
Each runner sets up, computes its check value, and returns the step to time.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from synthetic_data import housing_like_data, minibatches, mlp_start_weights, mnist_like_data
from workload import Prepared, Workload

LEARNING_RATE = 0.01
CHECK_STEPS = 20

# ---------------------------------------------------------------------------------------
# (a) mini-batch gradient descent for linear regression, fed through feed_dict

LINREG_BATCH = 100


def linreg_graph(impl) -> Prepared:
    tf = impl.tf
    data, target, theta0 = housing_like_data()
    batches = minibatches(data, target, LINREG_BATCH)
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, shape=(None, data.shape[1]), name="X")
        y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
        theta = tf.Variable(theta0, name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=LEARNING_RATE)
        training_op = optimizer.minimize(mse)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        for X_batch, y_batch in batches[:CHECK_STEPS]:
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        check = sess.run(mse, feed_dict={X: data, y: target})
    cycle = itertools.cycle(batches)

    def step():
        X_batch, y_batch = next(cycle)
        sess.run(training_op, feed_dict={X: X_batch, y: y_batch})

    return Prepared(step, check=check, close=sess.close)


def _numpy_linreg_step(theta, X_batch, y_batch, learning_rate):
    error = X_batch @ theta - y_batch
    theta -= learning_rate * (2 / len(X_batch)) * (X_batch.T @ error)


def linreg_numpy(impl) -> Prepared:
    data, target, theta = housing_like_data()
    batches = minibatches(data, target, LINREG_BATCH)
    learning_rate = np.float32(LEARNING_RATE)
    for X_batch, y_batch in batches[:CHECK_STEPS]:
        _numpy_linreg_step(theta, X_batch, y_batch, learning_rate)
    check = np.mean(np.square(data @ theta - target))
    cycle = itertools.cycle(batches)

    def step():
        X_batch, y_batch = next(cycle)
        _numpy_linreg_step(theta, X_batch, y_batch, learning_rate)

    return Prepared(step, check=check)


def linreg_reference() -> float:
    data, target, theta = (a.astype(np.float64) for a in housing_like_data())
    for X_batch, y_batch in minibatches(data, target, LINREG_BATCH)[:CHECK_STEPS]:
        _numpy_linreg_step(theta, X_batch, y_batch, LEARNING_RATE)
    return float(np.mean(np.square(data @ theta - target)))


def linreg_torch(impl) -> Prepared:
    torch = impl.module
    data, target, theta0 = housing_like_data()
    batches = [(torch.from_numpy(X_b), torch.from_numpy(y_b)) for X_b, y_b in minibatches(data, target, LINREG_BATCH)]
    theta = torch.tensor(theta0, requires_grad=True)
    optimizer = torch.optim.SGD([theta], lr=LEARNING_RATE)

    def train(X_batch, y_batch):
        optimizer.zero_grad()
        mse = torch.mean(torch.square(X_batch @ theta - y_batch))
        mse.backward()
        optimizer.step()

    for X_batch, y_batch in batches[:CHECK_STEPS]:
        train(X_batch, y_batch)
    with torch.no_grad():
        check = torch.mean(torch.square(torch.from_numpy(data) @ theta - torch.from_numpy(target))).item()
    cycle = itertools.cycle(batches)
    return Prepared(lambda: train(*next(cycle)), check=check)


LINREG_MINIBATCH = Workload(
    key="linreg_minibatch",
    family="training",
    issue=3,
    part="a",
    title="mini-batch GD step, batch 100x9, feed_dict, GradientDescentOptimizer",
    unit="µs",
    runners={"graph": linreg_graph, "numpy": linreg_numpy, "torch": linreg_torch},
    reference=linreg_reference,
    target_seconds=15e-6,
    anchors={"tf1": 230e-6, "torch": 158e-6, "numpy": 4.8e-6},
)

# ---------------------------------------------------------------------------------------
# (b) one training step of a 784-300-100-10 ReLU MLP (chapter 10's dense-layer network)

MLP_BATCH = 50
MLP_CHECK_STEPS = 5


def _mlp_batches():
    pixels, labels = mnist_like_data()
    return [(pixels[s : s + MLP_BATCH], labels[s : s + MLP_BATCH]) for s in range(0, len(pixels), MLP_BATCH)]


def mlp_graph(impl) -> Prepared:
    tf = impl.tf
    batches = _mlp_batches()
    (W1, _), (W2, _), (W3, _) = mlp_start_weights()
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, shape=(None, 784), name="X")
        y = tf.placeholder(tf.int64, shape=(None), name="y")
        with tf.name_scope("dnn"):
            # The book leaves kernels to the default Glorot initializer; the same
            # Glorot draw is passed in so every implementation starts alike.
            hidden1 = tf.layers.dense(X, 300, name="hidden1", activation=tf.nn.relu,
                                      kernel_initializer=tf.constant_initializer(W1))
            hidden2 = tf.layers.dense(hidden1, 100, name="hidden2", activation=tf.nn.relu,
                                      kernel_initializer=tf.constant_initializer(W2))
            logits = tf.layers.dense(hidden2, 10, name="outputs", kernel_initializer=tf.constant_initializer(W3))
        with tf.name_scope("loss"):
            xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
            loss = tf.reduce_mean(xentropy, name="loss")
        with tf.name_scope("train"):
            training_op = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        for X_batch, y_batch in batches[:MLP_CHECK_STEPS]:
            sess.run(training_op, feed_dict={X: X_batch, y: y_batch})
        X_batch, y_batch = batches[0]
        check = sess.run(loss, feed_dict={X: X_batch, y: y_batch})
    cycle = itertools.cycle(batches)

    def step():
        X_batch, y_batch = next(cycle)
        sess.run(training_op, feed_dict={X: X_batch, y: y_batch})

    return Prepared(step, check=check, close=sess.close)


class NumpyMLP:
    """The same network with a hand-derived backward pass (float32 unless given float64 weights)."""

    def __init__(self, weights):
        self.layers = [(kernel.copy(), bias.copy()) for kernel, bias in weights]

    def loss_and_backward(self, X_batch, y_batch, want_grads=True):
        (W1, b1), (W2, b2), (W3, b3) = self.layers
        pre1 = X_batch @ W1 + b1
        h1 = np.maximum(pre1, 0)
        pre2 = h1 @ W2 + b2
        h2 = np.maximum(pre2, 0)
        logits = h2 @ W3 + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        rows = np.arange(len(y_batch))
        loss = float(np.mean(np.log(total[:, 0]) - shifted[rows, y_batch]))
        if not want_grads:
            return loss, None
        d_logits = exp / total
        d_logits[rows, y_batch] -= 1
        d_logits /= len(y_batch)
        d_h2 = d_logits @ W3.T
        d_h2 *= pre2 > 0
        d_h1 = d_h2 @ W2.T
        d_h1 *= pre1 > 0
        grads = [
            (X_batch.T @ d_h1, d_h1.sum(axis=0)),
            (h1.T @ d_h2, d_h2.sum(axis=0)),
            (h2.T @ d_logits, d_logits.sum(axis=0)),
        ]
        return loss, grads

    def train_step(self, X_batch, y_batch, learning_rate):
        _, grads = self.loss_and_backward(X_batch, y_batch)
        for (kernel, bias), (d_kernel, d_bias) in zip(self.layers, grads):
            kernel -= learning_rate * d_kernel
            bias -= learning_rate * d_bias


def mlp_numpy(impl) -> Prepared:
    batches = _mlp_batches()
    net = NumpyMLP(mlp_start_weights())
    learning_rate = np.float32(LEARNING_RATE)
    for X_batch, y_batch in batches[:MLP_CHECK_STEPS]:
        net.train_step(X_batch, y_batch, learning_rate)
    check, _ = net.loss_and_backward(*batches[0], want_grads=False)
    cycle = itertools.cycle(batches)
    return Prepared(lambda: net.train_step(*next(cycle), learning_rate), check=check)


def mlp_reference() -> float:
    batches = [(X_b.astype(np.float64), y_b) for X_b, y_b in _mlp_batches()]
    net = NumpyMLP([(k.astype(np.float64), b.astype(np.float64)) for k, b in mlp_start_weights()])
    for X_batch, y_batch in batches[:MLP_CHECK_STEPS]:
        net.train_step(X_batch, y_batch, LEARNING_RATE)
    return net.loss_and_backward(*batches[0], want_grads=False)[0]


def mlp_torch(impl) -> Prepared:
    torch = impl.module
    nn = torch.nn
    batches = [(torch.from_numpy(X_b), torch.from_numpy(y_b)) for X_b, y_b in _mlp_batches()]
    model = nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(), nn.Linear(100, 10))
    with torch.no_grad():
        for layer, (kernel, bias) in zip(model[::2], mlp_start_weights()):
            layer.weight.copy_(torch.from_numpy(kernel.T))  # torch keeps (units, inputs)
            layer.bias.copy_(torch.from_numpy(bias))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    def train(X_batch, y_batch):
        optimizer.zero_grad()
        loss = loss_fn(model(X_batch), y_batch)
        loss.backward()
        optimizer.step()

    for X_batch, y_batch in batches[:MLP_CHECK_STEPS]:
        train(X_batch, y_batch)
    with torch.no_grad():
        check = loss_fn(model(batches[0][0]), batches[0][1]).item()
    cycle = itertools.cycle(batches)
    return Prepared(lambda: train(*next(cycle)), check=check)


MLP_STEP = Workload(
    key="mlp_step",
    family="training",
    issue=3,
    part="b",
    title="MLP 784-300-100-10 ReLU training step, batch 50",
    unit="ms",
    runners={"graph": mlp_graph, "numpy": mlp_numpy, "torch": mlp_torch},
    reference=mlp_reference,
    target_seconds=0.65e-3,
    anchors={"tf1": 1.03e-3, "torch": 0.91e-3, "numpy": 0.60e-3},
)

# ---------------------------------------------------------------------------------------
# (c) the chapter's my_func and tf.gradients: build time and run time

MY_FUNC_ITERATIONS = 100
A0, B0 = 0.2, 0.3


def build_my_func(tf):
    """The chapter's my_func as a graph, with its gradients; returns (z, grads)."""
    a = tf.Variable(A0, name="a")
    b = tf.Variable(B0, name="b")
    z = tf.constant(0.0, name="z0")
    for i in range(MY_FUNC_ITERATIONS):
        z = a * tf.cos(z + i) + z * tf.sin(b - i)
    grads = tf.gradients(z, [a, b])
    return z, grads


def my_func_build_graph(impl) -> Prepared:
    tf = impl.tf

    def build():
        with tf.Graph().as_default():
            return build_my_func(tf)

    # The check runs the graph once, outside the timed builds.
    with tf.Graph().as_default():
        z, grads = build_my_func(tf)
        with impl.Session() as sess:
            sess.run(tf.global_variables_initializer())
            value, (grad_a, grad_b) = sess.run([z, grads])
    return Prepared(build, check=[value, grad_a, grad_b], warmup_calls=1)


def my_func_run_graph(impl) -> Prepared:
    tf = impl.tf
    with tf.Graph().as_default():
        z, grads = build_my_func(tf)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
    value, (grad_a, grad_b) = sess.run([z, grads])
    return Prepared(lambda: sess.run([z, grads]), check=[value, grad_a, grad_b], close=sess.close)


def my_func_with_gradients(a: float, b: float):
    """my_func and its partial derivatives by hand (forward mode, plain floats): (z, dz/da, dz/db)."""
    z = dz_da = dz_db = 0.0
    for i in range(MY_FUNC_ITERATIONS):
        cos_zi, sin_zi = math.cos(z + i), math.sin(z + i)
        sin_bi, cos_bi = math.sin(b - i), math.cos(b - i)
        dz_da, dz_db = (
            cos_zi - a * sin_zi * dz_da + dz_da * sin_bi,
            -a * sin_zi * dz_db + dz_db * sin_bi + z * cos_bi,
        )
        z = a * cos_zi + z * sin_bi
    return z, dz_da, dz_db


def my_func_run_numpy(impl) -> Prepared:
    return Prepared(lambda: my_func_with_gradients(A0, B0), check=list(my_func_with_gradients(A0, B0)))


def my_func_run_torch(impl) -> Prepared:
    torch = impl.module
    a = torch.tensor(A0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)

    def run():
        z = torch.tensor(0.0)
        for i in range(MY_FUNC_ITERATIONS):
            z = a * torch.cos(z + i) + z * torch.sin(b - i)
        return z, torch.autograd.grad(z, [a, b])

    z, (grad_a, grad_b) = run()
    return Prepared(run, check=[z.item(), grad_a.item(), grad_b.item()])


MY_FUNC_BUILD = Workload(
    key="my_func_build",
    family="training",
    issue=3,
    part="c",
    title="my_func + tf.gradients: graph build",
    unit="ms",
    runners={"graph": my_func_build_graph},
    reference=lambda: list(my_func_with_gradients(A0, B0)),
    check_rtol=1e-2,  # 100 float32 iterations against a float64 reference
    target_seconds=40e-3,
    anchors={"tf1": 423e-3},
)

MY_FUNC_RUN = Workload(
    key="my_func_run",
    family="training",
    issue=3,
    part="c",
    title="my_func: sess.run([z, grads])",
    unit="µs",
    runners={"graph": my_func_run_graph, "numpy": my_func_run_numpy, "torch": my_func_run_torch},
    reference=lambda: list(my_func_with_gradients(A0, B0)),
    check_rtol=1e-2,
    target_seconds=100e-6,
    anchors={"tf1": 557e-6, "torch": 4.2e-3},
)

WORKLOADS = [LINREG_MINIBATCH, MLP_STEP, MY_FUNC_BUILD, MY_FUNC_RUN]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
