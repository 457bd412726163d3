"""Where Keras keeps downloaded datasets ($KERAS_HOME/datasets, else ~/.keras/datasets), and the
error that says which file to put there when it is missing (jupyter_flow never downloads)."""
import gzip
import os

import numpy as np


def datasets_dir():
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return os.path.join(home, "datasets")


def missing_file_error(loader, path, url):
    return FileNotFoundError(
        f"{loader}: the dataset file {path} is not there, and jupyter_flow never downloads. Download it once "
        f"from {url} and put it at {path} (or set KERAS_HOME to the folder holding datasets/); to work offline, "
        f"sklearn.datasets.load_digits() gives 8x8 digits with no download.")


def read_idx(path, offset):
    """The bytes of a gzipped IDX file after its header (8 bytes for labels, 16 for images)."""
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)
