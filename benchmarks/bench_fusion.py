"""Issue 13 section 2 benchmarks: workloads whose time is element-wise work around a few matmuls,
where fusing element-wise chains pays: batch GD with autodiff gradients (the chapter's
tf.gradients listing) beside the same epoch with hand-written gradients, and my_func's
sess.run([z, grads]), each beside JAX jit (XLA fuses the same chains).

Example:
    python benchmarks/bench_fusion.py --impl jupyter_flow,jax,numpy
    JUPYTER_FLOW_FUSION=0 python benchmarks/bench_fusion.py --impl jupyter_flow   # fusion off
"""

from __future__ import annotations

import bench_engine
import bench_training
from synthetic_data import housing_like_data
from workload import Prepared, Workload

LEARNING_RATE = bench_engine.LEARNING_RATE
CHECK_EPOCHS = bench_engine.CHECK_EPOCHS


def autodiff_gd_graph(impl) -> Prepared:
    tf = impl.tf
    data, target, theta0 = housing_like_data()
    with tf.Graph().as_default():
        X = tf.constant(data, dtype=tf.float32, name="X")
        y = tf.constant(target, dtype=tf.float32, name="y")
        theta = tf.Variable(theta0, name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        error = y_pred - y
        mse = tf.reduce_mean(tf.square(error), name="mse")
        gradients = tf.gradients(mse, [theta])[0]
        training_op = tf.assign(theta, theta - LEARNING_RATE * gradients)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(CHECK_EPOCHS):
            sess.run(training_op)
    return Prepared(lambda: sess.run(training_op), check=sess.run(mse), close=sess.close)


def autodiff_gd_jax(impl) -> Prepared:
    jax = impl.module
    jnp = jax.numpy
    data, target, theta0 = housing_like_data()
    X, y = jnp.asarray(data), jnp.asarray(target)

    def mse(theta):
        return jnp.mean(jnp.square(X @ theta - y))

    step = jax.jit(lambda theta: theta - LEARNING_RATE * jax.grad(mse)(theta))
    state = {"theta": jnp.asarray(theta0)}
    for _ in range(CHECK_EPOCHS):
        state["theta"] = step(state["theta"])
    check = float(mse(state["theta"]))

    def epoch():
        state["theta"] = step(state["theta"]).block_until_ready()

    return Prepared(epoch, check=check)


AUTODIFF_GD = Workload(
    key="linreg_autodiff_gd",
    family="fusion",
    issue=13,
    part="b",
    title="batch GD epoch, 20640x9 float32, tf.gradients (compare 2b, hand-written)",
    unit="ms",
    runners={"graph": autodiff_gd_graph, "numpy": bench_engine.batch_gd_numpy, "jax": autodiff_gd_jax},
    reference=bench_engine.batch_gd_reference,
)


def hand_gd_jax(impl) -> Prepared:
    jax = impl.module
    jnp = jax.numpy
    data, target, theta0 = housing_like_data()
    X, y = jnp.asarray(data), jnp.asarray(target)
    m = data.shape[0]
    step = jax.jit(lambda theta: theta - LEARNING_RATE * (2 / m * (X.T @ (X @ theta - y))))
    state = {"theta": jnp.asarray(theta0)}
    for _ in range(CHECK_EPOCHS):
        state["theta"] = step(state["theta"])
    check = float(jnp.mean(jnp.square(X @ state["theta"] - y)))

    def epoch():
        state["theta"] = step(state["theta"]).block_until_ready()

    return Prepared(epoch, check=check)


HAND_GD = Workload(
    key="linreg_hand_gd",
    family="fusion",
    issue=13,
    part="b",
    title="batch GD epoch, 20640x9 float32, hand-written gradients (2b, with JAX)",
    unit="ms",
    runners={"graph": bench_engine.batch_gd_graph, "numpy": bench_engine.batch_gd_numpy, "jax": hand_gd_jax},
    reference=bench_engine.batch_gd_reference,
)


def my_func_run_jax(impl) -> Prepared:
    jax = impl.module
    jnp = jax.numpy

    def my_func(a, b):
        z = jnp.float32(0.0)
        for i in range(bench_training.MY_FUNC_ITERATIONS):
            z = a * jnp.cos(z + i) + z * jnp.sin(b - i)
        return z

    run = jax.jit(jax.value_and_grad(my_func, argnums=(0, 1)))
    a, b = jnp.float32(bench_training.A0), jnp.float32(bench_training.B0)

    def step():
        return jax.block_until_ready(run(a, b))

    z, (grad_a, grad_b) = step()
    return Prepared(step, check=[float(z), float(grad_a), float(grad_b)])


MY_FUNC_RUN = Workload(
    key="my_func_run_jax",
    family="fusion",
    issue=13,
    part="b",
    title="my_func: sess.run([z, grads]) (3c, with JAX)",
    unit="µs",
    runners={"graph": bench_training.my_func_run_graph, "numpy": bench_training.my_func_run_numpy,
             "jax": my_func_run_jax},
    reference=lambda: list(bench_training.my_func_with_gradients(bench_training.A0, bench_training.B0)),
    check_rtol=1e-2,
    target_seconds=40e-6,
)

WORKLOADS = [HAND_GD, AUTODIFF_GD, MY_FUNC_RUN]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
