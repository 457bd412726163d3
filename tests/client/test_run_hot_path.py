"""Session.run crosses into C++ once: Python does no per-node work, and kernels run without the GIL."""
import sys
import threading

import jupyter_flow as tf


def python_calls_during(fn):
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def chain(n):
    x = tf.placeholder(tf.float32, shape=[3], name="x")
    y = x
    for _ in range(n):
        y = y * 1.0001 + 0.5
    return x, y


def test_python_calls_per_run_do_not_grow_with_graph_size():
    x_small, y_small = chain(10)
    x_big, y_big = chain(2000)
    with tf.Session() as sess:
        for x, y in ((x_small, y_small), (x_big, y_big)):
            sess.run(y, {x: [1.0, 2.0, 3.0]})  # builds and caches the plan
        small = python_calls_during(lambda: sess.run(y_small, {x_small: [1.0, 2.0, 3.0]}))
        big = python_calls_during(lambda: sess.run(y_big, {x_big: [1.0, 2.0, 3.0]}))
    assert big == small
    assert small < 10


def test_kernels_run_without_holding_the_gil():
    a = tf.Variable(tf.ones([300, 300]) * 0.001, name="a")
    y = a
    for _ in range(1500):
        y = tf.matmul(y, a)
    with tf.Session() as sess:
        sess.run(a.initializer)
        done = threading.Event()
        runner = threading.Thread(target=lambda: (sess.run(y), done.set()))
        ticks = 0
        runner.start()
        while not done.is_set():  # this thread only gets to run if the engine released the GIL
            ticks += 1
        runner.join()
    assert ticks > 1000
