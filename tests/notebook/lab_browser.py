"""What the browser tests share: Debian's Chromium and how it is launched, where screenshots go,
how long a page may take, whether the labextension is installed, and a notebook file's JSON.

The `browser` and `page` fixtures built on these live in conftest.py. Never downloads a browser.
"""
import pathlib

from jupyter_core.paths import jupyter_path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
# Browser-side waits (ms): generous because a cold JupyterLab on 2 cores is slow.
PAGE_TIMEOUT_MS = 120_000
SETUP_CELL = "import jupyter_flow as tf\n%load_ext jupyter_flow\n"


def extension_installed():
    return any((pathlib.Path(d) / "jupyter-flow" / "package.json").is_file() for d in jupyter_path("labextensions"))


def notebook_json(source, outputs=(), setup=None):
    """A one-cell notebook (cell id 'graph-cell'), after an optional setup cell, as a dict for json.dumps."""
    cells = [{"cell_type": "code", "execution_count": None, "id": "graph-cell", "metadata": {},
              "outputs": list(outputs), "source": source}]
    if setup is not None:
        cells.insert(0, {"cell_type": "code", "execution_count": None, "id": "setup-cell", "metadata": {},
                         "outputs": [], "source": setup})
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
