"""Runs the JupyterLab extension's own unit tests (layout, scopes, series, collapse logic;
vitest) so the README's one test command covers the front end too."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

LABEXT = pathlib.Path(__file__).resolve().parents[2] / "labextension"


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed (needed for the front-end tests)")
def test_labextension_unit_tests_pass(tmp_path):
    if not (LABEXT / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=LABEXT, check=True,
                       capture_output=True, timeout=600)
    # The gallery of real graphs, built now by this checkout's Python (the structure is Python's;
    # the front-end tests check they draw what the Python side computed).
    gallery = tmp_path / "gallery"
    subprocess.run([sys.executable, str(pathlib.Path(__file__).parent / "graph_gallery.py"), str(gallery)],
                   check=True, timeout=300)
    # NO_COLOR: under CI=true vitest colours its report, and escape codes would split the lines checked below.
    env = {**{k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}, "JF_GALLERY_DIR": str(gallery), "NO_COLOR": "1"}
    result = subprocess.run(["npm", "test"], cwd=LABEXT, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "passed" in result.stdout
    assert "gallery.test.ts (8 tests)" in result.stdout and "skipped" not in result.stdout, result.stdout[-4000:]


def test_installed_package_registers_the_prebuilt_extension():
    # `pip install .` puts the prebuilt extension in share/jupyter/labextensions: users never run npm.
    import sys
    result = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True,
                            text=True, timeout=120)
    listing = result.stdout + result.stderr
    line = next((ln for ln in listing.splitlines() if "jupyter-flow" in ln), "")
    assert "enabled" in line and "OK" in line, listing
