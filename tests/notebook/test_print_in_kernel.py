"""tf.Print / tf.print in a real Jupyter kernel: the text is a stream output of the cell that
ran the session (TF1's went to the terminal running the kernel, where a learner never looks)."""
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook


def _streams(cell):
    return [(o.name, o.text) for o in cell.outputs if o.output_type == "stream"]


def test_print_output_appears_under_the_cell_that_ran_it():
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nb.cells = [
        new_code_cell("import sys\nimport jupyter_flow as tf\n"
                      "x = tf.placeholder(tf.float32, (3,), name='x')\n"
                      "y = tf.Print(x * 2, [x], 'x = ')\n"
                      "show = tf.print('sum:', tf.reduce_sum(x), output_stream=sys.stdout)"),
        new_code_cell("with tf.Session() as sess:\n"
                      "    value = sess.run(y, {x: [1, 2, 3]})\n"
                      "    sess.run(show, {x: [1, 2, 3]})\n"
                      "print(value)"),
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert _streams(nb.cells[0]) == []
    streams = _streams(nb.cells[1])
    stderr = "".join(text for name, text in streams if name == "stderr")
    stdout = "".join(text for name, text in streams if name == "stdout")
    assert stderr == "x = [1 2 3]\n"
    assert stdout == "sum: 6\n[2. 4. 6.]\n"
