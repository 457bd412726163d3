"""tf.io.gfile: TF 2's lower-case names for the file API of jupyter_flow/gfile.py.

>>> with tf.io.gfile.GFile(path, "rb") as f: data = f.read()
"""
from os.path import join  # noqa: F401 - tf.io.gfile.join

from ..gfile import (GFile, copy, exists, glob, isdir, listdir, makedirs, mkdir, remove, rename,  # noqa: F401
                     rmtree, stat, walk)
