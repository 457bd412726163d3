"""Our event files served by a real `tensorboard` process, read back through its HTTP API."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import numpy as np
import pytest

from jupyter_flow.summary import FileWriter
from jupyter_flow.summary.summary_proto import histogram, scalar, text

STARTUP_LIMIT_SECONDS = 120


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def data_server_available():
    try:
        import tensorboard_data_server

        return tensorboard_data_server.server_binary() is not None
    except ImportError:
        return False


class TensorBoardProcess:
    def __init__(self, logdir, load_fast, log_path):
        self.port = free_port()
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir), "--host", "127.0.0.1",
             "--port", str(self.port), f"--load_fast={load_fast}", "--reload_interval", "1"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )

    def get(self, path, **params):
        url = f"http://127.0.0.1:{self.port}{path}?{urllib.parse.urlencode(params)}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()

    def wait_for(self, path, is_ready, **params):
        """Poll ``path`` until ``is_ready(body)``; the server loads event files in the background."""
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"tensorboard exited with code {self.process.returncode}; see {self.log.name}")
            try:
                last = self.get(path, **params)
                if is_ready(last):
                    return last
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.25)
        raise AssertionError(f"{path} not ready after {STARTUP_LIMIT_SECONDS}s; last answer {last!r:.300}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        self.log.close()


@pytest.fixture(params=["false", "true"], ids=["python-loader", "rust-data-server"])
def load_fast(request):
    if request.param == "true" and not data_server_available():
        pytest.skip("tensorboard-data-server has no binary for this platform")
    return request.param


def test_tensorboard_server_serves_our_scalar_series(tmp_path, load_fast, linear_regression_graph):
    logdir = tmp_path / "tf_logs"
    steps = list(range(0, 200, 10))
    with FileWriter(logdir / "run-1", linear_regression_graph) as writer:
        for step in steps:
            writer.add_summary(scalar("MSE", 10.0 / (step + 1)), step)
        writer.add_summary(histogram("theta", np.arange(6.0)), 0)
        writer.add_summary(text("notes", "learning rate **0.01**"), 0)
        written = [(e_step, float(np.float32(10.0 / (e_step + 1)))) for e_step in steps]

    server = TensorBoardProcess(logdir, load_fast, tmp_path / "tensorboard.log")
    try:
        body = server.wait_for(
            "/data/plugin/scalars/scalars",
            lambda body: len(json.loads(body)) == len(steps),
            run="run-1", tag="MSE",
        )
        series = json.loads(body)  # [[wall_time, step, value], ...]
        assert [(step, value) for _, step, value in series] == written
        assert all(wall_time > 1.5e9 for wall_time, _, _ in series)

        tags = json.loads(server.get("/data/plugin/scalars/tags"))
        assert list(tags["run-1"]) == ["MSE"]

        graph_text = server.wait_for("/data/plugin/graphs/graph", lambda body: b"loss/mse" in body, run="run-1")
        assert b'name: "loss/sub"' in graph_text and b'input: "^theta/Assign"' in graph_text

        histograms = json.loads(server.wait_for(
            "/data/plugin/histograms/histograms", lambda body: body != b"[]", run="run-1", tag="theta"))
        (_, step, buckets), = histograms
        assert step == 0 and sum(count for _, _, count in buckets) == pytest.approx(6.0)

        notes = json.loads(server.wait_for("/data/plugin/text/text", lambda body: body != b"[]",
                                           run="run-1", tag="notes"))
        assert "<strong>0.01</strong>" in notes[0]["text"]
    finally:
        server.stop()
