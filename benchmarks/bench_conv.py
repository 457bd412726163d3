"""Issue 19 benchmarks: convolutional networks, forward and backward.

Example:
    python benchmarks/bench_conv.py --impl jupyter_flow,tf1,torch
    python benchmarks/bench_conv.py --workloads conv3x3_64 --repeats 7

cnn_step: one gradient-descent step of a 2-conv-layer CNN on 28x28x1 images, batch 100
(conv 3x3x32 SAME + ReLU, max pool 2, conv 3x3x64 SAME + ReLU, max pool 2, dense 10, sparse
softmax cross-entropy). conv3x3_64: a 3x3 convolution 64 -> 64 channels on 56x56, batch 8,
forward plus both gradients (input and filter). lenet_step: a LeNet-sized MNIST step (batch 64,
conv 5x5x32, pool, conv 5x5x64, pool, dense 1024, dense 10, gradient descent). course_cnn_step:
notebook 11's CNN on the 8x8 digits (batch 32, 3x3x16, 3x3x32, dense 64, Adam). The graph code is written once against a
TF1-style module; PyTorch runs the same weights (OIHW, NCHW) in eager mode with autograd.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np

from workload import Prepared, Workload

LEARNING_RATE = 0.05
WARM_STEPS = 5


@dataclass(frozen=True)
class CnnSpec:
    """A 2-conv-layer CNN: conv k x k SAME + ReLU, max pool 2, twice, then optional dense + ReLU, dense 10."""

    size: int
    batch: int
    kernel: int
    filters: tuple[int, int]
    hidden: int | None = None
    optimizer: str = "gd"  # "gd" (GradientDescent, LEARNING_RATE) or "adam" (Adam, 0.003)

    @property
    def flat(self) -> int:
        return (self.size // 4) * (self.size // 4) * self.filters[1]


# Issue 19's benchmark CNN; a LeNet-sized MNIST step; the course notebook's CNN on the 8x8 digits.
CNN_SPEC = CnnSpec(size=28, batch=100, kernel=3, filters=(32, 64))
LENET_SPEC = CnnSpec(size=28, batch=64, kernel=5, filters=(32, 64), hidden=1024)
COURSE_SPEC = CnnSpec(size=8, batch=32, kernel=3, filters=(16, 32), hidden=64, optimizer="adam")


def _cnn_data(spec: CnnSpec):
    rng = np.random.default_rng(19)
    batches = [(rng.random((spec.batch, spec.size, spec.size, 1), dtype=np.float32), rng.integers(0, 10, spec.batch))
               for _ in range(4)]
    k, (f1, f2) = spec.kernel, spec.filters
    shapes = [(k, k, 1, f1), (k, k, f1, f2)] + ([(spec.flat, spec.hidden)] if spec.hidden else [])
    shapes.append((spec.hidden or spec.flat, 10))
    weights = []
    for shape in shapes:  # Glorot-uniform-sized normals, zero biases
        fan = np.prod(shape[:-1]) + shape[-1]
        weights += [rng.normal(0, np.sqrt(2.0 / fan), shape).astype(np.float32), np.zeros(shape[-1], np.float32)]
    return batches, weights


def _optimizer(tf, spec: CnnSpec):
    return tf.train.AdamOptimizer(0.003) if spec.optimizer == "adam" else tf.train.GradientDescentOptimizer(LEARNING_RATE)


def cnn_graph(impl, spec: CnnSpec = CNN_SPEC) -> Prepared:
    tf = impl.tf
    batches, weights = _cnn_data(spec)
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, (None, spec.size, spec.size, 1), name="X")
        y = tf.placeholder(tf.int64, (None,), name="y")
        v = [tf.Variable(w) for w in weights]
        hidden = X
        for w, b in (v[0:2], v[2:4]):
            hidden = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(hidden, w, [1, 1, 1, 1], "SAME"), b))
            hidden = tf.nn.max_pool(hidden, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        hidden = tf.reshape(hidden, [-1, spec.flat])
        if spec.hidden:
            hidden = tf.nn.relu(tf.matmul(hidden, v[4]) + v[5])
        logits = tf.matmul(hidden, v[-2]) + v[-1]
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        training_op = _optimizer(tf, spec).minimize(loss)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        for X_b, y_b in batches[:WARM_STEPS]:
            sess.run(training_op, {X: X_b, y: y_b})
        check = sess.run(loss, {X: batches[0][0], y: batches[0][1]})
    cycle = itertools.cycle(batches)

    def step():
        X_b, y_b = next(cycle)
        sess.run(training_op, {X: X_b, y: y_b})

    return Prepared(step, check=check, close=sess.close)


def cnn_torch(impl, spec: CnnSpec = CNN_SPEC) -> Prepared:
    torch = impl.module
    nn = torch.nn
    batches, weights = _cnn_data(spec)
    data = [(torch.from_numpy(X_b.transpose(0, 3, 1, 2).copy()), torch.from_numpy(y_b)) for X_b, y_b in batches]
    k, (f1, f2), side = spec.kernel, spec.filters, spec.size // 4
    conv1, conv2 = nn.Conv2d(1, f1, k, padding=k // 2), nn.Conv2d(f1, f2, k, padding=k // 2)
    dense = [nn.Linear(w.shape[0], w.shape[1]) for w in weights[4::2]]
    with torch.no_grad():
        conv1.weight.copy_(torch.from_numpy(weights[0].transpose(3, 2, 0, 1).copy()))
        conv2.weight.copy_(torch.from_numpy(weights[2].transpose(3, 2, 0, 1).copy()))
        # TF flattens NHWC: reorder the first dense rows from (h, w, c) to torch's (c, h, w).
        first = weights[4].reshape(side, side, f2, -1).transpose(2, 0, 1, 3).reshape(spec.flat, -1)
        for layer, w in zip(dense, [first] + weights[6::2]):
            layer.weight.copy_(torch.from_numpy(w.T.copy()))
        for layer in (conv1, conv2, *dense):
            layer.bias.zero_()
    head = [dense[0], nn.ReLU(), dense[1]] if spec.hidden else dense
    model = nn.Sequential(conv1, nn.ReLU(), nn.MaxPool2d(2), conv2, nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), *head)
    loss_fn = nn.CrossEntropyLoss()
    if spec.optimizer == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=0.003, eps=1e-8)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    def train(X_b, y_b):
        optimizer.zero_grad()
        loss_fn(model(X_b), y_b).backward()
        optimizer.step()

    for X_b, y_b in data[:WARM_STEPS]:
        train(X_b, y_b)
    with torch.no_grad():
        check = loss_fn(model(data[0][0]), data[0][1]).item()
    cycle = itertools.cycle(data)
    return Prepared(lambda: train(*next(cycle)), check=check)


def _conv_data():
    rng = np.random.default_rng(56)
    x = rng.standard_normal((8, 56, 56, 64)).astype(np.float32)
    w = (rng.standard_normal((3, 3, 64, 64)) * 0.05).astype(np.float32)
    r = rng.standard_normal((8, 56, 56, 64)).astype(np.float32)
    return x, w, r


def conv_graph(impl) -> Prepared:
    tf = impl.tf
    x0, w0, r0 = _conv_data()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, x0.shape, name="x")
        w = tf.Variable(w0)
        y = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
        dx, dw = tf.gradients(tf.reduce_sum(y * tf.constant(r0)), [x, w])
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        # Scalars of each result: the conv work is timed, not copying 6 MB arrays to Python.
        fetches = [tf.reduce_sum(y), tf.reduce_sum(dx), tf.reduce_sum(dw)]
        check = float(sum(sess.run(fetches[1:], {x: x0})))
    return Prepared(lambda: sess.run(fetches, {x: x0}), check=check, close=sess.close)


def conv_torch(impl) -> Prepared:
    torch = impl.module
    x0, w0, r0 = _conv_data()
    x = torch.from_numpy(x0.transpose(0, 3, 1, 2).copy()).requires_grad_(True)
    w = torch.from_numpy(w0.transpose(3, 2, 0, 1).copy()).requires_grad_(True)
    r = torch.from_numpy(r0.transpose(0, 3, 1, 2).copy())

    def step():
        x.grad = w.grad = None
        y = torch.nn.functional.conv2d(x, w, padding=1)
        (y * r).sum().backward()
        return y.sum().item(), x.grad.sum().item(), w.grad.sum().item()

    _, gx, gw = step()
    return Prepared(step, check=gx + gw)


CNN_STEP = Workload(
    key="cnn_step",
    family="conv",
    issue=19,
    part="a",
    title="2-conv-layer CNN training step (28x28x1, batch 100, 3x3x32 + 3x3x64, max pools, dense 10)",
    unit="ms",
    runners={"graph": cnn_graph, "torch": cnn_torch},
)

LENET_STEP = Workload(
    key="lenet_step",
    family="conv",
    issue=19,
    part="c",
    title="LeNet-sized MNIST step (28x28x1, batch 64, 5x5x32 + 5x5x64, max pools, dense 1024, dense 10, GD)",
    unit="ms",
    runners={"graph": functools.partial(cnn_graph, spec=LENET_SPEC), "torch": functools.partial(cnn_torch, spec=LENET_SPEC)},
)

COURSE_CNN_STEP = Workload(
    key="course_cnn_step",
    family="conv",
    issue=19,
    part="d",
    title="the course CNN step (notebook 11: 8x8x1 digits, batch 32, 3x3x16 + 3x3x32, dense 64, dense 10, Adam)",
    unit="ms",
    runners={"graph": functools.partial(cnn_graph, spec=COURSE_SPEC), "torch": functools.partial(cnn_torch, spec=COURSE_SPEC)},
)

CONV3X3_64 = Workload(
    key="conv3x3_64",
    family="conv",
    issue=19,
    part="b",
    title="3x3 conv 64->64 on 56x56, batch 8: forward + input and filter gradients",
    unit="ms",
    runners={"graph": conv_graph, "torch": conv_torch},
)

WORKLOADS = [CNN_STEP, CONV3X3_64, LENET_STEP, COURSE_CNN_STEP]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
