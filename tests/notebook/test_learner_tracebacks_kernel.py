"""On a real ipykernel (nbclient, cell ids as JupyterLab sends them): the common errors and the
stale-node error show tracebacks whose frames are only the learner's cells."""
import re

from test_kernel_e2e import SETUP, Notebook
from test_learner_tracebacks import COMMON_ERRORS

from jupyter_flow.notebook.tracebacks import PACKAGE_DIR

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STALE = ["%%graph --no-show\nx = tf.constant(3.0, name='x')",
         "%%graph --no-show\ny = tf.square(x, name='y')",
         "loss = y.eval()"]
RESHAPED_PRODUCER = "%%graph --no-show\nx = tf.constant([1.0, 2.0], name='x')"


def _traceback(nb, index):
    errors = [o for o in nb.nb.cells[index].outputs if o.output_type == "error"]
    assert errors, nb.nb.cells[index].outputs
    return errors[0].ename, errors[0].evalue, ANSI.sub("", "\n".join(errors[0].traceback))


def _frames(text):
    return re.findall(r"^(?:File (\S+?):\d+|Cell (In ?\[\d+\]), line \d+)", text, re.M)


def test_kernel_tracebacks_show_only_the_learners_cells():
    names = sorted(COMMON_ERRORS)
    fresh = "tf.reset_default_graph()\n"  # each case in an empty graph, so the names are as written
    sources = ([SETUP] + [fresh + COMMON_ERRORS[n][0] for n in names] + STALE
               + ["%xmode Verbose", COMMON_ERRORS["matmul"][0]])
    with Notebook(*sources) as nb:
        producer = 1 + len(names)
        for i in range(len(sources)):
            nb.run(i)
            if i == producer + 2:  # the producer re-run with another shape: y is stale now
                nb.run(producer, RESHAPED_PRODUCER)
                nb.run(i)
        for i, name in enumerate(names, 1):
            _, ename, message = COMMON_ERRORS[name]
            got_name, evalue, text = _traceback(nb, i)
            assert got_name == ename and message in evalue
            frames = _frames(text)
            assert frames and all(cell for _, cell in frames), text  # cells only, no library file
            assert PACKAGE_DIR not in text
        stale = 1 + len(names) + len(STALE) - 1
        ename, evalue, text = _traceback(nb, stale)
        assert ename == "FailedPreconditionError" and "is stale" in evalue
        assert "During handling of the above exception" not in text and "KeyError" not in text
        frames = _frames(text)
        assert frames and all(cell for _, cell in frames), text
        assert "loss = y.eval()" in text
        # %xmode Verbose: our frames are shown again, for whoever debugs jupyter_flow.
        _, _, verbose = _traceback(nb, len(sources) - 1)
        assert PACKAGE_DIR in verbose
