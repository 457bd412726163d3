"""tf.strings (the parts input pipelines use)."""
from .ops.parsing_ops import strings_split as split

__all__ = ["split"]
