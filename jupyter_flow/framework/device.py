"""tf.device: accepted so TF1 programs run unchanged; one machine, one CPU, nothing to place."""
import contextlib
import logging

_logged = []


@contextlib.contextmanager
def device(device_name_or_function):
    """A placement scope; jupyter_flow runs every op on this machine's CPU, so it changes nothing.

    >>> with tf.device("/cpu:0"): x = tf.constant(1.0)
    """
    if not _logged and device_name_or_function:
        _logged.append(True)
        logging.getLogger("jupyter_flow").info("tf.device(%r) ignored: jupyter_flow places every op on this "
                                               "machine's CPU", device_name_or_function)
    yield
