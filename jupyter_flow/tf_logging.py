"""tf.logging: TF1's logging calls, on Python's `tensorflow` logger (where the estimators report
their loss, steps per second and checkpoints).

>>> tf.logging.set_verbosity(tf.logging.INFO)
>>> tf.logging.info("epoch %d", 3)
"""
import logging as _logging

DEBUG, INFO, WARN, ERROR, FATAL = _logging.DEBUG, _logging.INFO, _logging.WARN, _logging.ERROR, _logging.FATAL
_logger = _logging.getLogger("tensorflow")


def _handler_installed():
    # TF1 printed to stderr once a verbosity was set; do it without doubling an existing handler
    if not _logger.handlers:
        handler = _logging.StreamHandler()
        handler.setFormatter(_logging.Formatter("%(levelname)s:tensorflow:%(message)s"))
        _logger.addHandler(handler)


def set_verbosity(v):
    """Show messages at level v (tf.logging.INFO, WARN ...) and above."""
    _handler_installed()
    _logger.setLevel(v)


def get_verbosity():
    return _logger.getEffectiveLevel()


def debug(msg, *args, **kwargs):
    _logger.debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    _logger.info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    _logger.warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    _logger.error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    _logger.fatal(msg, *args, **kwargs)


def log(level, msg, *args, **kwargs):
    _logger.log(level, msg, *args, **kwargs)
