"""A real JupyterLab server on 127.0.0.1 for browser tests: free port, random token,
its own root directory, stopped and waited for when the test ends.

    with running_jupyterlab(tmp_path) as lab:
        page.goto(lab.url("lab/tree/graph.ipynb"))
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

# Starting JupyterLab can take a while on a busy 2-core machine; this bounds the wait.
STARTUP_TIMEOUT_S = 120


@dataclass
class LabServer:
    port: int
    token: str

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(server, process, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"jupyter lab did not answer within {STARTUP_TIMEOUT_S}s; see {log_path}")


@contextlib.contextmanager
def running_jupyterlab(root_dir, log_path):
    server = LabServer(port=free_port(), token=secrets.token_hex(16))
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={server.port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={server.token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.user_settings_dir={root_dir / '.lab-settings'}",
        f"--LabApp.workspaces_dir={root_dir / '.lab-workspaces'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(root_dir / ".jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(root_dir / ".jupyter-runtime"),
    )
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=root_dir, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            _wait_until_up(server, process, log_path)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
