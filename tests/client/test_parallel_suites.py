"""The op and training suites pass with every plan on the parallel executor
(JUPYTER_FLOW_INTER_OP=force), in a subprocess since the mode is read when the engine loads."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("suite", ["tests/ops", "tests/train"])
def test_suite_passes_with_every_plan_run_by_the_parallel_executor(suite):
    env = dict(os.environ, JUPYTER_FLOW_INTER_OP="force")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", suite],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
