"""tf.Print and tf.print: TF1's output format, printed on every run (never folded), to Python's
sys.stderr / sys.stdout (so pytest and Jupyter capture it), gradient through input_ only."""
import sys

import numpy as np
import pytest

import jupyter_flow as tf


def test_print_returns_its_input_and_prints_message_and_data(capsys):
    x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])
    m = tf.constant([[1, 2], [3, 4]])
    shown = tf.Print(x, [x, m, tf.constant(7)], "vals: ")
    with tf.Session() as sess:
        value = sess.run(shown * 2)
    np.testing.assert_array_equal(value, [2, 4, 6, 8, 10])
    captured = capsys.readouterr()
    assert captured.err == "vals: [1 2 3...][[1 2][3...]...][7]\n"   # TF1's summarize=3 layout
    assert captured.out == ""


def test_print_summarize_all_strings_bools_and_empty_tensors(capsys):
    x = tf.constant(1.0)
    ops = [tf.Print(x, [tf.constant([[1, 2], [3, 4]]), tf.range(5)], summarize=-1),
           tf.Print(x, [tf.constant(["a b", 'q"']), tf.constant(True), tf.constant(1 / 3)], "misc "),
           tf.Print(x, [tf.zeros([0]), tf.ones([2, 3, 2])], "e ", summarize=4)]
    with tf.Session() as sess:
        for op in ops:
            sess.run(op)
    assert capsys.readouterr().err.splitlines() == [
        "[[1 2][3 4]][0 1 2 3 4]", 'misc [a b q\\"][1][0.333333343]', "e [][[[1 1][1 1]]...]"]


def test_print_runs_every_time_even_on_constants(capsys):
    # Constant subgraphs are folded and cached; Print is stateful, so it prints at each run.
    shown = tf.Print(tf.constant(3.0), [tf.constant(3.0)], "again ") + 1.0
    with tf.Session() as sess:
        assert [sess.run(shown) for _ in range(3)] == [4.0, 4.0, 4.0]
    assert capsys.readouterr().err == "again [3]\n" * 3


def test_print_first_n_counts_per_session_across_fetch_signatures(capsys):
    x = tf.placeholder(tf.float32, ())
    shown = tf.Print(x, [x], "x=", first_n=2)
    other = shown * 10
    with tf.Session() as sess:
        sess.run(shown, {x: 1.0})
        sess.run(other, {x: 2.0})           # another plan, same node: the count goes on
        sess.run([shown, other], {x: 3.0})
    with tf.Session() as sess:              # a new session counts from zero
        sess.run(shown, {x: 4.0})
    assert capsys.readouterr().err == "x=[1]\nx=[2]\nx=[4]\n"


def test_print_gradient_flows_to_input_only(capsys):
    x = tf.Variable([1.0, 2.0], name="x")
    y = tf.Print(x * x, [x], "x is ")
    grad = tf.gradients(tf.reduce_sum(y), x)[0]
    with tf.Session() as sess:
        sess.run(x.initializer)
        np.testing.assert_allclose(sess.run(grad), [2.0, 4.0])
    assert tf.Print(x, [x]).op.type == "Print"


def test_print_rejects_data_that_is_not_a_list():
    x = tf.constant(1.0, name="loss")
    with pytest.raises(TypeError, match=r"list of tensors.*\[loss\]"):
        tf.Print(x, x)


def test_tf_print_is_an_op_that_prints_when_run(capsys):
    x = tf.constant([1.0, 2.5])
    step = tf.constant(7)
    print_op = tf.print("step", step, "x", x, {"step": step})
    assert isinstance(print_op, tf.Operation) and print_op.type == "PrintV2" and not print_op.outputs
    assert capsys.readouterr().err == ""            # building prints nothing
    with tf.Session() as sess:
        sess.run(print_op)
    assert capsys.readouterr().err == "step 7 x [1 2.5] {'step': 7}\n"


def test_tf_print_layout_summarize_sep_end_and_stdout(capsys):
    ops = [tf.print(tf.range(10), output_stream=sys.stdout),
           tf.print(tf.ones([2, 2]), "x", sep="|", end="!\n", output_stream=sys.stdout),
           tf.print(tf.constant(["ab", "c"]), tf.constant(1 / 3, tf.float64), summarize=-1, output_stream=sys.stdout),
           tf.print("a{}b", tf.constant(1), output_stream=sys.stdout)]
    with tf.Session() as sess:
        for op in ops:
            sess.run(op)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == ('[0 1 2 ... 7 8 9]\n'
                            '[[1 1]\n [1 1]]|x!\n'
                            '["ab" "c"] 0.33333333333333331\n'
                            'a{}b 1\n')


def test_tf_print_runs_as_a_control_dependency(capsys):
    x = tf.placeholder(tf.float32, (), name="x")
    with tf.control_dependencies([tf.print("fed", x)]):
        y = tf.identity(x * 2)
    with tf.Session() as sess:
        assert sess.run(y, {x: 1.5}) == 3.0
    assert capsys.readouterr().err == "fed 1.5\n"


def test_tf_print_rejects_other_streams():
    with pytest.raises(ValueError, match="output_stream must be sys.stderr or sys.stdout"):
        tf.print("x", output_stream="file:///tmp/log.txt")


def test_print_reaches_the_process_stderr_file_descriptor(capfd):
    # Under capfd, sys.stderr writes to file descriptor 2: what a terminal running a script sees.
    with tf.Session() as sess:
        sess.run(tf.print("to fd 2"))
        sess.run(tf.Print(tf.constant(1), [tf.constant(2)], "also "))
    assert capfd.readouterr().err == "to fd 2\nalso [2]\n"
