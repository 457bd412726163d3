"""tf.strings: split, join, length, upper/lower, strip, substr, to_number, regex_replace, regex_full_match,
reduce_join, to_hash_bucket_fast, as_string."""
from .ops.parsing_ops import strings_split as split
from .ops.string_hash_ops import as_string, string_to_hash_bucket_fast as to_hash_bucket_fast
from .ops.string_ops import (lower, reduce_join, regex_full_match, regex_replace, string_join as join,
                             string_length as length, string_strip as strip, string_to_number as to_number, substr,
                             upper)

__all__ = ["as_string", "join", "length", "lower", "reduce_join", "regex_full_match", "regex_replace", "split",
           "strip", "substr", "to_hash_bucket_fast", "to_number", "upper"]
